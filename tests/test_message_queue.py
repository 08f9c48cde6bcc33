"""The Redis message queue's manager (workshop/message_queue.py): an emit heard from another process is encoded
only where someone is in its room."""

import socketio

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
