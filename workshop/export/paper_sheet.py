"""A charter's paper tag sheet: what it says and how it is laid out, described once for the PDF and the Word file.

For people who would rather tick boxes on paper than use a phone: the
workshop's and the charter's names, how to tick, which group the person is in,
then each statement numbered as on the phones ("Statement 3 of 12") with three
large tick boxes labelled Borrow, Adapt and Ignore and lines for how they would
change it, and "What's missing?" lines at the end. In large print on A4, every
page's footer saying the charter and "Page N of M", so that loose pages can be
sorted. The easy-read sheet says the same in easy read, each statement in its
easy-read version where it has one.

`paper_sheet` describes the sheet as blocks of a few kinds, with its sizes;
export/paper_pdf.py draws them as a PDF and export/paper_docx.py as a Word
document, each knowing how to draw a kind of block and nothing of what the
sheet says.
"""

from dataclasses import dataclass

from .. import labels
from ..errors import NotFound
from ..live.snapshots import board_outline
from ..models import Board, Workshop
from ..text import clean_text


@dataclass(frozen=True)
class Heading:
    """The charter's name (level 1), a theme's (2) or a statement's number (3)."""

    text: str
    level: int


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    # A statement's own words are printed larger than the instructions.
    large: bool = False


@dataclass(frozen=True)
class Meaning:
    """A word in bold and what it means: "Borrow: use as it is"."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Boxes:
    """Tick boxes, each with its label in words beside it, `per_row` to a row; `large` for a statement's."""

    options: tuple[str, ...]
    per_row: int
    large: bool = False


@dataclass(frozen=True)
class Lines:
    """Ruled lines to write on."""

    count: int


@dataclass(frozen=True)
class Together:
    """Blocks kept on one page: a statement with its boxes and lines is never split over two."""

    blocks: tuple


@dataclass(frozen=True)
class Sizes:
    """Print sizes, in points and millimetres: large print, 14 points at the least."""

    body: float = 14
    statement: float = 16
    headings: tuple[float, float, float] = (22, 18, 15)
    footer: float = 14
    margin_mm: float = 18
    box_mm: float = 8
    large_box_mm: float = 13
    line_gap_mm: float = 10


SIZES = Sizes()
# Easy read wants larger print still.
EASY_READ_SIZES = Sizes(body=16, statement=18, headings=(24, 20, 17), large_box_mm=14, line_gap_mm=11)
NO_SUCH_CHARTER = "This workshop does not review a charter with that slug."
# How many lines each statement, and "What's missing?", has to write on.
CHANGE_LINES = 3
MISSING_LINES = 8


@dataclass(frozen=True)
class Sheet:
    """The whole sheet: its blocks in order, its sizes, and what every page's footer says before its number."""

    charter: str
    name: str
    area: str
    blocks: tuple
    sizes: Sizes

    @property
    def footer(self) -> str:
        """Said at the foot of every page, before "Page N of M" (the Word draft's footer says the same so)."""
        return f"{self.charter}. {self.name}."

    @property
    def file_title(self) -> str:
        return f"{self.name}: {self.charter}"


def board_for_charter(workshop: Workshop, slug: str) -> Board:
    """The workshop's board for the charter with this slug; NotFound when it reviews no such charter."""
    for board in workshop.boards:
        if board.charter.slug == slug:
            return board
    raise NotFound("no_such_charter", NO_SUCH_CHARTER)


def paper_sheet(workshop: Workshop, board: Board, easy_read: bool) -> Sheet:
    """The paper tag sheet of one board's charter, as usual or in easy read."""
    register = 1 if easy_read else 0

    def said(key: str) -> str:
        return labels.PAPER_SHEET[key][register]

    outline = board_outline(board)
    hints = labels.CHOICE_HINTS_EASY if easy_read else labels.CHOICE_HINTS
    tags = tuple(labels.TAGS.values())
    charter = clean_text(outline["charter"]["title"], single_line=True)
    blocks: list = [
        Text(clean_text(workshop.title, single_line=True)),
        Heading(charter, 1),
        Text(said("tick"), bold=True),
        *(Meaning(label, hints[value]) for value, label in labels.TAGS.items()),
        Text(said("not_sure")),
        Text(said("change")),
    ]
    if workshop.ask_groups:
        groups = (*labels.GROUPS.values(), labels.NO_GROUP)
        blocks.append(Together((Text(said("group"), bold=True), Boxes(groups, per_row=2))))

    statements = [(theme["title"], s) for theme in outline["themes"] for s in theme["statements"]]
    own_words = False
    for number, (theme, statement) in enumerate(statements, start=1):
        words = statement["easy_read"] if easy_read else None
        own_words = own_words or (easy_read and not words)
        first_of_theme = number == 1 or statements[number - 2][0] != theme
        blocks.append(
            Together(
                (
                    *([Heading(clean_text(theme, single_line=True), 2)] if first_of_theme else []),
                    Heading(f"Statement {number} of {len(statements)}", 3),
                    Text(clean_text(words or statement["text"], single_line=True), bold=True, large=True),
                    Boxes(tags, per_row=3, large=True),
                    Text(said("change_lines")),
                    Lines(CHANGE_LINES),
                )
            )
        )
    blocks.append(
        Together(
            (
                Heading(labels.PHONE_WORDS["missing_title"][register], 2),
                Text(said("missing")),
                Lines(MISSING_LINES),
                Text(said("hand_in"), bold=True),
                *([Text(said("own_words"))] if own_words else []),
            )
        )
    )
    return Sheet(
        charter=charter,
        name=said("name"),
        area=clean_text(workshop.area, single_line=True),
        blocks=tuple(blocks),
        sizes=EASY_READ_SIZES if easy_read else SIZES,
    )
