"""The charter library over the API."""

from flask import jsonify

from ..charters.library import charter_details, get_charter, list_charters
from ..errors import NotFound
from ..extensions import db
from . import bp


def charter_summary(charter, statement_count: int) -> dict:
    return charter_details(charter) | {"statement_count": statement_count}


@bp.get("/charters")
def charters():
    return jsonify(charters=[charter_summary(c, count) for c, count in list_charters(db.session)])


@bp.get("/charters/<slug>")
def charter(slug):
    found = get_charter(db.session, slug)
    if found is None:
        raise NotFound("not_found", f"There is no charter called '{slug}'. GET /api/charters lists them.")
    body = charter_summary(found, len(found.current_statements))
    body["introduction"] = found.introduction
    body["themes"] = [
        {
            "id": theme.id,
            "title": theme.title,
            "statements": [{"id": s.id, "text": s.text} for s in theme.current_statements],
        }
        for theme in found.current_themes
    ]
    return jsonify(body)
