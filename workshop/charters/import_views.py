# Placeholder while the import is built.
from flask import abort

from . import bp


@bp.get("/charters/import")
def import_start():
    abort(404)
