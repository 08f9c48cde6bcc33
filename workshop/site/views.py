from flask import jsonify, render_template
from sqlalchemy import text

from ..extensions import db
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
    return render_template("site/privacy.html")
