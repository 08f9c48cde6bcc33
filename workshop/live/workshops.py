"""Creating a workshop and moving the room through it."""

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from ..auth.accounts import find_facilitator
from ..errors import DomainError
from ..models import (
    DEFAULT_MIN_GROUP_SIZE,
    STAGES,
    Board,
    Charter,
    CoFacilitator,
    Draft,
    Facilitator,
    Participant,
    Review,
    Workshop,
    utcnow,
)
from ..text import clean_text
from .breakdowns import checked_min_group_size

# No look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
JOIN_CODE_LENGTH = 6
# Said on every screen still showing a workshop when it is deleted.
WORKSHOP_DELETED = "The facilitator has deleted this workshop and everything in it. Nothing more can be sent or shown."


def new_join_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def normalise_join_code(typed: str) -> str:
    """What a person typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())[: JOIN_CODE_LENGTH * 2]


def create_workshop(
    session: Session,
    owner: Facilitator,
    *,
    title: str,
    charter_slugs: list[str],
    area: str = "",
    held_on: date | None = None,
    ask_groups: bool = True,
    results_hidden: bool = True,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Workshop:
    title = clean_text(title, 200, single_line=True)
    if not title:
        raise DomainError("invalid_title", "Enter a title for the workshop.")
    min_group_size = checked_min_group_size(min_group_size)
    slugs = list(dict.fromkeys(charter_slugs or []))
    if not slugs:
        raise DomainError("no_charters", "Choose at least one charter for the room to review.")
    # Every charter's slug is stored cleaned, so one that cleaning changes (a NUL, say, which PostgreSQL
    # cannot even compare) names no charter and is not looked for.
    if any(clean_text(slug, 80, single_line=True) != slug for slug in slugs):
        raise DomainError("unknown_charter", "That is not a charter in the library. Choose one from the list.")
    charters = {c.slug: c for c in session.scalars(select(Charter).where(Charter.slug.in_(slugs)))}
    unknown = [slug for slug in slugs if slug not in charters]
    if unknown:
        raise DomainError("unknown_charter", f"There is no charter called {', '.join(unknown)} in the library.")
    workshop = Workshop(
        title=title,
        area=clean_text(area, 120, single_line=True),
        held_on=held_on,
        code=new_join_code(session),
        projector_key=secrets.token_urlsafe(32),
        stage="lobby",
        ask_groups=ask_groups,
        results_revealed=not results_hidden,
        min_group_size=min_group_size,
        owner_id=owner.id,
    )
    workshop.boards = [Board(charter=charters[slug], position=i) for i, slug in enumerate(slugs)]
    session.add(workshop)
    session.flush()
    return workshop


def get_workshop(session: Session, workshop_id: int) -> Workshop | None:
    return session.get(Workshop, workshop_id, options=[selectinload(Workshop.boards)])


def workshop_by_code(session: Session, code: str) -> Workshop | None:
    return session.scalar(select(Workshop).where(Workshop.code == normalise_join_code(code)))


def facilitated_by(facilitator: Facilitator):
    """The condition on a query of workshops: those this facilitator owns or has had shared with them."""
    shared = select(CoFacilitator.workshop_id).where(CoFacilitator.facilitator_id == facilitator.id)
    return (Workshop.owner_id == facilitator.id) | Workshop.id.in_(shared)


def workshops_for(session: Session, facilitator: Facilitator) -> list[Workshop]:
    return list(
        session.scalars(select(Workshop).where(facilitated_by(facilitator)).order_by(Workshop.created_at.desc()))
    )


def is_facilitator_of(session: Session, workshop: Workshop, facilitator: Facilitator | None) -> bool:
    if facilitator is None or not getattr(facilitator, "is_authenticated", False):
        return False
    if workshop.owner_id == facilitator.id:
        return True
    return (
        session.scalar(
            select(CoFacilitator.id).where(
                CoFacilitator.workshop_id == workshop.id, CoFacilitator.facilitator_id == facilitator.id
            )
        )
        is not None
    )


def set_stage(workshop: Workshop, stage: str) -> None:
    if stage not in STAGES:
        raise DomainError("invalid_stage", f"The stage must be one of: {', '.join(STAGES)}.")
    if stage != workshop.stage:
        # Names are kept for a set time after the room closes (retention.py); opened again, the clock stops.
        workshop.closed_at = utcnow() if stage == "closed" else None
    workshop.stage = stage
    if stage == "review" and not any(board.is_open for board in workshop.boards):
        open_board(workshop, workshop.boards[0].id)


def open_board(workshop: Workshop, board_id: int | None) -> None:
    """Open one board (closing the others), or every board when board_id is None."""
    if board_id is not None and board_id not in {board.id for board in workshop.boards}:
        raise DomainError("unknown_board", "That board is not part of this workshop.")
    for board in workshop.boards:
        board.is_open = board_id is None or board.id == board_id
    workshop.current_board_id = board_id


def set_tagging_locked(workshop: Workshop, locked: bool) -> None:
    workshop.tagging_locked = locked


def set_results_revealed(workshop: Workshop, revealed: bool) -> None:
    workshop.results_revealed = revealed


def set_min_group_size(workshop: Workshop, value) -> None:
    workshop.min_group_size = checked_min_group_size(value)


def share_workshop(session: Session, workshop: Workshop, email: str) -> Facilitator:
    facilitator = find_facilitator(session, email)
    if facilitator is None:
        raise DomainError(
            "unknown_facilitator",
            "There is no facilitator account with that email address. Ask them to be given an account first.",
        )
    if not is_facilitator_of(session, workshop, facilitator):
        session.add(CoFacilitator(workshop_id=workshop.id, facilitator_id=facilitator.id))
        session.flush()
    return facilitator


@dataclass(frozen=True)
class DeletedWorkshop:
    """What is left of a deleted workshop: enough to tell the screens that were showing it."""

    id: int
    title: str
    participant_ids: tuple[int, ...]
    # The reviews of its adopted charter, whose screens are told too.
    review_ids: tuple[int, ...] = ()


def delete_workshop(session: Session, workshop: Workshop) -> DeletedWorkshop:
    """Delete the workshop and everything in it; the charters it reviewed stay in the library.

    One statement: every table that refers to a workshop, or to what is in one, does so
    with ON DELETE CASCADE (models.py), so the database removes the rest, down to the
    draft's edits, in the same transaction.
    """
    participant_ids = tuple(session.scalars(select(Participant.id).where(Participant.workshop_id == workshop.id)))
    reviews = select(Review.id).join(Draft, Draft.id == Review.draft_id).where(Draft.workshop_id == workshop.id)
    review_ids = tuple(session.scalars(reviews))
    deleted = DeletedWorkshop(workshop.id, workshop.title, participant_ids, review_ids)
    session.execute(delete(Workshop).where(Workshop.id == workshop.id))
    return deleted
