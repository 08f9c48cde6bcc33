"""Reading what an API client sent: a JSON object, checked against a schema when one is given."""

from typing import Annotated

from flask import request
from pydantic import BeforeValidator

from ..errors import DomainError
from ..validation import Id, Number, Schema, SchemaType, validated


def json_body(schema: type[SchemaType] | None = None):
    """The request's JSON object, as an instance of `schema` when given; refused when it is not one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError("invalid_json", "Send a JSON object with Content-Type: application/json.")
    return body if schema is None else validated(schema, body, "invalid_body", "Check what you sent: ", "the request")


class ControlBody(Schema):
    """POST /api/workshops/<id>/control: the action, and the values that action needs (docs/api.md)."""

    action: str
    stage: str = ""
    # A board's id, or "all" (None) for every board.
    board_id: Annotated[Id | None, BeforeValidator(lambda value: None if value == "all" else value)] = None
    kind: str = ""
    item_id: Id | None = None
    participant_id: Id | None = None
    email: str = ""
    min_group_size: Number | None = None
