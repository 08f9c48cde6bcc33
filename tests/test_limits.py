"""Behind the documented proxy, and against guessing: addresses, HTTPS, and the limits on failed attempts."""

import secrets

import pytest

from workshop import create_app
from workshop.auth.accounts import create_facilitator
from workshop.auth.views import TOO_MANY_ATTEMPTS, sign_in_limits
from workshop.extensions import db, socketio
from workshop.limits import SIGN_IN_TO_ACCOUNT
from workshop.live.workshops import create_workshop
from workshop.models import Facilitator

PASSWORD = "correct horse battery"
ADA, GRACE = "ada@example.org", "grace@example.org"
# deploy/nginx.conf: one proxy, which says who the client is and whether it came over HTTPS.
BEHIND_NGINX = {"TRUSTED_PROXIES": 1}


def served(app_config: dict, **settings):
    return create_app({**app_config, **settings})


@pytest.fixture
def app_config(database_url):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "MIGRATE_ON_START": False,
        "SEED_ON_START": False,
        "WTF_CSRF_ENABLED": False,
        "LIVE_UPDATES": False,
    }


@pytest.fixture
def accounts(app):
    with app.app_context():
        for email in (ADA, GRACE):
            create_facilitator(db.session, email, PASSWORD)
        db.session.commit()


def sign_in(app, email, password=PASSWORD, address="203.0.113.1"):
    """A sign-in from `address` as nginx passes it on; the status, and whether the page says too many."""
    response = sign_in_response(app, email, password, address)
    return response.status_code, TOO_MANY_ATTEMPTS in response.get_data(as_text=True)


def sign_in_response(app, email, password=PASSWORD, address="203.0.113.1"):
    return app.test_client().post(
        "/sign-in",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": address, "X-Forwarded-Proto": "https"},
    )


def says_to_wait(response, minutes: int) -> bool:
    """The refusal names the wait of the limit reached, and Retry-After says it in seconds."""
    seconds = int(response.headers["Retry-After"])
    return (
        response.status_code == 429
        and f"wait {minutes} minutes and try again" in response.get_data(as_text=True)
        and (minutes - 1) * 60 < seconds <= minutes * 60
    )


@pytest.fixture
def behind_nginx(app_config):
    app = served(app_config, **BEHIND_NGINX)
    yield app
    db.session.remove()
    db.engine.dispose()


def test_behind_the_proxy_the_client_address_and_https_are_the_clients(behind_nginx, app, session):
    seen = {}

    @behind_nginx.get("/seen-by-the-app")
    def seen_by_the_app():
        from flask import request

        seen.update(address=request.remote_addr, https=request.is_secure)
        return "", 204

    forwarded = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}
    response = behind_nginx.test_client().get("/seen-by-the-app", headers=forwarded)
    assert seen == {"address": "198.51.100.7", "https": True}
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"

    # Without TRUSTED_PROXIES anyone could claim any address: the headers are ignored.
    response = app.test_client().get("/", headers=forwarded)
    assert "Strict-Transport-Security" not in response.headers


def test_the_participant_cookie_is_secure_over_https(behind_nginx, app_config, session, seeded):
    owner = Facilitator(email="owner@example.org", password_hash="unused")
    session.add(owner)
    session.flush()
    workshop = create_workshop(session, owner, title="Kent refresh", charter_slugs=["stockport"])
    session.commit()
    over_https = behind_nginx.test_client().post(f"/join/{workshop.code}", headers={"X-Forwarded-Proto": "https"})
    assert "; Secure" in over_https.headers["Set-Cookie"]
    over_http = behind_nginx.test_client().post(f"/join/{workshop.code}", headers={"X-Forwarded-Proto": "http"})
    assert "; Secure" not in over_http.headers["Set-Cookie"]
    # SESSION_COOKIE_SECURE says the site is only ever HTTPS, whatever the request looked like.
    told = served(app_config, SESSION_COOKIE_SECURE=True).test_client().post(f"/join/{workshop.code}")
    assert "; Secure" in told.headers["Set-Cookie"]


def test_ten_wrong_passwords_stop_that_account_at_that_address_only(behind_nginx, accounts):
    for _ in range(10):
        assert sign_in(behind_nginx, ADA, "wrong horse battery") == (200, False)
    # The guesser is stopped, even with the right password, and told for how long.
    assert says_to_wait(sign_in_response(behind_nginx, ADA), 15)
    # Ada, from her own address, signs in; so does Grace from the guesser's (one office, one address).
    assert sign_in(behind_nginx, ADA, address="198.51.100.20") == (302, False)
    assert sign_in(behind_nginx, GRACE) == (302, False)


def test_many_accounts_tried_from_one_address_are_stopped_at_thirty(behind_nginx, accounts):
    for number in range(30):
        assert sign_in(behind_nginx, f"person{number}@example.org", "wrong horse battery")[0] == 200
    assert sign_in(behind_nginx, GRACE) == (429, True)
    assert sign_in(behind_nginx, GRACE, address="198.51.100.20") == (302, False)


def test_one_account_tried_from_many_addresses_is_stopped_at_a_hundred(behind_nginx, accounts):
    with behind_nginx.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.1"}):
        (limit, key), *_ = [entry for entry in sign_in_limits(ADA) if entry[0] is SIGN_IN_TO_ACCOUNT]
        for _ in range(99):
            limit.count(key)
    assert sign_in(behind_nginx, ADA, "wrong horse battery", address="192.0.2.2") == (200, False)
    assert sign_in(behind_nginx, ADA, address="192.0.2.3") == (429, True)
    # This limit is counted over an hour, and the refusal says so.
    assert says_to_wait(sign_in_response(behind_nginx, ADA, address="192.0.2.4"), 60)
    assert sign_in(behind_nginx, GRACE, address="192.0.2.3") == (302, False)


def test_a_right_password_after_a_few_wrong_ones_starts_afresh(behind_nginx, accounts):
    for _ in range(9):
        assert sign_in(behind_nginx, ADA, "wrong horse battery") == (200, False)
    assert sign_in(behind_nginx, ADA) == (302, False)
    for _ in range(9):
        assert sign_in(behind_nginx, ADA, "wrong horse battery") == (200, False)
    assert sign_in(behind_nginx, ADA) == (302, False)


def test_join_codes_that_name_no_workshop_are_limited_per_address(behind_nginx, session, seeded):
    owner = Facilitator(email="owner@example.org", password_hash="unused")
    session.add(owner)
    session.flush()
    code = create_workshop(session, owner, title="Kent refresh", charter_slugs=["stockport"]).code
    session.commit()
    guesser = {"X-Forwarded-For": "203.0.113.9"}
    client = behind_nginx.test_client()
    for number in range(10):
        assert client.post("/join", data={"code": f"ZZZZ{number:02d}"}, headers=guesser).status_code == 400
        assert client.get(f"/join/YYYY{number:02d}", headers=guesser).status_code == 404
    # The twenty-first guess is refused, the right code too.
    assert client.get(f"/join/{code}", headers=guesser).status_code == 429
    assert client.post("/join", data={"code": code}, headers=guesser).status_code == 429
    # Everyone else joins: a room behind one venue's address is not held up by someone's guesses.
    assert client.get(f"/join/{code}", headers={"X-Forwarded-For": "198.51.100.30"}).status_code == 200


def test_codes_guessed_over_socketio_are_limited_too(app, session, seeded):
    owner = Facilitator(email="owner@example.org", password_hash="unused")
    session.add(owner)
    session.flush()
    workshop = create_workshop(session, owner, title="Kent refresh", charter_slugs=["stockport"])
    session.commit()
    for number in range(20):
        auth = {"workshop": f"ZZZZ{number:02d}", "role": "projector"}
        assert not socketio.test_client(app, auth=auth).is_connected()
    # Then not even the right code and key get the guesser in.
    auth = {"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    assert not socketio.test_client(app, auth=auth).is_connected()


def test_the_limits_hold_across_processes_with_redis(app_config, accounts, redis_url):
    # Two processes of one installation (one name on Redis), each with its own Redis connection.
    shared = {**BEHIND_NGINX, "RATELIMIT_STORAGE_URI": redis_url, "SOCKETIO_CHANNEL": f"limits-{secrets.token_hex(6)}"}
    first, second = served(app_config, **shared), served(app_config, **shared)
    for process in (first, second) * 5:
        assert sign_in(process, ADA, "wrong horse battery") == (200, False)
    assert sign_in(first, ADA) == (429, True)
    assert sign_in(second, ADA) == (429, True)
    # Another installation on the same Redis counts apart.
    elsewhere = served(app_config, **dict(shared, SOCKETIO_CHANNEL=f"limits-{secrets.token_hex(6)}"))
    assert sign_in(elsewhere, ADA) == (302, False)


def test_without_redis_each_process_still_counts_and_nobody_gets_an_error(app_config, accounts, caplog):
    # Nothing listens on port 1: every call to the shared store fails at once.
    alone = served(app_config, **BEHIND_NGINX, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    for _ in range(10):
        assert sign_in(alone, ADA, "wrong horse battery") == (200, False)
    assert sign_in(alone, ADA) == (429, True)
    assert sign_in(alone, GRACE) == (302, False)
    assert alone.test_client().get("/join?code=ZZZZZZ").status_code < 500
    assert "counting in this process" in caplog.text
