"""Several processes sharing Redis: an emit heard from another process is encoded only where someone is in its
room (workshop/message_queue.py), and one process a round sends a board's counts (live/broadcast.py)."""

import secrets
import time
from types import SimpleNamespace

import socketio

from workshop.live import broadcast
from workshop.live.broadcast import Broadcaster
from workshop.message_queue import LocalRoomsRedisManager

ROOM, EMPTY_ROOM = "workshop-1-projector", "workshop-1-facilitator"


def heard(room: str) -> dict:
    """An emit as another process publishes it."""
    return {
        "method": "emit",
        "event": "counts",
        "data": [{"board_id": 1, "tagged": {"7": 3}}],
        "binary": False,
        "namespace": "/",
        "room": room,
        "skip_sid": None,
        "callback": None,
        "host_id": "another-process",
    }


def test_an_emit_for_a_room_nobody_here_is_in_is_not_encoded_and_one_for_a_room_with_someone_is_sent():
    manager = LocalRoomsRedisManager("redis://127.0.0.1:6379/0", channel="charter-workshop-test-unused")
    server = socketio.Server(client_manager=manager)
    built, sent = [], []

    class CountingPacket(socketio.packet.Packet):
        def __init__(self, *arguments, **keywords):
            built.append(keywords.get("data"))
            super().__init__(*arguments, **keywords)

    server.packet_class = CountingPacket
    server._send_eio_packet = lambda eio_sid, _packet: sent.append(eio_sid)
    sid = manager.connect("eio-1", "/")
    manager.enter_room(sid, "/", ROOM)

    manager._handle_emit(heard(EMPTY_ROOM))
    assert built == [] and sent == []
    manager._handle_emit(heard(ROOM))
    assert built == [["counts", {"board_id": 1, "tagged": {"7": 3}}]] and sent == ["eio-1"]


def processes_sharing(redis_url: str, count: int) -> list[Broadcaster]:
    """The broadcasters of `count` server processes of one installation."""
    app = SimpleNamespace(
        config={
            "REDIS_URL": redis_url,
            "SOCKETIO_CHANNEL": f"charter-workshop-test-{secrets.token_hex(6)}",
            "LIVE_UPDATES": False,
        }
    )
    broadcasters = [Broadcaster() for _ in range(count)]
    for broadcaster in broadcasters:
        broadcaster.init_app(app)
    return broadcasters


def test_one_process_a_round_sends_a_boards_counts_and_the_others_keep_their_change_for_a_later_round(
    redis_url, monkeypatch
):
    # Claims long enough that each step below, on the busiest machine, ends well inside them.
    counts_claim, word_groups_claim = 1.0, 1.5
    monkeypatch.setattr(broadcast, "COUNTS_CLAIM_SECONDS", counts_claim)
    monkeypatch.setattr(broadcast, "WORD_GROUPS_CLAIM_SECONDS", word_groups_claim)
    sent = []
    monkeypatch.setattr(broadcast, "send_counts", sent.append)
    monkeypatch.setattr(broadcast, "send_word_groups", lambda workshop_id: sent.append(("words", workshop_id)))
    first, second, third = processes_sharing(redis_url, 3)
    for process in (first, second, third):
        process.counts_changed(7)
        process._mark(process._word_groups, 3)

    for process in (first, second, third):
        process.flush()
    assert sent == [7, ("words", 3)]
    # The one that sent may send again in the same round: its own next change is not held back.
    first.counts_changed(7)
    first.flush()
    assert sent == [7, ("words", 3), 7]

    # The others' changes may have come after the first's reading: each is sent in a later round, once the
    # process sending it before has let it go.
    time.sleep(counts_claim + 0.05)
    second.flush()
    third.flush()
    assert sent[3:] == [7]
    time.sleep(word_groups_claim + 0.05)
    third.flush()
    second.flush()
    assert sorted(sent[4:], key=str) == [("words", 3), 7]
    time.sleep(word_groups_claim + 0.05)
    second.flush()
    assert sent[6:] == [("words", 3)]
    # Nothing is left marked anywhere.
    time.sleep(word_groups_claim + 0.05)
    for process in (first, second, third):
        process.flush()
    assert len(sent) == 7


def test_without_redis_a_process_sends_everything_it_marked():
    sent = []
    process = Broadcaster()
    process.init_app(SimpleNamespace(config={"REDIS_URL": None, "SOCKETIO_CHANNEL": "unused", "LIVE_UPDATES": False}))
    original, broadcast.send_counts = broadcast.send_counts, sent.append
    try:
        process.counts_changed(7)
        process.counts_changed(8)
        process.flush()
    finally:
        broadcast.send_counts = original
    assert sorted(sent) == [7, 8]
