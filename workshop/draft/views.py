"""The facilitator's merge page: suggestions from the room, and the draft they build from them.

Every change is a plain form (it works without scripts), made through the
domain functions in drafting.py, committed, then announced to every screen by
the broadcaster (a `draft` event).
"""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import labels
from ..answers import flash_refusal, json_error, refusal_message, wants_json
from ..errors import DomainError
from ..extensions import db
from ..labels import CANDIDATES, PLACED, WAITING, counted
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
    set_majority,
    set_question,
    set_signatories,
    start_draft,
    theme_set_choices,
)
from .forms import DraftChangeForm, StartDraftForm
from .from_results import draft_from_results
from .suggestions import suggestions
from .undoing import remember, undo_last_change


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
    sent = StartDraftForm()
    try:
        started = start_draft(
            db.session,
            workshop,
            sent.theme_set.data,
            own_themes=sent.own_themes.data.splitlines(),
            title=sent.title.data,
            area=sent.area.data,
        )
    except DomainError as error:
        field = "own_themes" if error.code == "no_themes" else "theme_set"
        errors = {field: refusal_message(error)}
        return render_template(
            "draft/start.html", workshop=workshop, choices=theme_set_choices(db.session), form=form, errors=errors
        ), 400
    page = url_for("draft.page", workshop_id=workshop.id)
    message, anchor = "Draft started. Place statements from the suggestions under its themes.", ""
    if sent.auto.data == "yes":
        remember(started, labels.CHANGES["from_results"])
        message, anchor = _drafted(draft_from_results(db.session, workshop, started, current_user))
    db.session.commit()
    broadcaster.draft_changed(db.session, workshop)
    flash(message, "success")
    return redirect(page + anchor)


def _drafted(drafted: dict) -> tuple[str, str]:
    """What drafting from the room's results did, in words, and where on the page to look."""
    said = [f"{counted(PLACED, drafted['placed'])} under the themes suggested"]
    if drafted["adapted"]:
        said.append(f"{drafted['adapted']} with the rewording the room supported most")
    if drafted["merged"]:
        said.append(f"{drafted['merged']} merging near-duplicates from other charters")
    message = ", ".join(said) + "."
    if drafted["parked"]:
        message += f" {counted(WAITING, drafted['parked'])} in Parked: the room did not want them enough."
    if drafted["candidates"]:
        message += f" {counted(CANDIDATES, drafted['candidates'])} from What's missing cards for you to confirm."
    return message, "#draft"


# Each change: (what to do, where to go back to on the page). They return a message for the banner.


def _place(draft, form):
    sources = [form.statement_id.data, *form.also_statement_ids.data] if form.statement_id.data else []
    rewording_id = form.rewording_id.data
    if form.wording.data:
        # A merged suggestion: the wording chosen says which of its statements the others merge into.
        kind, chosen = form.wording.data
        if kind == "rewording":
            rewording_id = chosen
        else:
            sources = [chosen, *(source for source in sources if source != chosen)]
    placed = place_statement(
        db.session,
        draft,
        form.theme_id.data,
        source_statement_id=sources[0] if sources else None,
        also_statement_ids=sources[1:],
        source_card_id=form.card_id.data,
        chosen_rewording_id=rewording_id,
        text=form.text.data,
        facilitator=current_user,
    )
    return f"Placed under {placed.theme.title}.", f"#draft-statement-{placed.id}"


def _from_results(draft, form):
    if form.majority.data is not None:
        set_majority(draft, form.majority.data)
    return _drafted(draft_from_results(db.session, draft.workshop, draft, current_user))


def _rule(draft, form):
    set_majority(draft, form.majority.data)
    return labels.RULE.format(majority=draft.majority), "#from-results"


def _edit(draft, form):
    statement = edit_statement(db.session, draft, form.statement_id.data, form.text.data, current_user)
    return "Wording saved.", f"#draft-statement-{statement.id}"


def _question(draft, form):
    statement = set_question(draft, form.statement_id.data, form.question.data)
    return "Question saved.", f"#draft-statement-{statement.id}"


def _move(draft, form):
    statement = move_statement(
        draft,
        form.statement_id.data,
        direction=form.direction.data or None,
        theme_id=form.theme_id.data,
        position=form.position.data,
    )
    return f"Moved. It is now number {statement.position + 1} under {statement.theme.title}.", (
        f"#draft-statement-{statement.id}"
    )


def _remove(draft, form):
    remove_statement(draft, form.statement_id.data)
    return "Taken out of the draft. It waits in Parked, where you can put it back.", "#parked"


def _discard(draft, form):
    discard_statement(db.session, draft, form.statement_id.data)
    return "Discarded for good.", "#parked"


def _add_theme(draft, form):
    theme = add_theme(draft, form.title.data)
    db.session.flush()
    return f"Theme {theme.title} added.", f"#draft-theme-{theme.id}"


def _rename_theme(draft, form):
    theme = rename_theme(draft, form.theme_id.data, form.title.data)
    return f"Theme renamed to {theme.title}.", f"#draft-theme-{theme.id}"


def _move_theme(draft, form):
    theme = move_theme(draft, form.theme_id.data, form.direction.data)
    return f"Moved. {theme.title} is now theme {theme.position + 1}.", f"#draft-theme-{theme.id}"


def _remove_theme(draft, form):
    parked = remove_theme(draft, form.theme_id.data)
    if not parked:
        return "Theme removed.", "#draft"
    count = "1 statement" if len(parked) == 1 else f"{len(parked)} statements"
    return f"Theme removed. Its {count} wait in Parked.", "#parked"


def _details(draft, form):
    set_details(
        draft,
        title=form.title.data,
        area=form.area.data,
        commitment=form.commitment.data,
        definitions=form.definitions.data,
    )
    set_signatories(draft, form.signatories.data.splitlines())
    return "Saved.", "#about"


CHANGES = {
    "place": _place,
    "from_results": _from_results,
    "rule": _rule,
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


def _undo(draft, _form):
    return f"Undone: {undo_last_change(db.session, draft)}.", "#draft"


@bp.post("/workshops/<int:workshop_id>/draft/<change>")
@login_required
def change_draft(workshop_id, change):
    """One change to the draft. A plain form is sent back to the page, with a banner; the page's script,
    which asks for JSON, is answered {"message", "anchor"} (or the JSON error) and draws the page again."""
    workshop = facilitated_workshop(db.session, workshop_id)
    draft = get_draft(db.session, workshop)
    if draft is None or (change not in CHANGES and change != "undo"):
        abort(404)
    as_json = wants_json()
    sent = DraftChangeForm()
    page = url_for("draft.page", workshop_id=workshop.id)
    if not sent.validate():
        if as_json:
            return json_error("invalid_form", sent.first_problem(), 400)
        flash(sent.first_problem(), "error")
        return redirect(page + sent.return_to.data)
    try:
        if change == "undo":
            message, anchor = _undo(draft, sent)
        else:
            remember(draft, labels.CHANGES[change])
            message, anchor = CHANGES[change](draft, sent)
        db.session.commit()
    except DomainError as error:
        if as_json:
            raise
        flash_refusal(error)
        anchor = sent.return_to.data
    else:
        broadcaster.draft_changed(db.session, workshop)
        anchor = sent.return_to.data or anchor
        if as_json:
            return jsonify(message=message, anchor=anchor)
        flash(message, "success")
    return redirect(page + anchor)
