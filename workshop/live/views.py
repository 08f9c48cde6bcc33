"""The live workshop's pages: the facilitator's console, joining, the phone, the projector."""

import base64
import hashlib
import hmac
import io
import json
import secrets
import time
import uuid
from datetime import timedelta
from pathlib import Path

import segno
from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from .. import labels
from ..answers import flash_refusal, json_error, refusal_message, wants_json
from ..charters.library import list_charters
from ..errors import DomainError
from ..extensions import db
from ..models import DEFAULT_DOCUMENT_PARTS, PARTICIPANT_COOKIE_DAYS, STAGES, TAG_VALUES, utcnow
from ..security import framed_by_this_site
from . import bp
from .actions import link_choices
from .broadcast import broadcaster
from .control import apply_control
from .focus import statement_in_focus
from .forms import ControlForm, NewWorkshopForm, OperationForm, PaperTotalsForm
from .links import join_url, projector_url
from .messages import checked_operation
from .paper import PaperEntry, enter_paper_totals, paper_totals
from .participants import join_workshop
from .recording import record_operation
from .retention import names_erased_from, workshops_to_review
from .snapshots import facilitator_snapshot, participant_snapshot, projector_snapshot, workshop_state
from .viewers import facilitated_workshop, participant_cookie, participant_of, viewer_for, workshop_for_code
from .workshops import (
    create_workshop,
    delete_workshop,
    normalise_join_code,
    workshops_for,
)

# --- Facilitator --------------------------------------------------------------


@bp.get("/workshops")
@login_required
def workshops():
    days = current_app.config["RETENTION_WORKSHOPS_DAYS"]
    to_review = workshops_to_review(db.session, now=utcnow(), older_than=timedelta(days=days), facilitator=current_user)
    return render_template(
        "live/workshops.html",
        workshops=workshops_for(db.session, current_user),
        to_review=to_review,
        review_days=days,
    )


@bp.route("/workshops/new", methods=["GET", "POST"])
@login_required
def new_workshop():
    charters = list_charters(db.session)
    form = request.form
    errors = {}
    if request.method == "POST":
        sent = NewWorkshopForm()
        errors = {} if sent.validate() else sent.problems()
        if not errors:
            try:
                workshop = create_workshop(
                    db.session,
                    current_user,
                    title=sent.title.data,
                    area=sent.area.data,
                    held_on=sent.held_on.data,
                    charter_slugs=sent.charters.data,
                    ask_groups=sent.ask_groups.data,
                    results_hidden=sent.results_hidden.data,
                    min_group_size=sent.min_group_size.data,
                )
                db.session.commit()
                flash("Workshop created. Share the join code or QR code with the room.", "success")
                return redirect(url_for("live.console", workshop_id=workshop.id))
            except DomainError as error:
                field = {"invalid_title": "title", "invalid_min_group_size": "min_group_size"}.get(error.code)
                errors[field or "charters"] = refusal_message(error)
    page = render_template(
        "live/new_workshop.html",
        charters=charters,
        form=form,
        errors=errors,
        default_min_group_size=current_app.config["MIN_GROUP_SIZE"],
    )
    return page, (400 if errors else 200)


@bp.get("/workshops/<int:workshop_id>")
@login_required
def console(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    return _console_page(workshop, _paper_to_correct(workshop))


def _paper_to_correct(workshop) -> dict:
    """The paper form's values: the totals stored for the statement and group a "Correct" link names, if any."""
    statement, group = request.args.get("paper_statement", ""), request.args.get("paper_group", "")
    for total in paper_totals(db.session, workshop):
        if str(total["statement_id"]) == statement and (total["group"] or "") == group:
            return {"statement_id": total["statement_id"], "group": group} | {v: total[v] for v in TAG_VALUES}
    return {}


def _console_page(workshop, paper_form: dict, paper_errors: dict | None = None):
    """The console; `paper_form`, what the form for totals from paper shows, and its errors by field."""
    return render_template(
        "live/console.html",
        workshop=workshop,
        snapshot=facilitator_snapshot(db.session, workshop),
        in_focus=statement_in_focus(workshop),
        join_url=join_url(workshop),
        projector_url=projector_url(workshop),
        stages=STAGES,
        # The real figures by group, small groups too, only when the facilitator asks for them.
        real_figures=request.args.get("figures") == "real",
        names_days=current_app.config["RETENTION_NAMES_DAYS"],
        names_erased_from=names_erased_from(workshop, timedelta(days=current_app.config["RETENTION_NAMES_DAYS"])),
        action_links=link_choices(db.session, workshop),
        default_parts=DEFAULT_DOCUMENT_PARTS,
        paper=paper_totals(db.session, workshop),
        paper_form=paper_form,
        paper_errors=paper_errors or {},
    )


def _console_parts(workshop) -> str:
    """The parts of the console that its projector and room buttons change, drawn as the page draws them."""
    return render_template(
        "live/_console_parts.html",
        workshop=workshop,
        state=workshop_state(workshop),
        in_focus=statement_in_focus(workshop),
    )


@bp.get("/workshops/<int:workshop_id>/console-parts")
@login_required
def console_parts(workshop_id):
    """Those parts on their own, for a console that heard another console change the room (console.js)."""
    return _console_parts(facilitated_workshop(db.session, workshop_id))


@bp.post("/workshops/<int:workshop_id>/paper-tags")
@login_required
def enter_paper_tags(workshop_id):
    """The console's form for totals from paper: saved, every screen told; or the console again with its errors."""
    workshop = facilitated_workshop(db.session, workshop_id)
    sent = PaperTotalsForm()
    errors = {} if sent.validate() else sent.problems()
    if not errors and sent.statement_id.data is None:
        errors["statement_id"] = labels.PAPER_FORM["no_statement"]
    if not errors:
        entry = PaperEntry(sent.statement_id.data, sent.group.data or None, *(sent[v].data for v in TAG_VALUES))
        try:
            changed = enter_paper_totals(db.session, workshop, [entry])
            db.session.commit()
        except DomainError as refused:
            errors[_PAPER_FIELDS.get(refused.code, "statement_id")] = refusal_message(refused)
        else:
            for board_id in changed:
                broadcaster.counts_changed(board_id)
            flash(_paper_saved(workshop, entry), "success")
            return redirect(url_for("live.console", workshop_id=workshop.id) + "#paper")
    typed = {name: request.form.get(name, "") for name in ("statement_id", "group", *TAG_VALUES)}
    page = _console_page(workshop, typed, {f"paper-{name}": message for name, message in errors.items()})
    return page, 400


# The box each of the domain's refusals of totals from paper is shown against.
_PAPER_FIELDS = {"invalid_group": "group", **{f"invalid_{value}": value for value in TAG_VALUES}}


def _paper_saved(workshop, entry: PaperEntry) -> str:
    statement = next(
        (s.text for board in workshop.boards for s in board.charter.current_statements if s.id == entry.statement_id),
        "",
    )
    group = labels.GROUPS[entry.group] if entry.group else labels.PAPER_FORM["no_group"].lower()
    if not (entry.borrow or entry.adapt or entry.ignore):
        return labels.PAPER_FORM["removed"].format(statement=statement, group=group)
    counts = {value: getattr(entry, value) for value in TAG_VALUES}
    return labels.PAPER_FORM["saved"].format(statement=statement, group=group, **counts)


@bp.post("/workshops/<int:workshop_id>/control")
@login_required
def control(workshop_id):
    """Every console button: change the room, then tell every screen. A plain form is sent back to the
    console, with a banner; the console's script, which asks for JSON, is answered with the workshop's
    state and the parts of the console it changes (or the JSON error), and puts them in place."""
    workshop = facilitated_workshop(db.session, workshop_id)
    as_json = wants_json()
    sent = ControlForm()
    console_page = url_for("live.console", workshop_id=workshop.id)
    if not sent.validate():
        if as_json:
            return json_error("invalid_form", sent.first_problem(), 400)
        flash(sent.first_problem(), "error")
        return redirect(console_page)
    try:
        controlled = apply_control(db.session, workshop, sent.action.data, **sent.values())
        db.session.commit()
    except DomainError as error:
        if as_json:
            raise
        flash_refusal(error)
        return redirect(console_page)
    broadcaster.control_applied(workshop, controlled)
    if as_json:
        return jsonify(workshop=workshop_state(workshop), parts=_console_parts(workshop))
    if controlled.erased is not None:
        flash(controlled.erased.summary(), "success")
    return redirect(console_page + sent.return_to.data)


@bp.get("/workshops/<int:workshop_id>/delete")
@login_required
def confirm_delete(workshop_id):
    """The confirmation, naming the workshop and what goes with it, before anything is deleted."""
    workshop = facilitated_workshop(db.session, workshop_id)
    return render_template("live/delete_workshop.html", workshop=workshop, joined=len(workshop.participants))


@bp.post("/workshops/<int:workshop_id>/delete")
@login_required
def delete(workshop_id):
    workshop = facilitated_workshop(db.session, workshop_id)
    deleted = delete_workshop(db.session, workshop)
    db.session.commit()
    broadcaster.workshop_deleted(deleted)
    flash(f"“{deleted.title}” and everything in it have been deleted.", "success")
    return redirect(url_for("live.workshops"))


# --- Joining --------------------------------------------------------------------


@bp.route("/join", methods=["GET", "POST"])
def join_by_code():
    error = None
    if request.method == "POST":
        workshop = workshop_for_code(db.session, request.form.get("code", ""))
        if workshop is not None:
            return redirect(url_for("live.join", code=workshop.code))
        error = "There is no workshop with that code. Check the code on the big screen and try again."
    return render_template("live/join_code.html", error=error, code=request.form.get("code", "")), (
        400 if error else 200
    )


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code):
    workshop = workshop_for_code(db.session, code)
    if workshop is None:
        abort(404)
    if normalise_join_code(code) != code:
        return redirect(url_for("live.join", code=workshop.code))
    if viewer_for(db.session, workshop, "participant") is not None:
        return redirect(url_for("live.participant", code=workshop.code))
    error = None
    if request.method == "POST":
        try:
            participant, token = join_workshop(
                db.session,
                workshop,
                display_name=request.form.get("display_name", ""),
                group=request.form.get("group", ""),
                supported=_yes_or_no(request.form.get("supported", "")),
                token=_join_token(workshop.id, request.cookies.get(_join_attempt_cookie(workshop.id))),
            )
            db.session.commit()
        except DomainError as refused:
            error = refusal_message(refused)
        else:
            broadcaster.joined_changed(workshop.id)
            response = redirect(url_for("live.participant", code=workshop.code))
            response.set_cookie(
                participant_cookie(workshop.id),
                token,
                max_age=PARTICIPANT_COOKIE_DAYS * 24 * 3600,
                httponly=True,
                samesite="Lax",
                # Over HTTPS (as TRUSTED_PROXIES lets the app see it), or wherever the installation says.
                secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"],
            )
            return response
    page = make_response(render_template("live/join.html", workshop=workshop, error=error), 400 if error else 200)
    if request.method == "GET":
        # This browser's attempt at joining: the join sent again (join.js tries until it gets
        # through) finds the person the first one made, when only its answer was lost.
        page.set_cookie(
            _join_attempt_cookie(workshop.id),
            secrets.token_urlsafe(24),
            max_age=24 * 3600,
            path=url_for("live.join", code=workshop.code),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"],
        )
    return page


def _join_attempt_cookie(workshop_id: int) -> str:
    return f"cw_join_{workshop_id}"


def _join_token(workshop_id: int, attempt: str | None) -> str | None:
    """The participant's token for this browser's attempt at joining: the same for the same attempt."""
    if not attempt or not 16 <= len(attempt) <= 64 or not attempt.isascii():
        return None
    secret = current_app.config["SECRET_KEY"]
    key = secret if isinstance(secret, bytes) else secret.encode()
    digest = hmac.new(key, f"join {workshop_id} {attempt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _yes_or_no(sent: str):
    """A tick box's "yes" as True, nothing (or "no") as False; anything else as it came, for the domain to refuse."""
    return {"": False, "no": False, "yes": True}.get(sent, sent)


@bp.get("/join/<code>/qr.svg")
def join_qr(code):
    workshop = workshop_for_code(db.session, code)
    if workshop is None:
        abort(404)
    svg = io.BytesIO()
    # A standalone SVG document (with its namespace), so that it shows as an <img>.
    segno.make(join_url(workshop), error="m").save(
        svg, kind="svg", scale=10, border=2, dark="#0b0c0c", light="#ffffff", omitsize=True, xmldecl=False
    )
    return Response(svg.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})


# --- The phone ------------------------------------------------------------------


def _participant_or_join(code: str):
    workshop = workshop_for_code(db.session, code)
    if workshop is None:
        abort(404)
    viewer = viewer_for(db.session, workshop, "participant")
    participant = participant_of(db.session, viewer) if viewer else None
    return workshop, participant


# The phone's offline copy (static/js/service-worker.js): what it keeps, with their versions.
SHELL = ("build/js/participant.js", "build/app.css", "favicon.svg")


@bp.get("/w/service-worker.js")
def service_worker():
    """The service worker, served from /w/ so that it looks after the phones' pages and nothing else."""
    try:
        script = Path(current_app.static_folder, "build", "js", "service-worker.js").read_text(encoding="utf-8")
    except FileNotFoundError:
        abort(404)  # The scripts have not been built (`make install`): the page works without it.
    shell = json.dumps([url_for("static", filename=filename) for filename in SHELL])
    offline = json.dumps(url_for("live.offline"))
    hours = current_app.config["PHONE_COPY_HOURS"]
    return Response(
        f"self.shell = {shell};\nself.offlinePage = {offline};\nself.keepHours = {hours};\n{script}",
        mimetype="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


@bp.get("/w/offline")
def offline():
    """Shown by the service worker for a workshop's page it has no copy of, while the network is down."""
    return render_template("live/offline.html")


@bp.get("/w/<code>")
def participant(code):
    workshop, participant = _participant_or_join(code)
    if participant is None:
        return redirect(url_for("live.join", code=workshop.code))
    page = render_template(
        "live/participant.html",
        workshop=workshop,
        snapshot=participant_snapshot(db.session, participant),
        form_operation_id=uuid.uuid4().hex,
        rendered_at=round(time.time() * 1000),
    )
    # The page holds a one-time operation id: a copy from the browser's cache would reuse it.
    return page, 200, {"Cache-Control": "no-store"}


@bp.post("/w/<code>")
def participant_action(code):
    """The plain-form way to tag, reword, comment and add cards, when scripts cannot run."""
    workshop, participant = _participant_or_join(code)
    if participant is None:
        return redirect(url_for("live.join", code=workshop.code))
    sent = OperationForm()
    back = url_for("live.participant", code=workshop.code) + sent.return_to.data
    if not sent.validate():
        flash(sent.first_problem(), "error")
        return redirect(back)
    try:
        applied = record_operation(workshop.id, participant.id, checked_operation(sent.operation()))
    except DomainError as refused:
        flash_refusal(refused)
        return redirect(back)
    flash("That was already saved." if applied.duplicate else "Saved.", "success")
    return redirect(back)


# --- The projector --------------------------------------------------------------


@bp.get("/projector/<code>/<key>")
def projector(code, key):
    workshop = workshop_for_code(db.session, code)
    if workshop is None or viewer_for(db.session, workshop, "projector", projector_key=key) is None:
        abort(404)
    page = render_template(
        "live/projector.html",
        workshop=workshop,
        snapshot=projector_snapshot(db.session, workshop),
        join_url=join_url(workshop),
        projector_key=key,
    )
    # The console shows it in a frame, as a preview of what the room sees.
    return page, 200, framed_by_this_site()
