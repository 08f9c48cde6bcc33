"""Socket.IO's Redis message queue between the server processes, doing no work for rooms a process has nobody in.

python-socketio's manager encodes every emit it hears from another process (a
walk of the whole payload for binary parts, then its JSON) before it looks for
who should get it. Every process hears every emit, so with N processes each
emit was encoded N times, mostly for nobody: the big screen is connected to one
process and the facilitators' consoles to one or two, yet their counts and
lists were encoded by all. A process's cost grew with the number of processes
at the same room per process (docs/performance.md, "From one process to four").
"""

import socketio


class LocalRoomsRedisManager(socketio.RedisManager):
    def _handle_emit(self, message: dict) -> None:
        namespace = message.get("namespace") or "/"
        if next(iter(self.get_participants(namespace, message.get("room"))), None) is None:
            return
        super()._handle_emit(message)
