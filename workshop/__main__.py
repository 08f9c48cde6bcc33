"""`python -m workshop`: serve the app (what `make run` calls)."""

import logging
import os

from . import create_app
from .extensions import socketio


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    host = os.environ.get("HOST", "127.0.0.1")
    port = app.config["PORT"]
    logging.getLogger("workshop").info("Serving Charter Workshop on http://%s:%s", host, port)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    main()
