"""'Did we ...?' reviews of the adopted charter: asked of partners, parent carers and young people over time."""

from flask import Blueprint

from ..live.broadcast import broadcaster
from ..models import utcnow
from .reviewing import review_screens

bp = Blueprint("reviews", __name__)

# The broadcaster (live/, below this area) draws a review's live results with this.
broadcaster.serve_reviews(lambda session, review_id: review_screens(session, review_id, utcnow()))

from . import views  # noqa: E402,F401
