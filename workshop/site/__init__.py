"""Pages that belong to no one area: start, health, accessibility, privacy."""

from flask import Blueprint

bp = Blueprint("site", __name__)

from . import views  # noqa: E402,F401
