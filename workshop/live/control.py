"""The facilitator's controls and a participant's actions, followed by telling the screens.

The console's buttons, the JSON API and the Socket.IO handlers all come here,
so that each change is made, stored and announced in one way.
"""

from sqlalchemy.orm import Session

from ..extensions import socketio
from ..models import Workshop
from .broadcast import broadcaster, participant_room, room, send_state
from .moderation import set_hidden
from .operations import Applied
from .participants import remove_participant
from .viewers import ROLES
from .workshops import (
    WorkshopError,
    open_board,
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
    "hide",
    "restore",
    "remove_participant",
    "share",
)


def announce_operation(applied: Applied, workshop_id: int) -> None:
    """A participant's action was stored: mark what changed, for the next coalesced update."""
    if applied.duplicate:
        return
    if applied.board_id is not None:
        broadcaster.counts_changed(applied.board_id)
        if "note_id" in applied.result:
            broadcaster.notes_changed(applied.board_id)
    if applied.cards_changed:
        broadcaster.cards_changed(workshop_id, applied.result["card_id"])
    if applied.word is not None:
        # Only the facilitators see every rewording and comment: one small message.
        socketio.emit("word", applied.word, to=room(workshop_id, "facilitator"))


def apply_control(session: Session, workshop: Workshop, action: str, values: dict) -> None:
    """Make one facilitator change, store it, and tell every screen."""
    if action == "stage":
        set_stage(workshop, values.get("stage", ""))
    elif action == "open_board":
        board = values.get("board_id", "all")
        open_board(workshop, None if board in ("all", None) else _whole_number(board))
    elif action in ("lock", "unlock"):
        set_tagging_locked(workshop, action == "lock")
    elif action in ("reveal", "hide_results"):
        set_results_revealed(workshop, action == "reveal")
    elif action in ("hide", "restore"):
        _hide_or_restore(session, workshop, values.get("kind", ""), _whole_number(values.get("item_id")), action)
        return
    elif action == "remove_participant":
        _remove(session, workshop, _whole_number(values.get("participant_id")))
        return
    elif action == "share":
        share_workshop(session, workshop, values.get("email", ""))
        session.commit()
        return
    else:
        raise WorkshopError("unknown_action", f"Unknown action. Use one of: {', '.join(ACTIONS)}.")
    session.commit()
    send_state(workshop)
    for board in workshop.boards:
        # Revealing, hiding or opening changes what each room may see of the counts.
        broadcaster.counts_changed(board.id)


def _hide_or_restore(session: Session, workshop: Workshop, kind: str, item_id: int | None, action: str) -> None:
    hidden = action == "hide"
    item = set_hidden(session, workshop, kind, item_id, hidden)
    session.commit()
    for role in ROLES:
        socketio.emit("hidden", {"kind": kind, "id": item.id, "hidden": hidden}, to=room(workshop.id, role))
    if kind == "card":
        broadcaster.cards_changed(workshop.id, item.id)
    elif kind == "note":
        broadcaster.notes_changed(item.board_id)


def _remove(session: Session, workshop: Workshop, participant_id: int | None) -> None:
    participant = remove_participant(session, workshop, participant_id)
    session.commit()
    socketio.emit("removed", {}, to=participant_room(participant.id))
    for board in workshop.boards:
        broadcaster.counts_changed(board.id)
    broadcaster.cards_changed(workshop.id)
    broadcaster.joined_changed(workshop.id)


def _whole_number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
