"""The charter library: example charters, a council's own imported charter."""

from flask import Blueprint

bp = Blueprint("charters", __name__)

from . import import_views, views  # noqa: E402,F401
