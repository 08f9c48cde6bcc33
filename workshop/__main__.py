"""`python -m workshop`: serve the app (what `make run` calls)."""

import logging
import os

from . import create_app
from .auth.accounts import has_any_facilitator
from .extensions import db, socketio


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    host = os.environ.get("HOST", "127.0.0.1")
    port = app.config["PORT"]
    log = logging.getLogger("workshop")
    log.info("Serving Charter Workshop on http://%s:%s", host, port)
    with app.app_context():
        if not has_any_facilitator(db.session):
            log.info("No facilitator account yet: open http://%s:%s/setup to create the first one", host, port)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    main()
