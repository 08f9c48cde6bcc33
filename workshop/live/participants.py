"""People in the room: joining with a code, and being known again by their token."""

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..models import (
    GROUPS,
    Action,
    Draft,
    DraftStatement,
    DraftStatementEdit,
    MissingCard,
    Participant,
    PriorityCard,
    Rewording,
    Workshop,
)
from ..text import clean_text

DISPLAY_NAME_MAX = 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join_workshop(
    session: Session,
    workshop: Workshop,
    *,
    display_name: str = "",
    group: str = "",
    token: str | None = None,
    supported: bool = False,
) -> tuple[Participant, str]:
    """A new participant and the token their phone keeps; only the token's hash is stored.

    A `token` chosen by the caller makes joining idempotent: the same join sent again,
    because its answer was lost on the way, finds the person it made the first time.
    """
    if token is not None:
        already = session.scalar(select(Participant).where(Participant.token_hash == token_hash(token)))
        if already is not None and already.workshop_id == workshop.id:
            if already.removed:
                raise DomainError("removed", "The facilitator has removed you from this workshop.", 403)
            return already, token
    if workshop.stage == "closed":
        raise DomainError("workshop_closed", "This workshop has finished. Ask the facilitator for a new code.")
    group = group or None
    if group is not None and (group not in GROUPS or not workshop.ask_groups):
        raise DomainError("invalid_group", "Choose one of the groups listed, or leave it blank.")
    checked_supported(supported)
    token = token or secrets.token_urlsafe(32)
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
            supported=supported,
        )
        try:
            with session.begin_nested():
                session.add(participant)
            return participant, token
        except IntegrityError:
            # Someone else joined at the same moment and took the number: take the next.
            continue
    raise DomainError("busy", "Too many people are joining at once. Try again in a moment.")


def checked_supported(value) -> bool:
    """Whether a supporter is helping: true or false, nothing else."""
    if not isinstance(value, bool):
        raise DomainError("invalid_supported", "Say whether you are helping someone to take part: yes or no.")
    return value


def set_supported(participant: Participant, supported: bool) -> None:
    """A supporter starts, or stops, using this phone with the person it counts for (their tags stay theirs)."""
    participant.supported = checked_supported(supported)


def supported_count(session: Session, workshop_id: int) -> int:
    """How many people in the room (not removed) took part with a supporter."""
    return session.scalar(
        select(func.count()).where(
            Participant.workshop_id == workshop_id, Participant.supported.is_(True), Participant.removed.is_(False)
        )
    )


def participant_for_token(session: Session, workshop_id: int, token: str | None) -> Participant | None:
    if not token:
        return None
    participant = session.scalar(select(Participant).where(Participant.token_hash == token_hash(token)))
    if participant is None or participant.workshop_id != workshop_id or participant.removed:
        return None
    return participant


def _participant_in(session: Session, workshop: Workshop, participant_id: int | None) -> Participant:
    participant = session.get(Participant, participant_id) if participant_id is not None else None
    if participant is None or participant.workshop_id != workshop.id:
        raise DomainError("unknown_participant", "That person is not in this workshop.")
    return participant


def remove_participant(session: Session, workshop: Workshop, participant_id: int | None) -> Participant:
    """Take someone out of the room: what they tagged and supported no longer counts; their words stay."""
    participant = _participant_in(session, workshop, participant_id)
    participant.removed = True
    return participant


@dataclass(frozen=True)
class Erased:
    """Someone erased at their request: who they were in the room, and how many draft statements used their words."""

    participant_id: int
    number: int
    draft_statements: int

    def summary(self) -> str:
        said = f"Participant {self.number} has been removed, and everything they said and did erased."
        if self.draft_statements:
            made = "1 statement" if self.draft_statements == 1 else f"{self.draft_statements} statements"
            said += f" {made} of the draft came from their words: kept as your wording, no longer linked to them."
        return said


def erase_participant(session: Session, workshop: Workshop, participant_id: int | None) -> Erased:
    """Delete someone and everything they said and did, when they ask; the caller commits.

    Their name, group and phone's token go with their row, and with it (ON DELETE
    CASCADE) their tags, suggested wordings, comments and notes, the support they
    gave, and the operations their phone sent, which hold copies of their words.
    Their What's missing cards go too, with everyone's support for them. A draft
    statement the facilitator made from their words stays, as the facilitator's
    wording, but what the draft kept of their words as its provenance (the
    rewording or card as written, and the history of edits that began from it) is
    erased, and nothing links it to them. The draft's last change can no longer be
    undone: what was kept to undo it may hold their words. An action of the action plan
    linked to one of their priority cards stays, no longer linked: the link kept their words.
    """
    participant = _participant_in(session, workshop, participant_id)
    erased_id, number = participant.id, participant.number
    rewordings = select(Rewording.id).where(Rewording.participant_id == erased_id)
    cards = select(MissingCard.id).where(MissingCard.participant_id == erased_id)
    made_from = list(
        session.scalars(
            select(DraftStatement.id).where(
                DraftStatement.chosen_rewording_id.in_(rewordings) | DraftStatement.source_card_id.in_(cards)
            )
        )
    )
    if made_from:
        session.execute(
            update(DraftStatement)
            .where(DraftStatement.chosen_rewording_id.in_(rewordings))
            .values(chosen_rewording_id=None, chosen_rewording_text=None)
        )
        session.execute(
            update(DraftStatement)
            .where(DraftStatement.source_card_id.in_(cards))
            .values(source_card_id=None, original_text=None)
        )
        session.execute(delete(DraftStatementEdit).where(DraftStatementEdit.draft_statement_id.in_(made_from)))
    session.execute(
        update(Action)
        .where(Action.priority_card_id.in_(select(PriorityCard.id).where(PriorityCard.participant_id == erased_id)))
        .values(priority_card_id=None, linked_kind=None, linked_text=None)
    )
    session.execute(delete(MissingCard).where(MissingCard.participant_id == erased_id))
    session.execute(delete(Participant).where(Participant.id == erased_id))
    # The draft as it was before its last change, kept to undo it, may hold their words too.
    session.execute(update(Draft).where(Draft.workshop_id == workshop.id, Draft.undo.is_not(None)).values(undo=None))
    # What the session held of them and their draft statements is gone from the database.
    session.expire_all()
    return Erased(erased_id, number, len(made_from))


def joined_count(session: Session, workshop_id: int) -> int:
    return session.scalar(
        select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id, Participant.removed.is_(False))
    )
