"""People in the room: joining with a code, and being known again by their token."""

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..models import GROUPS, Participant, Workshop
from ..text import clean_text

DISPLAY_NAME_MAX = 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join_workshop(
    session: Session, workshop: Workshop, *, display_name: str = "", group: str = ""
) -> tuple[Participant, str]:
    """A new participant and the token their phone keeps; only the token's hash is stored."""
    if workshop.stage == "closed":
        raise DomainError("workshop_closed", "This workshop has finished. Ask the facilitator for a new code.")
    group = group or None
    if group is not None and (group not in GROUPS or not workshop.ask_groups):
        raise DomainError("invalid_group", "Choose one of the groups listed, or leave it blank.")
    token = secrets.token_urlsafe(32)
    # A room joining at once takes turns for the next number: on PostgreSQL this locks the
    # workshop's row until the join is committed (SQLite ignores it, having one writer at a time).
    session.execute(select(Workshop.id).where(Workshop.id == workshop.id).with_for_update(key_share=True))
    for _attempt in range(5):
        number = (
            session.scalar(select(func.max(Participant.number)).where(Participant.workshop_id == workshop.id)) or 0
        ) + 1
        participant = Participant(
            workshop_id=workshop.id,
            token_hash=token_hash(token),
            number=number,
            display_name=clean_text(display_name, DISPLAY_NAME_MAX, single_line=True) or None,
            group_name=group,
        )
        try:
            with session.begin_nested():
                session.add(participant)
            return participant, token
        except IntegrityError:
            # Someone else joined at the same moment and took the number: take the next.
            continue
    raise DomainError("busy", "Too many people are joining at once. Try again in a moment.")


def participant_for_token(session: Session, workshop_id: int, token: str | None) -> Participant | None:
    if not token:
        return None
    participant = session.scalar(select(Participant).where(Participant.token_hash == token_hash(token)))
    if participant is None or participant.workshop_id != workshop_id or participant.removed:
        return None
    return participant


def remove_participant(session: Session, workshop: Workshop, participant_id: int | None) -> Participant:
    participant = session.get(Participant, participant_id) if participant_id is not None else None
    if participant is None or participant.workshop_id != workshop.id:
        raise DomainError("unknown_participant", "That person is not in this workshop.")
    participant.removed = True
    return participant


def joined_count(session: Session, workshop_id: int) -> int:
    return session.scalar(
        select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id, Participant.removed.is_(False))
    )
