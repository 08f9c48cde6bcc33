"""The live workshop: create, join, stages, tags, words, cards, and the screens that show them."""

from flask import Blueprint

bp = Blueprint("live", __name__)

from . import events, views  # noqa: E402,F401
