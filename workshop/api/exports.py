"""Taking a workshop away: the draft as Word, the tags as CSV, the whole workshop as JSON, and importing it again.

Each file is made, and an imported one read, in a worker process (api/downloads.py), so that no
workshop, however large, holds up the room's phones.
"""

from datetime import date
from typing import Literal

from flask import Response, jsonify, request
from flask_login import current_user

from ..auth.permissions import facilitator_required
from ..charters.library import slugify
from ..errors import DomainError
from ..export.csv import actions_csv, priorities_csv, results_csv, tags_csv
from ..export.paper_sheet import board_for_charter
from ..extensions import db
from ..live.links import join_url, projector_url
from ..live.viewers import facilitated_workshop
from ..models import DEFAULT_DOCUMENT_PARTS, DOCUMENT_PARTS, Workshop
from ..reviews.reviewing import review_of
from ..validation import Schema, validated
from . import bp
from .bodies import sent_json
from .downloads import draft_file, import_file, paper_sheet_file, prepare, review_file, workshop_file
from .reviews import adopted_charter

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV_TYPE = "text/csv; charset=utf-8"
# The paper tag sheets' two kinds of file.
SHEET_TYPES = {"pdf": "application/pdf", "docx": DOCX_TYPE}


def _download(body: bytes | str, mimetype: str, workshop: Workshop, what: str, extension: str) -> Response:
    """An attachment named after the area and today, such as kent-draft-charter-2026-11-23.docx."""
    name = slugify(workshop.area or workshop.title)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}-{what}-{date.today().isoformat()}.{extension}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


class DocumentParts(Schema):
    """What goes in the Word draft: `include` lists its parts, repeated or separated by commas."""

    include: list[Literal[*DOCUMENT_PARTS]]


def _document_parts() -> frozenset[str]:
    """The parts asked for; the defaults when `include` is not given. An empty value adds nothing, so that a
    form can say "none of them" with include= alone."""
    given = request.args.getlist("include")
    if not given:
        return DEFAULT_DOCUMENT_PARTS
    parts = [part.strip() for value in given for part in value.split(",") if part.strip()]
    return frozenset(
        validated(
            DocumentParts, {"include": parts}, "invalid_include", "The Word draft cannot be made: ", "the address"
        ).include
    )


@bp.get("/workshops/<int:workshop_id>/draft.docx")
@facilitator_required
def draft_docx(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    document = prepare(draft_file, workshop, _document_parts(), date.today())
    return _download(document, DOCX_TYPE, workshop, "draft-charter", "docx")


@bp.get("/workshops/<int:workshop_id>/reviews/<int:review_id>/report.docx")
@facilitator_required
def review_report_download(workshop_id, review_id):
    """You said, we did: one review of the adopted charter."""
    workshop, draft = adopted_charter(workshop_id)
    review = review_of(draft, review_id)
    document = prepare(review_file, workshop, review.id, date.today())
    return _download(document, DOCX_TYPE, workshop, "you-said-we-did", "docx")


class SheetVersion(Schema):
    """Which paper tag sheet: `easy_read=yes` for the one in easy read."""

    easy_read: Literal["yes", "no"] = "no"


@bp.get("/workshops/<int:workshop_id>/paper-sheets/<slug>.<any(pdf, docx):file_type>")
@facilitator_required
def paper_sheet_download(workshop_id, slug, file_type):
    """A charter's paper tag sheet, for people who would rather tick boxes on paper."""
    workshop = facilitated_workshop(db.session, workshop_id)
    board = board_for_charter(workshop, slug)
    asked = {"easy_read": value} if (value := request.args.get("easy_read")) is not None else {}
    version = validated(SheetVersion, asked, "invalid_easy_read", "The paper tag sheet cannot be made: ", "the address")
    easy_read = version.easy_read == "yes"
    sheet = prepare(paper_sheet_file, workshop, board.charter.slug, file_type, easy_read)
    what = f"paper-tag-sheet-{board.charter.slug}{'-easy-read' if easy_read else ''}"
    return _download(sheet, SHEET_TYPES[file_type], workshop, what, file_type)


@bp.get("/workshops/<int:workshop_id>/results.csv")
@facilitator_required
def results_download(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    return _download(prepare(results_csv, workshop), CSV_TYPE, workshop, "results", "csv")


@bp.get("/workshops/<int:workshop_id>/priorities.csv")
@facilitator_required
def priorities_download(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    return _download(prepare(priorities_csv, workshop), CSV_TYPE, workshop, "priorities", "csv")


@bp.get("/workshops/<int:workshop_id>/actions.csv")
@facilitator_required
def actions_download(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    return _download(prepare(actions_csv, workshop), CSV_TYPE, workshop, "action-plan", "csv")


# Said when the file of every tag is asked for without saying so: what it holds, and what to ask for instead.
PER_PERSON_NOT_CHOSEN = (
    "This file has a row for every tag, with each participant's number, so anyone who knows who sat where "
    "could read one person's every choice. To have it anyway, ask for it with per_person=yes. The results "
    "(results.csv) have no row for any one person."
)


@bp.get("/workshops/<int:workshop_id>/tags.csv")
@facilitator_required
def tags(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    if request.args.get("per_person") != "yes":
        raise DomainError("per_person_not_chosen", PER_PERSON_NOT_CHOSEN)
    return _download(prepare(tags_csv, workshop), CSV_TYPE, workshop, "tags", "csv")


@bp.get("/workshops/<int:workshop_id>/export.json")
@facilitator_required
def export(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    return _download(prepare(workshop_file, workshop), "application/json", workshop, "workshop", "json")


@bp.post("/workshops/import")
@facilitator_required
def import_():
    workshop = db.session.get(Workshop, import_file(sent_json(), current_user))
    return (
        jsonify(id=workshop.id, code=workshop.code, join_url=join_url(workshop), projector_url=projector_url(workshop)),
        201,
    )
