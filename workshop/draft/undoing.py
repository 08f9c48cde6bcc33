"""Undoing the last change to the draft, whatever it was: from placing one statement to drafting from the
room's results.

Before each change the adapter calls `remember`, which keeps the whole draft
as it stands (its details, themes and statements, with their history) in the
draft's `undo` column, with the change in words. `undo_last_change` puts the
draft back as it was: what the change made is deleted, what it deleted is
made again with the ids it had, and everything else is put back in its place
and its words. Only the last change is kept: undoing it leaves nothing more to
undo.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import Conflict
from ..live.snapshots import all_statements
from ..models import Draft, DraftStatement, DraftStatementEdit, DraftTheme, MissingCard, Rewording, Statement

_DETAILS = ("title", "area", "commitment", "definitions", "signatories", "majority")
_STATEMENT_FIELDS = (
    "text",
    "did_we_question",
    "source_kind",
    "source_statement_id",
    "source_card_id",
    "source_charter_title",
    "original_text",
    "chosen_rewording_id",
    "chosen_rewording_text",
    "also_from",
)
_EDIT_FIELDS = ("previous_text", "new_text", "facilitator_id")


def remember(draft: Draft, change: str) -> None:
    """Keep the draft as it is now, to undo `change` (in words: "placing a statement") if asked."""
    draft.undo = {
        "change": change,
        "details": {key: getattr(draft, key) for key in _DETAILS},
        "themes": [
            {"id": theme.id, "title": theme.title, "statements": [_kept(s) for s in theme.statements]}
            for theme in draft.themes
        ],
        "parked": [_kept(statement) for statement in draft.parked],
    }


def _kept(statement: DraftStatement) -> dict:
    return {
        "id": statement.id,
        "created_at": statement.created_at.isoformat(),
        **{key: getattr(statement, key) for key in _STATEMENT_FIELDS},
        "edits": [_kept_edit(edit) for edit in statement.edits],
    }


def _kept_edit(edit: DraftStatementEdit) -> dict:
    return {
        "id": edit.id,
        "created_at": edit.created_at.isoformat(),
        **{key: getattr(edit, key) for key in _EDIT_FIELDS},
    }


def undo_last_change(session: Session, draft: Draft) -> str:
    """Put the draft back as it was before its last change; that change, in words."""
    kept = draft.undo
    if not kept:
        raise Conflict("nothing_to_undo", "There is nothing to undo: only the last change can be undone, once.")
    # Half put back, the statements break the rule that each is placed or parked: nothing is written
    # to the database until all of them are back.
    with session.no_autoflush:
        for key, value in kept["details"].items():
            setattr(draft, key, value)
        gone = _gone(session, kept)
        themes = {theme.id: theme for theme in draft.themes}
        statements = {statement.id: statement for statement in all_statements(draft)}
        kept_ids = {s["id"] for theme in kept["themes"] for s in theme["statements"]}
        kept_ids |= {s["id"] for s in kept["parked"]}
        # Taken out of the lists first, so that putting them back below moves them rather than copies them.
        for theme in themes.values():
            theme.statements = []
        draft.parked = []
        for statement_id, statement in statements.items():
            if statement_id not in kept_ids:
                session.delete(statement)
        restored_themes = []
        for position, item in enumerate(kept["themes"]):
            theme = themes.get(item["id"]) or DraftTheme(id=item["id"])
            theme.title, theme.position = item["title"], position
            theme.statements = [_restored(statements, s, index, gone) for index, s in enumerate(item["statements"])]
            restored_themes.append(theme)
        draft.parked = [_restored(statements, s, index, gone) for index, s in enumerate(kept["parked"])]
        draft.themes = restored_themes
    draft.undo = None
    session.flush()
    return kept["change"]


# What a kept statement refers to, and the words that came with it: (column, model, the words' column).
_SOURCES = (
    ("source_card_id", MissingCard, "original_text"),
    ("chosen_rewording_id", Rewording, "chosen_rewording_text"),
    ("source_statement_id", Statement, None),
)


def _gone(session: Session, kept: dict) -> dict[str, set[int]]:
    """What the kept statements refer to that has been deleted since (a card its writer took back, say)."""
    items = [s for theme in kept["themes"] for s in theme["statements"]] + kept["parked"]
    gone = {}
    for column, model, _words in _SOURCES:
        ids = {item[column] for item in items if item[column] is not None}
        found = set(session.scalars(select(model.id).where(model.id.in_(ids)))) if ids else set()
        gone[column] = ids - found
    return gone


def _restored(statements: dict[int, DraftStatement], item: dict, position: int, gone: dict) -> DraftStatement:
    statement = statements.get(item["id"]) or DraftStatement(
        id=item["id"], created_at=datetime.fromisoformat(item["created_at"])
    )
    statement.position = position
    for key in _STATEMENT_FIELDS:
        setattr(statement, key, item[key])
    # A source deleted since is not linked again, and its words, when they were someone's, are not put back.
    for column, _model, words in _SOURCES:
        if item[column] in gone[column]:
            setattr(statement, column, None)
            if words:
                setattr(statement, words, None)
    edits = {edit.id: edit for edit in statement.edits}
    statement.edits = [
        edits.get(edit["id"])
        or DraftStatementEdit(
            id=edit["id"],
            created_at=datetime.fromisoformat(edit["created_at"]),
            **{key: edit[key] for key in _EDIT_FIELDS},
        )
        for edit in item["edits"]
    ]
    return statement
