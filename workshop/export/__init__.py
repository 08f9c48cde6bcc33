"""Taking a workshop away: the draft as a Word document, the tags as CSV, the whole workshop as JSON."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Draft, DraftStatement, DraftTheme


def load_draft(session: Session, workshop_id: int) -> Draft | None:
    """The workshop's draft with its themes, statements (placed and parked) and their edits, in a few queries."""
    return session.scalar(
        select(Draft)
        .where(Draft.workshop_id == workshop_id)
        .options(
            selectinload(Draft.themes).selectinload(DraftTheme.statements).selectinload(DraftStatement.edits),
            selectinload(Draft.parked).selectinload(DraftStatement.edits),
        )
    )


def iso_time(value: datetime | None) -> str | None:
    """A stored time in ISO 8601, in UTC. SQLite hands times back without their zone; they were stored in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()
