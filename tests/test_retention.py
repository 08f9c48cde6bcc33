"""Names and phone tokens erased a set time after a workshop closes; old workshops listed for their
facilitators to export and delete. The dates are set by the tests."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from workshop.config import load_config
from workshop.live.participants import join_workshop, participant_for_token
from workshop.live.workshops import create_workshop, set_stage
from workshop.models import Participant, Workshop, utcnow


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
