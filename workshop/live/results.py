"""Counting what the room said: borrow, adapt and ignore per statement, by group, and how many were not sure."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import SKIP, TAG_VALUES, Board, CardSupport, MissingCard, Participant, Tag


def _empty_counts() -> dict:
    return {value: 0 for value in TAG_VALUES}


def no_counts() -> dict:
    """The counts of a statement nobody has tagged or skipped."""
    return {"total": _empty_counts(), "by_group": {}, "skipped": 0}


def board_counts(session: Session, board_id: int) -> dict[int, dict]:
    """Per statement: counts of each tag, in all and by group, and how many skipped it ("not sure").

    A skip is not a tag's opinion, so it is never in `total` or `by_group`.
    Removed participants do not count.
    """
    rows = session.execute(
        select(Tag.statement_id, Tag.value, Participant.group_name, func.count())
        .join(Participant, Participant.id == Tag.participant_id)
        .where(Tag.board_id == board_id, Participant.removed.is_(False))
        .group_by(Tag.statement_id, Tag.value, Participant.group_name)
    )
    counts: dict[int, dict] = {}
    for statement_id, value, group, count in rows:
        entry = counts.setdefault(statement_id, no_counts())
        if value == SKIP:
            entry["skipped"] += count
            continue
        entry["total"][value] += count
        if group:
            entry["by_group"].setdefault(group, _empty_counts())[value] += count
    return counts


def workshop_counts(session: Session, workshop_id: int) -> dict[int, dict[int, dict]]:
    board_ids = session.scalars(select(Board.id).where(Board.workshop_id == workshop_id))
    return {board_id: board_counts(session, board_id) for board_id in board_ids}


def card_support_counts(session: Session, workshop_id: int) -> dict[int, int]:
    rows = session.execute(
        select(CardSupport.card_id, func.count())
        .join(MissingCard, MissingCard.id == CardSupport.card_id)
        .join(Participant, Participant.id == CardSupport.participant_id)
        .where(MissingCard.workshop_id == workshop_id, Participant.removed.is_(False))
        .group_by(CardSupport.card_id)
    )
    return dict(rows.all())
