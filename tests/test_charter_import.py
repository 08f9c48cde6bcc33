"""Importing a council's own charter: the readers on real files, and the pages end to end."""

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from workshop.charters.importing import (
    MAX_PASTED_CHARACTERS,
    parse_pasted_text,
    parse_upload,
)
from workshop.errors import DomainError
from workshop.models import Charter, Facilitator, Statement, Theme

FIXTURES = Path(__file__).parent / "fixtures"
WARWICKSHIRE = (FIXTURES / "warwickshire_charter.txt").read_text(encoding="utf-8")


# --- Files made in the test ---------------------------------------------------


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def number_paragraph(paragraph) -> None:
    """Give a plain paragraph Word's own numbering, as Word does for a typed list."""
    numbering = OxmlElement("w:numPr")
    level, number = OxmlElement("w:ilvl"), OxmlElement("w:numId")
    level.set(qn("w:val"), "0")
    number.set(qn("w:val"), "1")
    numbering.extend([level, number])
    paragraph._p.get_or_add_pPr().append(numbering)


def charter_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Our Working Together Charter", style="Title")
    document.add_paragraph("This charter sets out how we work together for children with SEND.")
    document.add_heading("Welcome and Care", level=1)
    document.add_paragraph("We will:")
    document.add_paragraph("Create a welcoming and caring space", style="List Bullet")
    document.add_paragraph("introduce everyone, their role and why they are there;", style="List Bullet")
    document.add_heading("Communicate", level=1)
    document.add_paragraph("Communicate clearly and honestly", style="List Number")
    document.add_paragraph("Listen to understand, not to respond", style="List Number")
    number_paragraph(document.add_paragraph("Share information in accessible formats"))
    document.add_paragraph("We will be transparent about what we are doing and why.")
    document.add_paragraph("Developing and nurturing each of these commitments builds trust between all of us.")
    return docx_bytes(document)


def kent_table_docx() -> bytes:
    """Kent's layout: a theme in the first column, its statements in the second."""
    document = docx.Document()
    document.add_heading("Kent Co-Production Charter", level=1)
    table = document.add_table(rows=0, cols=2)
    rows = [
        ("Theme", "What this means"),
        (
            "Ambition",
            "We will focus on solutions with a 'can do' approach "
            "We will agree desired outcomes together and work towards them together",
        ),
        ("Communication", "We will listen to each other's views"),
        ("", "We will communicate with each other clearly and accurately in plain"),
        ("", "English"),
    ]
    for theme, statements in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = theme, statements
    # A theme cell merged down over two rows, as Word tables often have.
    first, second = table.add_row().cells, table.add_row().cells
    first[0].text = "Accountability"
    first[1].text = "We will do what we say we will do or explain clearly why we cannot"
    second[1].text = "We will respond promptly and follow up on actions"
    first[0].merge(second[0])
    return docx_bytes(document)


def text_pdf(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


CHARTER_PDF_LINES = [
    "Welcome and Care",
    "We will:",
    "- create a welcoming and caring space where everyone feels they belong and can take part fully "
    "in every meeting we hold together",
    "- introduce everyone",
    "",
    "Communicate",
    "1. We will communicate clearly and honestly",
]


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(CHARTER_PDF_LINES))))
    writer.encrypt("a secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (300, 100), "white"), x=10, y=10, w=150)
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A small file declaring 20 MB of zeros as the Word document's body."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as body:
            for _ in range(20):
                body.write(bytes(1024 * 1024))
    return buffer.getvalue()


# --- The readers --------------------------------------------------------------


def outline(charter) -> list[tuple[str, list[str]]]:
    return [(theme.title, theme.statements) for theme in charter.themes]


def test_warwickshire_text_gives_its_four_themes_and_26_statements():
    charter = parse_pasted_text(WARWICKSHIRE, area="Warwickshire")

    assert charter.title == "Working Together Charter for Warwickshire SEND"
    assert [theme.title for theme in charter.themes] == [
        "Welcome and Care",
        "Communicate",
        "Value and Include",
        "Work in Partnership",
    ]
    assert [len(theme.statements) for theme in charter.themes] == [7, 6, 7, 6]
    statements = [statement for theme in charter.themes for statement in theme.statements]
    assert all(statement.startswith("We will ") for statement in statements)
    assert statements[0] == "We will create a welcoming and caring space"
    assert statements[-1] == "We will acknowledge the contributions of partners including use of logos with consent"
    assert charter.introduction.startswith("Participation involves children")


def test_word_document_with_headings_bullets_and_numbered_lists():
    charter = parse_upload(charter_docx())

    assert charter.title == "Our Working Together Charter"
    assert charter.introduction == "This charter sets out how we work together for children with SEND."
    assert outline(charter) == [
        (
            "Welcome and Care",
            [
                "We will create a welcoming and caring space",
                "We will introduce everyone, their role and why they are there",
            ],
        ),
        (
            "Communicate",
            [
                "Communicate clearly and honestly",
                "Listen to understand, not to respond",
                "Share information in accessible formats",
                "We will be transparent about what we are doing and why.",
            ],
        ),
    ]


def test_word_table_with_themes_in_the_first_column():
    charter = parse_upload(kent_table_docx(), title="Kent Charter", area="Kent")

    assert (charter.title, charter.area) == ("Kent Charter", "Kent")
    assert outline(charter) == [
        (
            "Ambition",
            [
                "We will focus on solutions with a 'can do' approach",
                "We will agree desired outcomes together and work towards them together",
            ],
        ),
        (
            "Communication",
            [
                "We will listen to each other's views",
                "We will communicate with each other clearly and accurately in plain English",
            ],
        ),
        (
            "Accountability",
            [
                "We will do what we say we will do or explain clearly why we cannot",
                "We will respond promptly and follow up on actions",
            ],
        ),
    ]


def test_pasted_table_from_kent_summary_with_tab_separated_cells():
    text = (
        "Ambition\tWe will focus on solutions with a 'can do' approach We will agree desired outcomes together\n"
        "Inclusivity\tWe will remember that we are all human beings\n\n"
        "\tWe will hold meetings virtually where it is more convenient\t\t\n"
        "\t· ·\t\t\n"
        "Communication\tWe will communicate with each other clearly and accurately in plain\t\t\n"
        "\tEnglish\t\t\n"
    )
    assert outline(parse_pasted_text(text)) == [
        (
            "Ambition",
            ["We will focus on solutions with a 'can do' approach", "We will agree desired outcomes together"],
        ),
        (
            "Inclusivity",
            [
                "We will remember that we are all human beings",
                "We will hold meetings virtually where it is more convenient",
            ],
        ),
        ("Communication", ["We will communicate with each other clearly and accurately in plain English"]),
    ]


def test_pasted_text_list_markers_lead_ins_and_headings():
    text = """We will always put children first
* We will listen

# Welcome
Our promises to families:
• be kind
1. Be on time
a) Keep in touch

Communicate:
We will always:
- answer within a week
- explain our decisions, and
"""
    # "Welcome" has no statements of its own, so it is not a theme.
    assert outline(parse_pasted_text(text)) == [
        ("Our commitments", ["We will always put children first", "We will listen"]),
        ("Our promises to families", ["be kind", "Be on time", "Keep in touch"]),
        ("Communicate", ["We will always answer within a week", "We will always explain our decisions"]),
    ]


def test_statements_before_any_heading_take_the_document_title():
    document = docx.Document()
    document.core_properties.title = "Sometown SEND Charter"
    document.add_paragraph("We will listen", style="List Bullet")
    document.add_paragraph("We will act", style="List Bullet")

    charter = parse_upload(docx_bytes(document))

    assert charter.title == "Sometown SEND Charter"
    assert outline(charter) == [("Sometown SEND Charter", ["We will listen", "We will act"])]


def test_pdf_text_is_read_and_wrapped_lines_rejoined():
    charter = parse_upload(text_pdf(CHARTER_PDF_LINES))

    assert outline(charter) == [
        (
            "Welcome and Care",
            [
                "We will create a welcoming and caring space where everyone feels they belong and can take part "
                "fully in every meeting we hold together",
                "We will introduce everyone",
            ],
        ),
        ("Communicate", ["We will communicate clearly and honestly"]),
    ]


def test_stray_control_characters_are_stripped():
    charter = parse_pasted_text("Welcome\n- We will\x0b listen\x00 to everyone\n")
    assert outline(charter) == [("Welcome", ["We will listen to everyone"])]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (png_bytes, "not a Word document (.docx) or a PDF"),
        (lambda: b"MZ\x90\x00" + bytes(200), "not a Word document (.docx) or a PDF"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "older Word document (.doc)"),
        (lambda: zip_bytes({"readme.txt": b"hello"}), "zip archive but not a Word document"),
        (lambda: b"PK\x03\x04 damaged", "damaged"),
        (zip_bomb, "unpacks to far more than a charter needs"),
        (lambda: zip_bytes({"word/document.xml": b"<w/>"} | {f"f{n}": b"" for n in range(1001)}), "unpacks"),
        (lambda: b"", "The file is empty"),
        (lambda: bytes(10 * 1024 * 1024 + 1), "larger than 10 MB"),
        (encrypted_pdf, "protected with a password"),
        (image_only_pdf, "looks like a scanned image"),
        (blank_pdf, "looks like a scanned image"),
        (lambda: text_pdf(["Just a paragraph of prose, with no list in it at all."]), "could not find any statements"),
    ],
)
def test_unreadable_uploads_are_refused_with_a_next_step(make, message):
    with pytest.raises(DomainError) as refused:
        parse_upload(make())
    assert message in refused.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Our charter\n\nWe are a partnership of the council and families.\n", "could not find any statements"),
        ("".join(chr(n % 32) for n in range(2000)) + "- We will listen", "mostly control characters"),
        ("- We will listen\n" * (MAX_PASTED_CHARACTERS // 17 + 1), "longer than 200,000 characters"),
        ("- We will listen\n" * 301, "more than 300 statements"),
    ],
)
def test_unusable_text_is_refused_with_a_next_step(text, message):
    with pytest.raises(DomainError) as refused:
        parse_pasted_text(text)
    assert message in refused.value.message


# --- The pages ----------------------------------------------------------------


class FormFields(HTMLParser):
    """What a browser would send from the page's form, without pressing a button."""

    def __init__(self, page: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") != "file":
            self.fields[name] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(response) -> dict[str, str]:
    return FormFields(response.get_data(as_text=True)).fields


def update_is_the_first_button(page: str) -> bool:
    """Enter in a text field presses the form's first button: it must only update the preview."""
    return page.index('name="action"') == page.index('name="action" value="update"')


def row_counts(session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(table)) for table in (Charter, Theme, Statement))


@pytest.fixture
def facilitator(client, session):
    person = Facilitator(email="facilitator@example.org", password_hash="x")
    session.add(person)
    session.commit()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(person.id)
        flask_session["_fresh"] = True
    return person


def upload(client, name: str, content: bytes, **fields):
    data = {"title": "", "area": "", "text": "", **fields, "file": (io.BytesIO(content), name)}
    return client.post("/charters/import", data=data, content_type="multipart/form-data")


def correct(client, fields: dict, action: str, **changes):
    return client.post("/charters/import/preview", data={**fields, **changes, "action": action})


def test_import_pages_are_for_signed_in_facilitators_only(client, session):
    assert client.get("/charters/import").status_code in (302, 401)
    response = client.post("/charters/import", data={"text": WARWICKSHIRE})
    assert response.status_code in (302, 401)
    assert row_counts(session) == (0, 0, 0)


def test_start_page_offers_upload_and_paste_and_says_the_limit(client, facilitator):
    page = client.get("/charters/import").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert 'enctype="multipart/form-data"' in page
    assert '<label class="govuk-label govuk-label--m" for="file">' in page
    assert 'for="text"' in page and 'for="title"' in page and 'for="area"' in page
    assert "10 MB or less" in page
    assert 'name="csrf_token"' in page


def test_upload_correct_and_save_a_charter(client, session, facilitator):
    document = docx.Document()
    document.add_heading("Welcome and Care", level=1)
    document.add_paragraph("We will create a welcoming and caring space", style="List Bullet")
    document.add_paragraph("and introduce everyone", style="List Bullet")
    document.add_paragraph("We will communicate clearly and honestly", style="List Bullet")
    document.add_heading("Comunicate", level=1)
    document.add_paragraph("We will listen to understand and respond with kindness", style="List Bullet")

    preview = upload(client, "Our charter.docx", docx_bytes(document), title="Sometown Charter")
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "read from Our charter.docx has 4 statements in 2 themes" in page
    assert update_is_the_first_button(page)
    # No script runs on it: the labels' JSON data block is its only <script> element.
    assert page.count("<script") == 1 and '<script type="application/json" id="app-labels">' in page
    assert "style=" not in page
    fields = form_fields(preview)
    assert fields["csrf_token"]
    assert fields["title"] == "Sometown Charter"
    assert fields["theme-0-statement-1"] == "and introduce everyone"

    # Merge the broken-up item back into the one before.
    preview = correct(client, fields, "merge:0:1")
    fields = form_fields(preview)
    assert fields["theme-0-statement-0"] == "We will create a welcoming and caring space and introduce everyone"

    # Move the statement about communicating to the second theme.
    preview = correct(client, fields, "move:0:1", **{"move-0-1": "1"})
    fields = form_fields(preview)
    assert "theme-0-statement-1" not in fields
    assert fields["theme-1-statement-1"] == "We will communicate clearly and honestly"

    # Retitle the misspelt theme and split a statement that holds two.
    preview = correct(
        client,
        fields,
        "split:1:0",
        **{
            "theme-1-title": "Communicate",
            "theme-1-statement-0": "We will listen to understand\nWe will respond with kindness",
        },
    )
    fields = form_fields(preview)
    assert fields["theme-1-title"] == "Communicate"
    assert [fields[f"theme-1-statement-{n}"] for n in range(3)] == [
        "We will listen to understand",
        "We will respond with kindness",
        "We will communicate clearly and honestly",
    ]
    assert row_counts(session) == (0, 0, 0)

    saved = correct(client, fields, "save", area="Sometown")
    assert saved.status_code == 302
    charter = session.scalar(select(Charter))
    assert saved.headers["Location"].endswith(f"/charters/{charter.slug}")
    assert (charter.title, charter.area, charter.status) == ("Sometown Charter", "Sometown", "imported")
    assert charter.slug == "sometown-charter"
    assert charter.imported_by_id == facilitator.id
    assert charter.source.startswith("Imported by a facilitator from Our charter.docx on ")
    assert [(theme.title, [s.text for s in theme.current_statements]) for theme in charter.current_themes] == [
        ("Welcome and Care", ["We will create a welcoming and caring space and introduce everyone"]),
        (
            "Communicate",
            [
                "We will listen to understand",
                "We will respond with kindness",
                "We will communicate clearly and honestly",
            ],
        ),
    ]
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Sometown Charter is saved to the library, with 4 statements in 2 themes." in page


def test_paste_delete_and_add_a_theme(client, session, facilitator):
    preview = client.post("/charters/import", data={"text": WARWICKSHIRE, "area": "Warwickshire"})
    fields = form_fields(preview)
    assert fields["title"] == "Working Together Charter for Warwickshire SEND"
    assert "read from the pasted text has 26 statements in 4 themes" in preview.get_data(as_text=True)

    fields = form_fields(correct(client, fields, "delete:0:0"))
    assert fields["theme-0-statement-0"] == "We will introduce everyone, their role and why they are there"
    fields = form_fields(correct(client, fields, "add_theme", **{"new-theme-title": "Trust"}))
    assert fields["theme-4-title"] == "Trust"
    fields = form_fields(correct(client, fields, "move:3:5", **{"move-3-5": "4"}))

    assert correct(client, fields, "save").status_code == 302
    charter = session.scalar(select(Charter))
    assert charter.source.startswith("Imported by a facilitator from pasted text on ")
    assert [len(theme.current_statements) for theme in charter.current_themes] == [6, 6, 7, 5, 1]
    assert charter.current_themes[-1].title == "Trust"


def test_saving_needs_a_title_area_and_theme_titles(client, session, facilitator):
    fields = form_fields(client.post("/charters/import", data={"text": "- We will listen\n- We will act\n"}))
    assert fields["theme-0-title"] == "Our commitments"

    response = correct(client, fields, "save", **{"theme-0-title": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#title">Enter the charter&#39;s title</a>' in page
    assert '<a href="#area">' in page
    assert '<a href="#theme-0-title">Enter a title for theme 1</a>' in page
    assert 'class="govuk-error-message"' in page
    assert row_counts(session) == (0, 0, 0)


def test_split_without_line_breaks_says_how(client, session, facilitator):
    fields = form_fields(client.post("/charters/import", data={"text": "- We will listen\n"}))
    response = correct(client, fields, "split:0:0")
    assert response.status_code == 400
    assert "put each part on its own line first" in response.get_data(as_text=True)


def test_a_tampered_correction_is_a_bad_request(client, facilitator):
    fields = form_fields(client.post("/charters/import", data={"text": "- We will listen\n"}))
    assert correct(client, fields, "delete:0:7").status_code == 400
    assert correct(client, fields, "explode").status_code == 400


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("picture.png", png_bytes, "is not a Word document (.docx) or a PDF"),
        ("charter.docx", lambda: b"MZ\x90\x00" + bytes(500), "is not a Word document (.docx) or a PDF"),
        ("charter.docx", zip_bomb, "unpacks to far more than a charter needs"),
        ("charter.pdf", encrypted_pdf, "protected with a password"),
        ("charter.pdf", image_only_pdf, "looks like a scanned image"),
        ("charter.docx", lambda: docx_bytes(docx.Document()), "could not find any statements"),
    ],
)
def test_bad_uploads_are_explained_and_nothing_is_stored(client, session, facilitator, name, make, message):
    response = upload(client, name, make())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert '<a href="#file">' in page
    assert message in page
    assert row_counts(session) == (0, 0, 0)


def test_pasted_control_characters_are_explained_and_nothing_is_stored(client, session, facilitator):
    response = client.post("/charters/import", data={"text": "\x00\x01\x02\x03" * 100 + "We will listen"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#text">' in page
    assert "mostly control characters" in page
    assert row_counts(session) == (0, 0, 0)


def test_nothing_chosen_or_both_chosen(client, facilitator):
    empty = client.post("/charters/import", data={"text": "  "})
    assert "Choose a Word document or PDF, or paste the text of your charter" in empty.get_data(as_text=True)
    both = upload(client, "charter.docx", charter_docx(), text="- We will listen")
    assert "Choose a file or paste text, not both" in both.get_data(as_text=True)


def test_an_upload_over_10_mb_is_refused_and_nothing_is_stored(client, session, facilitator):
    response = upload(client, "huge.pdf", b"%PDF-1.7\n" + bytes(10 * 1024 * 1024))
    assert response.status_code == 413
    assert "Upload a file of 10 MB or less" in response.get_data(as_text=True)
    assert row_counts(session) == (0, 0, 0)


def test_a_title_given_as_a_bold_first_paragraph_is_kept():
    """Many councils' charters have no Title style: the title is the first paragraph, made bold."""
    document = docx.Document()
    document.add_paragraph().add_run("Kent Co-production Charter").bold = True
    document.add_paragraph("How we work together with families.")
    document.add_heading("Ambition", level=1)
    document.add_paragraph("We will aim high", style="List Bullet")
    document.add_heading("Communication", level=1)
    document.add_paragraph("We will be transparent", style="List Bullet")
    charter = parse_upload(docx_bytes(document))
    assert charter.title == "Kent Co-production Charter"
    assert outline(charter) == [("Ambition", ["We will aim high"]), ("Communication", ["We will be transparent"])]

    # Themes made bold by hand, each straight before its statements, are themes, not a title.
    document = docx.Document()
    for theme, statement in (("Ambition", "We will aim high"), ("Communication", "We will be transparent")):
        document.add_paragraph().add_run(theme).bold = True
        document.add_paragraph(statement, style="List Bullet")
    charter = parse_upload(docx_bytes(document))
    assert charter.title == ""
    assert outline(charter) == [("Ambition", ["We will aim high"]), ("Communication", ["We will be transparent"])]


def bold_title_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph().add_run("Kent Co-production Charter").bold = True
    document.add_heading("Ambition", level=1)
    document.add_paragraph("We will aim high", style="List Bullet")
    document.add_heading("Communication", level=1)
    document.add_paragraph("We will be transparent", style="List Bullet")
    return docx_bytes(document)


def test_importing_over_the_api(client, session, facilitator):
    # A Word document, uploaded: its preview, stored nowhere.
    read = client.post(
        "/api/charters/import",
        data={"file": (io.BytesIO(bold_title_docx()), "Kent charter.docx"), "area": "Kent"},
        content_type="multipart/form-data",
    )
    assert read.status_code == 200
    preview = read.json
    assert (preview["title"], preview["area"], preview["source_name"]) == (
        "Kent Co-production Charter",
        "Kent",
        "Kent charter.docx",
    )
    assert preview["themes"] == [
        {"title": "Ambition", "statements": ["We will aim high"]},
        {"title": "Communication", "statements": ["We will be transparent"]},
    ]
    assert preview["problems"] == {} and row_counts(session) == (0, 0, 0)

    # Corrected, then saved.
    preview["themes"][0]["statements"].append("We will celebrate what goes well")
    saved = client.post("/api/charters", json=preview)
    assert saved.status_code == 201, saved.json
    assert saved.json["status"] == "imported" and saved.json["statement_count"] == 3
    stored = client.get(f"/api/charters/{saved.json['slug']}").json
    assert [theme["title"] for theme in stored["themes"]] == ["Ambition", "Communication"]
    assert stored["source"].startswith("Imported by a facilitator from Kent charter.docx on ")

    # Pasted text: a preview with what stops it being saved; refusals change nothing.
    pasted = client.post("/api/charters/import", json={"text": "## Listening\n- We will listen"}).json
    assert pasted["problems"] == {
        "title": "Enter the charter's title",
        "area": "Enter the area the charter is for, for example Warwickshire",
    }
    counts = row_counts(session)
    refused = [
        ("/api/charters", pasted, "invalid_charter"),
        ("/api/charters", {**preview, "themes": [{"title": "Ambition", "statements": "We will"}]}, "invalid_body"),
        ("/api/charters", {**preview, "themes": [{"title": "Ambition", "statements": [" "]}]}, "invalid_charter"),
        ("/api/charters/import", {"text": 42}, "invalid_body"),
        ("/api/charters/import", {"text": "Nothing to see"}, "cannot_import"),
    ]
    for path, body, error in refused:
        response = client.post(path, json=body)
        assert (response.status_code, response.json["error"]) == (400, error), (path, body)
    assert client.post("/api/charters/import", data="text", content_type="text/plain").json["error"] == "invalid_json"
    assert row_counts(session) == counts
