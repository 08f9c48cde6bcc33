"""How long what people gave is kept: the settings' periods, applied by `flask --app workshop retention run`.

- The names people gave and the tokens their phones hold are erased a set time
  (RETENTION_NAMES_DAYS) after their workshop closes. What they said stays, by
  their number in the room, until the workshop is deleted.
- The same time after a "Did we ...?" review closes, the hashes of the tokens
  that let each phone change its answers are erased too: the answers stay, whose
  they were no longer knowable, until the review or its workshop is deleted.
- Workshops created longer ago than RETENTION_WORKSHOPS_DAYS are listed for
  their facilitators to export what the council keeps and delete them: deleting
  is their decision, never the timer's.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, case, cast, func, literal, select, update
from sqlalchemy.orm import Session

from ..models import Draft, Facilitator, Participant, Review, ReviewResponse, Workshop
from .workshops import facilitated_by

# An erased token's place holds this and the participant's id: unique, and the hash of no token.
ERASED_TOKEN = "erased:"


@dataclass(frozen=True)
class NamesErased:
    """The people of one closed workshop whose names and phone tokens were erased."""

    workshop_id: int
    title: str
    closed_at: datetime
    people: int


def _still_held():
    return Participant.display_name.is_not(None) | Participant.token_hash.not_like(f"{ERASED_TOKEN}%")


def erase_names(session: Session, *, now: datetime, kept_for: timedelta) -> list[NamesErased]:
    """Erase the names and phone tokens of everyone in a workshop closed at least `kept_for` before `now`."""
    due = (
        select(Workshop.id, Workshop.title, Workshop.closed_at, func.count(Participant.id))
        .join(Participant, Participant.workshop_id == Workshop.id)
        .where(Workshop.stage == "closed", Workshop.closed_at <= now - kept_for, _still_held())
        .group_by(Workshop.id, Workshop.title, Workshop.closed_at)
        .order_by(Workshop.closed_at)
    )
    erased = [NamesErased(*row) for row in session.execute(due)]
    if erased:
        session.execute(
            update(Participant)
            .where(Participant.workshop_id.in_([workshop.workshop_id for workshop in erased]), _still_held())
            .values(display_name=None, token_hash=literal(ERASED_TOKEN) + cast(Participant.id, String))
            .execution_options(synchronize_session=False)
        )
    return erased


@dataclass(frozen=True)
class ReviewTokensErased:
    """The people who answered one closed review, whose phone tokens were erased."""

    workshop_id: int
    title: str
    closed_at: datetime
    people: int


def erase_review_tokens(session: Session, *, now: datetime, kept_for: timedelta) -> list[ReviewTokensErased]:
    """Erase the phone tokens of everyone who answered a review closed at least `kept_for` before `now`.

    A review is closed from when the facilitator closed it or, if that came first, its closing time.
    """
    closed = case(
        (Review.closed_at.is_(None), Review.closes_at),
        (Review.closes_at.is_not(None) & (Review.closes_at < Review.closed_at), Review.closes_at),
        else_=Review.closed_at,
    )
    held = ReviewResponse.token_hash.not_like(f"{ERASED_TOKEN}%")
    due = (
        select(Review.id, Draft.workshop_id, Review.title, closed, func.count(ReviewResponse.id))
        .join(Draft, Draft.id == Review.draft_id)
        .join(ReviewResponse, ReviewResponse.review_id == Review.id)
        .where(closed <= now - kept_for, held)
        .group_by(Review.id, Draft.workshop_id, Review.title, closed)
        .order_by(closed)
    )
    found = list(session.execute(due))
    if found:
        session.execute(
            update(ReviewResponse)
            .where(ReviewResponse.review_id.in_([row[0] for row in found]), held)
            .values(token_hash=literal(ERASED_TOKEN) + cast(ReviewResponse.id, String))
            .execution_options(synchronize_session=False)
        )
    return [ReviewTokensErased(*row[1:]) for row in found]


def workshops_to_review(
    session: Session, *, now: datetime, older_than: timedelta, facilitator: Facilitator | None = None
) -> list[Workshop]:
    """Workshops created at least `older_than` before `now`, oldest first: all of them, or one facilitator's."""
    query = select(Workshop).where(Workshop.created_at <= now - older_than).order_by(Workshop.created_at)
    if facilitator is not None:
        query = query.where(facilitated_by(facilitator))
    return list(session.scalars(query))


def names_erased_from(workshop: Workshop, kept_for: timedelta) -> datetime | None:
    """When a closed workshop's names are due to be erased; None while it is open."""
    return workshop.closed_at + kept_for if workshop.closed_at is not None else None
