"""The floor for an acknowledgement: python-socketio on the app's own stack, storing nothing.

The same gevent server, handler and python-socketio as `python -m workshop`,
with an `operation` handler that answers at once. `bench/ack_floor.py` runs it
beside the app under the same clients, so that what the app adds per tap can be
told from what the stack costs.

    .venv/bin/python bench/echo_server.py 5123
"""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from workshop.serving import NoDelayHandler  # noqa: E402

server = socketio.Server(async_mode="gevent")


@server.event
def connect(sid, environ, auth):
    return True


@server.on("operation")
def operation(sid, data):
    return {"ok": True, "id": data.get("id") if isinstance(data, dict) else None}


def health(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


if __name__ == "__main__":
    app = socketio.WSGIApp(server, health)
    pywsgi.WSGIServer(("127.0.0.1", int(sys.argv[1])), app, handler_class=NoDelayHandler, log=None).serve_forever()
