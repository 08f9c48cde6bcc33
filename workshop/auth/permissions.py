"""Who may do what. Pages use flask_login.login_required; the JSON API uses these."""

from functools import wraps

from flask_login import current_user

from ..errors import Forbidden, Unauthorised
from ..models import Charter

UNAUTHORISED_MESSAGE = "Sign in, or send an API token as 'Authorization: Bearer TOKEN'."


def facilitator_required(view):
    """For JSON API routes: answer 401 JSON, not a redirect to the sign-in page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            raise Unauthorised("unauthorised", UNAUTHORISED_MESSAGE)
        return view(*args, **kwargs)

    return wrapped


def may_change_charter(charter: Charter, facilitator) -> bool:
    """An imported charter is the council's own: only the facilitator who imported it changes it.

    An example charter is changed in its seed file, never by anyone signed in.
    """
    return (
        charter.status == "imported"
        and getattr(facilitator, "is_authenticated", False)
        and charter.imported_by_id == facilitator.id
    )


def check_may_change_charter(charter: Charter, facilitator) -> None:
    if not may_change_charter(charter, facilitator):
        raise Forbidden("not_yours", "Only the facilitator who imported this charter can change it.")
