"""The one error type of the domain: what cannot be done, in a code, a message and a status.

Domain functions raise a `DomainError` (or one of its kinds below) with a
plain-English message that says what to do instead. They never decide how it
is shown: each kind of adapter translates it in one place (workshop/answers.py)
into an error page or a form's error, a JSON error, a refused Socket.IO
acknowledgement, or a command-line error, after rolling back what the refused
change began.
"""


class DomainError(Exception):
    """Something that cannot be done. `code` is for programs, `message` for people."""

    status = 400

    def __init__(self, code: str, message: str, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r}, {self.status})"


class NotFound(DomainError):
    """What was asked for is not there (or may not be known to exist)."""

    status = 404


class Forbidden(DomainError):
    """Who is asking may not do this."""

    status = 403


class Unauthorised(DomainError):
    """Nobody is signed in, or the credentials are not known."""

    status = 401


class Conflict(DomainError):
    """It cannot be done in the state things are in now."""

    status = 409
