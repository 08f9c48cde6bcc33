"""The draft charter as a Word document: read back with python-docx, and rendered by LibreOffice."""

import difflib
import io
import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree
from sqlalchemy import select
from test_export_data import ADAPTED, CHOSEN_REWORDING, EDITED, FROM_CARD, KENT_THEMES, NAMES, api_headers, did_we
from test_export_data import kent as kent  # noqa: F401 (a fixture)

from workshop.draft.drafting import load_draft
from workshop.export.docx import SUMMARY_STATEMENT_MAX, draft_document
from workshop.live.breakdowns import protected_counts
from workshop.live.results import board_counts
from workshop.live.workshops import create_workshop
from workshop.models import DEFAULT_DOCUMENT_PARTS, Draft, DraftStatement, DraftTheme, Facilitator
from workshop.models import DOCUMENT_PARTS as PARTS

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "docx"
TODAY = date(2026, 11, 23)
HEADINGS = [
    "Our commitment",
    "What we mean by working together",
    "What we will do",
    "Signatures",
    "How we will know",
    "Cut out and keep",
    "Appendix: What you said",
]


def statements_in_draft() -> list[str]:
    texts = [EDITED if text == ADAPTED else text for texts in KENT_THEMES.values() for text in texts]
    texts.insert(2, FROM_CARD)
    return texts


def sections(document) -> dict[str, list]:
    """The paragraphs and tables under each Heading 1, in order."""
    found: dict[str, list] = {}
    current = None
    for block in document.iter_inner_content():
        if not isinstance(block, Table) and block.style.name == "Heading 1":
            current = found.setdefault(block.text, [])
        elif current is not None:
            current.append(block)
    return found


def paragraphs(blocks, style: str) -> list[str]:
    return [b.text for b in blocks if not isinstance(b, Table) and b.style.name == style]


def tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def cell_texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell_texts(row))
    parts.extend(comment.text for comment in document.comments)
    return "\n".join(parts)


def kent_document(session, workshop, parts: frozenset[str] = DEFAULT_DOCUMENT_PARTS) -> bytes:
    return draft_document(session, workshop, load_draft(session, workshop.id), TODAY, parts)


def test_the_draft_downloads_as_word_with_every_section(client, session, kent):
    response = client.get(f"/api/workshops/{kent.id}/draft.docx", headers=api_headers(session, kent))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    filename = f"kent-draft-charter-{date.today().isoformat()}.docx"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    document = Document(io.BytesIO(response.data))

    properties = document.core_properties
    assert properties.title == "Kent Co-production Charter"
    assert properties.author == "Kent SEND partnership"
    assert properties.language == "en-GB"
    styles = document.styles.element
    assert styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == (
        "en-GB"
    )
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "en-GB"

    title_page = document.paragraphs[:4]
    assert [p.style.name for p in title_page[:2]] == ["Title", "Subtitle"]
    assert [p.text for p in title_page] == [
        "Kent Co-production Charter",
        "Kent",
        "Draft for consultation",
        date.today().strftime("%-d %B %Y"),
    ]

    found = sections(document)
    assert list(found) == HEADINGS
    for heading in (
        "Our commitment",
        "What we will do",
        "How we will know",
        "Cut out and keep",
        "Appendix: What you said",
    ):
        assert next(p for p in document.paragraphs if p.text == heading).paragraph_format.page_break_before

    # Commitment and definitions: the defaults, from Warwickshire's charter.
    assert "effective participation" in " ".join(paragraphs(found["Our commitment"], "Normal"))
    definitions = found["What we mean by working together"]
    assert paragraphs(definitions, "Heading 2") == ["Spectrum of participation", "Levels of involvement"]
    terms = [p.split(":")[0] for p in paragraphs(definitions, "List Bullet")]
    assert terms == [
        "Co-production",
        "Co-design",
        "Engagement",
        "Consultation",
        "Information",
        "Strategic level",
        "Service level",
        "Individual level",
    ]

    # The themes under real headings, each statement a real list paragraph.
    charter = found["What we will do"]
    assert paragraphs(charter, "Heading 2") == list(KENT_THEMES)
    assert paragraphs(charter, "List Bullet") == statements_in_draft()
    numbering = document.styles["List Bullet"].element.pPr.numPr
    assert numbering is not None and numbering.numId.val

    # The Word comment on the adapted statement keeps its original wording.
    adapted = next(p for p in charter if not isinstance(p, Table) and p.text == EDITED)
    assert adapted._p.find(qn("w:commentRangeStart")) is not None
    [comment] = list(document.comments)
    assert f"The original wording: \u201c{ADAPTED}\u201d" in comment.text
    assert comment.text.startswith("Adapted from Stockport")

    [signatures] = tables(found["Signatures"])
    assert cell_texts(signatures.rows[0]) == ["Partner", "Name", "Signature", "Date"]
    assert [row.cells[0].text for row in signatures.rows[1:]] == [
        "Kent County Council",
        "NHS Kent and Medway Integrated Care Board",
        "Kent PACT",
    ]

    know = found["How we will know"]
    assert paragraphs(know, "Heading 2") == list(KENT_THEMES)
    assert paragraphs(know, "List Number") == [did_we(text) for text in statements_in_draft()]

    summary = found["Cut out and keep"]
    assert paragraphs(summary, "List Bullet") == statements_in_draft()
    assert "did we do what we said we would?" in summary[-1].text

    # Every table's header row is marked, so that it repeats and is read as a header.
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    text = all_text(document)
    for name in NAMES:
        assert name not in text


def test_the_appendix_says_what_the_room_said(session, kent):
    document = Document(io.BytesIO(kent_document(session, kent, frozenset(PARTS))))
    appendix = sections(document)["Appendix: What you said"]
    assert (
        "8 people reviewed 3 example charters: Stockport, Cheshire East and South Gloucestershire" in appendix[0].text
    )
    # Only the parent carers are three or more: the rest are counted together.
    assert "Parent carer: 3, other groups: 5." in appendix[1].text
    assert "Groups of fewer than 3 people are not shown on their own" in appendix[2].text
    headings = paragraphs(appendix, "Heading 2")
    assert headings[0] == "The results at a glance" and headings[1].startswith("Stockport")
    assert headings[-2:] == ["What's missing", "Where each statement came from"]

    # One compact table of counts per charter: a row per statement, everyone's and each group's in a cell.
    counts = tables(appendix)[0]
    assert cell_texts(counts.rows[0]) == ["Statement", "Everyone", "Parent carer", "Other groups"]
    stockport = kent.boards[0]
    statements = stockport.charter.current_statements
    assert len(counts.rows) == 1 + len(statements)
    expected = protected_counts(board_counts(session, stockport.id), 3)[statements[0].id]
    [row] = [cell_texts(row) for row in counts.rows if row.cells[0].text == ADAPTED]

    def tallies(counts):
        return "/".join(str(counts[v]) for v in ("borrow", "adapt", "ignore"))

    assert row == [
        ADAPTED,
        tallies(expected["total"]),
        tallies(expected["by_group"]["parent_carer"]),
        tallies(expected["other_groups"]),
    ]
    assert sum(int(count) for count in row[1].split("/")) == 8, "the removed person's tag is not counted"
    lead_in = next(text for text in paragraphs(appendix, "Normal") if text.startswith("How many chose"))
    assert "Borrow / Adapt / Ignore, in that order in each cell" in lead_in

    # The words under their statement, each wording once with how many gave it.
    words = paragraphs(appendix, "List Bullet")
    assert f"1 person suggested: \u201c{CHOSEN_REWORDING}\u201d" in words
    assert "1 person commented: \u201cSay who 'we' is\u201d" in words
    assert not any("Rubbish" in text for text in words), "hidden rewordings are left out"

    # The notes: a row each, with the column it was written in.
    notes = next(t for t in tables(appendix) if t.rows[0].cells[0].text == "Column")
    assert cell_texts(notes.rows[0]) == ["Column", "Note", "People"]
    assert [cell_texts(row) for row in notes.rows[1:]] == [
        ["Borrow", "Layout and welcoming and engaging appearance", "1"],
        ["Borrow", "Understandable tone, and accessible language", "1"],
        ["Adapt", "Use the word 'challenges' rather than 'weaknesses'", "1"],
        ["Adapt", "Add age range of children and young people", "1"],
        ["What's missing", "'Cut out and keep' - one page version", "1"],
    ], "the hidden note is left out"

    cards = next(t for t in tables(appendix) if t.rows[0].cells[0].text == "Card")
    assert [cell_texts(row) for row in cards.rows[1:]] == [
        ["Showing the commitment to children, young people and parents", "5"],
        ["Motivation for engaging with the charter as a parent carer", "1"],
    ]

    provenance = [t for t in tables(appendix) if t.rows[0].cells[0].text == "Statement" and len(t.columns) == 2]
    assert len(provenance) == 5
    history = {row.cells[0].text: row.cells[1].text.split("\n") for t in provenance for row in t.rows[1:]}
    assert list(history) == statements_in_draft()
    assert history[EDITED][0].startswith("Adapted from Stockport")
    assert history[EDITED][1] == "The room: borrow {borrow}, adapt {adapt}, ignore {ignore}.".format(
        **expected["total"]
    )
    assert history[EDITED][2:] == [
        f"The original wording: \u201c{ADAPTED}\u201d",
        f"The room's rewording was chosen: \u201c{CHOSEN_REWORDING}\u201d",
        f"Edited from \u201c{CHOSEN_REWORDING}\u201d to \u201c{EDITED}\u201d.",
    ]
    assert history[FROM_CARD] == [
        "From a What's missing card.",
        "Supports (+1): 5.",
        "The card said: \u201cShowing the commitment to children, young people and parents\u201d",
    ]
    borrowed = history["We will be transparent"]
    assert borrowed[0].startswith("Borrowed from Stockport") and borrowed[-1] == "Not changed."


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_by_default_the_document_is_one_to_send_with_the_results_as_a_picture(session, kent):
    data = kent_document(session, kent)
    document = Document(io.BytesIO(data))
    found = sections(document)
    assert list(found) == HEADINGS
    appendix = found["Appendix: What you said"]
    headings = paragraphs(appendix, "Heading 2")
    assert headings[0] == "The results at a glance"
    assert "What's missing" in headings and "Where each statement came from" not in headings
    assert not [t for t in tables(appendix) if t.rows[0].cells[0].text == "Statement"], "no counts, no provenance"

    # The picture: a PNG in the document, described in words for those who cannot see it.
    [picture] = document.inline_shapes
    description = picture._inline.docPr.get("descr")
    assert description.startswith("Bar chart of how the room tagged each statement of each charter")
    assert "Stockport: " in description and "Cheshire East: " in description
    [image] = [part for part in document.part.package.parts if part.partname.endswith(".png")]
    assert image.blob.startswith(b"\x89PNG")

    # A participant's words that look like a formula or a link stay plain text: no field, no hyperlink.
    words = paragraphs(appendix, "List Bullet")
    assert '1 person commented: \u201c=HYPERLINK("x") is not a plan\u201d' in words
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml")
    assert b"instrText" not in body and b"fldSimple" not in body and b"w:hyperlink" not in body


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_leaving_out_each_part_removes_it(session, kent):
    def found(parts):
        document = Document(io.BytesIO(kent_document(session, kent, frozenset(parts))))
        blocks = sections(document)
        appendix = blocks.get("Appendix: What you said", [])
        table_headers = [cell_texts(t.rows[0]) for t in tables(appendix)]
        return {
            "easy_read_summary": "Easy read summary" in blocks,
            "cut_out": "Cut out and keep" in blocks,
            "cut_out_easy_read": "Cut out and keep, in easy read" in blocks,
            "picture": len(document.inline_shapes) == 1
            and "The results at a glance" in paragraphs(appendix, "Heading 2"),
            "counts": "Borrow, adapt or ignore" in paragraphs(appendix, "Heading 3"),
            "words": any(text.startswith("1 person suggested") for text in paragraphs(appendix, "List Bullet")),
            "notes": ["Column", "Note", "People"] in table_headers,
            "cards": ["Card", "Supports (+1)"] in table_headers,
            "provenance": "Where each statement came from" in paragraphs(appendix, "Heading 2"),
        }

    assert found(PARTS) == dict.fromkeys(PARTS, True)
    for part in PARTS:
        assert found(set(PARTS) - {part}) == {other: other != part for other in PARTS}, part
    assert found(()) == dict.fromkeys(PARTS, False)


def test_a_workshop_without_a_draft_answers_409(client, session, kent):
    session.delete(session.scalar(select(Draft).where(Draft.workshop_id == kent.id)))
    session.commit()
    response = client.get(f"/api/workshops/{kent.id}/draft.docx", headers=api_headers(session, kent))
    assert response.status_code == 409
    assert response.get_json()["error"] == "no_draft"
    assert "Start the draft" in response.get_json()["message"]


LONG = "We will " + "keep listening to each other " * 715
UNBROKEN = "We will " + "x" * 3000


def awkward_document(session, owner: Facilitator) -> bytes:
    """Control characters everywhere, a 20,000-character statement and a 3,000-character word.

    The draft is not stored: databases refuse NUL and lone surrogates, and the export must not count on
    the text having been cleaned before.
    """
    workshop = create_workshop(session, owner, title="Awkward\x00", area="Kent\x0b", charter_slugs=["stockport"])
    session.commit()
    draft = Draft(
        workshop_id=workshop.id,
        title="A\x00 charter\x07 \ud800title",
        area="Kent\x1b",
        commitment="We\x00 commit.\n## Sub\x0bheading\n- Term\x01: what it\x02 means",
        definitions="\x00\x0c",
        signatories=["Kent\x00 County Council", "", "\x07"],
    )
    theme = DraftTheme(draft=draft, position=0, title="Ambi\x00tion")
    for position, text in enumerate(("We will\x00 be\x0b clear\ud800", LONG, UNBROKEN)):
        DraftStatement(
            theme=theme,
            position=position,
            text=text,
            did_we_question=text.replace("We will", "Did we") + "?",
            source_kind="adapted",
            source_charter_title="Stock\x00port",
            original_text=f"Original\x00 {text}",
        )
    return draft_document(session, workshop, draft, TODAY)


def test_control_characters_and_very_long_text_do_not_break_it(session, seeded):
    assert len(LONG) >= 20_000
    owner = Facilitator(email="lead@example.org", password_hash="unused")
    session.add(owner)
    document = Document(io.BytesIO(awkward_document(session, owner)))
    assert document.core_properties.title == "A charter title"
    found = sections(document)
    assert paragraphs(found["What we will do"], "List Bullet") == ["We will be clear", LONG.strip(), UNBROKEN]
    assert paragraphs(found["What we will do"], "Heading 2") == ["Ambition"]
    assert paragraphs(found["Our commitment"], "Heading 2") == ["Subheading"]
    assert paragraphs(found["Our commitment"], "List Bullet") == ["Term: what it means"]
    [signatures] = tables(found["Signatures"])
    assert [row.cells[0].text for row in signatures.rows[1:]] == ["Kent County Council"]
    assert len(list(document.comments)) == 3
    summary = paragraphs(found["Cut out and keep"], "List Bullet")
    assert summary[0] == "We will be clear"
    assert all(len(text) <= SUMMARY_STATEMENT_MAX for text in summary)
    assert summary[1].endswith("\u2026")


# --- rendered by LibreOffice ----------------------------------------------------------------


def _run(*command: str, cwd: Path | None = None) -> str:
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True, timeout=240).stdout


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_libreoffice_opens_and_renders_it(session, kent, tmp_path):
    """LibreOffice converts it to PDF; the pages are kept as images in test-artifacts/docx/ for people to look at."""
    if shutil.which("libreoffice") is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI needs LibreOffice and poppler (make test installs them)")
        pytest.skip("LibreOffice or poppler is not installed: `make test` installs them")
    (tmp_path / "kent.docx").write_bytes(kent_document(session, kent))
    (tmp_path / "awkward.docx").write_bytes(awkward_document(session, session.get(Facilitator, kent.owner_id)))
    profile = (tmp_path / "lo-profile").as_uri()
    _run(
        "libreoffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        "kent.docx",
        "awkward.docx",
        cwd=tmp_path,
    )

    pdf = tmp_path / "kent.pdf"
    pages = int(next(line for line in _run("pdfinfo", str(pdf)).splitlines() if line.startswith("Pages:")).split()[1])
    assert 8 <= pages <= 20, pages
    text = " ".join(_run("pdftotext", str(pdf), "-").split())
    for expected in (
        "Kent Co-production Charter",
        "Draft for consultation",
        "We will be timely and allow sufficient time for what we need to do together",
        "Did we listen to each other's views?",
        "What you said",
    ):
        assert expected in text
    # The summary fits on its one page: every statement and the closing question.
    summary_page = next(
        page
        for page in range(1, pages + 1)
        if "Cut out and keep" in _run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-")
    )
    summary = " ".join(_run("pdftotext", "-f", str(summary_page), "-l", str(summary_page), str(pdf), "-").split())
    for statement in statements_in_draft():
        assert statement in summary
    assert "did we do what we said we would?" in summary

    awkward = " ".join(_run("pdftotext", str(tmp_path / "awkward.pdf"), "-").split())
    assert "We will be clear" in awkward and "keep listening to each other keep listening" in awkward

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    _run("pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "kent"))
    _run("pdftoppm", "-r", "60", "-png", str(tmp_path / "awkward.pdf"), str(ARTIFACTS / "awkward"))
    assert len(list(ARTIFACTS.glob("kent-*.png"))) == pages


# The document's own XML, byte for byte: export/docx.py builds much of it by hand, for speed, where
# python-docx would. After a deliberate change to the document, write the file again and read the diff:
#     UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_docx.py -k golden
GOLDEN = Path(__file__).resolve().parent / "golden" / "kent_document.xml"


def test_the_documents_xml_is_the_golden_files_byte_for_byte(session, kent):
    with zipfile.ZipFile(io.BytesIO(kent_document(session, kent))) as document:
        xml = document.read("word/document.xml")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_bytes(xml)
    expected = GOLDEN.read_bytes()
    if xml != expected:
        changes = difflib.unified_diff(readable(expected), readable(xml), "golden", "now", n=2)
        pytest.fail(f"word/document.xml differs from {GOLDEN.name}:\n" + "".join(list(changes)[:100]))


def readable(xml: bytes) -> list[str]:
    """The XML one element to a line, for a diff a person can read."""
    return etree.tostring(etree.fromstring(xml), pretty_print=True, encoding="unicode").splitlines(keepends=True)
