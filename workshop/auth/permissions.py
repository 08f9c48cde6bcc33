"""Who may do what. Pages use flask_login.login_required; the JSON API uses these."""

from functools import wraps

from flask_login import current_user

from ..errors import Unauthorised

UNAUTHORISED_MESSAGE = "Sign in, or send an API token as 'Authorization: Bearer TOKEN'."


def facilitator_required(view):
    """For JSON API routes: answer 401 JSON, not a redirect to the sign-in page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            raise Unauthorised("unauthorised", UNAUTHORISED_MESSAGE)
        return view(*args, **kwargs)

    return wrapped
