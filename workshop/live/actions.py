"""The action plan: what will be done, by whom and by when, as the facilitator writes it down.

Each action may be linked to one of the priorities the room chose, or to a
statement of the draft charter; it keeps that link's words as text too, so
that the plan still says what it was for when the card or statement changes
or goes. The room sees the plan as it is written (live/snapshots.py).
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..models import Action, Draft, DraftStatement, DraftTheme, Outcome, PriorityCard, Workshop
from ..text import clean_text

WHAT_MAX = 1000
WHO_MAX = 200
DUE_MAX = 100
# More than a day's plan would hold.
MOST_ACTIONS = 100


def link_choices(session: Session, workshop: Workshop) -> list[dict]:
    """What an action can be linked to: the chosen priorities, then the draft's placed statements."""
    choices = [
        {"value": f"priority:{card.id}", "label": f"Priority: {card.text}"}
        for card in session.scalars(
            select(PriorityCard)
            .join(Outcome, Outcome.id == PriorityCard.outcome_id)
            .where(Outcome.workshop_id == workshop.id, PriorityCard.chosen.is_(True), PriorityCard.hidden.is_(False))
            .order_by(Outcome.position, PriorityCard.id)
        )
    ]
    choices += [
        {"value": f"statement:{statement.id}", "label": f"Statement: {statement.text}"}
        for statement in session.scalars(
            select(DraftStatement)
            .join(DraftTheme, DraftTheme.id == DraftStatement.theme_id)
            .join(Draft, Draft.id == DraftTheme.draft_id)
            .where(Draft.workshop_id == workshop.id)
            .order_by(DraftTheme.position, DraftStatement.position)
        )
    ]
    return choices


def _linked(session: Session, workshop: Workshop, link: str) -> dict:
    """The action's link from the form's value ("", "priority:<id>" or "statement:<id>")."""
    if not link:
        return {}
    for choice in link_choices(session, workshop):
        if choice["value"] == link:
            kind, _, item_id = link.partition(":")
            text = choice["label"].split(": ", 1)[1]
            if kind == "priority":
                return {"priority_card_id": int(item_id), "linked_text": text, "linked_kind": "priority"}
            return {"draft_statement_id": int(item_id), "linked_text": text, "linked_kind": "statement"}
    raise DomainError(
        "unknown_link", "Link the action to one of the chosen priorities or a statement of the draft, or to nothing."
    )


def add_action(session: Session, workshop: Workshop, *, what: str, who: str = "", due: str = "", link: str = ""):
    what = clean_text(what or "", WHAT_MAX)
    if not what:
        raise DomainError("invalid_action", "Say what will be done.")
    count = len(actions_of(session, workshop))
    if count >= MOST_ACTIONS:
        raise DomainError("too_many_actions", f"An action plan can have up to {MOST_ACTIONS} actions.")
    action = Action(
        workshop_id=workshop.id,
        position=count,
        what=what,
        who=clean_text(who or "", WHO_MAX, single_line=True),
        due=clean_text(due or "", DUE_MAX, single_line=True),
        **_linked(session, workshop, link or ""),
    )
    session.add(action)
    session.flush()
    return action


def remove_action(session: Session, workshop: Workshop, action_id: int | None) -> None:
    action = session.get(Action, action_id) if action_id is not None else None
    if action is None or action.workshop_id != workshop.id:
        raise DomainError("unknown_action_item", "That action is not in this workshop's action plan.")
    session.delete(action)
    session.flush()
    for position, kept in enumerate(actions_of(session, workshop)):
        kept.position = position


def actions_of(session: Session, workshop: Workshop) -> list[Action]:
    return list(
        session.scalars(select(Action).where(Action.workshop_id == workshop.id).order_by(Action.position, Action.id))
    )


def _link_of(action: Action) -> dict | None:
    if not action.linked_kind:
        return None
    linked_id = action.priority_card_id if action.linked_kind == "priority" else action.draft_statement_id
    return {"kind": action.linked_kind, "text": action.linked_text, "id": linked_id}


def action_plan(session: Session, workshop: Workshop) -> list[dict]:
    """The plan as every screen, the API and the exports show it."""
    return [
        {
            "id": action.id,
            "what": action.what,
            "who": action.who,
            "due": action.due,
            "linked": (
                {
                    "kind": action.linked_kind,
                    "text": action.linked_text,
                    "id": action.priority_card_id or action.draft_statement_id,
                }
                if action.linked_kind
                else None
            ),
        }
        for action in actions_of(session, workshop)
    ]
