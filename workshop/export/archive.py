"""The whole workshop as JSON, and back: for keeping it, and for moving it to a new install.

The file holds the charters the workshop reviewed (with every statement, so a
new install can restore them), the boards, participants by number and group
only (no names, and no tokens: imported participants cannot act), every tag,
rewording, comment, note, missing card and support with its hidden flag, and
the draft with its provenance, edits and parked statements. Ids in the file are references
within the file; importing gives everything new ids, a new join code and a new
projector key.

A charter is restored by its slug. When the library already holds a charter
with that slug and the very same themes and statements, the workshop uses it;
otherwise the charter is created from the file, under a new slug if the old
one is taken, so that the workshop comes back exactly as it was.

`import_workshop` refuses a bad file with a DomainError before or while
adding rows; the caller rolls the session back, so nothing is stored.
"""

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..charters.library import unique_slug
from ..draft.drafting import load_draft
from ..errors import DomainError
from ..live.participants import token_hash
from ..live.workshops import new_join_code
from ..models import (
    CHARTER_STATUSES,
    DRAFT_SOURCES,
    GROUPS,
    NOTE_COLUMNS,
    STAGES,
    TAG_CHOICES,
    Board,
    BoardNote,
    CardSupport,
    Charter,
    Comment,
    Draft,
    DraftStatement,
    DraftStatementEdit,
    DraftTheme,
    Facilitator,
    MissingCard,
    Participant,
    Rewording,
    Statement,
    Tag,
    Theme,
    Workshop,
)
from ..text import clean_text
from . import iso_time

FORMAT = "charter-workshop"
VERSION = 1
# As a participant's words are capped when they are written.
CONTRIBUTION_MAX = 1000


# --- export ----------------------------------------------------------------------------


def export_workshop(session: Session, workshop: Workshop) -> dict:
    boards = list(session.scalars(select(Board).where(Board.workshop_id == workshop.id).order_by(Board.position)))
    board_ids = [board.id for board in boards]
    draft = load_draft(session, workshop.id)
    draft_statements = [s for theme in draft.themes for s in theme.statements] + draft.parked if draft else []
    source_ids = [s.source_statement_id for s in draft_statements if s.source_statement_id is not None]
    charter_ids = {board.charter_id for board in boards} | set(
        session.scalars(select(Statement.charter_id).where(Statement.id.in_(source_ids)))
    )
    charters = session.scalars(
        select(Charter)
        .where(Charter.id.in_(charter_ids))
        .order_by(Charter.id)
        .options(selectinload(Charter.themes).selectinload(Theme.statements))
    )
    charter_slugs = {}
    exported_charters = []
    for charter in charters:
        charter_slugs[charter.id] = charter.slug
        exported_charters.append(_export_charter(charter))

    def rows(model, *where):
        return session.scalars(select(model).where(*where).order_by(model.id))

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_time(datetime.now(UTC)),
        "charters": exported_charters,
        "workshop": {
            "title": workshop.title,
            "area": workshop.area,
            "held_on": workshop.held_on.isoformat() if workshop.held_on else None,
            "stage": workshop.stage,
            "ask_groups": workshop.ask_groups,
            "results_revealed": workshop.results_revealed,
            "tagging_locked": workshop.tagging_locked,
            "current_board": workshop.current_board_id,
            "created_at": iso_time(workshop.created_at),
        },
        "boards": [
            {"id": b.id, "charter": charter_slugs[b.charter_id], "position": b.position, "is_open": b.is_open}
            for b in boards
        ],
        "participants": [
            {
                "id": p.id,
                "number": p.number,
                "group": p.group_name,
                "removed": p.removed,
                "joined_at": iso_time(p.joined_at),
            }
            for p in rows(Participant, Participant.workshop_id == workshop.id)
        ],
        "tags": [
            {
                "board": t.board_id,
                "statement": t.statement_id,
                "participant": t.participant_id,
                "value": t.value,
                "updated_at": iso_time(t.updated_at),
            }
            for t in rows(Tag, Tag.board_id.in_(board_ids))
        ],
        "rewordings": [_export_words(r) for r in rows(Rewording, Rewording.board_id.in_(board_ids))],
        "comments": [_export_words(c) for c in rows(Comment, Comment.board_id.in_(board_ids))],
        "notes": [
            {"id": n.id, "board": n.board_id, "participant": n.participant_id, "column": n.column_name}
            | _export_contribution(n)
            for n in rows(BoardNote, BoardNote.board_id.in_(board_ids))
        ],
        "cards": [
            {"id": c.id, "participant": c.participant_id} | _export_contribution(c)
            for c in rows(MissingCard, MissingCard.workshop_id == workshop.id)
        ],
        "supports": [
            {"card": s.card_id, "participant": s.participant_id, "created_at": iso_time(s.created_at)}
            for s in rows(
                CardSupport,
                CardSupport.card_id.in_(select(MissingCard.id).where(MissingCard.workshop_id == workshop.id)),
            )
        ],
        "draft": _export_draft(draft) if draft else None,
    }


def _export_charter(charter: Charter) -> dict:
    return {
        "slug": charter.slug,
        "title": charter.title,
        "area": charter.area,
        "status": charter.status,
        "source": charter.source,
        "source_url": charter.source_url,
        "introduction": charter.introduction,
        "themes": [
            {
                "title": theme.title,
                "retired": theme.retired,
                "statements": [{"id": s.id, "text": s.text, "retired": s.retired} for s in theme.statements],
            }
            for theme in charter.themes
        ],
    }


def _export_contribution(item) -> dict:
    return {
        "text": item.text,
        "hidden": item.hidden,
        "created_at": iso_time(item.created_at),
        "updated_at": iso_time(item.updated_at),
    }


def _export_words(item: Rewording | Comment) -> dict:
    return {
        "id": item.id,
        "board": item.board_id,
        "statement": item.statement_id,
        "participant": item.participant_id,
    } | _export_contribution(item)


def _export_draft(draft: Draft) -> dict:
    return {
        "title": draft.title,
        "area": draft.area,
        "theme_set": draft.theme_set,
        "commitment": draft.commitment,
        "definitions": draft.definitions,
        "signatories": list(draft.signatories or []),
        "created_at": iso_time(draft.created_at),
        "updated_at": iso_time(draft.updated_at),
        "themes": [
            {"title": theme.title, "statements": [_export_draft_statement(s) for s in theme.statements]}
            for theme in draft.themes
        ],
        # Taken out of the draft, kept to be put back or discarded.
        "parked": [_export_draft_statement(s) for s in draft.parked],
    }


def _export_draft_statement(statement: DraftStatement) -> dict:
    return {
        "text": statement.text,
        "did_we_question": statement.did_we_question,
        "source_kind": statement.source_kind,
        "source_statement": statement.source_statement_id,
        "source_card": statement.source_card_id,
        "source_charter_title": statement.source_charter_title,
        "original_text": statement.original_text,
        "chosen_rewording": statement.chosen_rewording_id,
        "chosen_rewording_text": statement.chosen_rewording_text,
        "created_at": iso_time(statement.created_at),
        # Who made an edit is a facilitator's account: not exported.
        "edits": [
            {"previous_text": e.previous_text, "new_text": e.new_text, "created_at": iso_time(e.created_at)}
            for e in statement.edits
        ],
    }


# --- import ----------------------------------------------------------------------------

_KINDS = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}


class _Item:
    """One object of the file, read field by field, with a clear message for anything wrong."""

    def __init__(self, value, where: str):
        if not isinstance(value, dict):
            raise _refused(f"{where or 'the file'} must be a JSON object.")
        self.value = value
        self.where = where

    def get(self, key: str, kind: type, optional: bool = False):
        if key not in self.value:
            raise _refused(f"{self.where or 'the file'} has no '{key}'.")
        value = self.value[key]
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _refused(f"'{key}' in {self.where or 'the file'} must be {_KINDS[kind]}.")
        return value

    def text(self, key: str, max_length: int | None = None, single_line: bool = False, optional: bool = False):
        value = self.get(key, str, optional)
        return None if value is None else clean_text(value, max_length, single_line)

    def choice(self, key: str, choices: tuple[str, ...], optional: bool = False) -> str | None:
        value = self.get(key, str, optional)
        if value is not None and value not in choices:
            raise _refused(f"'{key}' in {self.where} must be one of: {', '.join(choices)}.")
        return value

    def time(self, key: str) -> datetime:
        value = self.get(key, str)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _refused(f"'{key}' in {self.where} must be a time such as 2026-11-23T10:15:00+00:00.") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def item(self, key: str) -> "_Item":
        return _Item(self.get(key, dict), f"{self.where}.{key}" if self.where else key)

    def items(self, key: str) -> list["_Item"]:
        where = f"{self.where}.{key}" if self.where else key
        return [_Item(value, f"{where}[{index}]") for index, value in enumerate(self.get(key, list))]

    def ref(self, key: str, found: dict, what: str, kind: type = int, optional: bool = False):
        """The new row for something the file refers to by its id (or a charter by its slug)."""
        value = self.get(key, kind, optional)
        if value is None:
            return None
        if value not in found:
            raise _refused(f"'{key}' in {self.where} refers to {what} {value!r}, which is not in the file.")
        return found[value]


def _refused(message: str) -> DomainError:
    return DomainError("invalid_export", f"This file cannot be imported: {message}")


def _once(seen: set, key, message: str) -> None:
    """Refuse a second copy of what may appear only once."""
    if key in seen:
        raise _refused(message)
    seen.add(key)


def import_workshop(session: Session, data, owner: Facilitator) -> Workshop:
    """Restore an exported workshop for `owner`, with new ids, a new join code and a new projector key."""
    root = _Item(data, "")
    if root.value.get("format") != FORMAT:
        raise DomainError("not_an_export", "This is not a workshop exported from Charter Workshop.")
    version = root.get("version", int)
    if version != VERSION:
        raise DomainError(
            "unsupported_version",
            f"This file is in format version {version}; this install reads version {VERSION}. "
            "Export the workshop again from an install of the same version.",
        )

    charters: dict[str, Charter] = {}
    statements: dict[int, Statement] = {}
    for item in root.items("charters"):
        slug = item.text("slug", 80, single_line=True)
        if slug in charters:
            raise _refused(f"the charter '{slug}' is listed twice.")
        charters[slug] = _import_charter(session, item, slug, statements)

    details = root.item("workshop")
    workshop = _import_workshop_details(session, details, owner)
    boards: dict[int, Board] = {}
    reviewed: set = set()
    for item in root.items("boards"):
        charter = item.ref("charter", charters, "the charter", kind=str)
        _once(reviewed, charter.slug, f"two boards review the charter '{charter.slug}'.")
        board = Board(
            workshop=workshop, charter=charter, position=item.get("position", int), is_open=item.get("is_open", bool)
        )
        _keep(session, boards, item, board)
    participants: dict[int, Participant] = {}
    numbers: set = set()
    for item in root.items("participants"):
        number = item.get("number", int)
        _once(numbers, number, f"the participant number {number} is used twice.")
        participant = Participant(
            workshop=workshop,
            # No token is exported: this is the hash of a token nobody has, so the participant cannot act.
            token_hash=token_hash(secrets.token_urlsafe(32)),
            number=number,
            group_name=item.choice("group", GROUPS, optional=True),
            removed=item.get("removed", bool),
            joined_at=item.time("joined_at"),
        )
        _keep(session, participants, item, participant)
    session.flush()
    current = details.ref("current_board", boards, "board", optional=True)
    workshop.current_board_id = current.id if current else None

    tagged: set = set()
    for item in root.items("tags"):
        board, statement, participant = _on_board(item, boards, statements, participants)
        _once(tagged, (participant.id, board.id, statement.id), f"{item.where} tags a statement a second time.")
        tag = Tag(board_id=board.id, statement_id=statement.id, participant_id=participant.id)
        tag.value, tag.updated_at = item.choice("value", TAG_CHOICES), item.time("updated_at")
        session.add(tag)
    rewordings: dict[int, Rewording] = {}
    reworded: set = set()
    for item in root.items("rewordings"):
        board, statement, participant = _on_board(item, boards, statements, participants)
        _once(reworded, (participant.id, board.id, statement.id), f"{item.where} rewords a statement a second time.")
        rewording = Rewording(board_id=board.id, statement_id=statement.id, participant_id=participant.id)
        _keep(session, rewordings, item, _words(item, rewording))
    comments: dict[int, Comment] = {}
    for item in root.items("comments"):
        board, statement, participant = _on_board(item, boards, statements, participants)
        comment = Comment(board_id=board.id, statement_id=statement.id, participant_id=participant.id)
        _keep(session, comments, item, _words(item, comment))
    notes: dict[int, BoardNote] = {}
    for item in root.items("notes"):
        note = BoardNote(
            board_id=item.ref("board", boards, "board").id,
            participant_id=item.ref("participant", participants, "participant").id,
            column_name=item.choice("column", NOTE_COLUMNS),
        )
        _keep(session, notes, item, _words(item, note))
    cards: dict[int, MissingCard] = {}
    for item in root.items("cards"):
        author = item.ref("participant", participants, "participant", optional=True)
        card = MissingCard(workshop=workshop, participant_id=author.id if author else None)
        _keep(session, cards, item, _words(item, card))
    session.flush()

    supported: set = set()
    for item in root.items("supports"):
        card = item.ref("card", cards, "card")
        participant = item.ref("participant", participants, "participant")
        _once(supported, (card.id, participant.id), f"{item.where} supports a card a second time.")
        session.add(CardSupport(card_id=card.id, participant_id=participant.id, created_at=item.time("created_at")))

    if root.get("draft", dict, optional=True) is not None:
        _import_draft(session, root.item("draft"), workshop, statements, cards, rewordings)
    session.flush()
    return workshop


def _keep(session: Session, found: dict, item: _Item, row):
    """Add a row the file gives an id, so that later parts of the file can refer to it."""
    file_id = item.get("id", int)
    if file_id in found:
        raise _refused(f"the id {file_id} of {item.where} is used twice.")
    found[file_id] = row
    session.add(row)


def _on_board(item: _Item, boards: dict, statements: dict, participants: dict) -> tuple:
    """The board, statement and participant of a tag, rewording or comment."""
    board = item.ref("board", boards, "board")
    statement = item.ref("statement", statements, "statement")
    if statement.charter_id != board.charter_id:
        raise _refused(f"the statement of {item.where} is not on the charter of its board.")
    return board, statement, item.ref("participant", participants, "participant")


def _words(item: _Item, row):
    """What a participant wrote, with its hidden flag and times."""
    row.text = item.text("text", CONTRIBUTION_MAX)
    row.hidden = item.get("hidden", bool)
    row.created_at, row.updated_at = item.time("created_at"), item.time("updated_at")
    return row


def _import_charter(session: Session, item: _Item, slug: str, statements: dict[int, Statement]) -> Charter:
    if not slug:
        raise _refused(f"'slug' in {item.where} must not be empty.")
    themes = [
        (theme, [(s, s.get("id", int), s.get("text", str), s.get("retired", bool)) for s in theme.items("statements")])
        for theme in item.items("themes")
    ]
    outline = [
        (theme.get("title", str), theme.get("retired", bool), [(text, retired) for _, _, text, retired in rows])
        for theme, rows in themes
    ]
    file_ids = [file_id for _, rows in themes for _, file_id, _, _ in rows]
    existing = session.scalar(
        select(Charter).where(Charter.slug == slug).options(selectinload(Charter.themes).selectinload(Theme.statements))
    )
    if existing is not None and _outline(existing) == outline:
        charter = existing
        restored = [s for theme in existing.themes for s in theme.statements]
    else:
        charter = Charter(
            slug=slug if existing is None else unique_slug(session, slug),
            title=item.text("title", 200, single_line=True),
            area=item.text("area", 120, single_line=True),
            status=item.choice("status", CHARTER_STATUSES),
            source=item.text("source"),
            source_url=item.text("source_url", 500, single_line=True, optional=True),
            introduction=item.text("introduction"),
        )
        session.add(charter)
        restored = []
        for theme_position, (theme_item, rows) in enumerate(themes):
            theme = Theme(
                charter=charter,
                position=theme_position,
                title=theme_item.text("title", 200, single_line=True),
                retired=theme_item.get("retired", bool),
            )
            for _, _, text, retired in rows:
                statement = Statement(
                    charter=charter, theme=theme, position=len(restored), text=clean_text(text), retired=retired
                )
                restored.append(statement)
        session.add_all(restored)
    session.flush()
    for file_id, statement in zip(file_ids, restored, strict=True):
        if file_id in statements:
            raise _refused(f"the statement id {file_id} is used twice.")
        statements[file_id] = statement
    return charter


def _outline(charter: Charter) -> list:
    return [(theme.title, theme.retired, [(s.text, s.retired) for s in theme.statements]) for theme in charter.themes]


def _import_workshop_details(session: Session, item: _Item, owner: Facilitator) -> Workshop:
    title = item.text("title", 200, single_line=True)
    if not title:
        raise _refused("'title' in workshop must not be empty.")
    held_on = item.get("held_on", str, optional=True)
    try:
        held_on = date.fromisoformat(held_on) if held_on else None
    except ValueError:
        raise _refused("'held_on' in workshop must be a date such as 2026-11-23.") from None
    workshop = Workshop(
        title=title,
        area=item.text("area", 120, single_line=True),
        held_on=held_on,
        code=new_join_code(session),
        projector_key=secrets.token_urlsafe(32),
        stage=item.choice("stage", STAGES),
        ask_groups=item.get("ask_groups", bool),
        results_revealed=item.get("results_revealed", bool),
        tagging_locked=item.get("tagging_locked", bool),
        owner_id=owner.id,
        created_at=item.time("created_at"),
    )
    session.add(workshop)
    return workshop


def _import_draft(session, item: _Item, workshop: Workshop, statements: dict, cards: dict, rewordings: dict) -> None:
    signatories = item.get("signatories", list)
    if not all(isinstance(partner, str) for partner in signatories):
        raise _refused("'signatories' in draft must be a list of text.")
    draft = Draft(
        workshop=workshop,
        title=item.text("title", 200, single_line=True),
        area=item.text("area", 120, single_line=True),
        theme_set=item.text("theme_set", 80, single_line=True, optional=True),
        commitment=item.text("commitment"),
        definitions=item.text("definitions"),
        signatories=[clean_text(partner, 200, single_line=True) for partner in signatories],
        created_at=item.time("created_at"),
        updated_at=item.time("updated_at"),
    )

    def restored(position: int, s: _Item) -> DraftStatement:
        source = s.ref("source_statement", statements, "statement", optional=True)
        card = s.ref("source_card", cards, "card", optional=True)
        rewording = s.ref("chosen_rewording", rewordings, "rewording", optional=True)
        return DraftStatement(
            position=position,
            text=s.text("text"),
            did_we_question=s.text("did_we_question"),
            source_kind=s.choice("source_kind", DRAFT_SOURCES),
            source_statement_id=source.id if source else None,
            source_card_id=card.id if card else None,
            source_charter_title=s.text("source_charter_title", 200, single_line=True, optional=True),
            original_text=s.text("original_text", optional=True),
            chosen_rewording_id=rewording.id if rewording else None,
            chosen_rewording_text=s.text("chosen_rewording_text", optional=True),
            created_at=s.time("created_at"),
            edits=[
                DraftStatementEdit(
                    previous_text=edit.text("previous_text"),
                    new_text=edit.text("new_text"),
                    created_at=edit.time("created_at"),
                )
                for edit in s.items("edits")
            ],
        )

    for theme_position, theme_item in enumerate(item.items("themes")):
        theme = DraftTheme(draft=draft, position=theme_position, title=theme_item.text("title", 200, single_line=True))
        theme.statements = [restored(position, s) for position, s in enumerate(theme_item.items("statements"))]
    draft.parked = [restored(position, s) for position, s in enumerate(item.items("parked"))]
    session.add(draft)
