"""The facilitator's controls: one entry point for the console's buttons and the JSON API.

`apply_control` makes the change and says what changed; the caller commits and
hands that to the broadcaster (`broadcaster.control_applied`), so each change
is made, stored and announced in one way.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..errors import DomainError
from ..models import Workshop
from .actions import add_action, remove_action
from .focus import set_focus, set_focus_easy_read, set_phones_follow, show_summary, step_focus
from .moderation import set_hidden
from .participants import Erased, erase_participant, remove_participant
from .priorities import (
    add_outcome,
    add_outcome_set,
    choose_priority,
    remove_outcome,
    set_priorities_phase,
    set_votes_per_person,
)
from .workshops import (
    open_board,
    set_min_group_size,
    set_results_revealed,
    set_stage,
    set_tagging_locked,
    share_workshop,
)

ACTIONS = (
    "stage",
    "open_board",
    "lock",
    "unlock",
    "reveal",
    "hide_results",
    "min_group_size",
    "hide",
    "restore",
    "remove_participant",
    "erase_participant",
    "share",
    "focus",
    "next",
    "previous",
    "summary",
    "phones_follow",
    "phones_stay",
    "easy_read_on",
    "easy_read_off",
    "outcome_set",
    "add_outcome",
    "remove_outcome",
    "priorities_phase",
    "votes_per_person",
    "choose_priority",
    "unchoose_priority",
    "add_action",
    "remove_action",
)


@dataclass(frozen=True)
class Hidden:
    """An item hidden or restored: a comment, rewording, note (on its board) or card."""

    kind: str
    id: int
    hidden: bool
    board_id: int | None = None


@dataclass(frozen=True)
class Controlled:
    """What a control changed, for the screens."""

    # The room's state: its stage, open boards, tagging lock or results shown.
    state_changed: bool = False
    hidden: Hidden | None = None
    removed_participant_id: int | None = None
    erased: Erased | None = None
    # What the big screen shows: every statement, one in focus, or the summary (live/focus.py).
    focus_changed: bool = False
    # The priorities board's outcomes or chosen cards.
    priorities_changed: bool = False
    actions_changed: bool = False


def apply_control(
    session: Session,
    workshop: Workshop,
    action: str,
    *,
    stage: str = "",
    board_id: int | None = None,
    kind: str = "",
    item_id: int | None = None,
    participant_id: int | None = None,
    email: str = "",
    min_group_size: int | str | None = None,
    statement_id: int | None = None,
    title: str = "",
    votes: int | str | None = None,
    what: str = "",
    who: str = "",
    due: str = "",
    link: str = "",
) -> Controlled:
    """Make one facilitator change; the caller commits and announces what changed.

    Each action reads the values it needs: `open_board` opens every board when `board_id` is None;
    `focus` puts `statement_id` (of `board_id`, or of whichever board has it) on the big screen, or
    with None every statement again.
    `outcome_set` adds the outcomes of the set named by `kind`, `add_outcome` one called `title`,
    `priorities_phase` moves the board to the phase named by `kind`; `add_action` writes `what`,
    `who` and `due` into the action plan, linked to `link` ("priority:<id>", "statement:<id>" or "").
    """
    if action == "stage":
        set_stage(workshop, stage)
    elif action == "open_board":
        open_board(workshop, board_id)
    elif action in ("lock", "unlock"):
        set_tagging_locked(workshop, action == "lock")
    elif action in ("reveal", "hide_results"):
        set_results_revealed(workshop, action == "reveal")
    elif action == "min_group_size":
        set_min_group_size(workshop, min_group_size)
    elif action in ("hide", "restore"):
        hidden = action == "hide"
        item = set_hidden(session, workshop, kind, item_id, hidden)
        return Controlled(hidden=Hidden(kind, item.id, hidden, getattr(item, "board_id", None)))
    elif action == "remove_participant":
        participant = remove_participant(session, workshop, participant_id)
        return Controlled(removed_participant_id=participant.id)
    elif action == "erase_participant":
        return Controlled(erased=erase_participant(session, workshop, participant_id))
    elif action == "share":
        share_workshop(session, workshop, email)
        return Controlled()
    elif action == "focus":
        set_focus(workshop, board_id, statement_id)
        return Controlled(focus_changed=True)
    elif action in ("next", "previous"):
        step_focus(workshop, 1 if action == "next" else -1)
        return Controlled(focus_changed=True)
    elif action == "summary":
        show_summary(workshop)
        return Controlled(focus_changed=True)
    elif action in ("phones_follow", "phones_stay"):
        set_phones_follow(workshop, action == "phones_follow")
    elif action in ("easy_read_on", "easy_read_off"):
        set_focus_easy_read(workshop, action == "easy_read_on")
        return Controlled(focus_changed=True)
    elif action == "outcome_set":
        add_outcome_set(session, workshop, kind)
        return Controlled(priorities_changed=True)
    elif action == "add_outcome":
        add_outcome(session, workshop, title)
        return Controlled(priorities_changed=True)
    elif action == "remove_outcome":
        remove_outcome(session, workshop, item_id)
        return Controlled(priorities_changed=True)
    elif action == "priorities_phase":
        set_priorities_phase(workshop, kind)
    elif action == "votes_per_person":
        set_votes_per_person(workshop, votes)
    elif action in ("choose_priority", "unchoose_priority"):
        choose_priority(session, workshop, item_id, action == "choose_priority")
        return Controlled(priorities_changed=True)
    elif action == "add_action":
        add_action(session, workshop, what=what, who=who, due=due, link=link)
        return Controlled(actions_changed=True)
    elif action == "remove_action":
        remove_action(session, workshop, item_id)
        return Controlled(actions_changed=True)
    else:
        raise DomainError("unknown_action", f"Unknown action. Use one of: {', '.join(ACTIONS)}.")
    return Controlled(state_changed=True)
