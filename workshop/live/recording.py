"""Where a participant's operation is stored and announced: the Socket.IO handler and the plain form both come here."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ..database import DriverTransaction
from ..extensions import db
from .broadcast import broadcaster
from .operations import WITHOUT_ORM, AlreadyApplied, Applied, apply_operation


def record_operation(workshop_id: int, participant_id: int, operation: dict) -> Applied:
    """Apply, commit and announce; a copy stored first by another request answers with that copy's result."""
    try:
        with _transaction(operation["kind"]) as session:
            applied = apply_operation(session, participant_id, operation)
    except AlreadyApplied as raced:
        applied = raced.applied
    broadcaster.operation_applied(workshop_id, applied)
    return applied


@contextmanager
def _transaction(kind: str) -> Iterator[Session | DriverTransaction]:
    """Committed if the block ends without an error, rolled back if not."""
    if kind in WITHOUT_ORM:
        # A room's taps, the busiest path of all: an ORM session's bookkeeping would cost as much as the tap.
        with DriverTransaction(db.engine) as transaction:
            yield transaction
            transaction.commit()
        return
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
