"""The merge stage: the facilitator builds the draft charter from what the room said."""

from flask import Blueprint

bp = Blueprint("draft", __name__)

from . import views  # noqa: E402,F401
