"""Personal API tokens expire and can be revoked; an expired or revoked token gets 401.
Each facilitator sees their own on their account page."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from workshop.auth.accounts import issue_api_token, token_lifetime
from workshop.errors import DomainError
from workshop.models import ApiToken, Facilitator, utcnow


def make_token(runner, email, *options):
    result = runner.invoke(args=["facilitator", "token", email, *options])
    assert result.exit_code == 0, result.output
    return result.stdout.strip(), result.stderr


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def signed_in(app, facilitator):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
    return client


def test_a_token_works_until_it_expires_then_gets_401(app, client, session, facilitator):
    token, said = make_token(app.test_cli_runner(), facilitator.email, "--expires-in", "90d")
    due = utcnow() + timedelta(days=90)
    assert f"It works until {due.strftime('%-d %B %Y')}" in said
    stored = session.scalar(select(ApiToken))
    assert abs(stored.expires_at.replace(tzinfo=due.tzinfo) - due) < timedelta(minutes=1)
    assert client.post("/api/workshops", json={}, headers=bearer(token)).status_code == 400

    session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    refused = client.post("/api/workshops", json={}, headers=bearer(token))
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    assert refused.get_json() == {
        "error": "token_expired",
        "message": "This API token has expired. Make a new one: "
        "flask --app workshop facilitator token EMAIL --expires-in 90d",
    }


def test_a_revoked_token_gets_401_and_the_others_work_on(app, client, session, facilitator):
    runner = app.test_cli_runner()
    first, _ = make_token(runner, facilitator.email)
    second, _ = make_token(runner, facilitator.email, "--expires-in", "2w")
    first_id = session.scalars(select(ApiToken.id).order_by(ApiToken.id)).first()
    one = runner.invoke(args=["facilitator", "revoke", facilitator.email, "--token", str(first_id)])
    assert one.exit_code == 0 and one.output == "Revoked 1 API token of lead@example.org.\n"
    assert client.get("/api/workshops/1/results", headers=bearer(first)).get_json()["error"] == "token_revoked"
    assert client.get("/api/workshops/1/results", headers=bearer(second)).status_code == 404

    every = runner.invoke(args=["facilitator", "revoke", "LEAD@example.org"])
    assert every.output == "Revoked 1 API token of lead@example.org.\n"
    assert client.get("/api/workshops/1/results", headers=bearer(second)).status_code == 401
    nothing = runner.invoke(args=["facilitator", "revoke", facilitator.email])
    assert nothing.exit_code == 0 and "has no API token that still works" in nothing.output
    unknown = runner.invoke(args=["facilitator", "revoke", facilitator.email, "--token", "999"])
    assert unknown.exit_code == 1 and "has no API token numbered 999" in unknown.output


def test_how_long_a_token_works_is_checked(app, facilitator):
    assert token_lifetime("24h") == timedelta(hours=1) * 24
    assert token_lifetime(" 12W ") == timedelta(weeks=12)
    for wrong in ("", "90", "0d", "367d", "53w", "1y", "-5d", "ninety days"):
        with pytest.raises(DomainError, match="such as 24h, 90d or 12w"):
            token_lifetime(wrong)
    result = app.test_cli_runner().invoke(args=["facilitator", "token", facilitator.email, "--expires-in", "2y"])
    assert result.exit_code == 1 and "from 1 hour to 366 days" in result.output


def test_the_account_page_lists_every_token_and_revokes_one(app, session, facilitator):
    older_token = issue_api_token(session, facilitator)
    issue_api_token(session, facilitator, timedelta(hours=1))
    session.commit()
    newer, older = session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).all()
    newer.expires_at = utcnow() - timedelta(days=1)
    other = Facilitator(email="other@example.org", password_hash="unused")
    session.add(other)
    session.flush()
    theirs = issue_api_token(session, other)
    session.commit()

    page = signed_in(app, facilitator)
    listed = page.get("/account").get_data(as_text=True)
    assert "lead@example.org" in listed and "Your account" in listed
    states = re.findall(r'data-token="(\d+)".*?govuk-tag [^"]*">(\w+)<', listed, re.S)
    assert states == [(str(newer.id), "Expired"), (str(older.id), "Works")]
    # Another facilitator's tokens are not theirs to see or revoke.
    their_id = session.scalar(select(ApiToken.id).where(ApiToken.facilitator_id == other.id))
    assert page.post(f"/account/tokens/{their_id}/revoke").status_code == 404
    assert app.test_client().get("/api/workshops/1/results", headers=bearer(theirs)).status_code == 404

    done = page.post(f"/account/tokens/{older.id}/revoke", follow_redirects=True).get_data(as_text=True)
    assert f"API token {older.id} is revoked" in done and "Revoke<" not in done
    assert app.test_client().get("/api/workshops/1/results", headers=bearer(older_token)).status_code == 401
