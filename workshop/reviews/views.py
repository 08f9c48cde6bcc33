"""The reviews' pages: the facilitator's list and results, and the page where people answer."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import login_required

from ..answers import flash_refusal
from ..draft.drafting import load_draft
from ..errors import DomainError
from ..extensions import db
from ..live.broadcast import broadcaster
from ..live.viewers import facilitated_workshop, viewer_for, workshop_for_code
from ..models import Draft, Workshop, utcnow
from ..security import framed_by_this_site
from . import bp
from .forms import AnswerForm, ButtonForm, HideExampleForm, OpenReviewForm
from .reviewing import (
    adopt_draft,
    answer_review,
    close_review,
    delete_review,
    is_open,
    last_day,
    live_results,
    open_review,
    questions_of,
    response_for,
    review_by_key,
    review_of,
    review_results,
    set_example_hidden,
    take_back_answers,
    trend,
)

# A person's phone keeps their review token this long: a review may stay open for weeks.
REVIEW_COOKIE_DAYS = 90


@bp.app_context_processor
def commitment_trends():
    """For pages of other areas that show the charter (the merge page): `commitment_trend(workshop_id)`.

    Each statement's share of Yes or Partly in each review, by its draft statement's id, once the draft
    is adopted and reviewed; nothing otherwise. Totals only, never by group. Worked out once a request.
    """

    def commitment_trend(workshop_id: int) -> dict[int, dict]:
        found = g.setdefault("commitment_trends", {})
        if workshop_id not in found:
            draft = load_draft(db.session, workshop_id)
            workshop = db.session.get(Workshop, workshop_id)
            reviewed = draft is not None and draft.adopted_at is not None and draft.reviews
            trends = trend(db.session, draft, workshop.min_group_size) if reviewed else []
            found[workshop_id] = {question["id"]: question for question in trends}
        return found[workshop_id]

    return {"commitment_trend": commitment_trend}


def _review_cookie(review_id: int) -> str:
    return f"review-{review_id}"


def _workshop_and_draft(workshop_id: int) -> tuple:
    workshop = facilitated_workshop(db.session, workshop_id)
    return workshop, load_draft(db.session, workshop.id)


# --- The facilitator ----------------------------------------------------------------------------


@bp.get("/workshops/<int:workshop_id>/reviews")
@login_required
def reviews(workshop_id):
    workshop, draft = _workshop_and_draft(workshop_id)
    minimum = workshop.min_group_size
    return render_template(
        "reviews/reviews.html",
        workshop=workshop,
        draft=draft,
        questions=questions_of(draft) if draft else [],
        trend=trend(db.session, draft, minimum) if draft else [],
        results=[review_results(db.session, review, draft, minimum) for review in draft.reviews] if draft else [],
        now=utcnow(),
        is_open=is_open,
        last_day=last_day,
    )


def _changed(workshop_id: int, change, message: str, announce=None):
    """Make a change, commit, announce it, and say what happened: on the page `change` returns, or the reviews page."""
    back = url_for("reviews.reviews", workshop_id=workshop_id)
    try:
        result = change()
        db.session.commit()
    except DomainError as error:
        flash_refusal(error)
        return redirect(back)
    if announce is not None:
        announce()
    flash(message, "success")
    return redirect(result or back)


@bp.post("/workshops/<int:workshop_id>/reviews/adopt")
@login_required
def adopt(workshop_id):
    _workshop, draft = _workshop_and_draft(workshop_id)
    sent = ButtonForm()
    if not sent.validate():
        flash(sent.first_problem(), "error")
        return redirect(url_for("reviews.reviews", workshop_id=workshop_id))
    return _changed(
        workshop_id, lambda: adopt_draft(_draft_or_refuse(draft), utcnow()), "The draft is now the adopted charter."
    )


@bp.post("/workshops/<int:workshop_id>/reviews")
@login_required
def new_review(workshop_id):
    _workshop, draft = _workshop_and_draft(workshop_id)
    sent = OpenReviewForm()
    if not sent.validate():
        flash(sent.first_problem(), "error")
        return redirect(url_for("reviews.reviews", workshop_id=workshop_id))

    def opened():
        review = open_review(
            db.session, _draft_or_refuse(draft), title=sent.title.data, closes_at=sent.closes_at(), now=utcnow()
        )
        return url_for("reviews.review", workshop_id=workshop_id, review_id=review.id)

    return _changed(workshop_id, opened, "The review is open. Share its link.")


@bp.get("/workshops/<int:workshop_id>/reviews/<int:review_id>")
@login_required
def review(workshop_id, review_id):
    workshop, draft = _workshop_and_draft(workshop_id)
    found = review_of(draft, review_id)
    return render_template(
        "reviews/review.html",
        workshop=workshop,
        draft=draft,
        review=found,
        results=review_results(db.session, found, draft, workshop.min_group_size, include_hidden=True),
        open_now=is_open(found, utcnow()),
        last_day=last_day,
        link=url_for("reviews.answer", review_key=found.key, _external=True),
        projector_link=url_for(
            "reviews.projector", code=workshop.code, key=workshop.projector_key, review_id=found.id, _external=True
        ),
    )


@bp.get("/projector/<code>/<key>/reviews/<int:review_id>")
def projector(code, key, review_id):
    """A review's results on the big screen, by the projector's link and key, live as answers arrive."""
    workshop = workshop_for_code(db.session, code)
    if workshop is None or viewer_for(db.session, workshop, "projector", projector_key=key) is None:
        abort(404)
    draft = load_draft(db.session, workshop.id)
    found = next((review for review in (draft.reviews if draft else []) if review.id == review_id), None)
    if found is None:
        abort(404)
    page = render_template(
        "reviews/projector.html",
        workshop=workshop,
        draft=draft,
        review=found,
        questions=questions_of(draft),
        results=live_results(db.session, found, draft, workshop.min_group_size, utcnow())["projector"],
        projector_key=key,
    )
    # The console may show it in a frame, as it does the room's big screen.
    return page, 200, framed_by_this_site()


@bp.post("/workshops/<int:workshop_id>/reviews/<int:review_id>/close")
@login_required
def close(workshop_id, review_id):
    _workshop, draft = _workshop_and_draft(workshop_id)
    sent = ButtonForm()
    if not sent.validate():
        flash(sent.first_problem(), "error")
        return redirect(url_for("reviews.reviews", workshop_id=workshop_id))
    found = review_of(draft, review_id)
    page = url_for("reviews.review", workshop_id=workshop_id, review_id=review_id)

    def closed():
        close_review(found, utcnow())
        return page

    return _changed(workshop_id, closed, "The review is closed.", lambda: broadcaster.review_changed(review_id))


@bp.post("/workshops/<int:workshop_id>/reviews/<int:review_id>/examples")
@login_required
def hide_example(workshop_id, review_id):
    """Hide an unsuitable example from the results and the report, or bring it back."""
    _workshop, draft = _workshop_and_draft(workshop_id)
    found = review_of(draft, review_id)
    page = url_for("reviews.review", workshop_id=workshop_id, review_id=review_id)
    sent = HideExampleForm()
    if not sent.validate():
        flash(sent.first_problem(), "error")
        return redirect(page)

    def hidden():
        set_example_hidden(db.session, found, sent.item_id.data, sent.hidden.data)
        return page

    return _changed(
        workshop_id,
        hidden,
        "The example is hidden." if sent.hidden.data else "The example is back.",
        lambda: broadcaster.review_changed(review_id),
    )


@bp.get("/workshops/<int:workshop_id>/reviews/<int:review_id>/delete")
@login_required
def confirm_delete(workshop_id, review_id):
    """The confirmation, naming the review and what goes with it, before anything is deleted."""
    workshop, draft = _workshop_and_draft(workshop_id)
    found = review_of(draft, review_id)
    results = review_results(db.session, found, draft, workshop.min_group_size)
    return render_template("reviews/delete.html", workshop=workshop, review=found, responses=results["responses"])


@bp.post("/workshops/<int:workshop_id>/reviews/<int:review_id>/delete")
@login_required
def delete(workshop_id, review_id):
    _workshop, draft = _workshop_and_draft(workshop_id)
    sent = ButtonForm()
    if not sent.validate():
        flash(sent.first_problem(), "error")
        return redirect(url_for("reviews.review", workshop_id=workshop_id, review_id=review_id))
    found = review_of(draft, review_id)
    title = found.title
    return _changed(
        workshop_id,
        lambda: delete_review(db.session, found),
        f"“{title}” and every answer to it have been deleted.",
        lambda: broadcaster.review_deleted(review_id),
    )


def _draft_or_refuse(draft: Draft | None) -> Draft:
    if draft is None:
        raise DomainError("no_draft", "There is no draft yet. Build the draft charter first.")
    return draft


# --- The person answering -------------------------------------------------------------------------


@bp.route("/review/<review_key>", methods=["GET", "POST"])
def answer(review_key):
    found = review_by_key(db.session, review_key)
    if found is None:
        abort(404)
    draft = db.session.get(Draft, found.draft_id)
    token = request.cookies.get(_review_cookie(found.id))
    questions = questions_of(draft)
    if request.method == "POST":
        sent = AnswerForm()
        if not sent.validate():
            flash(sent.first_problem(), "error")
            return redirect(url_for("reviews.answer", review_key=review_key))
        try:
            _response, token = answer_review(
                db.session,
                found,
                draft,
                token,
                group=sent.group.data,
                answers=sent.answers([question["id"] for question in questions]),
                now=utcnow(),
            )
            db.session.commit()
        except DomainError as error:
            flash_refusal(error)
            return redirect(url_for("reviews.answer", review_key=review_key))
        broadcaster.review_changed(found.id)
        flash("Thank you: your answers are saved. You can change them here while the review is open.", "success")
        answered = redirect(url_for("reviews.answer", review_key=review_key))
        answered.set_cookie(
            _review_cookie(found.id),
            token,
            max_age=REVIEW_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"],
        )
        return answered
    return _answer_page(found, draft, questions, token)


@bp.post("/review/<review_key>/take-back")
def take_back(review_key):
    """Delete this phone's answers to the review, at the person's request."""
    found = review_by_key(db.session, review_key)
    if found is None:
        abort(404)
    page = redirect(url_for("reviews.answer", review_key=review_key))
    sent = ButtonForm()
    if not sent.validate():
        flash(sent.first_problem(), "error")
        return page
    try:
        take_back_answers(db.session, found, request.cookies.get(_review_cookie(found.id)), utcnow())
        db.session.commit()
    except DomainError as error:
        flash_refusal(error)
        return page
    broadcaster.review_changed(found.id)
    flash("Your answers have been deleted.", "success")
    page.delete_cookie(_review_cookie(found.id), httponly=True, samesite="Lax")
    return page


def _answer_page(found, draft, questions, token):
    mine = response_for(db.session, found, token)
    given = {answer.draft_statement_id: answer for answer in mine.answers} if mine else {}
    page = render_template(
        "reviews/answer.html",
        review=found,
        draft=draft,
        questions=questions,
        given=given,
        group=mine.group_name if mine else None,
        open_now=is_open(found, utcnow()),
        minimum=db.session.get(Workshop, draft.workshop_id).min_group_size,
    )
    return page, 200, {"Cache-Control": "no-store"}
