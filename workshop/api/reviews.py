"""Reviews of the adopted charter over the API: every review's results and each commitment's trend.

The "You said, we did" report of a review is among the downloads (api/exports.py).
"""

from flask import jsonify

from ..auth.permissions import facilitator_required
from ..draft.drafting import load_draft
from ..errors import Conflict
from ..extensions import db
from ..live.viewers import facilitated_workshop
from ..reviews.reviewing import review_results, trend
from . import bp


def adopted_charter(workshop_id: int):
    """The workshop and its draft, if the draft was adopted as the charter; refused otherwise."""
    workshop = facilitated_workshop(db.session, workshop_id)
    draft = load_draft(db.session, workshop.id)
    if draft is None or draft.adopted_at is None:
        raise Conflict(
            "not_adopted", "This workshop's draft has not been adopted as its charter, so it has no reviews."
        )
    return workshop, draft


@bp.get("/workshops/<int:workshop_id>/reviews")
@facilitator_required
def reviews(workshop_id):
    workshop, draft = adopted_charter(workshop_id)
    minimum = workshop.min_group_size
    results = [review_results(db.session, review, draft, minimum) for review in draft.reviews]
    for result in results:
        for key in ("opened_at", "closes_at", "closed_at"):
            result[key] = result[key].isoformat() if result[key] else None
    return jsonify(adopted_at=draft.adopted_at.isoformat(), reviews=results, trend=trend(db.session, draft, minimum))
