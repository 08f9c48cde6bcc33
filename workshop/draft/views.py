"""The facilitator's merge page: suggestions from the room, and the draft they build from them.

Every change is a plain form (it works without scripts), made through the
domain functions in drafting.py, committed, then announced to every screen by
the broadcaster (a `draft` event).
"""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..answers import flash_refusal, refusal_message
from ..errors import DomainError
from ..extensions import db
from ..live.broadcast import broadcaster
from ..live.snapshots import DRAFT_STAGES, draft_snapshot, get_draft
from ..live.viewers import facilitated_workshop
from . import bp
from .drafting import (
    add_theme,
    discard_statement,
    edit_statement,
    move_statement,
    move_theme,
    place_statement,
    remove_statement,
    remove_theme,
    rename_theme,
    set_details,
    set_question,
    set_signatories,
    start_draft,
    theme_set_choices,
)
from .suggestions import suggestions

# Where to go back to on the page after a change: an element id, nothing else.
_ANCHOR = re.compile(r"^#[A-Za-z][\w-]{0,80}$")


def _whole_number(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


@bp.get("/workshops/<int:workshop_id>/draft")
@login_required
def page(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    draft = get_draft(db.session, workshop)
    if draft is None:
        return render_template(
            "draft/start.html",
            workshop=workshop,
            choices=theme_set_choices(db.session),
            form=request.args,
            errors={},
        )
    labels = {key: label for key, label, _themes in theme_set_choices(db.session)}
    return render_template(
        "draft/draft.html",
        workshop=workshop,
        draft=draft_snapshot(db.session, draft, for_facilitator=True),
        theme_set_label=labels.get(draft.theme_set, "your own themes"),
        suggestions=suggestions(db.session, workshop, draft),
        shown_to_room=workshop.stage in DRAFT_STAGES,
    )


@bp.post("/workshops/<int:workshop_id>/draft")
@login_required
def start(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    form = request.form
    try:
        start_draft(
            db.session,
            workshop,
            form.get("theme_set", ""),
            own_themes=form.get("own_themes", "").splitlines(),
            title=form.get("title", ""),
            area=form.get("area", ""),
        )
    except DomainError as error:
        field = "own_themes" if error.code == "no_themes" else "theme_set"
        errors = {field: refusal_message(error)}
        return render_template(
            "draft/start.html", workshop=workshop, choices=theme_set_choices(db.session), form=form, errors=errors
        ), 400
    db.session.commit()
    broadcaster.draft_changed(db.session, workshop)
    flash("Draft started. Place statements from the suggestions under its themes.", "success")
    return redirect(url_for("draft.page", workshop_id=workshop.id))


# Each change: (what to do, where to go back to on the page). They return a message for the banner.


def _place(draft, form):
    placed = place_statement(
        db.session,
        draft,
        _whole_number("theme_id"),
        source_statement_id=_whole_number("statement_id"),
        source_card_id=_whole_number("card_id"),
        chosen_rewording_id=_whole_number("rewording_id"),
        text=form.get("text", ""),
        facilitator=current_user,
    )
    return f"Placed under {placed.theme.title}.", f"#draft-statement-{placed.id}"


def _edit(draft, form):
    statement = edit_statement(db.session, draft, _whole_number("statement_id"), form.get("text", ""), current_user)
    return "Wording saved.", f"#draft-statement-{statement.id}"


def _question(draft, form):
    statement = set_question(draft, _whole_number("statement_id"), form.get("question", ""))
    return "Question saved.", f"#draft-statement-{statement.id}"


def _move(draft, form):
    statement = move_statement(
        draft,
        _whole_number("statement_id"),
        direction=form.get("direction") or None,
        theme_id=_whole_number("theme_id"),
        position=_whole_number("position"),
    )
    return f"Moved. It is now number {statement.position + 1} under {statement.theme.title}.", (
        f"#draft-statement-{statement.id}"
    )


def _remove(draft, form):
    remove_statement(draft, _whole_number("statement_id"))
    return "Taken out of the draft. It waits in Parked, where you can put it back.", "#parked"


def _discard(draft, form):
    discard_statement(db.session, draft, _whole_number("statement_id"))
    return "Discarded for good.", "#parked"


def _add_theme(draft, form):
    theme = add_theme(draft, form.get("title", ""))
    db.session.flush()
    return f"Theme {theme.title} added.", f"#draft-theme-{theme.id}"


def _rename_theme(draft, form):
    theme = rename_theme(draft, _whole_number("theme_id"), form.get("title", ""))
    return f"Theme renamed to {theme.title}.", f"#draft-theme-{theme.id}"


def _move_theme(draft, form):
    theme = move_theme(draft, _whole_number("theme_id"), form.get("direction", ""))
    return f"Moved. {theme.title} is now theme {theme.position + 1}.", f"#draft-theme-{theme.id}"


def _remove_theme(draft, form):
    parked = remove_theme(draft, _whole_number("theme_id"))
    if not parked:
        return "Theme removed.", "#draft"
    count = "1 statement" if len(parked) == 1 else f"{len(parked)} statements"
    return f"Theme removed. Its {count} wait in Parked.", "#parked"


def _details(draft, form):
    set_details(
        draft,
        title=form.get("title", ""),
        area=form.get("area", ""),
        commitment=form.get("commitment", ""),
        definitions=form.get("definitions", ""),
    )
    set_signatories(draft, form.get("signatories", "").splitlines())
    return "Saved.", "#about"


CHANGES = {
    "place": _place,
    "edit": _edit,
    "question": _question,
    "move": _move,
    "remove": _remove,
    "discard": _discard,
    "add_theme": _add_theme,
    "rename_theme": _rename_theme,
    "move_theme": _move_theme,
    "remove_theme": _remove_theme,
    "details": _details,
}


@bp.post("/workshops/<int:workshop_id>/draft/<change>")
@login_required
def change_draft(workshop_id, change):
    workshop = facilitated_workshop(db.session, workshop_id)
    draft = get_draft(db.session, workshop)
    if draft is None or change not in CHANGES:
        abort(404)
    try:
        message, anchor = CHANGES[change](draft, request.form)
        db.session.commit()
    except DomainError as error:
        flash_refusal(error)
        anchor = request.form.get("return_to", "")
    else:
        broadcaster.draft_changed(db.session, workshop)
        flash(message, "success")
        anchor = request.form.get("return_to") or anchor
    anchor = anchor if _ANCHOR.match(anchor) else ""
    return redirect(url_for("draft.page", workshop_id=workshop.id) + anchor)
