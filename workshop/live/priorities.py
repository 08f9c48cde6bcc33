"""The priorities board: outcomes, cards of barriers and of how co-production could help, support and votes.

The facilitator lists the outcomes (a ready-made set, such as Kent's seven
strategic outcomes, or their own). While the board is in its "cards" phase,
people add cards under each outcome in two columns and support each other's;
in its "voting" phase each person places up to the workshop's number of votes,
one per card, on the cards that matter most. The facilitator then confirms the
chosen priorities. Participants' actions come through live/operations.py;
the facilitator's through live/control.py.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import DomainError, Forbidden
from ..labels import OUTCOME_SETS
from ..models import (
    HIGHEST_VOTES,
    PRIORITY_COLUMNS,
    PRIORITY_PHASES,
    Outcome,
    Participant,
    PriorityCard,
    PrioritySupport,
    PriorityVote,
    Workshop,
)
from ..text import clean_text

OUTCOME_MAX = 200
# More would make a board nobody can read on a phone.
MOST_OUTCOMES = 20


# --- The facilitator's changes ------------------------------------------------------------


def add_outcome(session: Session, workshop: Workshop, title: str) -> Outcome | None:
    """Add an outcome at the end; None when the board already has one of that title."""
    title = clean_text(title or "", OUTCOME_MAX, single_line=True)
    if not title:
        raise DomainError("invalid_outcome", "Enter the outcome's title.")
    if any(outcome.title.casefold() == title.casefold() for outcome in workshop.outcomes):
        return None
    if len(workshop.outcomes) >= MOST_OUTCOMES:
        raise DomainError("too_many_outcomes", f"A priorities board can have up to {MOST_OUTCOMES} outcomes.")
    outcome = Outcome(title=title, position=len(workshop.outcomes))
    workshop.outcomes.append(outcome)
    session.flush()
    return outcome


def add_outcome_set(session: Session, workshop: Workshop, name: str) -> int:
    """Add a ready-made set's outcomes that are not on the board yet; how many were added."""
    if name not in OUTCOME_SETS:
        raise DomainError("unknown_outcome_set", f"Choose one of: {', '.join(OUTCOME_SETS)}.")
    _label, titles = OUTCOME_SETS[name]
    return sum(add_outcome(session, workshop, title) is not None for title in titles)


def remove_outcome(session: Session, workshop: Workshop, outcome_id: int | None) -> None:
    """Take an outcome off the board, while nobody has added a card under it."""
    outcome = _outcome_of(workshop, outcome_id)
    if outcome.cards:
        raise DomainError(
            "outcome_has_cards", "People have added cards under this outcome, so it stays. Hide the cards instead."
        )
    workshop.outcomes.remove(outcome)
    for position, kept in enumerate(workshop.outcomes):
        kept.position = position
    session.flush()


def set_priorities_phase(workshop: Workshop, phase: str) -> None:
    if phase not in PRIORITY_PHASES:
        raise DomainError("invalid_phase", f"The board's phase must be one of: {', '.join(PRIORITY_PHASES)}.")
    workshop.priorities_phase = phase


def set_votes_per_person(workshop: Workshop, votes) -> None:
    if isinstance(votes, str) and votes.strip().isdigit():
        votes = int(votes)
    if not isinstance(votes, int) or isinstance(votes, bool) or not 1 <= votes <= HIGHEST_VOTES:
        raise DomainError("invalid_votes", f"Give each person a whole number of votes from 1 to {HIGHEST_VOTES}.")
    workshop.votes_per_person = votes


def choose_priority(session: Session, workshop: Workshop, card_id: int | None, chosen: bool) -> PriorityCard:
    """Confirm a card as one of the room's chosen priorities, or take it back."""
    card = _card_in(session, workshop.id, card_id)
    if card is None or (chosen and card.hidden):
        raise DomainError("unknown_card", "That card is not on this workshop's priorities board.")
    card.chosen = chosen
    return card


def _outcome_of(workshop: Workshop, outcome_id: int | None) -> Outcome:
    for outcome in workshop.outcomes:
        if outcome.id == outcome_id:
            return outcome
    raise DomainError("unknown_outcome", "That outcome is not on this workshop's priorities board.")


# --- What participants do (through live/operations.py) -------------------------------------


def _card_in(session: Session, workshop_id: int, card_id: int | None) -> PriorityCard | None:
    if card_id is None:
        return None
    return session.scalar(
        select(PriorityCard)
        .join(Outcome, Outcome.id == PriorityCard.outcome_id)
        .where(PriorityCard.id == card_id, Outcome.workshop_id == workshop_id)
    )


def _shown_card(session: Session, workshop_id: int, card_id: int | None) -> PriorityCard:
    card = _card_in(session, workshop_id, card_id)
    if card is None or card.hidden:
        raise DomainError("unknown_card", "That card is not on this workshop's priorities board.")
    return card


def _phase_is(workshop: Workshop, phase: str) -> None:
    if workshop.priorities_phase != phase:
        if phase == "cards":
            raise DomainError("voting_started", "Voting has started: the cards can no longer be changed.")
        raise DomainError("voting_not_started", "Voting has not started yet. Wait for the facilitator.")


def add_card(session: Session, workshop: Workshop, participant_id: int, outcome_id, column, text: str) -> PriorityCard:
    _phase_is(workshop, "cards")
    outcome = _outcome_of(workshop, outcome_id)
    if column not in PRIORITY_COLUMNS:
        raise DomainError("invalid_column", "Choose barriers or how co-production could help.")
    card = PriorityCard(outcome_id=outcome.id, participant_id=participant_id, column_name=column, text=text)
    session.add(card)
    session.flush()
    return card


def support_card(session: Session, workshop: Workshop, participant_id: int, card_id, supported: bool) -> int:
    _phase_is(workshop, "cards")
    card = _shown_card(session, workshop.id, card_id)
    _set_mark(session, PrioritySupport, card.id, participant_id, supported)
    return card.id


def remove_card(session: Session, workshop: Workshop, participant_id: int, card_id) -> int:
    card = _card_in(session, workshop.id, card_id)
    if card is None or card.participant_id != participant_id:
        raise Forbidden("not_yours", "You can only remove what you wrote yourself.")
    _phase_is(workshop, "cards")
    session.delete(card)
    return card.id


def vote(session: Session, workshop: Workshop, participant_id: int, card_id, voted: bool) -> int:
    """Place a vote on a card, or take it back; at most one per card and the workshop's number in all."""
    _phase_is(workshop, "voting")
    card = _shown_card(session, workshop.id, card_id)
    if voted:
        # Taken in turn per person, so that two votes sent at once cannot both be the last one.
        session.execute(select(Participant.id).where(Participant.id == participant_id).with_for_update())
        used = votes_used(session, workshop.id, participant_id)
        mine = select(PriorityVote.id).where(PriorityVote.participant_id == participant_id)
        already = session.scalar(mine.where(PriorityVote.card_id == card.id))
        if already is None and used >= workshop.votes_per_person:
            raise DomainError(
                "no_votes_left",
                f"You have used all {workshop.votes_per_person} of your votes. Take one back to vote for this card.",
            )
    _set_mark(session, PriorityVote, card.id, participant_id, voted)
    return card.id


def _set_mark(session: Session, model, card_id: int, participant_id: int, marked: bool) -> None:
    existing = session.scalar(select(model).where(model.card_id == card_id, model.participant_id == participant_id))
    if marked and existing is None:
        session.add(model(card_id=card_id, participant_id=participant_id))
        session.flush()
    elif not marked and existing is not None:
        session.delete(existing)
        session.flush()


def votes_used(session: Session, workshop_id: int, participant_id: int) -> int:
    return session.scalar(
        select(func.count(PriorityVote.id))
        .join(PriorityCard, PriorityCard.id == PriorityVote.card_id)
        .join(Outcome, Outcome.id == PriorityCard.outcome_id)
        .where(Outcome.workshop_id == workshop_id, PriorityVote.participant_id == participant_id)
    )


# --- What the screens show --------------------------------------------------------------------


def _counts(session: Session, model, workshop_id: int) -> dict[int, int]:
    """Per card, its supports or votes, from people who have not been removed."""
    rows = session.execute(
        select(model.card_id, func.count())
        .join(PriorityCard, PriorityCard.id == model.card_id)
        .join(Outcome, Outcome.id == PriorityCard.outcome_id)
        .join(Participant, Participant.id == model.participant_id)
        .where(Outcome.workshop_id == workshop_id, Participant.removed.is_(False))
        .group_by(model.card_id)
    )
    return dict(rows.all())


def priorities_board(session: Session, workshop: Workshop, *, include_hidden: bool = False) -> dict:
    """The board as a screen shows it: outcomes with their cards, and every card ranked by its votes.

    No card carries who wrote it. Votes are shown as they are placed: a vote is
    one person's choice among the whole room's cards, never broken down by group.
    """
    supports = _counts(session, PrioritySupport, workshop.id)
    votes = _counts(session, PriorityVote, workshop.id)
    outcomes = []
    ranked = []
    for outcome in workshop.outcomes:
        cards = []
        for card in outcome.cards:
            if card.hidden and not include_hidden:
                continue
            shown = {
                "id": card.id,
                "outcome_id": outcome.id,
                "column": card.column_name,
                "text": card.text,
                "supports": supports.get(card.id, 0),
                "votes": votes.get(card.id, 0),
                "chosen": card.chosen,
                "hidden": card.hidden,
            }
            cards.append(shown)
            ranked.append({**shown, "outcome": outcome.title})
        outcomes.append({"id": outcome.id, "title": outcome.title, "cards": cards})
    ranked.sort(key=lambda card: (-card["votes"], -card["supports"], card["id"]))
    return {
        "phase": workshop.priorities_phase,
        "votes_per_person": workshop.votes_per_person,
        "outcomes": outcomes,
        "ranking": ranked,
        "chosen": [card for card in ranked if card["chosen"] and not card["hidden"]],
    }


def my_priorities(session: Session, participant_id: int) -> dict:
    """A participant's own cards, supports and votes on the board."""

    def ids(column, owner):
        return list(session.scalars(select(column).where(owner == participant_id)))

    return {
        "priority_cards": ids(PriorityCard.id, PriorityCard.participant_id),
        "priority_supports": ids(PrioritySupport.card_id, PrioritySupport.participant_id),
        "votes": ids(PriorityVote.card_id, PriorityVote.participant_id),
    }
