import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.permissions import check_may_change_charter, may_change_charter
from ..extensions import db
from . import bp
from .library import easy_read_problems, get_charter, list_charters, set_easy_read
from .structure import EASY_READ_LENGTH

_EASY_READ_FIELD = re.compile(r"^easy-read-(\d{1,18})$")


@bp.get("/charters")
def library():
    return render_template("charters/library.html", charters=list_charters(db.session))


@bp.get("/charters/<slug>")
def charter(slug):
    found = get_charter(db.session, slug)
    if found is None:
        abort(404)
    return render_template("charters/charter.html", charter=found, may_change=may_change_charter(found, current_user))


def _imported(slug: str):
    """An imported charter that whoever is signed in may change."""
    found = get_charter(db.session, slug)
    # An example charter's easy-read versions are in its seed file.
    if found is None or found.status != "imported":
        abort(404)
    check_may_change_charter(found, current_user)
    return found


def _easy_read_page(charter, given: dict[int, str], errors: dict[int, str]):
    return render_template(
        "charters/easy_read.html",
        charter=charter,
        given=given,
        # By the id of each statement's box, as the error summary links to them.
        errors={f"easy-read-{statement_id}": message for statement_id, message in errors.items()},
        length=EASY_READ_LENGTH,
    )


@bp.get("/charters/<slug>/easy-read")
@login_required
def easy_read_form(slug):
    found = _imported(slug)
    return _easy_read_page(found, {s.id: s.easy_read or "" for s in found.current_statements}, {})


@bp.post("/charters/<slug>/easy-read")
@login_required
def easy_read(slug):
    """An imported charter's easy-read versions, every statement's box at once: all saved, or none."""
    found = _imported(slug)
    current = {statement.id for statement in found.current_statements}
    given = {}
    for name, value in request.form.items():
        if (match := _EASY_READ_FIELD.match(name)) and int(match[1]) in current:
            given[int(match[1])] = value
    if not given:
        abort(400)
    if errors := easy_read_problems(found, given):
        return _easy_read_page(found, given, errors), 400
    changed = set_easy_read(found, given)
    db.session.commit()
    with_easy_read = sum(1 for statement in found.current_statements if statement.easy_read)
    flash(
        f"Easy-read versions saved: {with_easy_read} of the {len(current)} statements have one"
        f"{f' ({changed} changed)' if changed else ''}.",
        "success",
    )
    return redirect(url_for("charters.charter", slug=found.slug))
