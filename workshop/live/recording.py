"""Where a participant's operation is stored and announced: the Socket.IO handler and the plain form both come here."""

from ..extensions import db
from .broadcast import broadcaster
from .operations import AlreadyApplied, Applied, apply_operation


def record_operation(workshop_id: int, participant_id: int, operation: dict) -> Applied:
    """Apply, commit and announce; a copy stored first by another request answers with that copy's result."""
    try:
        applied = apply_operation(db.session, participant_id, operation)
        db.session.commit()
    except AlreadyApplied as raced:
        db.session.rollback()
        applied = raced.applied
    broadcaster.operation_applied(workshop_id, applied)
    return applied
