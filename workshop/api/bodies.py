"""Reading what an API client sent."""

from flask import request

from ..errors import DomainError


def json_body() -> dict:
    """The request's JSON object; refused when the body is not one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError("invalid_json", "Send a JSON object with Content-Type: application/json.")
    return body
