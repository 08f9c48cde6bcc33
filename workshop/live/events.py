"""Socket.IO event handlers: check who is asking and what they sent, call the domain, answer.

What a client sends is checked against live/messages.py's schemas first. A
DomainError raised here or by the domain is answered in one place
(workshop/answers.py): a refused acknowledgement, or a refused connection.
Every event gets an answer, an unknown or unreadable one too, so a phone
never waits for ever. The protocol is documented in docs/realtime.md.
"""

import logging
import time

from flask import request
from flask_socketio import join_room

from ..answers import refusal, refused_ack
from ..errors import DomainError, Forbidden, NotFound
from ..extensions import db, socketio
from ..models import Workshop
from .broadcast import REVIEW_DELETED, broadcaster, participant_room, review_room, room, send_snapshot
from .messages import INVALID_OPERATION, UNREADABLE, checked_auth, checked_operation
from .recording import record_operation
from .snapshots import facilitator_snapshot, participant_snapshot, projector_snapshot
from .viewers import ROLES, Viewer, participant_of, review_viewer, viewer_for, workshop_for_code
from .workshops import WORKSHOP_DELETED

log = logging.getLogger(__name__)

# Per connection: a burst of this many actions, then this many a second.
ACTION_BURST = 30
ACTIONS_PER_SECOND = 10

# Who is behind each connection of this process.
connections: dict[str, Viewer] = {}
_allowance: dict[str, tuple[float, float]] = {}


def viewer_of(sid: str) -> Viewer | None:
    """Who is behind a connection, unless what it showed has since been deleted (or they were erased)."""
    return None if sid in broadcaster.ended_connections else connections.get(sid)


def snapshot_for(viewer: Viewer) -> dict | None:
    session = db.session
    workshop = session.get(Workshop, viewer.workshop_id)
    if workshop is None:
        raise NotFound("deleted", WORKSHOP_DELETED)
    if viewer.review_id is not None:
        shown = broadcaster.review_screens(session, viewer.review_id)
        if shown is None:
            raise NotFound("deleted", REVIEW_DELETED)
        return shown[viewer.role]
    if viewer.role == "participant":
        participant = participant_of(session, viewer)
        return participant_snapshot(session, participant) if participant else None
    if viewer.role == "projector":
        return projector_snapshot(session, workshop)
    return facilitator_snapshot(session, workshop)


@socketio.on("connect")
def connect(auth=None):
    auth = checked_auth(auth)
    workshop = workshop_for_code(db.session, auth.workshop or "")
    if auth.role not in ROLES or workshop is None:
        raise NotFound("unknown_workshop", "Check the workshop code.")
    viewer = viewer_for(db.session, workshop, auth.role, projector_key=auth.key)
    if viewer is None:
        raise Forbidden("not_allowed", "Join the workshop again with its code or link.")
    if auth.review is not None:
        viewer = review_viewer(db.session, workshop, viewer, auth.review)
        connections[request.sid] = viewer
        join_room(review_room(auth.review, auth.role))
        send_snapshot(request.sid, snapshot_for(viewer))
        return
    connections[request.sid] = viewer
    join_room(room(workshop.id, auth.role))
    if viewer.participant_id is not None:
        join_room(participant_room(viewer.participant_id))
    send_snapshot(request.sid, snapshot_for(viewer))


@socketio.on("disconnect")
def disconnect(*_reason):
    connections.pop(request.sid, None)
    _allowance.pop(request.sid, None)
    broadcaster.ended_connections.discard(request.sid)


@socketio.on("snapshot")
def snapshot(*_ignored):
    viewer = viewer_of(request.sid)
    if viewer is None:
        raise DomainError("not_connected", "Reconnect to the workshop.")
    found = snapshot_for(viewer)
    if found is None:
        raise Forbidden("removed", "The facilitator has removed you from this workshop.")
    return {"ok": True, "snapshot": found}


def operation(sid: str, data=None, *_ignored) -> dict:
    """A participant's operation, the event a room sends most: answered with no Flask context at all.

    It is registered on python-socketio's server itself (init_app), not through
    Flask-SocketIO, whose request context for every event (the session cookie
    opened and checked, the URL matched) cost a quarter of a tap's CPU and is
    no use here: who is asking is known from the connection. Nor is an app
    context needed, whose pushing and tearing down were 30 of a tap's 500 Python calls:
    the database session is the greenlet's own, removed here once answered,
    and the broadcaster keeps its app.
    """
    if socketio.server.get_environ(sid) is None:
        return refused_ack(DomainError("not_connected", "Reconnect to the workshop."), data)
    try:
        viewer = viewer_of(sid)
        if viewer is None or viewer.participant_id is None:
            raise Forbidden("not_allowed", "Only people who joined this workshop can do that.")
        if not _within_allowance(sid):
            raise DomainError("too_fast", "Slow down a little: wait a moment and try again.", 429)
        checked = checked_operation(data)
        applied = record_operation(viewer.workshop_id, viewer.participant_id, checked)
    except DomainError as error:
        return refusal(error, data)
    finally:
        db.session.remove()
    return {"ok": True, "id": checked["id"], "result": applied.result}


@socketio.on("*")
def unknown(event, *_ignored):
    """Any other event: no client of ours sends one, but whoever did gets an answer."""
    if event == UNREADABLE:
        raise DomainError(INVALID_OPERATION, "That message could not be read. Send each action as a JSON object.")
    raise DomainError("unknown_event", "There is no such event. Send an operation or ask for a snapshot.")


def init_app(_app) -> None:
    """Handlers that Flask-SocketIO does not wrap: each app has a server of its own."""
    socketio.server.on("operation", operation)


def _within_allowance(sid: str) -> bool:
    """A token bucket per connection: generous for people, firm for runaway scripts."""
    now = time.monotonic()
    tokens, last = _allowance.get(sid, (ACTION_BURST, now))
    tokens = min(ACTION_BURST, tokens + (now - last) * ACTIONS_PER_SECOND)
    if tokens < 1:
        _allowance[sid] = (tokens, now)
        return False
    _allowance[sid] = (tokens - 1, now)
    return True
