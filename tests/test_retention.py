"""Names and phone tokens erased a set time after a workshop closes, and reviews' phone tokens after a review
closes; old workshops listed for their facilitators to export and delete. The dates are set by the tests."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from workshop.config import load_config
from workshop.draft.drafting import place_statement, start_draft
from workshop.live.participants import join_workshop, participant_for_token
from workshop.live.workshops import create_workshop, set_stage
from workshop.models import Participant, Review, Workshop, utcnow
from workshop.reviews.reviewing import (
    adopt_draft,
    answer_review,
    close_review,
    open_review,
    response_for,
    review_results,
)


@pytest.fixture
def workshops(session, seeded, facilitator):
    """Three workshops with two people each, one who gave a name: closed 31 days ago, 29 days ago, and open."""
    made = {}
    for title in ("Closed long ago", "Closed lately", "Still open"):
        workshop = create_workshop(session, facilitator, title=title, charter_slugs=["stockport"])
        people = [join_workshop(session, workshop, display_name=name) for name in (f"{title} person", "")]
        made[title] = {"workshop": workshop, "tokens": [token for _person, token in people]}
    for title, days in (("Closed long ago", 31), ("Closed lately", 29)):
        set_stage(made[title]["workshop"], "closed")
        made[title]["workshop"].closed_at = utcnow() - timedelta(days=days)
    session.commit()
    return made


def names_of(session, workshop):
    session.expire_all()
    return sorted(
        (person.display_name or "", person.token_hash.startswith("erased:"))
        for person in session.query(Participant).filter_by(workshop_id=workshop.id)
    )


def test_names_and_phone_tokens_are_erased_a_set_time_after_the_workshop_closes(app, session, workshops):
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    long_ago = workshops["Closed long ago"]["workshop"]
    assert (
        f"Erased the names and phone tokens of 2 people in workshop {long_ago.id}, “Closed long ago”" in result.output
    )
    assert names_of(session, long_ago) == [("", True), ("", True)]
    # Their phones are no longer known; what they said stays, under their numbers.
    for token in workshops["Closed long ago"]["tokens"]:
        assert participant_for_token(session, long_ago.id, token) is None
    assert [person.number for person in session.query(Participant).filter_by(workshop_id=long_ago.id)] == [1, 2]
    for title in ("Closed lately", "Still open"):
        assert names_of(session, workshops[title]["workshop"]) == [("", False), (f"{title} person", False)]

    # Run again, nothing more is due; once the other closed workshop is past the period too, it is.
    again = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "No names to erase" in again.output
    lately = workshops["Closed lately"]["workshop"]
    session.execute(update(Workshop).where(Workshop.id == lately.id).values(closed_at=utcnow() - timedelta(days=31)))
    session.commit()
    later = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "“Closed lately”" in later.output and "“Closed long ago”" not in later.output
    assert names_of(session, workshops["Still open"]["workshop"]) == [("", False), ("Still open person", False)]


def test_opened_again_a_workshop_keeps_its_names_until_it_closes_again(app, session, workshops):
    workshop = session.get(Workshop, workshops["Closed long ago"]["workshop"].id)
    set_stage(workshop, "merge")
    session.commit()
    assert workshop.closed_at is None
    app.test_cli_runner().invoke(args=["retention", "run"])
    assert names_of(session, workshop) == [("", False), ("Closed long ago person", False)]
    set_stage(workshop, "closed")
    session.commit()
    assert utcnow() - workshop.closed_at.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_the_period_is_a_setting(app, session, workshops, monkeypatch, tmp_path):
    app.config["RETENTION_NAMES_DAYS"] = 20
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "“Closed long ago”" in result.output and "“Closed lately”" in result.output
    monkeypatch.setenv("RETENTION_NAMES_DAYS", "90")
    monkeypatch.setenv("RETENTION_WORKSHOPS_DAYS", "730")
    config = load_config(tmp_path, {"SECRET_KEY": "x"})
    assert (config["RETENTION_NAMES_DAYS"], config["RETENTION_WORKSHOPS_DAYS"]) == (90, 730)
    monkeypatch.setenv("RETENTION_WORKSHOPS_DAYS", "0")
    with pytest.raises(ValueError, match="RETENTION_WORKSHOPS_DAYS must be a whole number from 1 to 3650"):
        load_config(tmp_path, {"SECRET_KEY": "x"})


def test_old_workshops_are_listed_for_their_facilitators_to_export_and_delete(app, session, workshops, facilitator):
    old = workshops["Closed long ago"]["workshop"]
    session.execute(update(Workshop).where(Workshop.id == old.id).values(created_at=utcnow() - timedelta(days=400)))
    session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "Created more than 365 days ago, for their facilitators to export and delete" in result.output
    assert f"  {old.id}  “Closed long ago”  created on " in result.output and "lead@example.org" in result.output
    assert "“Closed lately”  created" not in result.output
    # Listed, never deleted by the timer.
    assert session.get(Workshop, old.id) is not None

    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
    page = client.get("/workshops").get_data(as_text=True)
    assert "This workshop was created more than 365 days ago." in page
    assert f'href="/workshops/{old.id}/delete"' in page
    assert page.count('/delete"') == 1


def test_the_console_says_when_names_will_be_erased(app, session, workshops, facilitator):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
    closed = workshops["Closed lately"]["workshop"]
    page = client.get(f"/workshops/{closed.id}").get_data(as_text=True)
    due = (closed.closed_at + timedelta(days=30)).strftime("%-d %B %Y")
    assert f"are erased 30 days after the workshop closes: from {due}." in page
    still_open = client.get(f"/workshops/{workshops['Still open']['workshop'].id}").get_data(as_text=True)
    assert "are erased 30 days after the workshop closes. What they said stays" in still_open


def test_review_answers_lose_their_phone_tokens_a_set_time_after_the_review_closes(app, session, workshops):
    """Three reviews of one adopted charter, two people answering each: closed by hand 31 days ago, past their
    closing date 31 days ago though closed by hand later, and closed 29 days ago."""
    workshop = workshops["Still open"]["workshop"]
    draft = start_draft(session, workshop, "kent")
    placed = place_statement(session, draft, draft.themes[0].id, text="We will listen")
    now = utcnow()
    adopt_draft(draft, now - timedelta(days=100))
    reviews, tokens = {}, {}
    for title, closes_in in (("By hand", None), ("By date", -31), ("Lately", None)):
        opened = now - timedelta(days=90)
        closes_at = None if closes_in is None else now + timedelta(days=closes_in)
        reviews[title] = review = open_review(session, draft, title=title, closes_at=None, now=opened)
        tokens[title] = [
            answer_review(session, review, draft, None, group=None, answers={placed.id: ("yes", "")}, now=opened)[1]
            for _person in range(2)
        ]
        review.closes_at = closes_at
    close_review(reviews["By hand"], now - timedelta(days=31))
    close_review(reviews["By date"], now - timedelta(days=5))
    close_review(reviews["Lately"], now - timedelta(days=29))
    session.commit()

    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    for title in ("By hand", "By date"):
        assert f"Erased the phone tokens of 2 people who answered the review “{title}” of workshop" in result.output
    assert "“Lately”" not in result.output
    session.expire_all()
    for title, erased in (("By hand", True), ("By date", True), ("Lately", False)):
        review = session.get(Review, reviews[title].id)
        for token in tokens[title]:
            assert (response_for(session, review, token) is None) is erased
        # The answers stay, for the results and the trend.
        assert review_results(session, review, draft, 2)["questions"][0]["counts"]["yes"] == 2
    again = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "phone tokens" not in again.output
