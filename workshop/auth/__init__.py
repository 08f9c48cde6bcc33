"""Facilitator accounts: first-run set-up, sign in and out, API tokens."""

from flask import Blueprint, Request

from ..extensions import db, login_manager
from ..models import Facilitator
from .accounts import facilitator_for_token

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in as a facilitator to see this page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_facilitator(facilitator_id: str) -> Facilitator | None:
    return db.session.get(Facilitator, int(facilitator_id))


@login_manager.request_loader
def load_facilitator_from_token(request: Request) -> Facilitator | None:
    """Scripts send `Authorization: Bearer TOKEN` instead of signing in.

    An expired or revoked token is refused (401, answered by workshop/answers.py),
    not taken for no token, so that the script is told why.
    """
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    facilitator = facilitator_for_token(db.session, token.strip())
    # Keeps the token's time of use, when it was updated.
    db.session.commit()
    return facilitator


from . import views  # noqa: E402,F401
