"""Every download, and the workshop file's import, made in a worker process (workshop/jobs.py).

Making a Word document, a spreadsheet or the workshop's file, and reading a
workshop file back, takes CPU time in proportion to the workshop. Done in the
request, on the event loop that also answers every phone, a large workshop
would stall every room on the server. So the routes hand each to `prepare`
(or `import_file`), which runs it in a worker within the installation's job
limits. The worker opens the database itself, by its address: only plain
values (ids, the parts asked for, the file's bytes) go to it, and the file or
the new workshop's id comes back.
"""

import json
from datetime import date

from flask import current_app
from sqlalchemy.orm import Session

from ..database import session_for
from ..draft.drafting import load_draft
from ..errors import Conflict
from ..export.archive import export_workshop, import_workshop
from ..export.docx import draft_document
from ..export.paper_docx import sheet_docx
from ..export.paper_sheet import board_for_charter, paper_sheet
from ..export.report import review_report
from ..jobs import Refusal, run_job
from ..models import Facilitator, Workshop
from ..reviews.reviewing import review_of
from .bodies import json_object

# When making a download took longer or needed more memory than it should.
TOO_MUCH_TO_PREPARE = Refusal(
    "cannot_export",
    "Preparing the download",
    "Try again in a minute. If it is refused again, leave out some of the Word document's parts, "
    "or ask whoever runs this installation to raise its limits.",
    503,
)
# When reading a workshop file did.
TOO_MUCH_TO_IMPORT = Refusal(
    "cannot_import", "Reading the workshop file", "Import only a file exported from a workshop in this app."
)
NO_DRAFT = "There is no draft yet. Start the draft in the console first, then download it."


def prepare(make, workshop: Workshop, *args):
    """`make(session, workshop, *args)`, a module's own function, in a worker: the file it makes."""
    database_url = current_app.config["DATABASE_URL"]
    return run_job(_made, database_url, make, workshop.id, *args, refusal=TOO_MUCH_TO_PREPARE)


def import_file(raw: bytes, owner: Facilitator) -> int:
    """The workshop in an exported file (its bytes), imported for `owner` in a worker: the new workshop's id."""
    database_url = current_app.config["DATABASE_URL"]
    return run_job(_imported, database_url, raw, owner.id, refusal=TOO_MUCH_TO_IMPORT)


# --- What each download makes, in the worker ------------------------------------------


def draft_file(session: Session, workshop: Workshop, parts: frozenset[str], today: date) -> bytes:
    draft = load_draft(session, workshop.id)
    if draft is None:
        raise Conflict("no_draft", NO_DRAFT)
    return draft_document(session, workshop, draft, today, parts)


def review_file(session: Session, workshop: Workshop, review_id: int, today: date) -> bytes:
    """You said, we did: one review of the adopted charter."""
    draft = load_draft(session, workshop.id)
    return review_report(session, workshop, draft, review_of(draft, review_id), today)


def paper_sheet_file(session: Session, workshop: Workshop, slug: str, file_type: str, easy_read: bool) -> bytes:
    """A charter's paper tag sheet, as PDF or Word (`file_type`), as usual or in easy read."""
    sheet = paper_sheet(workshop, board_for_charter(workshop, slug), easy_read)
    if file_type == "pdf":
        # fpdf2 is imported here, in the worker, whose fork server has it loaded: the server itself never needs it.
        from ..export.paper_pdf import sheet_pdf

        return sheet_pdf(sheet)
    return sheet_docx(sheet)


def workshop_file(session: Session, workshop: Workshop) -> str:
    return json.dumps(export_workshop(session, workshop), ensure_ascii=False, indent=1)


def _made(database_url: str, make, workshop_id: int, *args):
    with session_for(database_url) as session:
        return make(session, session.get(Workshop, workshop_id), *args)


def _imported(database_url: str, raw: bytes, owner_id: int) -> int:
    with session_for(database_url) as session:
        workshop = import_workshop(session, json_object(raw), session.get(Facilitator, owner_id))
        session.commit()
        return workshop.id
