"""Taking a workshop away: the draft as a Word document, the tags as CSV, the whole workshop as JSON."""

from datetime import UTC, datetime


def iso_time(value: datetime | None) -> str | None:
    """A stored time in ISO 8601, in UTC. SQLite hands times back without their zone; they were stored in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()
