"""The links a workshop is shared by: for pages, the JSON API and exports alike."""

from flask import url_for

from ..models import Workshop


def join_url(workshop: Workshop) -> str:
    return url_for("live.join", code=workshop.code, _external=True)


def projector_url(workshop: Workshop) -> str:
    return url_for("live.projector", code=workshop.code, key=workshop.projector_key, _external=True)
