"""Hiding an unsuitable comment, rewording, note or card (What's missing or priorities), and restoring it."""

from sqlalchemy.orm import Session

from ..errors import DomainError
from ..models import Board, BoardNote, Comment, MissingCard, Outcome, PriorityCard, Rewording, Workshop

HIDEABLE = {
    "comment": Comment,
    "rewording": Rewording,
    "note": BoardNote,
    "card": MissingCard,
    "priority_card": PriorityCard,
}


def set_hidden(session: Session, workshop: Workshop, kind: str, item_id: int, hidden: bool):
    model = HIDEABLE.get(kind)
    item = session.get(model, item_id) if model is not None and isinstance(item_id, int) else None
    if item is None or _workshop_id_of(session, item) != workshop.id:
        raise DomainError("unknown_item", "That is not part of this workshop.")
    item.hidden = hidden
    return item


def _workshop_id_of(session: Session, item) -> int:
    if isinstance(item, MissingCard):
        return item.workshop_id
    if isinstance(item, PriorityCard):
        return session.get(Outcome, item.outcome_id).workshop_id
    return session.get(Board, item.board_id).workshop_id
