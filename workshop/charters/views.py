from flask import abort, render_template

from ..extensions import db
from . import bp
from .library import get_charter, list_charters


@bp.get("/charters")
def library():
    return render_template("charters/library.html", charters=list_charters(db.session))


@bp.get("/charters/<slug>")
def charter(slug):
    found = get_charter(db.session, slug)
    if found is None:
        abort(404)
    return render_template("charters/charter.html", charter=found)
