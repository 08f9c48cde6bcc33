"""Facilitator accounts: first-run set-up, sign in and out, API tokens."""

from flask import Blueprint

from ..extensions import db, login_manager
from ..models import Facilitator

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_facilitator(facilitator_id: str) -> Facilitator | None:
    return db.session.get(Facilitator, int(facilitator_id))


from . import views  # noqa: E402,F401
