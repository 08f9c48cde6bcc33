from flask import current_app, jsonify, render_template
from sqlalchemy import text

from ..extensions import db
from ..models import DEFAULT_API_TOKEN_DAYS, PARTICIPANT_COOKIE_DAYS
from . import bp


@bp.get("/")
def home():
    return render_template("site/home.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/accessibility")
def accessibility():
    return render_template("site/accessibility.html")


@bp.get("/privacy")
def privacy():
    """The privacy notice, with this installation's own periods and minimum."""
    config = current_app.config
    return render_template(
        "site/privacy.html",
        cookie_days=PARTICIPANT_COOKIE_DAYS,
        phone_copy_hours=config["PHONE_COPY_HOURS"],
        min_group_size=config["MIN_GROUP_SIZE"],
        token_days=DEFAULT_API_TOKEN_DAYS,
        names_days=config["RETENTION_NAMES_DAYS"],
        workshops_days=config["RETENTION_WORKSHOPS_DAYS"],
    )
