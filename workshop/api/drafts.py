"""The draft over the API."""

from flask import jsonify

from ..auth.permissions import facilitator_required
from ..errors import NotFound
from ..extensions import db
from ..live.snapshots import draft_snapshot, get_draft
from ..live.viewers import facilitated_workshop
from . import bp


@bp.get("/workshops/<int:workshop_id>/draft")
@facilitator_required
def draft(workshop_id):
    """The draft as the facilitator sees it: themes, statements with provenance and history, and parked ones."""
    workshop = facilitated_workshop(db.session, workshop_id)
    found = get_draft(db.session, workshop)
    if found is None:
        raise NotFound("no_draft", f"This workshop has no draft yet. Start one at /workshops/{workshop.id}/draft.")
    return jsonify(draft_snapshot(db.session, found, for_facilitator=True))
