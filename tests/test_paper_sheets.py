"""The paper tag sheets: each example charter's, as usual and in easy read, read back from the PDF and the Word file,
and downloaded through the API (docs/api.md), made in a worker as every download is.

The PDF's pages are kept as images in test-artifacts/paper-sheets/ for people to look at (pdftoppm, from
poppler-utils, which `make test` installs), and the Word file's too where LibreOffice is installed.
"""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from test_downloads import jobs as jobs  # noqa: F401 (a fixture)
from test_forms import signed_in

from workshop import labels
from workshop.api.exports import DOCX_TYPE
from workshop.export.paper_docx import sheet_docx
from workshop.export.paper_pdf import sheet_pdf
from workshop.export.paper_sheet import EASY_READ_SIZES, NO_SUCH_CHARTER, SIZES, Boxes, Together, paper_sheet
from workshop.live.workshops import create_workshop
from workshop.models import Facilitator

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "paper-sheets"
EXAMPLES = ["warwickshire", "stockport", "south-gloucestershire", "cheshire-east"]
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def workshop(session, seeded, facilitator):
    made = create_workshop(session, facilitator, title="Refreshing our charter", area="Kent", charter_slugs=EXAMPLES)
    session.commit()
    return made


def flat(text: str) -> str:
    return " ".join(text.split())


def statements(board, easy_read: bool) -> list[str]:
    """Each statement's words as the sheet prints them, in the phone's order: by theme, then position."""
    return [
        flat((statement.easy_read if easy_read else None) or statement.text)
        for theme in board.charter.current_themes
        for statement in theme.current_statements
    ]


def pdf_pages(document: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(document)).pages]


def smallest_print(document: bytes) -> float:
    """The smallest size any text of the PDF is set in, in points."""
    sizes = []
    for page in PdfReader(io.BytesIO(document)).pages:
        page.extract_text(
            visitor_text=lambda text, _cm, tm, _font, size: sizes.append(size * abs(tm[3])) if text.strip() else None
        )
    return min(sizes)


def _run(*command: str, cwd: Path | None = None) -> str:
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True, timeout=240).stdout


def _needs(*programs: str) -> None:
    if any(shutil.which(program) is None for program in programs):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs {', '.join(programs)} (make test installs them)")
        pytest.skip(f"{', '.join(programs)} not installed: `make test` installs them")


@pytest.mark.parametrize("easy_read", [False, True], ids=["usual", "easy-read"])
def test_each_example_charters_pdf_says_everything_on_numbered_pages_in_large_print(session, workshop, easy_read):
    _needs("pdftoppm")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    register = 1 if easy_read else 0
    hints = labels.CHOICE_HINTS_EASY if easy_read else labels.CHOICE_HINTS
    for board in workshop.boards:
        sheet = paper_sheet(workshop, board, easy_read)
        document = sheet_pdf(sheet)
        pages = pdf_pages(document)
        title = flat(board.charter.title)
        words = statements(board, easy_read)
        assert 2 <= len(pages) <= len(words) // 2 + 2, (board.charter.slug, len(pages))

        first = pages[0]
        assert "Refreshing our charter" in first and title in first
        assert flat(labels.PAPER_SHEET["tick"][register]) in first
        for value, label in labels.TAGS.items():
            assert f"{label}: {hints[value]}" in first
        assert all(group in first for group in labels.GROUPS.values())
        # Every page says whose it is and which it is, so that loose pages can be put back in order.
        for number, text in enumerate(pages, start=1):
            assert f"{title}. {sheet.name}. Page {number} of {len(pages)}" in text, (board.charter.slug, number)

        # Each statement once, numbered as on the phones, in order, with its three boxes' labels.
        whole = " ".join(pages)
        place = 0
        for number, statement in enumerate(words, start=1):
            heading = f"Statement {number} of {len(words)} {statement} Borrow Adapt Ignore"
            found = whole.find(heading, place)
            assert found > place, (board.charter.slug, heading)
            place = found
        assert whole.find(labels.PHONE_WORDS["missing_title"][register], place) > place
        assert smallest_print(document) >= 14

        name = f"{board.charter.slug}-{'easy-read' if easy_read else 'usual'}"
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
        (ARTIFACTS / f"{name}.pdf").write_bytes(document)
        _run("pdftoppm", "-r", "50", "-png", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name))
        assert len(list(ARTIFACTS.glob(f"{name}-*.png"))) == len(pages)


def test_the_easy_read_sheet_is_larger_still_and_says_which_statements_have_no_easy_read(session, workshop):
    assert min(SIZES.body, SIZES.footer) >= 14 and EASY_READ_SIZES.body > SIZES.body
    board = workshop.boards[0]
    board.charter.current_statements[0].easy_read = None
    whole = " ".join(pdf_pages(sheet_pdf(paper_sheet(workshop, board, easy_read=True))))
    assert flat(board.charter.current_statements[0].text) in whole
    assert labels.PAPER_SHEET["own_words"][1] in whole
    assert labels.PAPER_SHEET["own_words"][1] not in " ".join(pdf_pages(sheet_pdf(paper_sheet(workshop, board, False))))


def test_a_workshop_that_does_not_ask_for_groups_has_no_group_boxes(session, workshop):
    workshop.ask_groups = False
    sheet = paper_sheet(workshop, workshop.boards[0], easy_read=False)
    boxes = [block for together in sheet.blocks if isinstance(together, Together) for block in together.blocks]
    assert [block.options for block in boxes if isinstance(block, Boxes) and not block.large] == []
    assert labels.GROUPS["health"] not in " ".join(pdf_pages(sheet_pdf(sheet)))


@pytest.mark.parametrize("easy_read", [False, True], ids=["usual", "easy-read"])
def test_each_example_charters_word_sheet_says_the_same(session, workshop, easy_read):
    for board in workshop.boards:
        sheet = paper_sheet(workshop, board, easy_read)
        document = Document(io.BytesIO(sheet_docx(sheet)))
        texts = [flat(paragraph.text) for paragraph in document.paragraphs]
        words = statements(board, easy_read)
        assert texts[:2] == ["Refreshing our charter", flat(board.charter.title)]
        for number, statement in enumerate(words, start=1):
            at = texts.index(f"Statement {number} of {len(words)}")
            assert texts[at + 1] == statement
        # The statements' boxes, each labelled in words; the groups' boxes first.
        labelled = [[flat(cell.text) for cell in table.rows[0].cells if cell.text] for table in document.tables]
        assert labelled.count(list(labels.TAGS.values())) == len(words)
        assert labelled[0] == list(labels.GROUPS.values())[:2]
        footer = document.sections[0].footer.paragraphs[0].text
        assert footer.startswith(f"{flat(board.charter.title)}. {sheet.name}. Page ")
        assert document.core_properties.language == "en-GB"
        assert document.styles["Normal"].font.size.pt >= 14


def test_libreoffice_prints_the_word_sheet_on_numbered_pages(session, workshop, tmp_path):
    """The Word sheet as LibreOffice prints it; its pages are kept as images for people to look at."""
    _needs("libreoffice", "pdftotext", "pdftoppm")
    board = next(board for board in workshop.boards if board.charter.slug == "stockport")
    for easy_read in (False, True):
        name = f"stockport-{'easy-read' if easy_read else 'usual'}-word"
        (tmp_path / f"{name}.docx").write_bytes(sheet_docx(paper_sheet(workshop, board, easy_read)))
    profile = (tmp_path / "lo-profile").as_uri()
    _run(
        *("libreoffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"),
        *("--outdir", str(tmp_path), "stockport-usual-word.docx", "stockport-easy-read-word.docx"),
        cwd=tmp_path,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("stockport-usual-word", "stockport-easy-read-word"):
        pdf = tmp_path / f"{name}.pdf"
        info = _run("pdfinfo", str(pdf)).splitlines()
        pages = int(next(line for line in info if line.startswith("Pages:")).split()[1])
        last = flat(_run("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"))
        assert f"Page {pages} of {pages}" in last and flat(board.charter.title) in last
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
        _run("pdftoppm", "-r", "50", "-png", str(pdf), str(ARTIFACTS / name))


# --- Downloading them -------------------------------------------------------------------------------------------


def sheet_address(workshop, charter, file_type: str) -> str:
    return f"/api/workshops/{workshop.id}/paper-sheets/{charter.slug}.{file_type}"


def test_the_api_gives_each_sheet_as_pdf_and_word_made_in_a_worker(client, session, workshop, facilitator, jobs):
    client = signed_in(client, facilitator)
    charter = next(board.charter for board in workshop.boards if board.charter.slug == "stockport")

    response = client.get(sheet_address(workshop, charter, "pdf"))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="kent-paper-tag-sheet-stockport-\d{4}-\d\d-\d\d\.pdf"',
        response.headers["Content-Disposition"],
    )
    pages = pdf_pages(response.data)
    assert f"{flat(charter.title)}. Paper tag sheet. Page 1 of {len(pages)}" in pages[0]

    response = client.get(sheet_address(workshop, charter, "docx"), query_string={"easy_read": "yes"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == DOCX_TYPE
    assert "-paper-tag-sheet-stockport-easy-read-" in response.headers["Content-Disposition"]
    texts = [flat(paragraph.text) for paragraph in Document(io.BytesIO(response.data)).paragraphs]
    assert flat(charter.current_statements[0].easy_read) in texts
    assert jobs == ["_made", "_made"]


def test_a_sheet_asked_for_wrongly_is_refused_with_what_was_wrong(client, session, workshop, facilitator, jobs):
    client = signed_in(client, facilitator)
    charter = workshop.boards[0].charter
    elsewhere = create_workshop(session, facilitator, title="Another", charter_slugs=["stockport"])
    session.commit()
    stockport = elsewhere.boards[0].charter
    other_charter = next(board.charter for board in workshop.boards if board.charter.slug != "stockport")

    response = client.get(sheet_address(elsewhere, other_charter, "pdf"))
    assert response.status_code == 404
    assert response.get_json() == {"error": "no_such_charter", "message": NO_SUCH_CHARTER}
    response = client.get(sheet_address(workshop, charter, "pdf"), query_string={"easy_read": "maybe"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_easy_read"
    assert response.get_json()["message"].startswith("The paper tag sheet cannot be made: ")
    assert client.get(sheet_address(workshop, charter, "txt")).status_code == 404
    assert client.get(sheet_address(elsewhere, stockport, "pdf"), query_string={"easy_read": "no"}).status_code == 200
    assert jobs == ["_made"]


def test_only_the_workshops_facilitators_may_have_its_sheets(app, client, session, workshop, jobs):
    charter = workshop.boards[0].charter
    assert client.get(sheet_address(workshop, charter, "pdf")).status_code == 401
    other = Facilitator(email="other@example.org", password_hash="unused")
    session.add(other)
    session.commit()
    response = signed_in(app.test_client(), other).get(sheet_address(workshop, charter, "docx"))
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert jobs == []
