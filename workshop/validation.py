"""Checking what comes from outside against a schema, with pydantic, before the domain sees it.

One base for every schema (the JSON import here; Socket.IO events and API
bodies use the same), types that fit both databases, and one translation of
pydantic's ValidationError into a DomainError whose message says, in plain
English, what is wrong and where.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from werkzeug.routing import IntegerConverter

from .errors import DomainError

# PostgreSQL's INTEGER, the columns' type: SQLite would take more, PostgreSQL refuses it.
INT_MAX = 2**31 - 1


class Schema(BaseModel):
    """Strict about types (7 is not text, "7" is not a number, 1 is not true); fields not named are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


Id = Annotated[int, Field(ge=1, le=INT_MAX)]
# A position, a number or a count: nought or more.
Number = Annotated[int, Field(ge=0, le=INT_MAX)]
# Text as sent, which the domain cleans and cuts to what it keeps: longer than
# any field keeps, so a paste is cut rather than refused, but not megabytes.
Text = Annotated[str, Field(max_length=10_000)]
# A name from a fixed list (an action, a stage, a slug): the domain says which.
Word = Annotated[str, Field(max_length=100)]


def _iso_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("must be a time such as 2026-11-23T10:15:00+00:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a time such as 2026-11-23T10:15:00+00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError("must be a date such as 2026-11-23")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date such as 2026-11-23") from None


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


# A time or a date as JSON carries them: ISO 8601 text. A time without a zone is UTC.
IsoTime = Annotated[datetime, BeforeValidator(_iso_time)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
NotBlank = Annotated[str, AfterValidator(_not_blank)]

# What each kind of problem is called, after the field's name and where it is.
_KINDS = {
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
}


class IdConverter(IntegerConverter):
    """`<int:workshop_id>` in a route: an id, which no row has when it is past what the database holds.

    Such an id is passed on as 0, which no row has either, so it is answered
    as any other id that names nothing (and not with the database's error).
    """

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= INT_MAX else 0


SchemaType = TypeVar("SchemaType", bound=Schema)


def validated(schema: type[SchemaType], data: Any, code: str, prefix: str = "", whole: str = "the file") -> SchemaType:
    """`data` as an instance of `schema`, or a DomainError(code) saying what is first wrong, and where.

    The message is `prefix` then the problem; `whole` names what `data` is, in words.
    """
    try:
        return schema.model_validate(data)
    except ValidationError as invalid:
        raise DomainError(code, prefix + problem(invalid.errors()[0], whole)) from None


def problem(error: dict, whole: str = "the file") -> str:
    """One of pydantic's errors in words: "'number' in participants[2] must be a whole number."."""
    if not error["loc"]:
        return f"{whole} {_kind(error)}."
    *path, last = error["loc"]
    where = _where(path) or whole
    if error["type"] == "missing":
        return f"{where} has no '{last}'."
    if error["type"] in ("model_type", "model_attributes_type", "dict_type") and not isinstance(last, str):
        # A list's item that is not an object: say which item.
        return f"{_where([*path, last])} must be an object."
    subject = f"'{last}' in {where}" if isinstance(last, str) else _where([*path, last])
    return f"{subject} {_kind(error)}."


def _kind(error: dict) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind in _KINDS:
        return _KINDS[kind]
    if kind == "literal_error":
        return "must be one of: " + context["expected"].replace(" or ", ", ").replace("'", "")
    if kind == "greater_than_equal":
        return f"must be {context['ge']:,} or more"
    if kind == "less_than_equal":
        return f"must be {context['le']:,} or less"
    if kind == "string_too_short":
        return f"must be {context['min_length']:,} characters or more"
    if kind == "string_too_long":
        return f"must be {context['max_length']:,} characters or fewer"
    if kind == "too_long":
        return f"must have {context['max_length']:,} items or fewer"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return error["msg"][0].lower() + error["msg"][1:]


def _where(path) -> str:
    """("participants", 2) as participants[2]; ("workshop",) as workshop."""
    where = ""
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
    return where
