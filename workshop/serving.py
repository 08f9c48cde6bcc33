"""What serving with gevent needs beyond Flask-SocketIO's defaults; imported after monkey-patching."""

import socket

from gevent import pywsgi


class NoDelayHandler(pywsgi.WSGIHandler):
    """Sends each small frame (an acknowledgement, a count) at once, and ends a connection whose WebSocket ended.

    With Nagle's algorithm on, a frame written while an earlier one is still
    unacknowledged waits for the phone's delayed ACK, up to 40 ms on Linux.
    """

    def handle(self):
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle()

    def handle_one_response(self):
        super().handle_one_response()
        if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            # The WebSocket ran on the connection (simple-websocket reads and writes
            # the socket itself) and is over. Whatever the browser still sends on it,
            # such as its half of the closing handshake, is WebSocket frames, not
            # another HTTP request: without this, gevent read the close frame as one
            # and logged "Invalid HTTP method" for every WebSocket that closed.
            self.close_connection = True
