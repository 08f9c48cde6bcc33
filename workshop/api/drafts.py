from flask import jsonify

from ..auth.permissions import facilitator_required
from ..draft.drafting import draft_snapshot, get_draft
from ..errors import ApiError
from ..extensions import db
from . import bp
from .workshops import _facilitated


@bp.get("/workshops/<int:workshop_id>/draft")
@facilitator_required
def draft(workshop_id):
    """The draft as the facilitator sees it: themes, statements with provenance and history, and parked ones."""
    workshop = _facilitated(workshop_id)
    found = get_draft(db.session, workshop)
    if found is None:
        raise ApiError(404, "no_draft", f"This workshop has no draft yet. Start one at /workshops/{workshop.id}/draft.")
    return jsonify(draft_snapshot(db.session, found, for_facilitator=True))
