"""How each kind of adapter answers: one translation of a DomainError per kind.

- Pages: an uncaught DomainError becomes an error page with its status; a page
  that shows the refusal itself uses `refusal_message` (a form's error) or
  `flash_refusal` (a banner after a redirect).
- The JSON API: `{"error": code, "message": message}` with the status.
- Socket.IO: a refused acknowledgement, `{"ok": false, "id", "error", "message"}`;
  a refused connection gets `{"error", "message"}` as its `connect_error` data.
- The command line: a click error with the message (`cli_answers`).

Each rolls back what the refused change began, so a refusal never leaves half
a change in the session.
"""

import logging
from functools import wraps

import click
from flask import flash, jsonify, render_template, request
from flask_socketio import ConnectionRefusedError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from .errors import DomainError
from .extensions import db, socketio

log = logging.getLogger(__name__)

NEXT_STEPS = {
    400: "Check what you sent and try again.",
    401: "Sign in and try again.",
    403: "You do not have permission to do this. If you think you should, ask the facilitator.",
    404: "Check the address, or go back to the start page.",
    405: "This address does not accept that kind of request.",
    409: "Go back, check the page and try again.",
    413: "The file is too large. Upload a file of 10 MB or less.",
    429: "Too many requests. Wait a moment and try again.",
    500: "Something went wrong on our side. Try again in a minute; nothing you saved has been lost.",
}


# --- pages -----------------------------------------------------------------------------


def refusal_message(error: DomainError) -> str:
    """For a page that shows the refusal on its form: undo what it began; the words to show."""
    db.session.rollback()
    return error.message


def flash_refusal(error: DomainError) -> None:
    """For a page that redirects after a refused change: the message in the next page's banner."""
    flash(refusal_message(error), "error")


def error_page(status: int, message: str, next_step: str | None = None):
    name = HTTP_STATUS_CODES.get(status, "Error")
    return render_template("errors/error.html", status=status, name=name, message=message, next_step=next_step), status


# --- the JSON API ------------------------------------------------------------------------


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


def json_error(code: str, message: str, status: int):
    response = jsonify(error=code, message=message)
    if status == 401:
        # API clients sign in with a bearer token.
        response.headers["WWW-Authenticate"] = "Bearer"
    return response, status


# --- Socket.IO ---------------------------------------------------------------------------


def refused_ack(error: DomainError, data=None) -> dict:
    """The acknowledgement of an event that was refused; `id` is the operation's, when it had one.

    Only an id that is text is sent back: anything else is what was wrong.
    """
    operation_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(operation_id, str):
        operation_id = None
    return {"ok": False, "id": operation_id, "error": error.code, "message": error.message}


def refusal(error: DomainError, data=None) -> dict:
    """For a handler that answers its own refusals: undo what it began; the refused acknowledgement."""
    db.session.rollback()
    return refused_ack(error, data)


def answer_event_error(exc: Exception):
    """Flask-SocketIO's error handler for every event: a DomainError is answered, anything else raised."""
    db.session.rollback()
    if not isinstance(exc, DomainError):
        raise exc
    event = request.event
    if event["message"] == "connect":
        # The message, and the fields as data: the client's connect_error gets both.
        raise ConnectionRefusedError(exc.message, {"error": exc.code, "message": exc.message})
    args = event["args"]
    return refused_ack(exc, args[0] if args else None)


# --- the command line --------------------------------------------------------------------


def cli_answers(command):
    """A command that stops with the message of a DomainError, and a non-zero exit status."""

    @wraps(command)
    def answered(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None

    return answered


def init_app(app) -> None:
    socketio.on_error_default(answer_event_error)

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        db.session.rollback()
        if wants_json():
            return json_error(error.code, error.message, error.status)
        return error_page(error.status, error.message, NEXT_STEPS.get(error.status))

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        status = exc.code or 500
        message = NEXT_STEPS.get(status, exc.description or "")
        if wants_json():
            return json_error(exc.name.lower().replace(" ", "_"), message, status)
        return error_page(status, message)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return handle_http_error(InternalServerError())
