"""The charter library over the API: reading it, and importing a council's own charter into it.

Importing is two steps, as on the pages: the upload or the pasted text is read
into a preview, which is stored nowhere; the preview, corrected as need be, is
then sent back to be saved.
"""

from flask import jsonify, request, url_for
from flask_login import current_user

from ..auth.permissions import facilitator_required
from ..charters.importing import (
    AREA_LENGTH,
    INTRODUCTION_LENGTH,
    PASTED_TEXT,
    TITLE_LENGTH,
    read_pasted_text,
    read_upload,
    save_problems,
    store_imported,
)
from ..charters.library import charter_details, get_charter, list_charters
from ..charters.structure import ParsedCharter, ParsedTheme
from ..errors import DomainError, NotFound
from ..extensions import db
from ..text import clean_text
from . import bp
from .bodies import ImportedCharterBody, PastedCharterBody, json_body


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
            "statements": [{"id": s.id, "text": s.text, "easy_read": s.easy_read} for s in theme.current_statements],
        }
        for theme in found.current_themes
    ]
    return jsonify(body)


def _preview(charter: ParsedCharter, source_name: str) -> dict:
    return {
        "title": charter.title,
        "area": charter.area,
        "introduction": charter.introduction,
        "themes": [{"title": theme.title, "statements": list(theme.statements)} for theme in charter.themes],
        "source_name": source_name,
        "statement_count": charter.statement_count,
        "problems": save_problems(charter),
    }


@bp.post("/charters/import")
@facilitator_required
def import_charter():
    """A Word document or PDF (multipart, as `file`) or pasted text (JSON) read into a preview; nothing is kept."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        title, area = request.form.get("title", ""), request.form.get("area", "")
        charter = read_upload(upload.read(), title=title, area=area)
        source_name = clean_text(upload.filename.replace("\\", "/").rsplit("/", 1)[-1], 200, single_line=True)
    elif request.mimetype == "multipart/form-data":
        raise DomainError("no_file", "Send the Word document or PDF as the form's 'file', or the text as JSON.")
    else:
        body = json_body(PastedCharterBody)
        charter = read_pasted_text(body.text, title=body.title, area=body.area)
        source_name = PASTED_TEXT
    return jsonify(_preview(charter, source_name))


@bp.post("/charters")
@facilitator_required
def save_charter():
    body = json_body(ImportedCharterBody)
    charter = ParsedCharter(
        title=clean_text(body.title, TITLE_LENGTH, single_line=True),
        area=clean_text(body.area, AREA_LENGTH, single_line=True),
        introduction=clean_text(body.introduction, INTRODUCTION_LENGTH),
        themes=[
            ParsedTheme(
                clean_text(theme.title, TITLE_LENGTH, single_line=True),
                [text for text in (clean_text(statement) for statement in theme.statements) if text],
            )
            for theme in body.themes
        ],
    )
    problems = save_problems(charter)
    if problems:
        raise DomainError("invalid_charter", next(iter(problems.values())) + ".")
    source_name = clean_text(body.source_name, 200, single_line=True) or PASTED_TEXT
    stored = store_imported(db.session, charter, source_name, current_user.id)
    db.session.commit()
    answer = charter_summary(stored, charter.statement_count)
    return jsonify(answer | {"url": url_for("charters.charter", slug=stored.slug)}), 201
