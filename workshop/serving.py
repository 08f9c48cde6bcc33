"""What serving with gevent needs beyond Flask-SocketIO's defaults; imported after monkey-patching."""

import socket

from gevent import pywsgi


class NoDelayHandler(pywsgi.WSGIHandler):
    """Sends each small frame (an acknowledgement, a count) at once.

    With Nagle's algorithm on, a frame written while an earlier one is still
    unacknowledged waits for the phone's delayed ACK, up to 40 ms on Linux.
    """

    def handle(self):
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle()
