"""'Did we ...?' reviews of the adopted charter: asked of partners, parent carers and young people over time."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)

from . import views  # noqa: E402,F401
