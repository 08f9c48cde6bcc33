"""`python -m workshop`: serve the app, as `make run` does and as production does.

It serves with gevent (ASYNC_MODE=threading serves with Werkzeug's threads
instead; docs/architecture.md says why gevent). gevent needs the standard
library monkey-patched before anything else is imported, so the imports come
after that, inside main(); `workshop/__init__.py` imports nothing at the top
for the same reason.
"""

import os

SERVER_MODES = ("gevent", "threading")


def main() -> None:
    mode = os.environ.get("ASYNC_MODE") or "gevent"
    if mode not in SERVER_MODES:
        raise SystemExit(f"ASYNC_MODE must be one of {', '.join(SERVER_MODES)}, not {mode!r}")
    if mode == "gevent":
        from gevent import monkey

        monkey.patch_all()

    import gc
    import logging

    from . import create_app, jobs
    from .auth.accounts import has_any_facilitator
    from .extensions import db, socketio

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app({"ASYNC_MODE": mode})
    host = os.environ.get("HOST", "127.0.0.1")
    port = app.config["PORT"]
    log = logging.getLogger("workshop")
    log.info("Serving Charter Workshop on http://%s:%s (%s)", host, port, mode)
    with app.app_context():
        if not has_any_facilitator(db.session):
            log.info("No facilitator account yet: open http://%s:%s/setup to create the first one", host, port)
    # The garbage collector's passes stop everything, for longer the larger the heap, and a
    # room of phones makes a large one. Leave what was made at start, which lives as long as
    # the process, out of them, and collect less often: a room of 1,000 phones spent half as
    # long collecting (docs/performance.md).
    # Imports and downloads are made in a worker process forked from a server of their own, which
    # takes seconds to get ready: started now, it is ready for the first one (workshop/jobs.py).
    jobs.start()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    options = {}
    if mode == "gevent":
        from .serving import NoDelayHandler

        options["handler_class"] = NoDelayHandler
    try:
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, **options)
    except KeyboardInterrupt:
        log.info("Stopped")


if __name__ == "__main__":
    main()
