"""The draft over the API: start it, and change its themes and statements as the merge page does.

Each change goes through the same domain functions as the merge page's forms
(draft/drafting.py), is committed, and is announced to every screen by the
broadcaster. The answer is the whole draft as the facilitator sees it, with
what was changed; a refusal changes nothing.
"""

from flask import jsonify
from flask_login import current_user

from .. import labels
from ..auth.permissions import facilitator_required
from ..draft.drafting import (
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
)
from ..draft.from_results import draft_from_results
from ..draft.suggestions import suggestions
from ..draft.undoing import remember, undo_last_change
from ..errors import DomainError, NotFound
from ..extensions import db
from ..live.broadcast import broadcaster
from ..live.snapshots import draft_snapshot, get_draft
from ..live.viewers import facilitated_workshop
from . import bp
from .bodies import (
    DraftDetailsBody,
    FromResultsBody,
    NewThemeBody,
    PlaceBody,
    StartDraftBody,
    StatementChangeBody,
    ThemeChangeBody,
    json_body,
)


def _workshop_and_draft(workshop_id: int, change: str | None = None):
    """The workshop and its draft; for a `change` (a key of labels.CHANGES), kept as it is to undo it."""
    workshop = facilitated_workshop(db.session, workshop_id)
    found = get_draft(db.session, workshop)
    if found is None:
        raise NotFound("no_draft", f"This workshop has no draft yet. Start one at /workshops/{workshop.id}/draft.")
    if change is not None:
        remember(found, labels.CHANGES[change])
    return workshop, found


def _changed(workshop, status: int = 200, **changed):
    """Commit, tell every screen, and answer the draft with the ids of what changed."""
    db.session.commit()
    broadcaster.draft_changed(db.session, workshop)
    body = {"draft": draft_snapshot(db.session, get_draft(db.session, workshop), for_facilitator=True), **changed}
    return jsonify(body), status


@bp.get("/workshops/<int:workshop_id>/draft")
@facilitator_required
def draft(workshop_id):
    """The draft as the facilitator sees it: themes, statements with provenance and history, and parked ones."""
    _workshop, found = _workshop_and_draft(workshop_id)
    return jsonify(draft_snapshot(db.session, found, for_facilitator=True))


@bp.post("/workshops/<int:workshop_id>/draft")
@facilitator_required
def start(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    body = json_body(StartDraftBody)
    started = start_draft(
        db.session, workshop, body.theme_set, own_themes=list(body.own_themes), title=body.title, area=body.area
    )
    if body.majority is not None:
        set_majority(started, body.majority)
    if not body.auto:
        return _changed(workshop, 201)
    remember(started, labels.CHANGES["from_results"])
    return _changed(workshop, 201, drafted=draft_from_results(db.session, workshop, started, current_user))


@bp.post("/workshops/<int:workshop_id>/draft/undo")
@facilitator_required
def undo(workshop_id):
    workshop, found = _workshop_and_draft(workshop_id)
    return _changed(workshop, undone=undo_last_change(db.session, found))


@bp.post("/workshops/<int:workshop_id>/draft/from-results")
@facilitator_required
def from_results(workshop_id):
    workshop, found = _workshop_and_draft(workshop_id, "from_results")
    body = json_body(FromResultsBody)
    if body.majority is not None:
        set_majority(found, body.majority)
    return _changed(workshop, drafted=draft_from_results(db.session, workshop, found, current_user))


@bp.get("/workshops/<int:workshop_id>/draft/suggestions")
@facilitator_required
def draft_suggestions(workshop_id):
    """What the room's results suggest, by the draft's rule, each with the theme it fits and why."""
    workshop, found = _workshop_and_draft(workshop_id)
    return jsonify(suggestions(db.session, workshop, found))


@bp.patch("/workshops/<int:workshop_id>/draft")
@facilitator_required
def change_details(workshop_id):
    workshop, found = _workshop_and_draft(workshop_id, "details")
    body = json_body(DraftDetailsBody)
    set_details(
        found,
        title=found.title if body.title is None else body.title,
        area=found.area if body.area is None else body.area,
        commitment=found.commitment if body.commitment is None else body.commitment,
        definitions=found.definitions if body.definitions is None else body.definitions,
    )
    if body.signatories is not None:
        set_signatories(found, list(body.signatories))
    if body.majority is not None:
        set_majority(found, body.majority)
    return _changed(workshop)


# --- Themes ------------------------------------------------------------------------------


@bp.post("/workshops/<int:workshop_id>/draft/themes")
@facilitator_required
def new_theme(workshop_id):
    workshop, found = _workshop_and_draft(workshop_id, "add_theme")
    theme = add_theme(found, json_body(NewThemeBody).title)
    db.session.flush()
    return _changed(workshop, 201, theme_id=theme.id)


@bp.patch("/workshops/<int:workshop_id>/draft/themes/<int:theme_id>")
@facilitator_required
def change_theme(workshop_id, theme_id):
    workshop, found = _workshop_and_draft(workshop_id, "change_theme")
    body = json_body(ThemeChangeBody)
    if body.title is None and body.direction is None and body.position is None:
        raise DomainError("nothing_to_change", "Send a new 'title', a 'direction' (up or down) or a 'position'.")
    if body.title is not None:
        rename_theme(found, theme_id, body.title)
    if body.direction is not None or body.position is not None:
        move_theme(found, theme_id, body.direction, position=body.position)
    return _changed(workshop, theme_id=theme_id)


@bp.delete("/workshops/<int:workshop_id>/draft/themes/<int:theme_id>")
@facilitator_required
def delete_theme(workshop_id, theme_id):
    workshop, found = _workshop_and_draft(workshop_id, "remove_theme")
    parked = remove_theme(found, theme_id)
    return _changed(workshop, parked_statement_ids=[statement.id for statement in parked])


# --- Statements ----------------------------------------------------------------------------


@bp.post("/workshops/<int:workshop_id>/draft/statements")
@facilitator_required
def place(workshop_id):
    workshop, found = _workshop_and_draft(workshop_id, "place")
    body = json_body(PlaceBody)
    placed = place_statement(
        db.session,
        found,
        body.theme_id,
        source_statement_id=body.statement_id,
        also_statement_ids=list(body.also_statement_ids),
        source_card_id=body.card_id,
        chosen_rewording_id=body.rewording_id,
        text=body.text,
        facilitator=current_user,
    )
    return _changed(workshop, 201, statement_id=placed.id)


@bp.patch("/workshops/<int:workshop_id>/draft/statements/<int:statement_id>")
@facilitator_required
def change_statement(workshop_id, statement_id):
    workshop, found = _workshop_and_draft(workshop_id, "change_statement")
    body = json_body(StatementChangeBody)
    moving = body.theme_id is not None or body.direction is not None
    if body.text is None and body.question is None and not body.parked and not moving:
        raise DomainError(
            "nothing_to_change",
            "Send a new 'text' or 'question', 'parked': true, a 'theme_id' (with a 'position' if you like), "
            "or a 'direction' (up or down).",
        )
    if body.parked and moving:
        raise DomainError("invalid_move", "Park the statement or move it, not both at once.")
    if body.text is not None:
        edit_statement(db.session, found, statement_id, body.text, current_user)
    if body.question is not None:
        set_question(found, statement_id, body.question)
    if body.parked:
        remove_statement(found, statement_id)
    elif moving:
        move_statement(found, statement_id, direction=body.direction, theme_id=body.theme_id, position=body.position)
    return _changed(workshop, statement_id=statement_id)


@bp.delete("/workshops/<int:workshop_id>/draft/statements/<int:statement_id>")
@facilitator_required
def discard(workshop_id, statement_id):
    workshop, found = _workshop_and_draft(workshop_id, "discard")
    discard_statement(db.session, found, statement_id)
    return _changed(workshop)
