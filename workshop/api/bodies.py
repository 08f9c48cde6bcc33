"""Reading what an API client sent: a JSON object, checked against a schema when one is given."""

import json
from typing import Annotated, Literal

from flask import request
from pydantic import BeforeValidator, Field

from ..charters.importing import MAX_PASTED_CHARACTERS, MAX_STATEMENTS
from ..errors import DomainError
from ..live.paper import PAPER_ENTRIES_MOST
from ..validation import Id, IsoDate, Number, Schema, SchemaType, Text, Word, validated


def json_body(schema: type[SchemaType] | None = None):
    """The request's JSON object, as an instance of `schema` when given; refused when it is not one."""
    body = json_object(sent_json())
    return body if schema is None else _checked(schema, body)


def sent_json() -> bytes:
    """The request's body if it says it is JSON; nothing (which is not a JSON object) if not."""
    return request.get_data() if request.is_json else b""


def json_object(raw: bytes) -> dict:
    """The JSON object in `raw`; refused when it is not one."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        # Nested too deeply to read: as much an answer of 400 as JSON that is not JSON.
        body = None
    if not isinstance(body, dict):
        raise DomainError("invalid_json", "Send a JSON object with Content-Type: application/json.")
    return body


class WorkshopBody(Schema):
    """POST /api/workshops: a new workshop (docs/api.md). Whether the title and charters will do is the domain's."""

    title: Text = ""
    area: Text = ""
    date: IsoDate | None = None
    charters: Annotated[list[Word], Field(max_length=100)] = []
    ask_groups: bool = True
    results_hidden: bool = True
    # Left out, the installation's MIN_GROUP_SIZE.
    min_group_size: Number | None = None


class ControlBody(Schema):
    """POST /api/workshops/<id>/control: the action, and the values that action needs (docs/api.md)."""

    action: Word
    stage: Word = ""
    # A board's id, or "all" (None) for every board.
    board_id: Annotated[Id | None, BeforeValidator(lambda value: None if value == "all" else value)] = None
    kind: Word = ""
    item_id: Id | None = None
    participant_id: Id | None = None
    email: Text = ""
    min_group_size: Number | None = None
    # For "focus": the statement to put on the big screen, or None for every statement again.
    statement_id: Id | None = None
    title: Text = ""
    votes: Number | None = None
    what: Text = ""
    who: Text = ""
    due: Text = ""
    link: Text = ""


class PaperTotalsBody(Schema):
    """POST /api/workshops/<id>/paper-tags: one statement's totals from paper in one group (none: no group given).

    Whether the statement, the group and the numbers will do is the domain's (live/paper.py)."""

    statement_id: Id
    group: Word | None = None
    borrow: Number
    adapt: Number
    ignore: Number


class PaperSheetBody(Schema):
    """POST /api/workshops/<id>/paper-tags with `entries`: many totals at once, a whole sheet's, all or nothing."""

    entries: Annotated[list[PaperTotalsBody], Field(max_length=PAPER_ENTRIES_MOST)]


def paper_totals_body() -> list[PaperTotalsBody]:
    """The totals sent: one entry, or a sheet's `entries`."""
    body = json_body()
    if "entries" in body:
        return list(_checked(PaperSheetBody, body).entries)
    return [_checked(PaperTotalsBody, body)]


def _checked(schema: type[SchemaType], body: dict) -> SchemaType:
    return validated(schema, body, "invalid_body", "Check what you sent: ", "the request")


# --- The draft (docs/api.md): what each change may send; whether the values will do is the domain's. ---

Direction = Literal["up", "down"]


class StartDraftBody(Schema):
    """POST /api/workshops/<id>/draft."""

    theme_set: Word
    own_themes: Annotated[list[Text], Field(max_length=100)] = []
    title: Text = ""
    area: Text = ""
    # True: draft from the room's results at once, by the rule's `majority` (a percentage; 50 if left out).
    auto: bool = False
    majority: Number | None = None


class FromResultsBody(Schema):
    """POST /api/workshops/<id>/draft/from-results: the rule's percentage, the draft's if left out."""

    majority: Number | None = None


class DraftDetailsBody(Schema):
    """PATCH /api/workshops/<id>/draft: what is not sent stays as it is."""

    title: Text | None = None
    area: Text | None = None
    commitment: Text | None = None
    definitions: Text | None = None
    signatories: Annotated[list[Text], Field(max_length=100)] | None = None
    majority: Number | None = None


class NewThemeBody(Schema):
    """POST /api/workshops/<id>/draft/themes."""

    title: Text


class ThemeChangeBody(Schema):
    """PATCH /api/workshops/<id>/draft/themes/<theme_id>: a new title, a new place, or both."""

    title: Text | None = None
    direction: Direction | None = None
    position: Number | None = None


class PlaceBody(Schema):
    """POST /api/workshops/<id>/draft/statements: from a charter's statement, a card, or the facilitator's words."""

    theme_id: Id
    statement_id: Id | None = None
    # Near-duplicates from other charters merged into `statement_id`.
    also_statement_ids: Annotated[list[Id], Field(max_length=20)] = []
    card_id: Id | None = None
    rewording_id: Id | None = None
    text: Text = ""


class StatementChangeBody(Schema):
    """PATCH /api/workshops/<id>/draft/statements/<statement_id>: in this order, what is sent."""

    text: Text | None = None
    question: Text | None = None
    # True: taken out of the draft, parked to be put back (under `theme_id`) or discarded.
    parked: bool = False
    # A theme to move it to (back from Parked, or across), at `position` or at the end.
    theme_id: Id | None = None
    position: Number | None = None
    direction: Direction | None = None


# --- Importing a charter (docs/api.md) ---


class PastedCharterBody(Schema):
    """POST /api/charters/import as JSON: the charter's text, pasted; the title and area if known."""

    text: Annotated[str, Field(max_length=MAX_PASTED_CHARACTERS)]
    title: Text = ""
    area: Text = ""


class ImportedTheme(Schema):
    title: Text
    statements: Annotated[list[Text], Field(max_length=MAX_STATEMENTS)]


class ImportedCharterBody(Schema):
    """POST /api/charters: a charter as POST /api/charters/import answered it, corrected as need be."""

    title: Text
    area: Text
    introduction: Text = ""
    themes: Annotated[list[ImportedTheme], Field(max_length=MAX_STATEMENTS)]
    # Where it came from, for its source line: the file's name, or "pasted text".
    source_name: Text = "pasted text"
