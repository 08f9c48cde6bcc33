"""The draft charter as a Word document, for public consultation.

The document uses Word's own title, heading and list styles, says its title,
author and language (en-GB), marks the header row of every table (so that it
repeats on each page and screen readers announce it) and says everything in
words, never by colour alone. Every piece of text is cleaned on the way out,
because python-docx refuses control characters.

The commitment and the definitions are the facilitator's text in a small plain
format, one block per line: a line starting "## " is a subheading, a line
starting "- " a list item ("- Term: what it means" puts the term in bold), and
any other line a paragraph. When the draft leaves them empty, the drafting
defaults (from Warwickshire's Working Together Charter) are used.

When the room used the priorities board, "Our co-production priorities" says
which priorities it chose and what it said about each outcome; when the
facilitator wrote an action plan, "Action plan" holds it as a table. Neither
says who wrote a card or placed a vote.
"""

import functools
import math
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import labels
from ..charters.library import wording_key
from ..live.actions import action_plan
from ..live.breakdowns import fold_numbers, protected_counts, supported_figure
from ..live.participants import supported_count
from ..live.priorities import priorities_board
from ..live.results import board_counts, card_support_counts
from ..live.words import said_alike
from ..models import (
    DEFAULT_DOCUMENT_PARTS,
    GROUPS,
    NOTE_COLUMNS,
    Board,
    Charter,
    Draft,
    DraftStatement,
    MissingCard,
    Participant,
    Statement,
    Theme,
    Workshop,
)
from ..similarity import same_wordings
from ..text import clean_text
from .chart import NAMED_MOST, chart_description, results_chart

LANGUAGE = "en-GB"
FONT = "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)
COMMENT_AUTHOR = "Charter Workshop"
# A4, with margins that leave 16 cm for text.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)
# On the one-page summary, longer statements are shortened.
SUMMARY_STATEMENT_MAX = 180
# A table row with no more text than this in any cell is kept on one page.
ROW_KEPT_WHOLE_MAX = 600
# The compact table of counts by group: its text's size (points); how wide a character of it is and a
# cell's margins (centimetres), so that a column fits its longest word or figures; the narrowest statement.
COUNTS_SIZE, COUNTS_CHARACTER_CM, COUNTS_MARGINS_CM, COUNTS_STATEMENT_CM = 9, 0.2, 0.45, 4.5


# --- what the room said, loaded once ------------------------------------------------


@dataclass
class _Said:
    boards: list[Board]
    counts: dict[int, dict[int, dict]]  # board id -> statement id -> counts, small groups folded
    # board id -> [(column, text, people)]: the same words given once, most given first in each column
    notes: dict[int, list[tuple[str, str, int]]]
    # (board id, statement id) -> [(kind, text, people)]: rewordings, then comments, each most given first
    words: dict[tuple[int, int], list[tuple[str, str, int]]]
    cards: list[MissingCard]  # every card, most supported first
    supports: dict[int, int]  # card id -> supports
    groups: Counter  # group (or None) -> people
    min_group_size: int
    supported: int = 0  # how many took part with a supporter

    @property
    def from_paper(self) -> bool:
        """Whether any statement's counts include choices made on paper."""
        return any("paper" in entry for board in self.counts.values() for entry in board.values())

    @property
    def people(self) -> int:
        return sum(self.groups.values())

    def statement_counts(self, statement_id: int | None) -> dict | None:
        for board_counts_ in self.counts.values():
            if statement_id in board_counts_:
                return board_counts_[statement_id]["total"]
        return None


def _what_was_said(session: Session, workshop: Workshop, parts: frozenset[str]) -> _Said:
    boards = list(
        session.scalars(
            select(Board)
            .where(Board.workshop_id == workshop.id)
            .order_by(Board.position)
            .options(selectinload(Board.charter).selectinload(Charter.themes).selectinload(Theme.statements))
        )
    )
    # What people wrote, hidden words left out, the same words once with how many still counted gave them
    # (live/words.py, as the console and the merge page count them); a statement's rewordings before its comments.
    kinds = (("note",) if "notes" in parts else ()) + (("rewording", "comment") if "words" in parts else ())
    notes: dict[int, list[tuple[str, str, int]]] = {}
    words: dict[tuple[int, int], list[tuple[str, str, int]]] = {}
    for said in sorted(said_alike(session, workshop.id, kinds, group=same_wordings), key=lambda s: kinds.index(s.kind)):
        if said.hidden:
            continue
        if said.kind == "note":
            notes.setdefault(said.board_id, []).append((said.about, said.text, said.people))
        else:
            words.setdefault((said.board_id, said.about), []).append((said.kind.capitalize(), said.text, said.people))
    for board_notes in notes.values():
        board_notes.sort(key=lambda note: NOTE_COLUMNS.index(note[0]))
    supports = card_support_counts(session, workshop.id)
    cards = list(session.scalars(select(MissingCard).where(MissingCard.workshop_id == workshop.id)))
    cards.sort(key=lambda card: (-supports.get(card.id, 0), card.id))
    groups = Counter(
        session.scalars(
            select(Participant.group_name).where(Participant.workshop_id == workshop.id, Participant.removed.is_(False))
        )
    )
    return _Said(
        boards=boards,
        counts={
            board.id: protected_counts(board_counts(session, board.id), workshop.min_group_size) for board in boards
        },
        notes=notes,
        words=words,
        cards=cards,
        supports=supports,
        groups=groups,
        min_group_size=workshop.min_group_size,
        supported=supported_count(session, workshop.id),
    )


# --- the document ---------------------------------------------------------------------


def draft_document(
    session: Session, workshop: Workshop, draft: Draft, today: date, parts: Collection[str] = DEFAULT_DOCUMENT_PARTS
) -> bytes:
    """The draft charter as the bytes of a .docx file, with the parts chosen (models.DOCUMENT_PARTS)."""
    parts = frozenset(parts)
    said = _what_was_said(session, workshop, parts)
    title = clean_text(draft.title, 200, single_line=True) or clean_text(workshop.title, single_line=True)
    area = clean_text(draft.area or workshop.area, 120, single_line=True)

    document = styled_document(title, area, DRAFT_DESCRIPTION)
    _title_page(document, workshop, title, area, today)
    if "easy_read_summary" in parts:
        _easy_read_summary(document, workshop, draft, said, title)
    _commitment_and_definitions(document, draft)
    _statements(document, draft)
    _signatures(document, draft)
    _how_we_will_know(document, draft)
    _priorities(document, priorities_board(session, workshop))
    _action_plan(document, action_plan(session, workshop))
    if "cut_out" in parts:
        _cut_out_and_keep(document, draft, title)
    if "cut_out_easy_read" in parts:
        _cut_out_and_keep_in_easy_read(document, draft, title, _easy_read_versions(session, draft))
    _appendix(document, workshop, draft, said, parts)
    return document_bytes(document)


@dataclass(frozen=True)
class Description:
    """What a document says it is, in its properties and its footer ("<title>. <footer>. Page 1 of 3")."""

    subject: str
    keywords: str
    comments: str
    footer: str


DRAFT_DESCRIPTION = Description(
    subject="Draft charter for consultation",
    keywords="co-production charter; SEND; draft for consultation",
    comments="A draft co-production charter, written from what the people at a charter workshop said.",
    footer="Draft for consultation",
)


def styled_document(title: str, area: str, description: Description) -> WordDocument:
    """A new document with the draft's page, fonts, language, heading and table styles, properties and footer.

    Every document the app writes starts here (the draft, a review's "You said, we did"), so that they look
    alike; they are built with the helpers below (`heading`, `paragraph`, `lead_in`, `table`, `row`) and
    finished with `document_bytes`.
    """
    document = Document()
    _remember_style_ids(document)
    _set_up(document, title, area, description)
    return document


def document_bytes(document: WordDocument) -> bytes:
    """The finished document as the bytes of a .docx file: short table rows kept whole on a page."""
    _keep_short_rows_whole(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title_page(document: WordDocument, workshop: Workshop, title: str, area: str, today: date) -> None:
    document.add_heading(title, 0)
    if area:
        _paragraph(document, area, style="Subtitle")
    marking = _paragraph(document, "Draft for consultation", bold=True)
    marking.runs[0].font.size = Pt(24)
    marking.paragraph_format.space_before = Pt(36)
    _paragraph(document, _long_date(today))
    held = f" on {_long_date(workshop.held_on)}" if workshop.held_on else ""
    _paragraph(
        document,
        f"This draft was written from what the people at the charter workshop{held} said. "
        "The appendix, \u201cWhat you said\u201d, shows what the room said and what this draft did with it.",
    ).paragraph_format.space_before = Pt(36)


def _commitment_and_definitions(document: WordDocument, draft: Draft) -> None:
    _heading(document, "Our commitment", 1, new_page=True)
    _blocks(document, clean_text(draft.commitment) or labels.DEFAULT_COMMITMENT)
    _heading(document, "What we mean by working together", 1)
    _blocks(document, clean_text(draft.definitions) or labels.DEFAULT_DEFINITIONS)


def _statements(document: WordDocument, draft: Draft) -> None:
    _heading(document, "What we will do", 1, new_page=True)
    for theme in draft.themes:
        _heading(document, theme.title, 2)
        if not theme.statements:
            _paragraph(document, "No statements yet.")
        for statement in theme.statements:
            paragraph = _paragraph(document, statement.text, style="List Bullet")
            if statement.source_kind == "adapted" and statement.original_text:
                document.add_comment(
                    paragraph.runs[0],
                    text=clean_text(
                        f"{_source_phrase(statement)} The original wording: \u201c{statement.original_text}\u201d",
                        single_line=True,
                    ),
                    author=COMMENT_AUTHOR,
                    initials="CW",
                )


def _signatures(document: WordDocument, draft: Draft) -> None:
    _heading(document, "Signatures", 1)
    _lead_in(document, "Signed on behalf of the partners, to show our commitment to this charter.")
    table = _table(document, ("Partner", "Name", "Signature", "Date"), (5.5, 4, 4, 2.5))
    for partner in _signatories(draft):
        row = _row(table, (partner, "", "", ""))
        row.height, row.height_rule = Cm(1.6), WD_ROW_HEIGHT_RULE.AT_LEAST
    # On one page with its heading, rather than a heading and a row or two at the foot of a page.
    for row in list(table._tbl.iterchildren(_W_TR))[:-1]:
        for paragraph in _ROW_PARAGRAPHS(row):
            _keep_paragraph_with_next(paragraph)


def _signatories(draft: Draft) -> list[str]:
    partners = [clean_text(str(partner), 200, single_line=True) for partner in draft.signatories or []]
    return [partner for partner in partners if partner] or list(labels.DEFAULT_SIGNATORIES)


def _how_we_will_know(document: WordDocument, draft: Draft) -> None:
    _heading(document, "How we will know", 1, new_page=True)
    _paragraph(
        document,
        "Each of our statements turns into a question. After each piece of work, we will ask everyone who "
        "took part, for example at annual reviews, in supervision and when a project ends, and we will "
        "share what we learn.",
    )
    for theme in draft.themes:
        questions = [s.did_we_question for s in theme.statements if clean_text(s.did_we_question)]
        if questions:
            _heading(document, theme.title, 2)
            for question in questions:
                _paragraph(document, question, style="List Number")


def _priorities(document: WordDocument, board: dict) -> None:
    """The priorities the room chose, and each outcome's barriers and ideas with their votes."""
    if not board["outcomes"]:
        return
    _heading(document, "Our co-production priorities", 1, new_page=True)
    _paragraph(
        document,
        "For each outcome, the room said what the barriers are and how co-production could help, then each "
        f"person voted for the cards that matter most ({_count(board['votes_per_person'], 'vote')} each).",
    )
    if board["chosen"]:
        _lead_in(document, "The priorities the room chose:")
        for card in board["chosen"]:
            _paragraph(document, f"{card['text']} ({card['outcome']}; {_count(card['votes'], 'vote')})", "List Bullet")
    else:
        _paragraph(document, "The room has not chosen its priorities yet.")
    _heading(document, "What the room said about each outcome", 2)
    _lead_in(document, "Each card with its votes, and the support it had before the voting.")
    table = _table(document, ("Outcome", *labels.PRIORITY_COLUMNS.values()), (4, 6, 6))
    for outcome in board["outcomes"]:
        columns = [
            [_said_of(card) for card in outcome["cards"] if card["column"] == column]
            for column in labels.PRIORITY_COLUMNS
        ]
        row = _row(table, (outcome["title"], *(said[0] if said else "No cards" for said in columns)))
        for cell, said in zip(row.cells[1:], columns, strict=True):
            for more in said[1:]:
                _paragraph(cell, more)


def _said_of(card: dict) -> str:
    support = labels.counted(labels.SUPPORT, card["supports"]).lower()
    return f"{card['text']} ({_count(card['votes'], 'vote')}; {support})"


def _action_plan(document: WordDocument, actions: list[dict]) -> None:
    if not actions:
        return
    _heading(document, "Action plan", 1, new_page=True)
    _lead_in(document, "What we agreed to do, who will do it and by when.")
    table = _table(document, ("Action", "Who", "By when", "What it is for"), (6, 3, 3, 4))
    for action in actions:
        linked = action["linked"]
        for_what = f"{linked['kind'].capitalize()}: {linked['text']}" if linked else ""
        _row(table, (action["what"], action["who"], action["due"], for_what))


def _cut_out_and_keep(document: WordDocument, draft: Draft, title: str) -> None:
    """Every statement on one page of its own, for families to keep."""
    themes = [(theme.title, [_shortened(clean_text(s.text)) for s in theme.statements]) for theme in draft.themes]
    size = _summary_size(themes)
    _cut_out_page(document, "Cut out and keep", f"{title}: what we will do, on one page.", themes, size)
    closing = _paragraph(document, "After each piece of work, ask us: did we do what we said we would?", bold=True)
    closing.runs[0].font.size = Pt(size)
    closing.paragraph_format.space_before = Pt(size)


def _cut_out_page(document: WordDocument, heading_text: str, lead: str, themes: list, size: float) -> None:
    """A cut-out-and-keep page's heading, lead line and each theme's statements, all at `size` points."""
    _heading(document, heading_text, 1, new_page=True)
    _paragraph(document, lead, bold=True).runs[0].font.size = Pt(size)
    for theme_title, statements in themes:
        heading = _heading(document, theme_title, 2)
        heading.paragraph_format.space_before = Pt(size * 0.6)
        heading.runs[0].font.size = Pt(size + 1)
        for text in statements:
            paragraph = _paragraph(document, text, style="List Bullet")
            paragraph.runs[0].font.size = Pt(size)
            paragraph.paragraph_format.space_after = Pt(0)


# The print size of the easy-read pages.
EASY_READ_POINTS = 14


def _easy_read_versions(session: Session, draft: Draft) -> dict[int, str]:
    """Each draft statement's easy-read version, by its id: its example statement's, where the draft kept that
    statement's words (a statement reworded or edited at the workshop has none)."""
    statements = [s for theme in draft.themes for s in theme.statements if s.source_statement_id is not None]
    sources = {
        statement.id: statement
        for statement in session.scalars(
            select(Statement).where(Statement.id.in_({s.source_statement_id for s in statements}))
        )
    }
    versions = {}
    for statement in statements:
        source = sources.get(statement.source_statement_id)
        if source is not None and source.easy_read and wording_key(source.text) == wording_key(statement.text):
            versions[statement.id] = clean_text(source.easy_read, single_line=True)
    return versions


def _cut_out_and_keep_in_easy_read(document: WordDocument, draft: Draft, title: str, easy: dict[int, str]) -> None:
    """The cut-out page again, each statement in its easy-read version where it has one."""
    themes = [
        (theme.title, [_shortened(easy.get(s.id) or clean_text(s.text)) for s in theme.statements])
        for theme in draft.themes
    ]
    # Easy read wants large print: 14 points at the least, over a page if need be.
    size = max(EASY_READ_POINTS, _summary_size(themes))
    _cut_out_page(document, "Cut out and keep, in easy read", f"{title}. Our promises, in easy read.", themes, size)
    own_words = sum(1 for theme in draft.themes for s in theme.statements if s.id not in easy)
    closing = [
        "After each piece of work, ask us: did we do what we said?",
        *(["Some promises were changed at the workshop. They are in the workshop's own words."] if own_words else []),
    ]
    for number, text in enumerate(closing):
        paragraph = _paragraph(document, text, bold=number == 0)
        paragraph.runs[0].font.size = Pt(size)
        paragraph.paragraph_format.space_before = Pt(size if number == 0 else 0)


def _easy_read_summary(document: WordDocument, workshop: Workshop, draft: Draft, said: _Said, title: str) -> None:
    """One page in plain words, short sentences, one idea each: what this is, who made it, what happens next."""
    themes = [clean_text(theme.title, single_line=True) for theme in draft.themes]
    promises = sum(len(theme.statements) for theme in draft.themes)
    held = f" on {_long_date(workshop.held_on)}" if workshop.held_on else ""
    # "The council" reads "We are the council" in a sentence.
    partners = [f"the {name[4:]}" if name.startswith("The ") else name for name in _signatories(draft)]
    _heading(document, "Easy read summary", 1, new_page=True)
    for text in (
        f"This is {title}.",
        "It is a draft. A draft is not finished yet.",
        "A charter is a list of promises. The promises say how we will work together.",
        f"We are {_listed(partners)}.",
        f"{_people(said.people).capitalize()} helped to write it at a workshop{held}."
        if said.people
        else f"People helped to write it at a workshop{held}.",
        "They looked at charters from other areas. They chose the promises they liked.",
        f"The charter has {_count(len(themes), 'part')}:" if themes else "",
    ):
        if text:
            _paragraph(document, text).runs[0].font.size = Pt(EASY_READ_POINTS)
    for theme in themes:
        _paragraph(document, theme, style="List Bullet").runs[0].font.size = Pt(EASY_READ_POINTS)
    for text in (
        f"There are {_count(promises, 'promise')}. Each one starts with \u201cWe will\u201d.",
        "After each piece of work, you can ask us: did we do what we said?",
        "What happens next?",
        "Everyone can read the draft and say what they think.",
        "Then we will change it and sign it.",
    ):
        paragraph = _paragraph(document, text, bold=text.endswith("?") and text.startswith("What"))
        paragraph.runs[0].font.size = Pt(EASY_READ_POINTS)


def _shortened(text: str) -> str:
    if len(text) <= SUMMARY_STATEMENT_MAX:
        return text
    return text[: SUMMARY_STATEMENT_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "\u2026"


def _summary_size(themes: list[tuple[str, list[str]]]) -> int:
    """The largest font size (points) at which the summary should fit on one page."""
    text_width = PAGE_WIDTH.pt - 2 * MARGIN.pt - Cm(0.65).pt
    room = PAGE_HEIGHT.pt - 2 * MARGIN.pt - 130  # less the heading, the first line and the last
    for size in (12, 11, 10, 9):
        characters_per_line = text_width / (0.5 * size)
        lines = sum(math.ceil(max(len(text), 1) / characters_per_line) for _, texts in themes for text in texts)
        if lines * 1.2 * size + len(themes) * 2.8 * size <= room:
            return size
    return 8


# --- the appendix: what you said ------------------------------------------------------


def _appendix(document: WordDocument, workshop: Workshop, draft: Draft, said: _Said, parts: frozenset[str]) -> None:
    _heading(document, "Appendix: What you said", 1, new_page=True)
    charters = [board.charter.area or board.charter.title for board in said.boards]
    held = f" on {_long_date(workshop.held_on)}" if workshop.held_on else ""
    _paragraph(
        document,
        f"At the workshop{held}, {_people(said.people)} reviewed {_count(len(charters), 'example charter')}: "
        f"{_listed(charters)}. For each statement they chose Borrow, Adapt or Ignore, suggested rewordings and "
        "wrote comments; they also said what was missing. People are counted, never named. Anything the "
        "facilitator hid as unsuitable is left out.",
    )
    _who_was_there(document, said)
    if said.supported:
        # How many, never who: below the minimum group size, only "fewer than".
        _paragraph(
            document,
            f"{supported_figure(said.supported, said.min_group_size)['text']}, who used a phone with them; "
            "their choices are counted as theirs, in their group.",
        )
    if said.from_paper:
        _paragraph(
            document,
            "Some people chose on paper sheets rather than on a phone. Their choices are counted with everyone's, "
            "in their groups; the counts say how many came from paper.",
        )
    if "picture" in parts:
        _results_picture(document, said)
    if parts & {"counts", "words", "notes"}:
        for board in said.boards:
            _board_results(document, board, said, parts)
    if "cards" in parts:
        _missing_cards(document, said)
    if "provenance" in parts:
        _provenance(document, draft, said)


def _results_picture(document: WordDocument, said: _Said) -> None:
    """Every statement's Borrow, Adapt and Ignore as a bar, from the same counts as the tables."""
    charters = []
    for board in said.boards:
        counts = said.counts.get(board.id, {})
        statements = [s for theme in board.charter.current_themes for s in theme.current_statements]
        charters.append(
            (
                clean_text(board.charter.area or board.charter.title, single_line=True),
                [(clean_text(s.text), counts[s.id]["total"] if s.id in counts else {}) for s in statements],
            )
        )
    _heading(document, "The results at a glance", 2)
    if sum(len(statements) for _name, statements in charters) <= NAMED_MOST:
        _lead_in(document, "Each bar: the shares of those who tagged the statement, how many chose each beside it.")
    else:
        _lead_in(
            document,
            "Each bar: the shares of those who tagged the statement. There are too many statements to name here: "
            "each is numbered in its charter's order, 1 being the first.",
        )
    picture = document.add_picture(BytesIO(results_chart(charters)), width=PAGE_WIDTH - 2 * MARGIN)
    # The alternative text that screen readers read, and Word shows as the picture's description.
    properties = picture._inline.docPr
    properties.set("name", "The results at a glance")
    properties.set("descr", chart_description(charters))


def _who_was_there(document: WordDocument, said: _Said) -> None:
    """How many of each group were in the room, small groups folded as in every breakdown."""
    people = fold_numbers({g: n for g, n in said.groups.items() if g}, said.people, said.min_group_size)
    if not (people["by_group"] or people["other_groups"] or people["groups_withheld"]):
        return
    note = labels.GROUP_NOTE.format(minimum=said.min_group_size)
    if people["groups_withheld"]:
        _paragraph(document, f"Who was in the room is not shown by group. {note}")
        return
    given = [(labels.GROUPS[group], people["by_group"][group]) for group in GROUPS if group in people["by_group"]]
    described = ", ".join(f"{label}: {number}" for label, number in given)
    if people["other_groups"]:
        described += f", {labels.OTHER_GROUPS.lower()}: {people['other_groups']}"
    else:
        rest = said.people - sum(people["by_group"].values())
        if rest:
            described += f", did not say: {rest}"
    _paragraph(document, f"Who was in the room, as people described themselves. {described}.")
    if people["other_groups"]:
        _paragraph(document, note)


def _board_results(document: WordDocument, board: Board, said: _Said, parts: frozenset[str]) -> None:
    charter = board.charter
    _heading(document, charter.title, 2)
    whose = {
        "published": "The council's own published wording.",
        "illustrative": "An illustrative example written from what the area has published, not the council's "
        "own wording.",
        "imported": "A charter brought to the workshop.",
    }[charter.status]
    _lead_in(document, whose)
    statements = [s for theme in charter.current_themes for s in theme.current_statements]
    if "counts" in parts:
        _tag_counts(document, board, statements, said)
    if "words" in parts:
        _rewordings_and_comments(document, board, statements, said)
    if "notes" in parts:
        _notes(document, board, said)


def _notes(document: WordDocument, board: Board, said: _Said) -> None:
    """One row per note, with the column it was written in; the same words once, with how many wrote them."""
    _heading(document, f"Notes on the {board.charter.area or 'charter'} charter as a whole", 3)
    notes = said.notes.get(board.id, [])
    if not notes:
        _paragraph(document, "No notes.")
        return
    table = _table(document, ("Column", "Note", "People"), (3.7, 10.2, 2.1))
    for column, text, people in notes:
        _row(table, (labels.NOTE_COLUMNS[column], text, str(people)))


def _tag_counts(document: WordDocument, board: Board, statements: list, said: _Said) -> None:
    """One row per statement: everyone's Borrow / Adapt / Ignore, then each group's, in one cell each."""
    _heading(document, "Borrow, adapt or ignore", 3)
    counts = said.counts.get(board.id, {})
    groups = [g for g in GROUPS if any(g in entry["by_group"] for entry in counts.values())]
    other = any(entry["other_groups"] for entry in counts.values())
    withheld = any(entry["groups_withheld"] for entry in counts.values())
    paper = any("paper" in entry for entry in counts.values())
    # When no group can be shown for any statement, a column says so.
    only_withheld = withheld and not (groups or other)
    columns = [
        "Everyone",
        *(labels.GROUPS[g] for g in groups),
        *([labels.OTHER_GROUPS] if other else []),
        *(["By group"] if only_withheld else []),
        *([labels.FROM_PAPER_ROW] if paper else []),
    ]
    _lead_in(
        document,
        "How many chose Borrow / Adapt / Ignore, in that order in each cell"
        + (": everyone, then each group." if len(columns) > 1 else "."),
    )
    if other or withheld:
        _lead_in(document, labels.GROUP_NOTE.format(minimum=said.min_group_size))
    if paper:
        _lead_in(
            document,
            "From paper: how many of the choices counted were made on paper sheets, and how they chose where "
            "that singles nobody out.",
        )
    rows = []
    for statement in statements:
        entry = counts.get(statement.id)
        cells = [_tallies(entry["total"] if entry else {})]
        for group in groups:
            if entry and group in entry["by_group"]:
                cells.append(_tallies(entry["by_group"][group]))
            else:
                cells.append(labels.NOT_SHOWN_BY_GROUP if entry and entry["groups_withheld"] else "")
        if other:
            cells.append(_tallies(entry["other_groups"]) if entry and entry["other_groups"] else "")
        if only_withheld:
            cells.append(labels.NOT_SHOWN_BY_GROUP if entry and entry["groups_withheld"] else "")
        if paper:
            cells.append(_from_paper(entry["paper"]) if entry and "paper" in entry else "")
        rows.append((statement.text, *cells))
    table = _table(document, ("Statement", *columns), _counts_widths(columns, rows))
    for row in rows:
        _row(table, row)
    _smaller(table._tbl, COUNTS_SIZE)


def _counts_widths(columns: list[str], rows: list[tuple[str, ...]]) -> tuple[float, ...]:
    """Each count's column as wide as its longest word or figures, the statement the rest; narrowed together
    when the statement would be left too little."""
    needs = [
        max(len(word) for text in (column, *(row[number] for row in rows)) for word in text.split() or [""])
        * COUNTS_CHARACTER_CM
        + COUNTS_MARGINS_CM
        for number, column in enumerate(columns, start=1)
    ]
    room = 16 - COUNTS_STATEMENT_CM
    if sum(needs) > room:
        needs = [need * room / sum(needs) for need in needs]
    return (16 - sum(needs), *needs)


def _rewordings_and_comments(document: WordDocument, board: Board, statements: list, said: _Said) -> None:
    _heading(document, "Rewordings and comments", 3)
    said_any = False
    for statement in statements:
        words = said.words.get((board.id, statement.id), [])
        if not words:
            continue
        said_any = True
        _keep_paragraph_with_next(_paragraph(document, statement.text, bold=True)._p)
        for kind, text, people in words:
            paragraph = _add_paragraph(document, "List Bullet")
            _add_run(paragraph, f"{labels.counted(labels.GAVE[kind], people)}: ", bold=True)
            _add_run(paragraph, f"\u201c{_clean(text)}\u201d")
    if not said_any:
        _paragraph(document, "None.")


def _from_paper(paper: dict) -> str:
    """ "Includes 7 from paper: 1/3/3", the split only where it may be shown (live/breakdowns.py, paper_figure)."""
    return f"{paper['text']}: {_tallies(paper['counts'])}" if paper["counts"] else paper["text"]


def _tallies(counts: dict) -> str:
    return "/".join(str(counts.get(value, 0)) for value in ("borrow", "adapt", "ignore"))


def _missing_cards(document: WordDocument, said: _Said) -> None:
    _heading(document, "What's missing", 2)
    cards = [card for card in said.cards if not card.hidden]
    if not cards:
        _paragraph(document, "No one added a What's missing card.")
        return
    _lead_in(document, "The cards people added, most supported first.")
    table = _table(document, ("Card", "Supports (+1)"), (12.5, 3.5))
    for card in cards:
        _row(table, (card.text, str(said.supports.get(card.id, 0))))


def _provenance(document: WordDocument, draft: Draft, said: _Said) -> None:
    _heading(document, "Where each statement came from", 2)
    _paragraph(document, "Every statement in the draft, where it came from and how it changed on the way.")
    cards = {card.id: card for card in said.cards}
    for theme in draft.themes:
        if not theme.statements:
            continue
        _heading(document, theme.title, 3)
        table = _table(document, ("Statement", "Where it came from and how it changed"), (6.5, 9.5))
        for statement in theme.statements:
            history = _history(statement, said, cards)
            cell = _row(table, (statement.text, history[0])).cells[1]
            for line in history[1:]:
                _paragraph(cell, line)


def _source_phrase(statement: DraftStatement) -> str:
    charter = statement.source_charter_title or "an example charter"
    return {
        "borrowed": f"Borrowed from {charter}.",
        "adapted": f"Adapted from {charter}.",
        "missing_card": "From a What's missing card.",
        "facilitator": "Written by the facilitator.",
    }[statement.source_kind]


def _history(statement: DraftStatement, said: _Said, cards: dict[int, MissingCard]) -> list[str]:
    """Where a draft statement came from, what the room said about it, and each change since, in words."""
    lines = [_source_phrase(statement)]
    counts = said.statement_counts(statement.source_statement_id)
    if counts is not None:
        lines.append(_room_said(counts))
    for source in statement.also_from:
        lines.append(f"Also from {source['charter']}: \u201c{source['text']}\u201d")
        counts = said.statement_counts(source["statement_id"])
        if counts is not None:
            lines.append(_room_said(counts))
    changes = []
    if statement.source_kind == "adapted" and statement.original_text:
        changes.append(f"The original wording: \u201c{statement.original_text}\u201d")
    if statement.source_kind == "adapted" and statement.chosen_rewording_text:
        changes.append(f"The room's rewording was chosen: \u201c{statement.chosen_rewording_text}\u201d")
    if statement.source_kind == "missing_card":
        card = cards.get(statement.source_card_id)
        if card is not None:
            lines.append(f"Supports (+1): {said.supports.get(card.id, 0)}.")
        card_text = statement.original_text or (card.text if card else "")
        if card_text:
            changes.append(f"The card said: \u201c{card_text}\u201d")
    for edit in statement.edits:
        changes.append(f"Edited from \u201c{edit.previous_text}\u201d to \u201c{edit.new_text}\u201d.")
    return lines + (changes or ["Not changed."])


def _room_said(counts: dict) -> str:
    return f"The room: borrow {counts['borrow']}, adapt {counts['adapt']}, ignore {counts['ignore']}."


# --- writing helpers -------------------------------------------------------------------


def _clean(text) -> str:
    return clean_text(str(text or ""))


# python-docx puts each element it adds in its place by looking for every kind of element that may follow
# it (tens of them for a paragraph's style or a run's bold) and builds each through several layers; a large
# workshop's appendix has tens of thousands of paragraphs, runs and table cells. These helpers make the same
# XML directly with lxml, where each element is the first of its kind or comes last.

_W_B, _W_KEEP_NEXT, _W_P, _W_PPR, _W_PSTYLE, _W_R, _W_RPR, _W_T, _W_TBL, _W_TC, _W_TCPR, _W_TCW, _W_TR = map(
    qn,
    (
        "w:b",
        "w:keepNext",
        "w:p",
        "w:pPr",
        "w:pStyle",
        "w:r",
        "w:rPr",
        "w:t",
        "w:tbl",
        "w:tc",
        "w:tcPr",
        "w:tcW",
        "w:tr",
    ),
)
_W_SECT_PR, _W_TYPE, _W_VAL, _W_W, _XML_SPACE = map(qn, ("w:sectPr", "w:type", "w:val", "w:w", "xml:space"))
_W_GRID_COL = qn("w:gridCol")
_W_CANT_SPLIT, _W_SZ, _W_TR_PR = map(qn, ("w:cantSplit", "w:sz", "w:trPr"))
_BREAKS = re.compile("[\t\r\n]")
_NAMESPACES = {"w": nsmap["w"]}


def _remember_style_ids(document: WordDocument) -> None:
    """Look each style's name up once. python-docx searches all the document's styles every time a paragraph
    is given one, thousands of times for a large workshop's appendix; the styles do not change once set up."""
    document.part.get_style_id = functools.cache(document.part.get_style_id)


def _add_paragraph(container, style: str | None = None) -> Paragraph:
    """container.add_paragraph(style=style), made quicker.

    In the document's body, python-docx looks through every paragraph so far for the section properties,
    which come last; here the last element is looked at.
    """
    if isinstance(container, WordDocument):
        body = container.element.body
        paragraph = Paragraph(body.makeelement(_W_P), container)
        _append_to_body(container, paragraph._p)
    else:
        paragraph = container.add_paragraph()
    if style is not None:
        _set_style(paragraph, style)
    return paragraph


def _append_to_body(document: WordDocument, element) -> None:
    """Add a paragraph or table at the end of the document, before the section properties that come last."""
    body = document.element.body
    last = next(reversed(body), None)
    if last is not None and last.tag == _W_SECT_PR:
        last.addprevious(element)
    else:
        body.append(element)


def _set_style(paragraph: Paragraph, style: str) -> None:
    """paragraph.style = style, for a paragraph without a style yet."""
    properties = _properties(paragraph._p)
    style_id = paragraph.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
    if style_id is not None:
        # The style comes first among a paragraph's properties.
        properties.insert(0, properties.makeelement(_W_PSTYLE, {_W_VAL: style_id}))


def _properties(p):
    """The w:pPr of a w:p element, added first if it has none yet, as p.get_or_add_pPr() does."""
    if len(p) and p[0].tag == _W_PPR:
        return p[0]
    properties = p.makeelement(_W_PPR)
    p.insert(0, properties)
    return properties


def _add_run(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    """paragraph.add_run(text).bold = bold, made quicker."""
    _append_run(paragraph._p, text, bold)


def _append_run(p, text: str, bold: bool = False) -> None:
    """A run at the end of a w:p element, as paragraph.add_run(text).bold = bold makes it."""
    run = etree.SubElement(p, _W_R)
    if bold:
        etree.SubElement(etree.SubElement(run, _W_RPR), _W_B)
    if _BREAKS.search(text):
        # Tabs and line breaks become elements of their own, as python-docx makes them.
        run.text = text
    elif text:
        words = etree.SubElement(run, _W_T)
        words.text = text
        # As python-docx's run.add_t(): Word drops spaces at either end unless told to keep them.
        if len(text.strip()) < len(text):
            words.set(_XML_SPACE, "preserve")


def _row(table: Table, values: tuple[str, ...]) -> _Row:
    """A row at the end of the table, each cell as wide as its column, as table.add_row() makes it."""
    row = etree.SubElement(table._tbl, _W_TR)
    for column, value in zip(table._tbl.tblGrid.iterchildren(_W_GRID_COL), values, strict=True):
        cell = etree.SubElement(row, _W_TC)
        width = column.get(_W_W)  # in twips
        if width is not None:
            etree.SubElement(etree.SubElement(cell, _W_TCPR), _W_TCW, {_W_TYPE: "dxa", _W_W: width})
        paragraph = etree.SubElement(cell, _W_P)
        if value:
            # Most cells of a large appendix are counts, which need no cleaning.
            _append_run(paragraph, value if value.isdecimal() else _clean(value))
    return _Row(row, table)


def _paragraph(container, text: str, style: str | None = None, bold: bool = False) -> Paragraph:
    """A paragraph in the document or a table cell, its text cleaned."""
    paragraph = _add_paragraph(container, style)
    _add_run(paragraph, _clean(text), bold)
    return paragraph


def _heading(document: WordDocument, text: str, level: int, new_page: bool = False) -> Paragraph:
    """document.add_heading(text, level), made quicker as _add_paragraph is."""
    heading = _add_paragraph(document, "Title" if level == 0 else f"Heading {level}")
    _add_run(heading, clean_text(text, single_line=True) or "Untitled")
    if new_page:
        heading.paragraph_format.page_break_before = True
    return heading


def _blocks(document: WordDocument, text: str) -> None:
    """The facilitator's plain format: "## " a subheading, "- " a list item, anything else a paragraph."""
    for line in _clean(text).split("\n"):
        if line.startswith("## "):
            _heading(document, line[3:], 2)
        elif line.startswith("- "):
            item = line[2:]
            term, colon, meaning = item.partition(": ")
            paragraph = _add_paragraph(document, "List Bullet")
            if colon and len(term) <= 40:
                _add_run(paragraph, f"{term}: ", bold=True)
                _add_run(paragraph, meaning)
            else:
                _add_run(paragraph, item)
        elif line:
            _paragraph(document, line)


def _table(document: WordDocument, headers: tuple[str, ...], widths_cm: tuple[float, ...]) -> Table:
    """A table with a marked header row that repeats on every page it runs onto."""
    # document.add_table(rows=1, cols=...), without looking through the whole body for its place.
    table = Table(CT_Tbl.new_tbl(1, len(headers), document._block_width), document._body)
    _append_to_body(document, table._tbl)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    header = table.rows[0]
    for cell, text in zip(header.cells, headers, strict=True):
        _cell(cell, text, bold=True)
    header_properties = header._tr.get_or_add_trPr()
    header_properties.append(OxmlElement("w:tblHeader"))
    return table


def _smaller(table, points: int) -> None:
    """Every run in the table at this size: each run's properties hold at most bold (see _append_run), which
    comes before the size."""
    for run in table.iter(_W_R):
        properties = run[0] if len(run) and run[0].tag == _W_RPR else None
        if properties is None:
            properties = run.makeelement(_W_RPR)
            run.insert(0, properties)
        properties.append(properties.makeelement(_W_SZ, {_W_VAL: str(points * 2)}))


def _lead_in(document: WordDocument, text: str) -> None:
    """A sentence introducing what follows, kept on the same page as it."""
    _keep_paragraph_with_next(_paragraph(document, text)._p)


def _keep_paragraph_with_next(p) -> None:
    """paragraph_format.keep_with_next = True, for a w:p element whose properties hold at most a style."""
    properties = _properties(p)
    if properties.find(_W_KEEP_NEXT) is None:
        # First, or after the paragraph's style.
        has_style = len(properties) and properties[0].tag == _W_PSTYLE
        properties.insert(int(bool(has_style)), properties.makeelement(_W_KEEP_NEXT))


# What may follow w:cantSplit in a row's properties: Word insists on the schema's order.
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del")


# What python-docx reads as a paragraph's text: the text, tabs and line breaks of its runs. Compiled once:
# paragraph.text compiles its XPath again for each paragraph and each run.
_RUN_TEXT = "*[self::w:br or self::w:cr or self::w:noBreakHyphen or self::w:ptab or self::w:t or self::w:tab]"
_ROW_PARAGRAPHS = etree.XPath("./w:tc/w:p", namespaces=_NAMESPACES)
_PARAGRAPH_TEXT = etree.XPath(f"w:r/{_RUN_TEXT} | w:hyperlink/w:r/{_RUN_TEXT}", namespaces=_NAMESPACES)
# A cell that continues the merged cell above: its w:vMerge says "continue", or nothing, which means the same.
_CONTINUES_MERGE = etree.XPath("w:tcPr/w:vMerge[not(@w:val) or @w:val = 'continue']", namespaces=_NAMESPACES)


def _keep_short_rows_whole(document: WordDocument) -> None:
    """Rows short enough never break across pages; a longer one may, or Word would cut it off at the page's end.

    The length is that of python-docx's cell.text, a merged cell counting in each of its rows. The cells are
    read from the XML: row.cells looks up every row of the table again for each merged cell.
    """
    for table in document.element.body.iterchildren(_W_TBL):
        lengths = {}  # column -> the length of its last cell that does not continue a merged one
        for row in list(table.iterchildren(_W_TR))[1:]:
            longest = 0
            for column, cell in enumerate(row.iterchildren(_W_TC)):
                if not _CONTINUES_MERGE(cell):
                    lengths[column] = len("\n".join(_paragraph_text(p) for p in cell.iterchildren(_W_P)))
                longest = max(longest, lengths[column])
            if longest <= ROW_KEPT_WHOLE_MAX:
                _cant_split(row)


def _cant_split(row) -> None:
    """row.get_or_add_trPr().insert_element_before(cantSplit, ...), made quicker: the rows after the header
    have no properties of their own yet (see _row), and a row's properties come before its cells."""
    properties = row.find(_W_TR_PR)
    if properties is not None:
        properties.insert_element_before(OxmlElement("w:cantSplit"), *_AFTER_CANT_SPLIT)
        return
    properties = row.makeelement(_W_TR_PR)
    properties.append(properties.makeelement(_W_CANT_SPLIT))
    row.insert(0, properties)


def _paragraph_text(p) -> str:
    return "".join(str(part) for part in _PARAGRAPH_TEXT(p))


def _cell(cell, text: str, bold: bool = False) -> None:
    if not text:
        return
    _add_run(cell.paragraphs[0], _clean(text), bold)


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _people(number: int) -> str:
    return "1 person" if number == 1 else f"{number} people"


def _listed(items: list[str]) -> str:
    items = [clean_text(item, single_line=True) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# --- the document's settings: page, fonts, language, properties, footer -------------------


def _set_up(document: WordDocument, title: str, area: str, description: Description) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN

    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _use_font(defaults)
    defaults.find(qn("w:lang")).set(qn("w:val"), LANGUAGE)
    document.settings.element.find(qn("w:themeFontLang")).set(qn("w:val"), LANGUAGE)

    styles = document.styles
    styles["Normal"].font.size = Pt(12)
    styles["Table Grid"].font.size = Pt(11)
    for name, size in (("Title", 30), ("Subtitle", 18), ("Heading 1", 20), ("Heading 2", 15), ("Heading 3", 13)):
        style = styles[name]
        _use_font(style.element.get_or_add_rPr())
        style.font.size = Pt(size)
        style.font.color.rgb = INK
        style.font.italic = False
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        styles[name].paragraph_format.space_after = Pt(6)

    author = f"{area} SEND partnership" if area else "SEND partnership"
    now = datetime.now(UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.title = title
    properties.subject = description.subject
    properties.author = properties.last_modified_by = author
    properties.language = LANGUAGE
    properties.keywords = description.keywords
    properties.comments = description.comments
    properties.created = properties.modified = now
    properties.revision = 1

    footer = section.footer.paragraphs[0]
    footer.add_run(f"{title}. {description.footer}. Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _use_font(run_properties) -> None:
    """Name the font itself: a theme font (Calibri, Cambria) is often missing outside Word."""
    fonts = run_properties.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word and LibreOffice fill in, such as the page number."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# The helpers other documents are built with (export/report.py), by the names they are known outside.
heading, paragraph, lead_in, table, row = _heading, _paragraph, _lead_in, _table, _row
