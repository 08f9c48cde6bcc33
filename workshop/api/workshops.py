"""Workshops over the API: create one, move it through its stages, read what the room said."""

from flask import current_app, jsonify
from flask_login import current_user

from ..auth.permissions import facilitator_required
from ..extensions import db
from ..live.actions import action_plan
from ..live.breakdowns import group_note, protected_entry
from ..live.broadcast import broadcaster
from ..live.control import apply_control
from ..live.links import join_url, projector_url
from ..live.paper import PaperEntry, enter_paper_totals, paper_totals
from ..live.priorities import priorities_board
from ..live.results import no_counts
from ..live.snapshots import facilitator_snapshot, workshop_state
from ..live.viewers import facilitated_workshop
from ..live.workshops import create_workshop, delete_workshop
from . import bp
from .bodies import ControlBody, WorkshopBody, json_body, paper_totals_body


@bp.post("/workshops")
@facilitator_required
def create():
    body = json_body(WorkshopBody)
    minimum = body.min_group_size
    workshop = create_workshop(
        db.session,
        current_user,
        title=body.title,
        area=body.area,
        held_on=body.date,
        charter_slugs=list(body.charters),
        ask_groups=body.ask_groups,
        results_hidden=body.results_hidden,
        min_group_size=current_app.config["MIN_GROUP_SIZE"] if minimum is None else minimum,
    )
    db.session.commit()
    return (
        jsonify(
            id=workshop.id,
            code=workshop.code,
            join_url=join_url(workshop),
            projector_url=projector_url(workshop),
        ),
        201,
    )


@bp.delete("/workshops/<int:workshop_id>")
@facilitator_required
def delete(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    deleted = delete_workshop(db.session, workshop)
    db.session.commit()
    broadcaster.workshop_deleted(deleted)
    return jsonify(deleted={"id": deleted.id, "title": deleted.title})


@bp.post("/workshops/<int:workshop_id>/control")
@facilitator_required
def control(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    body = json_body(ControlBody)
    controlled = apply_control(db.session, workshop, body.action, **body.model_dump(exclude={"action"}))
    db.session.commit()
    broadcaster.control_applied(workshop, controlled)
    answer = {"workshop": workshop_state(workshop)}
    if controlled.erased is not None:
        answer["erased"] = {"number": controlled.erased.number, "draft_statements": controlled.erased.draft_statements}
    return jsonify(answer)


@bp.get("/workshops/<int:workshop_id>/results")
@facilitator_required
def results(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    snapshot = facilitator_snapshot(db.session, workshop, word_groups=False)
    minimum = workshop.min_group_size
    boards = []
    for board in snapshot["boards"]:
        counts = snapshot["counts"][board["id"]]
        statements = []
        for theme in board["themes"]:
            for statement in theme["statements"]:
                entry = counts.get(statement["id"]) or protected_entry(no_counts(), minimum)
                statements.append(
                    {
                        "id": statement["id"],
                        "theme": theme["title"],
                        "text": statement["text"],
                        "counts": entry["total"],
                        "by_group": entry["by_group"],
                        "other_groups": entry["other_groups"],
                        "groups_withheld": entry["groups_withheld"],
                        "group_note": group_note(entry, minimum),
                        "skipped": entry["skipped"],
                        # How many of the counts came from paper, as it may be shown; None when none did.
                        "paper": entry.get("paper"),
                    }
                )
        boards.append({"id": board["id"], "charter": board["charter"], "statements": statements})
    return jsonify(
        workshop=snapshot["workshop"], joined=snapshot["joined"], supported=snapshot["supported"], boards=boards
    )


@bp.get("/workshops/<int:workshop_id>/paper-tags")
@facilitator_required
def paper_tags(workshop_id):
    """Every total entered from paper, as entered."""
    workshop = facilitated_workshop(db.session, workshop_id)
    return jsonify(paper_tags=paper_totals(db.session, workshop))


@bp.post("/workshops/<int:workshop_id>/paper-tags")
@facilitator_required
def enter_paper_tags(workshop_id):
    """Totals from paper, in place of those before for the same statement and group; every count follows."""
    workshop = facilitated_workshop(db.session, workshop_id)
    entries = [PaperEntry(**entry.model_dump()) for entry in paper_totals_body()]
    changed = enter_paper_totals(db.session, workshop, entries)
    db.session.commit()
    for board_id in changed:
        broadcaster.counts_changed(board_id)
    return jsonify(paper_tags=paper_totals(db.session, workshop))


@bp.get("/workshops/<int:workshop_id>/cards")
@facilitator_required
def cards(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    snapshot = facilitator_snapshot(db.session, workshop, word_groups=False)
    words = snapshot["words"]
    return jsonify(
        cards=snapshot["cards"],
        notes=[dict(note, board_id=board_id) for board_id, notes in snapshot["notes"].items() for note in notes],
        rewordings=[word for word in words if word["kind"] == "rewording"],
        comments=[word for word in words if word["kind"] == "comment"],
    )


@bp.get("/workshops/<int:workshop_id>/priorities")
@facilitator_required
def priorities(workshop_id):
    """The priorities board: outcomes, cards with their supports and votes (hidden ones marked), the chosen."""
    workshop = facilitated_workshop(db.session, workshop_id)
    return jsonify(priorities_board(db.session, workshop, include_hidden=True))


@bp.get("/workshops/<int:workshop_id>/actions")
@facilitator_required
def actions(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    return jsonify(actions=action_plan(db.session, workshop))
