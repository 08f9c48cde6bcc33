import hashlib
import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask_login import current_user
from sqlalchemy import func, select

from workshop import create_app
from workshop.auth import accounts
from workshop.auth.accounts import (
    authenticate,
    create_facilitator,
    facilitator_for_token,
    has_any_facilitator,
    issue_api_token,
)
from workshop.auth.permissions import UNAUTHORISED_MESSAGE, facilitator_required
from workshop.auth.views import WRONG_CREDENTIALS, safe_next
from workshop.errors import Conflict, DomainError, Unauthorised
from workshop.extensions import db
from workshop.models import ApiToken, Facilitator, as_utc, utcnow

EMAIL = "ada@example.org"
PASSWORD = "correct horse battery"


def sign_in(client, email=EMAIL, password=PASSWORD, remote_addr="127.0.0.1", **data):
    form = {"email": email, "password": password, **data}
    return client.post("/sign-in", data=form, environ_base={"REMOTE_ADDR": remote_addr})


def is_signed_in(client) -> bool:
    return "Sign out" in client.get("/").get_data(as_text=True)


def facilitator_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Facilitator.id)))


# Tests that make requests set up their data in an app context of their own:
# while the `session` fixture's app context is open, every request shares its
# `g`, where Flask-Login keeps the signed-in user.
@pytest.fixture
def account(app):
    with app.app_context():
        facilitator = create_facilitator(db.session, EMAIL, PASSWORD)
        db.session.commit()
        return facilitator


@pytest.fixture
def token(app, account):
    with app.app_context():
        token = issue_api_token(db.session, account)
        db.session.commit()
        return token


# --- Accounts ----------------------------------------------------------------


def test_password_is_stored_as_an_argon2_hash(session):
    facilitator = create_facilitator(session, "  Ada@Example.ORG ", PASSWORD)

    assert facilitator.email == EMAIL
    assert facilitator.password_hash.startswith("$argon2id$")
    assert PASSWORD not in facilitator.password_hash
    assert authenticate(session, "ADA@example.org", PASSWORD) is facilitator
    assert authenticate(session, EMAIL, "wrong horse battery") is None


@pytest.mark.parametrize(
    ("email", "password", "code", "message"),
    [
        ("", PASSWORD, "invalid_email", "Enter an email address"),
        (
            "ada.example.org",
            PASSWORD,
            "invalid_email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "ada@example",
            PASSWORD,
            "invalid_email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (EMAIL, "", "invalid_password", "Enter a password"),
        (EMAIL, "eleven char", "invalid_password", "Password must be 12 characters or more"),
    ],
)
def test_account_input_is_checked(session, email, password, code, message):
    with pytest.raises(DomainError) as raised:
        create_facilitator(session, email, password)
    assert (raised.value.code, raised.value.message) == (code, message)
    assert not has_any_facilitator(session)


def test_an_email_address_has_one_account(session):
    create_facilitator(session, EMAIL, PASSWORD)
    with pytest.raises(Conflict, match="already a facilitator account"):
        create_facilitator(session, "ADA@example.org", "another long password")
    assert session.scalar(select(func.count(Facilitator.id))) == 1


def test_password_is_rehashed_on_sign_in_when_parameters_change(session):
    facilitator = create_facilitator(session, EMAIL, PASSWORD)
    old_hash = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    facilitator.password_hash = old_hash
    session.commit()

    assert authenticate(session, EMAIL, PASSWORD) is facilitator
    # As the sign-in page does.
    session.commit()
    session.expire_all()
    stored = session.get(Facilitator, facilitator.id).password_hash
    assert stored != old_hash
    assert not PasswordHasher().check_needs_rehash(stored)
    assert authenticate(session, EMAIL, PASSWORD) is not None


def test_unknown_email_still_costs_a_password_check(session, monkeypatch):
    checked_hashes = []

    def spy_verify(password_hash, password):
        checked_hashes.append(password_hash)
        return False

    monkeypatch.setattr(accounts, "_verify", spy_verify)

    assert authenticate(session, "nobody@example.org", PASSWORD) is None
    assert len(checked_hashes) == 1
    assert checked_hashes[0].startswith("$argon2id$")


# --- First run ---------------------------------------------------------------


def test_public_pages_work_before_any_account_exists(client):
    assert client.get("/").status_code == 200
    assert client.get("/charters").status_code == 200
    assert client.get("/api/charters").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_sign_in_asks_for_the_first_account_until_one_exists(client):
    response = client.get("/sign-in")
    assert response.status_code == 302
    assert response.location == "/setup"
    assert client.get("/sign-in?next=/charters").location == "/setup?next=/charters"

    page = client.get("/setup").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert "Create the first facilitator account" in page
    assert 'name="csrf_token"' in page
    assert 'autocomplete="email"' in page
    assert page.count('autocomplete="new-password"') == 2


def test_setup_creates_the_first_account_and_signs_in(app, client):
    response = client.post(
        "/setup",
        data={"email": "Ada@Example.org", "password": PASSWORD, "confirm_password": PASSWORD, "next": "/charters"},
    )
    assert response.status_code == 302
    assert response.location == "/charters"

    with app.app_context():
        assert db.session.scalars(select(Facilitator.email)).all() == [EMAIL]
    home = client.get("/").get_data(as_text=True)
    assert "Your facilitator account is ready" in home
    assert "Sign out" in home


def test_setup_explains_every_problem_at_once(app, client):
    response = client.post(
        "/setup", data={"email": "ada", "password": "too short", "confirm_password": "something else"}
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'class="govuk-error-summary"' in page
    for field in ("email", "password", "confirm_password"):
        assert f'<a href="#{field}">' in page
        assert f'id="{field}-error"' in page
    assert "Enter an email address in the correct format" in page
    assert "Password must be 12 characters or more" in page
    assert "Enter the same password in both fields" in page
    assert 'value="ada"' in page
    assert facilitator_count(app) == 0


def test_setup_closes_once_an_account_exists(app, client, account):
    assert client.get("/setup").location == "/sign-in"
    response = client.post(
        "/setup", data={"email": "mallory@example.org", "password": PASSWORD, "confirm_password": PASSWORD}
    )
    assert response.location == "/sign-in"
    assert facilitator_count(app) == 1
    assert client.get("/sign-in").status_code == 200


# --- Signing in and out ------------------------------------------------------


def test_sign_in_and_sign_out(client, account):
    page = client.get("/sign-in").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert 'autocomplete="current-password"' in page
    assert not is_signed_in(client)

    response = sign_in(client, email=" ADA@example.org")
    assert response.status_code == 302
    assert response.location == "/"
    assert is_signed_in(client)
    assert client.get("/sign-in").location == "/"

    response = client.post("/sign-out", follow_redirects=True)
    assert "You have signed out" in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_signing_in_starts_a_new_session(client, account):
    with client.session_transaction() as browser_session:
        browser_session["planted"] = "by someone else"

    sign_in(client)

    with client.session_transaction() as browser_session:
        assert "planted" not in browser_session
        assert browser_session["_user_id"]


def test_wrong_password_and_unknown_email_read_the_same(client, account):
    pages = [
        sign_in(client, password="wrong horse battery").get_data(as_text=True),
        sign_in(client, email="nobody@example.org").get_data(as_text=True),
    ]
    for page in pages:
        assert f'<a href="#email">{WRONG_CREDENTIALS}</a>' in page
        assert "already" not in page
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    "email", ["ada\x00@example.org", "ada@example.org\x00", "ada\x7f@example.org", "not an address"]
)
def test_an_address_no_account_could_have_reads_as_wrong_credentials(client, account, email):
    response = sign_in(client, email=email)
    assert response.status_code == 200
    assert f'<a href="#email">{WRONG_CREDENTIALS}</a>' in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_empty_fields_are_asked_for(client, account):
    page = sign_in(client, email="", password="").get_data(as_text=True)
    assert '<a href="#email">Enter your email address</a>' in page
    assert '<a href="#password">Enter your password</a>' in page


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "charters",
        "",
        None,
    ],
)
def test_next_must_be_a_path_on_this_site(target):
    assert safe_next(target) is None


def test_sign_in_follows_next_only_within_the_site(client, account):
    assert sign_in(client, next="https://evil.example/").location == "/"

    client.post("/sign-out")
    assert sign_in(client, next="/charters?sort=area").location == "/charters?sort=area"


# --- Command line ------------------------------------------------------------


def test_cli_creates_an_account_with_a_password_option(runner, session):
    result = runner.invoke(args=["facilitator", "create", EMAIL, "--password", PASSWORD])

    assert result.exit_code == 0, result.output
    assert "Facilitator account created." in result.output
    assert authenticate(session, EMAIL, PASSWORD) is not None


def test_cli_prompts_twice_for_a_hidden_password(runner, session):
    result = runner.invoke(args=["facilitator", "create", EMAIL], input=f"{PASSWORD}\n{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert "Enter the password again" in result.output
    assert PASSWORD not in result.output
    assert authenticate(session, EMAIL, PASSWORD) is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email", "--password", PASSWORD], "Enter an email address in the correct format"),
        ([EMAIL, "--password", "too short"], "Password must be 12 characters or more"),
    ],
)
def test_cli_refuses_invalid_input(runner, session, args, message):
    result = runner.invoke(args=["facilitator", "create", *args])

    assert result.exit_code != 0
    assert message in result.stderr
    assert not has_any_facilitator(session)


def test_cli_refuses_a_second_account_for_an_address(app, runner, account):
    result = runner.invoke(args=["facilitator", "create", EMAIL.upper()], input="")

    assert result.exit_code != 0
    assert "already a facilitator account" in result.stderr
    assert facilitator_count(app) == 1


def test_cli_prints_only_a_new_token(runner, session):
    facilitator = create_facilitator(session, EMAIL, PASSWORD)
    session.commit()
    result = runner.invoke(args=["facilitator", "token", "Ada@example.org"])

    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert result.stdout == token + "\n"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    stored = session.scalar(select(ApiToken))
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert facilitator_for_token(session, token).id == facilitator.id


def test_cli_token_for_an_unknown_address_fails(runner, session):
    result = runner.invoke(args=["facilitator", "token", EMAIL])

    assert result.exit_code != 0
    assert result.stdout == ""
    assert "There is no facilitator account with this email address" in result.stderr


# --- API tokens --------------------------------------------------------------


def test_bearer_token_signs_the_request_in(app, account, token):
    with app.test_request_context("/api/charters", headers={"Authorization": f"Bearer {token}"}):
        assert current_user.is_authenticated
        assert current_user.id == account.id


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-real-token", "Bearer ", "Basic YWRhOnNlY3JldA==", "not-a-real-token"],
)
def test_unknown_or_malformed_token_is_anonymous(app, token, header):
    with app.test_request_context("/api/charters", headers={"Authorization": header}):
        assert not current_user.is_authenticated


def test_bearer_token_works_on_an_existing_page(client, token):
    page = client.get("/", headers={"Authorization": f"Bearer {token}"}).get_data(as_text=True)
    assert "Import your area's own charter" in page
    # The token signs in that one request; it leaves no session behind.
    assert not is_signed_in(client)


def test_token_use_is_recorded_at_most_once_a_minute(session):
    token = issue_api_token(session, create_facilitator(session, EMAIL, PASSWORD))
    session.commit()
    stored = session.scalar(select(ApiToken))
    assert stored.last_used_at is None

    facilitator_for_token(session, token)
    session.commit()
    session.expire_all()
    first_use = stored.last_used_at
    assert first_use is not None

    facilitator_for_token(session, token)
    session.commit()
    session.expire_all()
    assert stored.last_used_at == first_use

    stored.last_used_at = utcnow() - timedelta(minutes=2)
    session.commit()
    facilitator_for_token(session, token)
    session.commit()
    session.expire_all()
    assert utcnow() - as_utc(stored.last_used_at) < timedelta(minutes=1)


def test_api_routes_can_require_a_facilitator(app, token):
    guarded = facilitator_required(lambda: "allowed")

    with app.test_request_context("/api/charters"):
        with pytest.raises(Unauthorised) as raised:
            guarded()
        response = app.make_response(app.handle_user_exception(raised.value))
        assert response.status_code == 401
        assert response.json == {"error": "unauthorised", "message": UNAUTHORISED_MESSAGE}
        assert response.headers["WWW-Authenticate"] == "Bearer"

    with app.test_request_context("/api/charters", headers={"Authorization": f"Bearer {token}"}):
        assert guarded() == "allowed"


# --- CSRF --------------------------------------------------------------------


@pytest.fixture
def csrf_app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "MIGRATE_ON_START": False,
            "SEED_ON_START": False,
            "WTF_CSRF_ENABLED": True,
        }
    )
    yield app
    db.session.remove()
    db.engine.dispose()


def test_sign_in_and_out_need_the_form_token(csrf_app):
    with csrf_app.app_context():
        create_facilitator(db.session, EMAIL, PASSWORD)
        db.session.commit()
    client = csrf_app.test_client()

    assert sign_in(client).status_code == 400
    assert not is_signed_in(client)

    page = client.get("/sign-in").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert sign_in(client, csrf_token=form_token).status_code == 302

    assert client.post("/sign-out").status_code == 400
    assert is_signed_in(client)
