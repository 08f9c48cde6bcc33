"""Reviews of the adopted charter: each statement's "Did we ...?" question, answered over time.

A facilitator marks a draft as the charter the partners adopted. Later, they
open a review of it: anyone with its link answers each question (Yes, Partly,
Not yet or Don't know, with an example if they like) and may say which group
they belong to; the review stays open until it is closed or its closing time
passes, so partners who were not in the room can answer too. Reviews are kept,
so each commitment's answers can be followed from one review to the next.

A person is known again, to change or take back their answers, by a random
token kept on their phone; only its hash is stored, and that is erased a set
time after the review closes (live/retention.py). Deleting a review, or its
workshop, deletes every answer to it. Results by group go through
live/breakdowns.py, as every breakdown does.
"""

import re
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import DomainError, NotFound
from ..live.breakdowns import fold_groups
from ..live.participants import token_hash
from ..models import GROUPS, REVIEW_ANSWERS, Draft, Review, ReviewAnswer, ReviewResponse, as_utc
from ..text import clean_text

EXAMPLE_MAX = 1000
TITLE_MAX = 200

_REVIEW_KEY = re.compile(r"[A-Za-z0-9_-]{1,43}")


def _empty() -> dict:
    return {value: 0 for value in REVIEW_ANSWERS}


# --- The facilitator's changes ---------------------------------------------------------------


def adopt_draft(draft: Draft, now: datetime) -> None:
    """Mark the draft as the charter the partners adopted: from then on it can be reviewed."""
    if not questions_of(draft):
        raise DomainError("nothing_to_adopt", "Place at least one statement in the draft before adopting it.")
    if draft.adopted_at is None:
        draft.adopted_at = now


def open_review(session: Session, draft: Draft, *, title: str, closes_at: datetime | None, now: datetime) -> Review:
    if draft.adopted_at is None:
        raise DomainError("not_adopted", "Mark the draft as the adopted charter before opening a review of it.")
    if closes_at is not None and closes_at <= now:
        raise DomainError("closes_in_the_past", "Choose a closing date after today, or leave it empty.")
    title = clean_text(title or "", TITLE_MAX, single_line=True) or f"Review of {now.day} {now:%B %Y}"
    review = Review(title=title, key=secrets.token_urlsafe(32), opened_at=now, closes_at=closes_at)
    draft.reviews.append(review)
    session.flush()
    return review


def close_review(review: Review, now: datetime) -> None:
    if review.closed_at is None:
        review.closed_at = now


def delete_review(session: Session, review: Review) -> None:
    """Delete the review, and with it everyone's answers and examples, for good."""
    session.delete(review)
    session.flush()


def is_open(review: Review, now: datetime) -> bool:
    if review.closed_at is not None and as_utc(review.closed_at) <= now:
        return False
    return review.closes_at is None or now < as_utc(review.closes_at)


def last_day(review: Review) -> date | None:
    """The last day people can answer: a review closes at the start of the day after."""
    return (as_utc(review.closes_at) - timedelta(days=1)).date() if review.closes_at else None


def review_of(draft: Draft | None, review_id: int) -> Review:
    for review in draft.reviews if draft else []:
        if review.id == review_id:
            return review
    raise NotFound("unknown_review", "There is no review with that id in this workshop.")


def review_by_key(session: Session, key: str) -> Review | None:
    # A key is secrets.token_urlsafe(32): anything else names no review, and is not sent to the
    # database, which may refuse it (NUL, on PostgreSQL).
    if not isinstance(key, str) or not _REVIEW_KEY.fullmatch(key):
        return None
    return session.scalar(select(Review).where(Review.key == key))


def set_example_hidden(session: Session, review: Review, answer_id: int | None, hidden: bool) -> None:
    """Hide an unsuitable example from the results and the report, or restore it; its answer still counts."""
    answer = session.get(ReviewAnswer, answer_id) if answer_id is not None else None
    response = session.get(ReviewResponse, answer.response_id) if answer is not None else None
    if response is None or response.review_id != review.id or not answer.example:
        raise DomainError("unknown_example", "That example is not part of this review.")
    answer.hidden = hidden


# --- Answering --------------------------------------------------------------------------------


def questions_of(draft: Draft) -> list[dict]:
    """The questions a review asks: every statement placed in the draft, theme by theme."""
    return [
        {"id": statement.id, "theme": theme.title, "statement": statement.text, "question": statement.did_we_question}
        for theme in draft.themes
        for statement in theme.statements
    ]


def response_for(session: Session, review: Review, token: str | None) -> ReviewResponse | None:
    if not token:
        return None
    return session.scalar(
        select(ReviewResponse).where(
            ReviewResponse.review_id == review.id, ReviewResponse.token_hash == token_hash(token)
        )
    )


def answer_review(
    session: Session,
    review: Review,
    draft: Draft,
    token: str | None,
    *,
    group: str | None,
    answers: dict[int, tuple[str, str]],
    now: datetime,
) -> tuple[ReviewResponse, str]:
    """Store one person's answers, replacing what they sent before; their response and their token.

    `answers` maps a question's statement id to (answer, example); an answer left
    empty takes back an earlier one. Sent again, the same answers change nothing.
    """
    if not is_open(review, now):
        raise DomainError("review_closed", "This review has closed. Thank you for wanting to take part.")
    if group and group not in GROUPS:
        raise DomainError("invalid_group", "Choose one of the groups listed, or none.")
    asked = {question["id"] for question in questions_of(draft)}
    for statement_id, (value, _example) in answers.items():
        if statement_id not in asked:
            raise DomainError("unknown_question", "That question is not part of this review.")
        if value and value not in REVIEW_ANSWERS:
            raise DomainError("invalid_answer", "Answer each question Yes, Partly, Not yet or Don't know.")
    if not any(value for value, _example in answers.values()):
        raise DomainError("no_answers", "Answer at least one question.")
    response = response_for(session, review, token)
    if response is None:
        token = secrets.token_urlsafe(32)
        response = ReviewResponse(review_id=review.id, token_hash=token_hash(token))
        session.add(response)
    response.group_name = group or None
    response.updated_at = now
    existing = {answer.draft_statement_id: answer for answer in response.answers}
    for statement_id, (value, example) in answers.items():
        answer = existing.get(statement_id)
        if not value:
            if answer is not None:
                response.answers.remove(answer)
            continue
        example = clean_text(example or "", EXAMPLE_MAX)
        if answer is None:
            response.answers.append(ReviewAnswer(draft_statement_id=statement_id, value=value, example=example))
        elif (answer.value, answer.example) != (value, example):
            answer.value, answer.example = value, example
    session.flush()
    return response, token


def take_back_answers(session: Session, review: Review, token: str | None, now: datetime) -> None:
    """Delete everything this phone answered to the review, while it is open: it is as if they never had."""
    if not is_open(review, now):
        raise DomainError("review_closed", "This review has closed, so its answers can no longer be changed.")
    response = response_for(session, review, token)
    if response is None:
        raise DomainError("no_answers_here", "There are no answers from this phone to take back.")
    session.delete(response)
    session.flush()


# --- Results ---------------------------------------------------------------------------------


def review_results(
    session: Session, review: Review, draft: Draft, minimum: int, *, include_hidden: bool = False
) -> dict:
    """Per question: the answers in all and by group (small groups folded), and the examples given.

    An example the facilitator hid is left out (kept, marked, with `include_hidden`); its answer still counts.
    """
    rows = session.execute(
        select(
            ReviewAnswer.id,
            ReviewAnswer.draft_statement_id,
            ReviewAnswer.value,
            ReviewAnswer.example,
            ReviewAnswer.hidden,
            ReviewResponse.group_name,
        )
        .join(ReviewResponse, ReviewResponse.id == ReviewAnswer.response_id)
        .where(ReviewResponse.review_id == review.id)
        .order_by(ReviewAnswer.id)
    )
    found: dict[int, dict] = {}
    for answer_id, statement_id, value, example, hidden, group in rows:
        entry = found.setdefault(statement_id, {"total": _empty(), "by_group": {}, "examples": []})
        entry["total"][value] += 1
        if group:
            entry["by_group"].setdefault(group, _empty())[value] += 1
        if example and (include_hidden or not hidden):
            shown = {"answer": value, "text": example}
            entry["examples"].append(shown | ({"id": answer_id, "hidden": hidden} if include_hidden else {}))
    questions = []
    for question in questions_of(draft):
        entry = found.get(question["id"], {"total": _empty(), "by_group": {}, "examples": []})
        folded = fold_groups(entry["by_group"], entry["total"], minimum)
        questions.append(
            question
            | {"counts": entry["total"], "answered": sum(entry["total"].values()), "examples": entry["examples"]}
            | folded
        )
    respondents = session.scalar(select(func.count(ReviewResponse.id)).where(ReviewResponse.review_id == review.id))
    return {
        "id": review.id,
        "title": review.title,
        "opened_at": review.opened_at,
        "closes_at": review.closes_at,
        "closed_at": review.closed_at,
        "responses": respondents,
        "questions": questions,
    }


def share_yes(counts: dict) -> int | None:
    """The percentage who answered Yes or Partly, of those who said (Don't know is not an answer either way)."""
    said = counts["yes"] + counts["partly"] + counts["not_yet"]
    return round(100 * (counts["yes"] + counts["partly"]) / said) if said else None


def trend(session: Session, draft: Draft, minimum: int) -> list[dict]:
    """Per question, its answers in each review in the order they were opened, and the change since the last."""
    results = [review_results(session, review, draft, minimum) for review in draft.reviews]
    trends = []
    for index, question in enumerate(questions_of(draft)):
        reviews = []
        for result in results:
            counts = result["questions"][index]["counts"]
            reviews.append(
                {"review_id": result["id"], "title": result["title"], "counts": counts, "share": share_yes(counts)}
            )
        trends.append(question | {"reviews": reviews, "change": change(reviews)})
    return trends


def change(reviews: list[dict]) -> int | None:
    """How many points the share of Yes and Partly moved between the last two reviews that had answers."""
    shares = [review["share"] for review in reviews if review["share"] is not None]
    return shares[-1] - shares[-2] if len(shares) >= 2 else None


# --- Live results ----------------------------------------------------------------------------------


def live_results(session: Session, review: Review, draft: Draft, minimum: int, now: datetime) -> dict:
    """What a review's screens show as answers arrive, per role (viewers.REVIEW_ROLES).

    Both see each question's answers in all and by group, small groups folded
    as everywhere, and the share who said Yes or Partly. The facilitators also
    see the examples people gave, the hidden ones marked, to moderate them; the
    big screen never shows an example, so that none is up before anyone read it.
    """
    results = review_results(session, review, draft, minimum, include_hidden=True)
    shared = {"review_id": review.id, "responses": results["responses"], "open": is_open(review, now)}
    keys = ("id", "counts", "answered", "by_group", "other_groups", "groups_withheld")
    questions = [
        {key: question[key] for key in keys} | {"share": share_yes(question["counts"])}
        for question in results["questions"]
    ]
    return {
        "facilitator": shared
        | {
            "questions": [
                shown | {"examples": question["examples"]}
                for shown, question in zip(questions, results["questions"], strict=True)
            ]
        },
        "projector": shared | {"questions": questions},
    }


def review_screens(session: Session, review_id: int, now: datetime) -> dict | None:
    """A review's live results per role, found by its id; None when it has been deleted."""
    review = session.get(Review, review_id)
    if review is None:
        return None
    draft = session.get(Draft, review.draft_id)
    return live_results(session, review, draft, draft.workshop.min_group_size, now)
