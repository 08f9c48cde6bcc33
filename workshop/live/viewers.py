"""Who is looking at a workshop, and as what: the one place that decides it.

Pages, the API and Socket.IO events all ask `viewer_for`; nothing else reads
the participant cookie, the projector key or the facilitator's sign-in.
"""

import hmac
from dataclasses import dataclass, replace

from flask import request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..errors import DomainError, Forbidden, NotFound
from ..limits import JOIN_CODE_GUESSES, client_address
from ..models import Draft, Participant, Review, Workshop
from .participants import participant_for_token
from .workshops import get_workshop, is_facilitator_of, workshop_by_code

ROLES = ("participant", "projector", "facilitator")
# Who may watch a review's results as they come in.
REVIEW_ROLES = ("projector", "facilitator")


@dataclass(frozen=True)
class Viewer:
    role: str
    workshop_id: int
    participant_id: int | None = None
    facilitator_id: int | None = None
    # Set when the connection watches one review's results (the facilitator's or the projector's screen).
    review_id: int | None = None


def participant_cookie(workshop_id: int) -> str:
    return f"cw_participant_{workshop_id}"


def viewer_for(session: Session, workshop: Workshop, role: str, projector_key: str | None = None) -> Viewer | None:
    """The viewer this request may act as in `role`, or None if it may not."""
    if role == "facilitator":
        if is_facilitator_of(session, workshop, current_user):
            return Viewer("facilitator", workshop.id, facilitator_id=current_user.id)
        return None
    if role == "projector":
        if projector_key and hmac.compare_digest(projector_key.encode(), workshop.projector_key.encode()):
            return Viewer("projector", workshop.id)
        # A facilitator may open the projector view without the key.
        if is_facilitator_of(session, workshop, current_user):
            return Viewer("projector", workshop.id, facilitator_id=current_user.id)
        return None
    if role == "participant":
        participant = participant_for_token(session, workshop.id, request.cookies.get(participant_cookie(workshop.id)))
        if participant is not None:
            return Viewer("participant", workshop.id, participant_id=participant.id)
    return None


def review_viewer(session: Session, workshop: Workshop, viewer: Viewer, review_id: int) -> Viewer:
    """The viewer, watching one review of the workshop's adopted charter: its facilitators and projector only."""
    if viewer.role not in REVIEW_ROLES:
        raise Forbidden("not_allowed", "Only the facilitators and the projector can watch a review's results.")
    found = session.scalar(
        select(Review.id)
        .join(Draft, Draft.id == Review.draft_id)
        .where(Review.id == review_id, Draft.workshop_id == workshop.id)
    )
    if found is None:
        raise NotFound("unknown_review", "There is no review with that id in this workshop.")
    return replace(viewer, review_id=review_id)


def workshop_for_code(session: Session, code: str) -> Workshop | None:
    """The workshop a join code names, or None; refused to an address that has tried too many that name none."""
    address = client_address()
    if JOIN_CODE_GUESSES.reached(address):
        raise DomainError(
            "too_many_guesses",
            "Too many codes were tried that are not a workshop's. Wait a minute, then check the code on the screen.",
            429,
        )
    workshop = workshop_by_code(session, code)
    if workshop is None:
        JOIN_CODE_GUESSES.count(address)
    return workshop


def facilitated_workshop(session: Session, workshop_id: int) -> Workshop:
    """The workshop, if this request is one of its facilitators'; refused as not found otherwise.

    Another facilitator's workshop is answered exactly as an id that names no
    workshop, so that nobody can tell which ids are in use.
    """
    workshop = get_workshop(session, workshop_id)
    if workshop is None or viewer_for(session, workshop, "facilitator") is None:
        raise NotFound("not_found", "There is no workshop with that id.")
    return workshop


def participant_of(session: Session, viewer: Viewer) -> Participant | None:
    """The participant behind a viewer, if they are still in the workshop."""
    if viewer.role != "participant":
        return None
    # With its workshop in the same query: every caller goes on to read the workshop's state.
    participant = session.get(Participant, viewer.participant_id, options=[joinedload(Participant.workshop)])
    if participant is None or participant.removed:
        return None
    return participant
