"""Error pages and JSON errors that say what happened and what to do next."""

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

NEXT_STEPS = {
    400: "Check what you sent and try again.",
    401: "Sign in and try again.",
    403: "You do not have permission to do this. If you think you should, ask the facilitator.",
    404: "Check the address, or go back to the start page.",
    405: "This address does not accept that kind of request.",
    413: "The file is too large. Upload a file of 10 MB or less.",
    429: "Too many requests. Wait a moment and try again.",
    500: "Something went wrong on our side. Try again in a minute; nothing you saved has been lost.",
}


class ApiError(Exception):
    """An error a JSON client should see as {"error", "message"} with a status."""

    def __init__(self, status: int, error: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers or {}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


def json_error(status: int, error: str, message: str):
    return jsonify(error=error, message=message), status


def init_app(app):
    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError):
        response, status = json_error(exc.status, exc.error, exc.message)
        response.headers.update(exc.headers)
        return response, status

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        status = exc.code or 500
        message = NEXT_STEPS.get(status, exc.description or "")
        if wants_json():
            return json_error(status, exc.name.lower().replace(" ", "_"), message)
        return render_template("errors/error.html", status=status, name=exc.name, message=message), status

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return handle_http_error(InternalServerError())
