"""The JSON API, over the same domain functions the pages use."""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__)
# API clients authenticate with a bearer token, not a browser session, so the
# browser form's CSRF token does not apply.
csrf.exempt(bp)

from . import charters, drafts, exports, reviews, workshops  # noqa: E402,F401
