"""Charter Workshop: review example charters live, together, and draft your own.

Importing the package imports nothing else: `python -m workshop` first
monkey-patches the standard library for gevent, and only then imports Flask,
SQLAlchemy, Redis and the rest (see workshop/__main__.py).
"""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> "Flask":
    from flask import Flask

    from . import answers, compression, inline_styles, labels, limits, security
    from .config import load_config
    from .database import upgrade
    from .extensions import csrf, db, login_manager, socketio
    from .live.messages import ReadablePacket
    from .message_queue import LocalRoomsRedisManager
    from .validation import IdConverter

    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_mapping(load_config(Path(app.instance_path), config))
    # Every <int:...> in a route is an id.
    app.url_map.converters["int"] = IdConverter

    db.init_app(app)
    if app.config["MIGRATE_ON_START"]:
        upgrade(db.engine)

    login_manager.init_app(app)
    csrf.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        # Several processes hear each other's emits through Redis (docs/architecture.md).
        client_manager=LocalRoomsRedisManager(app.config["REDIS_URL"], channel=app.config["SOCKETIO_CHANNEL"])
        if app.config["REDIS_URL"]
        else None,
        # Engine.IO already runs each message in a greenlet (or thread) of its own: a
        # second one for the event handler would cost a greenlet and a switch per tap.
        async_handlers=False,
        # Every event is answered, one that cannot be read too (live/messages.py).
        serializer=ReadablePacket,
    )
    from .uploads import UploadsInTurns

    app.wsgi_app = UploadsInTurns(app.wsgi_app)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Around Socket.IO's middleware too, so that a connection sees the client's address and scheme.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    limits.init_app(app)

    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .charters import bp as charters_bp
    from .draft import bp as draft_bp
    from .live import bp as live_bp
    from .live.broadcast import broadcaster
    from .live.events import init_app as init_live_events
    from .reviews import bp as reviews_bp
    from .site import bp as site_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(charters_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(draft_bp)
    app.register_blueprint(reviews_bp)
    broadcaster.init_app(app)
    init_live_events(app)
    app.register_blueprint(api_bp, url_prefix="/api")

    answers.init_app(app)
    labels.init_app(app)
    inline_styles.init_app(app)
    security.init_app(app)
    compression.init_app(app)

    from .auth.cli import facilitator_cli
    from .charters.cli import charters_cli
    from .cli import db_cli
    from .live.cli import retention_cli, workshops_cli

    app.cli.add_command(facilitator_cli)
    app.cli.add_command(charters_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(workshops_cli)
    app.cli.add_command(retention_cli)

    if app.config["SEED_ON_START"]:
        from .charters.seeding import seed_library

        with app.app_context():
            seed_library(db.session, app.config["SEED_CHARTERS_DIR"])
            db.session.commit()
    return app
