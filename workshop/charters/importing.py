"""Reading a council's own charter from a Word document, a PDF or pasted text.

Every reader turns its input into a list of blocks (headings, list items,
"We will" lines, other text) and one builder turns the blocks into themes and
statements, so the three kinds of input follow the same rules:

- a heading starts a theme: a Word heading style, a Markdown '#' line, a line
  ending with ':' or a short title-like line;
- a list item or a line starting "We will" is a statement;
- a "We will:" lead-in followed by list items gives "We will <item>";
- in a table, a theme in the first column and statements in the others
  works as the layout suggests;
- statements before any heading go under a theme named after the document,
  or "Our commitments".

Reading stops as soon as the input holds more than a charter could: a Word
document's XML is read as a stream first, counting its paragraphs and text,
and the blocks are counted as they are read, so a file with thousands of
statements is refused at the 301st rather than read to the end. The pages and
the API read in a worker process (`read_upload`, `read_pasted_text`: see
workshop/jobs.py), so even a file that passes every check cannot hold up the
room. Whatever cannot be read raises a DomainError with a message for the
facilitator saying what to do next. The preview's corrections (merge, split,
move, delete, add a theme) are here too, so the pages stay thin.
"""

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from pypdf import PdfReader
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..jobs import Refusal, run_job
from ..models import Charter
from ..text import clean_text
from .library import store_charter, unique_slug
from .structure import ParsedCharter, ParsedTheme

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PASTED_CHARACTERS = 200_000
# A Word file is a zip of XML parts. python-docx reads whole parts into memory,
# so the declared sizes are checked first; zipfile itself stops reading at the
# declared size, so a part cannot grow past what it declares.
MAX_ZIP_ENTRIES = 1000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_PDF_PAGES = 200
# Read as a stream before anything else: a charter is a few thousand words at most.
MAX_PARAGRAPHS = 5000
MAX_TEXT_CHARACTERS = 1_000_000
# More than a charter ever holds; it also keeps the preview form a sensible size.
MAX_STATEMENTS = 300
# Binary data read as text is full of control and replacement characters.
MAX_UNREADABLE_SHARE = 0.1

TITLE_LENGTH = 200
AREA_LENGTH = 120
STATEMENT_LENGTH = 1000
INTRODUCTION_LENGTH = 5000
DEFAULT_THEME_TITLE = "Our commitments"
# Where a charter came from when it was pasted rather than uploaded, as its source line says.
PASTED_TEXT = "pasted text"

ASK_TO_PASTE = "or copy the text of the charter and paste it into the box instead."
# When reading took longer or needed more memory than a charter could: what to say, and what to do next.
TOO_MUCH_TO_READ = Refusal(
    "cannot_import", "Reading the file", "Upload only the charter, saved as a new document, " + ASK_TO_PASTE
)
TOO_MUCH_TEXT_TO_READ = Refusal("cannot_import", "Reading the text", "Paste only the charter itself.")


def _refused(message: str) -> DomainError:
    """The input cannot be imported; the message tells the facilitator what to do next."""
    return DomainError("cannot_import", message)


# --- Entry points -------------------------------------------------------------


def read_upload(data: bytes, *, title: str = "", area: str = "") -> ParsedCharter:
    """`parse_upload` in a worker process, within its limits, so that no file can hold up the room."""
    return run_job(parse_upload, data, title=title, area=area, refusal=TOO_MUCH_TO_READ)


def read_pasted_text(text: str, *, title: str = "", area: str = "") -> ParsedCharter:
    """`parse_pasted_text` in a worker process, within its limits."""
    return run_job(parse_pasted_text, text, title=title, area=area, refusal=TOO_MUCH_TEXT_TO_READ)


def parse_upload(data: bytes, *, title: str = "", area: str = "") -> ParsedCharter:
    """Read an uploaded Word document or PDF, telling them apart by content, not name."""
    if not data:
        raise _refused(f"The file is empty. Choose the file again, {ASK_TO_PASTE}")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refused("The file is larger than 10 MB. Upload a smaller file, " + ASK_TO_PASTE)
    if data.startswith(b"PK\x03\x04"):
        return parse_docx(data, title=title, area=area)
    if b"%PDF-" in data[:1024]:
        return parse_pdf(data, title=title, area=area)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused(
            "This looks like an older Word document (.doc) or a Word document protected with a password. "
            "Open it in Word, save it as a .docx file without a password and upload that, " + ASK_TO_PASTE
        )
    raise _refused("The file is not a Word document (.docx) or a PDF. Upload one of those, " + ASK_TO_PASTE)


def parse_pasted_text(text: str, *, title: str = "", area: str = "") -> ParsedCharter:
    if len(text) > MAX_PASTED_CHARACTERS:
        raise _refused(
            "The pasted text is longer than 200,000 characters. Paste only the charter itself, "
            "not the whole document around it."
        )
    return _parse_text(text, source="the pasted text", title=title, area=area)


def parse_docx(data: bytes, *, title: str = "", area: str = "") -> ParsedCharter:
    source = "the Word document"
    _check_word_text(_check_word_zip(data))
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _read_blocks(_docx_blocks(document), source)
        document_title = document.core_properties.title or ""
    except DomainError:
        raise
    except Exception as exc:  # any failure inside python-docx means the file cannot be read
        raise _damaged_word_document() from exc
    return _build(blocks, source=source, title=title, area=area, fallback_title=document_title)


def _damaged_word_document() -> DomainError:
    return _refused(
        "The Word document could not be read; it may be damaged. Open it in Word, save it again and "
        "upload the new copy, " + ASK_TO_PASTE
    )


def parse_pdf(data: bytes, *, title: str = "", area: str = "") -> ParsedCharter:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
        readable = not encrypted and pages <= MAX_PDF_PAGES
        text = _pdf_text(reader) if readable else ""
    except Exception as exc:  # any failure inside pypdf means the file cannot be read
        raise _refused(
            "The PDF could not be read; it may be damaged. Upload the Word version of the charter if you have it, "
            + ASK_TO_PASTE
        ) from exc
    if encrypted:
        raise _refused(
            "The PDF is protected with a password. Upload a copy without a password, or the Word version, "
            + ASK_TO_PASTE
        )
    if pages > MAX_PDF_PAGES:
        raise _refused(
            f"The PDF has more than {MAX_PDF_PAGES} pages, far more than a charter. Upload only the charter, "
            + ASK_TO_PASTE
        )
    if not re.search(r"\w\w", text):
        raise _refused(
            "The PDF has no text we can read: it looks like a scanned image. Upload the Word version of the "
            "charter, " + ASK_TO_PASTE
        )
    return _parse_text(text, source="the PDF", title=title, area=area)


def _pdf_text(reader: PdfReader) -> str:
    """The PDF's text, page by page, refused as soon as it is longer than a charter could be."""
    pages, characters = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        characters += len(pages[-1])
        if characters > MAX_TEXT_CHARACTERS:
            raise _too_much_text("The PDF")
    return "\n".join(pages)


def _parse_text(text: str, *, source: str, title: str, area: str) -> ParsedCharter:
    _check_readable(text, source)
    return _build(_read_blocks(_text_blocks(text), source), source=source, title=title, area=area)


# --- Checks on the way in -----------------------------------------------------


def _check_word_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise _refused(
            "The file looks like a Word document but is damaged. Open it in Word, save it again and upload the "
            "new copy, " + ASK_TO_PASTE
        ) from exc
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise _refused(
            "The file is a zip archive but not a Word document (.docx). Upload the charter as a Word document "
            "or a PDF, " + ASK_TO_PASTE
        )
    too_big = (
        len(entries) > MAX_ZIP_ENTRIES
        or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES
        or any(entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1) for entry in entries)
    )
    if too_big:
        raise _refused(
            "The Word document unpacks to far more than a charter needs, so it was not opened. Save the charter "
            "as a new, smaller document and upload that, " + ASK_TO_PASTE
        )
    return archive


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_word_text(archive: zipfile.ZipFile) -> None:
    """Read the document's XML as a stream, refusing it as soon as it holds more than a charter could."""
    paragraphs = characters = 0
    try:
        with archive.open("word/document.xml") as stream:
            for _event, element in etree.iterparse(
                stream, events=("end",), tag=(f"{_W}p", f"{_W}t"), resolve_entities=False, no_network=True
            ):
                if element.tag == f"{_W}t":
                    characters += len(element.text or "")
                    if characters > MAX_TEXT_CHARACTERS:
                        raise _too_much_text("The Word document")
                else:
                    paragraphs += 1
                    if paragraphs > MAX_PARAGRAPHS:
                        raise _refused(
                            f"The Word document has more than {MAX_PARAGRAPHS:,} paragraphs, far more than a "
                            "charter. Upload only the charter, saved as a new document, " + ASK_TO_PASTE
                        )
                    # What has been counted is let go, so memory stays flat however long the document.
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as exc:
        raise _damaged_word_document() from exc


def _too_much_text(what: str) -> DomainError:
    return _refused(
        f"{what} holds more than {MAX_TEXT_CHARACTERS:,} characters of text, far more than a charter. Upload only "
        "the charter, saved as a new document, " + ASK_TO_PASTE
    )


def _check_readable(text: str, source: str) -> None:
    visible = [ch for ch in text if not ch.isspace()]
    unreadable = sum(1 for ch in visible if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cs", "Co"))
    if visible and unreadable > MAX_UNREADABLE_SHARE * len(visible):
        raise _refused(
            f"{source[0].upper()}{source[1:]} is mostly control characters or other unreadable data, not words. "
            "Copy the text from the original document and paste it again, or upload the document itself."
        )


# --- Blocks -------------------------------------------------------------------


GUESSED_LEVEL = 9


@dataclass
class _Block:
    # heading, lead_in, item, statement, text, or continuation (of the statement before)
    kind: str
    text: str
    # Heading level: 0 for a document title, 1-6 for real headings, 9 for a guessed one.
    level: int = GUESSED_LEVEL
    # A Word paragraph made bold by hand: how many documents give their title, with no Title style.
    bold: bool = False


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?$")
_LIST_MARKER = re.compile(r"^(?:[-*•–◦▪·‣]|\d{1,3}[.)]|[a-zA-Z]\)|\([a-zA-Z0-9]{1,3}\))\s+(.+)$")
_WE_WILL = re.compile(r"^we\s+will\b", re.IGNORECASE)
# "We will:", "We will always:" or a bare "We will" introduce a list.
_LEAD_IN = re.compile(r"^(we\s+will\b[^:.;]{0,40}):$|^(we\s+will)\W*$", re.IGNORECASE)
# Within one line, a capital "We will" starts another statement (Kent's table cells).
_NEXT_WE_WILL = re.compile(r"\s+(?=We will\b)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MARKDOWN_EMPHASIS = re.compile(r"\*([^*\s][^*]*)\*")
_TRAILING_JOINER = re.compile(r"\s*[;,]\s*(?:and|or)?$")
_HEADING_STYLE = re.compile(r"^Heading ([1-9])$")


def _plain(text: str) -> str:
    """One line of text without Markdown emphasis and links, cleaned."""
    text = _MARKDOWN_LINK.sub(r"\1", text).replace("**", "").replace("__", "")
    text = _MARKDOWN_EMPHASIS.sub(r"\1", text)
    return clean_text(text, single_line=True)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _is_title_like(text: str) -> bool:
    return (
        len(text.split()) <= 8
        and len(text) <= 80
        and text[0].isupper()
        and not text.endswith((".", ",", ";", "!", "?"))
    )


def _heading_or_lead_in(text: str, level: int) -> _Block:
    lead_in = _LEAD_IN.match(text)
    if lead_in:
        return _Block("lead_in", lead_in.group(1) or lead_in.group(2))
    return _Block("heading", text.rstrip(":").strip(), level)


def _classify(raw: str, *, listed: bool = False, level: int | None = None) -> list[_Block]:
    """What one line (or one Word paragraph) is: see the module's rules."""
    markdown = _MARKDOWN_HEADING.match(raw.strip())
    if markdown and level is None:
        level, raw = len(markdown.group(1)), markdown.group(2)
    text = _plain(raw)
    if not _has_words(text):
        return []
    if level is not None:
        return [_heading_or_lead_in(text, level)]
    marker = _LIST_MARKER.match(text)
    if marker or listed:
        item = _TRAILING_JOINER.sub("", marker.group(1) if marker else text)
        return [_Block("item", item)] if _has_words(item) else []
    if _LEAD_IN.match(text) or text.endswith(":"):
        return [_heading_or_lead_in(text, GUESSED_LEVEL)]
    if _WE_WILL.match(text):
        return [_Block("statement", part) for part in _NEXT_WE_WILL.split(text)]
    if _is_title_like(text):
        return [_Block("heading", text, GUESSED_LEVEL)]
    return [_Block("text", text)]


def _is_plain_line(block: _Block) -> bool:
    """Text or a guessed heading: what a wrapped line of a statement looks like on its own."""
    return block.kind == "text" or (block.kind == "heading" and block.level == GUESSED_LEVEL)


def _is_statement(block: _Block) -> bool:
    return block.kind in ("item", "statement")


def _read_blocks(blocks: Iterable[_Block], source: str) -> list[_Block]:
    """The blocks, read only until they hold more statements than a charter could."""
    read: list[_Block] = []
    statements = 0
    for block in blocks:
        read.append(block)
        statements += _is_statement(block)
        if statements > MAX_STATEMENTS:
            raise _refused(
                f"We found more than {MAX_STATEMENTS} statements in {source}, far more than a charter holds. "
                "Upload only the charter, or paste just the charter's text."
            )
    return read


def _table_blocks(rows: list[tuple[list, list]]) -> list[_Block]:
    """Blocks from table rows, each a (first column, other columns) pair of (text, listed) lists."""
    blocks: list[_Block] = []
    statement_rows = False
    for first, others in rows:
        other_blocks = [block for text, listed in others for block in _classify(text, listed=listed)]
        first_text = _plain(" ".join(text for text, _listed in first))
        if any(_is_statement(block) for block in other_blocks):
            # A theme in the first column, its statements in the others (Kent's layout).
            if _has_words(first_text) and not _WE_WILL.match(first_text):
                blocks.append(_Block("heading", first_text.rstrip(":")))
            else:
                blocks += [block for text, listed in first for block in _classify(text, listed=listed)]
            blocks += [block if _is_statement(block) else _Block("continuation", block.text) for block in other_blocks]
            statement_rows = True
        elif statement_rows and not _has_words(first_text):
            # A statement that ran on into the next row.
            blocks += [_Block("continuation", block.text) for block in other_blocks]
        else:
            statement_rows = False
            blocks += [block for text, listed in first + others for block in _classify(text, listed=listed)]
    return blocks


def _text_blocks(text: str) -> Iterator[_Block]:
    table_rows: list[tuple[list, list]] = []
    after_statement = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            after_statement = False
            continue
        if "\t" in line:
            # Tab-separated cells: a table pasted from Word or a spreadsheet.
            first, *others = line.split("\t")
            table_rows.append(([(first, False)], [(cell, False) for cell in others]))
            continue
        if table_rows:
            yield from _table_blocks(table_rows)
            table_rows = []
        line_blocks = _classify(line)
        wraps = line[0].isspace() or _plain(line)[:1].islower()
        if after_statement and wraps and all(_is_plain_line(block) for block in line_blocks):
            # A statement wrapped onto the next line (common in PDFs).
            line_blocks = [_Block("continuation", block.text) for block in line_blocks]
        yield from line_blocks
        after_statement = bool(line_blocks) and line_blocks[-1].kind in ("item", "statement", "continuation")
    yield from _table_blocks(table_rows)


class _StyleNames:
    """Each paragraph's style name, looked up once per style (python-docx looks it up afresh each time)."""

    def __init__(self, document):
        self.names = {style.style_id: style.name for style in document.styles}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default = default.name if default is not None else ""

    def of(self, paragraph: Paragraph) -> str:
        style_id = paragraph._p.style
        return self.default if style_id is None else self.names.get(style_id, self.default)


def _docx_blocks(document) -> Iterator[_Block]:
    styles = _StyleNames(document)
    for part in document.iter_inner_content():
        if isinstance(part, Paragraph):
            yield from _paragraph_blocks(part, styles)
        else:
            yield from _table_blocks(_docx_table_rows(part, styles))


def _paragraph_blocks(paragraph: Paragraph, styles: _StyleNames) -> list[_Block]:
    style = styles.of(paragraph)
    if style == "Title":
        return _classify(paragraph.text, level=0)
    heading = _HEADING_STYLE.match(style)
    if heading:
        return _classify(paragraph.text, level=int(heading.group(1)))
    if _is_list_paragraph(paragraph, style):
        return _classify(paragraph.text, listed=True)
    blocks = [block for line in paragraph.text.split("\n") for block in _classify(line)]
    if _is_bold(paragraph):
        for block in blocks:
            block.bold = True
    return blocks


def _is_bold(paragraph: Paragraph) -> bool:
    """Every run with text in it is bold."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _is_list_paragraph(paragraph: Paragraph, style: str) -> bool:
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    # numId 0 is Word's way of switching numbering off for one paragraph.
    if numbering is not None and numbering.numId is not None and numbering.numId.val != 0:
        return True
    return style.startswith("List")


def _docx_table_rows(table: Table, styles: _StyleNames) -> list[tuple[list, list]]:
    rows = []
    seen = set()
    for row in table.rows:
        cells = []
        for cell in row.cells:
            # A merged cell appears once per grid position it covers: read it once.
            if cell._tc in seen:
                cells.append([])
                continue
            seen.add(cell._tc)
            cells.append([(p.text, _is_list_paragraph(p, styles.of(p))) for p in cell.paragraphs])
        if cells:
            rows.append((cells[0], [line for cell in cells[1:] for line in cell]))
    return rows


# --- From blocks to a charter -------------------------------------------------


def _document_title(blocks: list[_Block]) -> str:
    """The first heading, if it is the document's title rather than a theme: styled as the title, above
    the next heading, or bold and followed by another heading rather than by statements (a theme made bold
    by hand has its statements straight after it)."""
    outline = [block for block in blocks if block.kind in ("heading", "item", "statement")]
    if not outline or outline[0].kind != "heading":
        return ""
    first = outline[0]
    if first.level == 0:
        return first.text
    if len(outline) > 1 and outline[1].kind == "heading" and (first.level < outline[1].level or first.bold):
        return first.text
    return ""


def _with_lead_in(lead_in: str, item: str) -> str:
    if not lead_in or _WE_WILL.match(item):
        return item
    first_word = item.split()[0]
    # "Create a space" reads "We will create a space"; leave "I", "SEND" and the like alone.
    if first_word != "I" and not any(ch.isupper() for ch in first_word[1:]):
        item = item[0].lower() + item[1:]
    return f"{lead_in[0].upper()}{lead_in[1:]} {item}"


def _build(blocks: list[_Block], *, source: str, title: str, area: str, fallback_title: str = "") -> ParsedCharter:
    document_title = _plain(_document_title(blocks) or fallback_title)
    charter = ParsedCharter(
        title=clean_text(title or document_title, TITLE_LENGTH, single_line=True),
        area=clean_text(area, AREA_LENGTH, single_line=True),
    )
    introduction: list[str] = []
    theme: ParsedTheme | None = None
    lead_in = ""
    for block in blocks:
        if block.kind == "heading":
            theme = ParsedTheme(clean_text(block.text, TITLE_LENGTH, single_line=True))
            charter.themes.append(theme)
            lead_in = ""
        elif block.kind == "lead_in":
            lead_in = block.text
        elif block.kind == "text":
            lead_in = ""
            if charter.statement_count == 0:
                introduction.append(block.text)
        elif block.kind == "continuation":
            if theme is not None and theme.statements:
                theme.statements[-1] = clean_text(
                    f"{theme.statements[-1]} {block.text}", STATEMENT_LENGTH, single_line=True
                )
        else:
            if theme is None:
                theme = ParsedTheme(clean_text(document_title, TITLE_LENGTH, single_line=True) or DEFAULT_THEME_TITLE)
                charter.themes.append(theme)
            text = block.text if block.kind == "statement" else _with_lead_in(lead_in, block.text)
            theme.statements.append(clean_text(text, STATEMENT_LENGTH, single_line=True))
    charter.themes = [theme for theme in charter.themes if theme.statements]
    charter.introduction = clean_text("\n".join(introduction), INTRODUCTION_LENGTH)

    if charter.statement_count == 0:
        raise _refused(
            f"We could not find any statements in {source}. A statement is a bullet point, a numbered point or "
            'a line starting "We will". Check you chose the charter itself, or paste its text with each statement '
            "on its own line."
        )
    return charter


# --- Corrections in the preview -----------------------------------------------


def merge_with_previous(charter: ParsedCharter, theme_index: int, statement_index: int) -> None:
    """Join a statement onto the one before it in the same theme."""
    if statement_index < 1:
        raise IndexError("the first statement of a theme has no statement before it")
    statements = charter.themes[theme_index].statements
    statements[statement_index - 1] = f"{statements[statement_index - 1]} {statements.pop(statement_index)}"


def split_at_line_breaks(charter: ParsedCharter, theme_index: int, statement_index: int) -> None:
    """Make each line of a statement a statement of its own, in place."""
    statements = charter.themes[theme_index].statements
    parts = [line.strip() for line in statements[statement_index].split("\n") if line.strip()]
    statements[statement_index : statement_index + 1] = parts


def move_statement(charter: ParsedCharter, theme_index: int, statement_index: int, to_theme_index: int) -> None:
    """Move a statement to the end of another theme."""
    if to_theme_index == theme_index:
        return
    target = charter.themes[to_theme_index]
    target.statements.append(charter.themes[theme_index].statements.pop(statement_index))


def delete_statement(charter: ParsedCharter, theme_index: int, statement_index: int) -> None:
    del charter.themes[theme_index].statements[statement_index]


def add_theme(charter: ParsedCharter, title: str) -> None:
    charter.themes.append(ParsedTheme(clean_text(title, TITLE_LENGTH, single_line=True)))


# --- Saving -----------------------------------------------------------------------


def save_problems(charter: ParsedCharter) -> dict[str, str]:
    """What stops a previewed charter being saved, by the preview's field: none when it can be."""
    errors = {}
    if not charter.title:
        errors["title"] = "Enter the charter's title"
    if not charter.area:
        errors["area"] = "Enter the area the charter is for, for example Warwickshire"
    if charter.statement_count == 0:
        errors["themes"] = "The charter has no statements left. Start again with another file or text"
    for theme_index, theme in enumerate(charter.themes):
        if theme.statements and not theme.title:
            errors[f"theme-{theme_index}-title"] = f"Enter a title for theme {theme_index + 1}"
        for statement_index, statement in enumerate(theme.statements):
            if len(statement) > STATEMENT_LENGTH:
                errors[f"theme-{theme_index}-statement-{statement_index}"] = (
                    f"Statement {statement_index + 1} in {theme.title or 'this theme'} must be "
                    f"{STATEMENT_LENGTH} characters or fewer"
                )
    return errors


def store_imported(session: Session, charter: ParsedCharter, source_name: str, facilitator_id: int) -> Charter:
    """Store a previewed charter in the library (check `save_problems` first), saying where it came from."""
    charter.themes = [
        ParsedTheme(theme.title, [clean_text(statement, single_line=True) for statement in theme.statements])
        for theme in charter.themes
        if theme.statements
    ]
    today = date.today()
    return store_charter(
        session,
        charter,
        slug=unique_slug(session, charter.title),
        status="imported",
        source=f"Imported by a facilitator from {source_name} on {today.day} {today:%B %Y}",
        imported_by_id=facilitator_id,
    )
