"""Two server processes sharing PostgreSQL and Redis, as deploy/ runs them behind nginx.

A tag made on one process must reach a projector connected to the other:
the counts go from the process that stored the tag, through Redis, to the
other process, which sends them on to its own clients.
"""

import secrets

import pytest
import requests
from servers import ServedApp
from test_live_server import Phone, Room, Screen, statements_of

from workshop import create_app
from workshop.auth.accounts import create_facilitator, issue_api_token
from workshop.extensions import db


@pytest.fixture
def two_processes(tmp_path, postgres_database, redis_url):
    # A channel of this run's own, so that test runs side by side on the same Redis do not meet.
    shared = {"REDIS_URL": redis_url, "SOCKETIO_CHANNEL": f"charter-workshop-test-{secrets.token_hex(6)}"}
    first = ServedApp(tmp_path, postgres_database, **shared).start()
    second = ServedApp(tmp_path, postgres_database, **shared).start()
    yield first, second
    first.stop()
    second.stop()


@pytest.fixture
def api(postgres_database):
    app = create_app(
        {"DATABASE_URL": postgres_database, "SECRET_KEY": "x", "MIGRATE_ON_START": False, "SEED_ON_START": False}
    )
    with app.app_context():
        email = f"lead-{secrets.token_hex(4)}@example.org"
        token = issue_api_token(db.session, create_facilitator(db.session, email, "a long enough password"))
        db.session.commit()
        db.session.remove()
    db.engine.dispose()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def test_a_tag_on_one_process_reaches_a_projector_on_the_other(two_processes, api):
    first, second = two_processes
    room = Room(first, api)
    room.control(action="stage", stage="review")
    room.control(action="reveal")
    code = room.workshop["code"]
    projector = Screen(second, {"workshop": code, "role": "projector", "key": room.projector_key})
    phone = Phone(first, code, group="parent_carer")
    board_id, statement_ids = statements_of(phone.wait_for("snapshot"))

    assert phone.do("tag", board_id=board_id, statement_id=statement_ids[0], value="adapt")["ok"]

    key = str(statement_ids[0])
    shown = projector.wait_for("counts", lambda data: key in data["counts"])
    assert shown["board_id"] == board_id
    assert shown["counts"][key]["total"] == {"borrow": 0, "adapt": 1, "ignore": 0}
    assert shown["counts"][key]["by_group"] == {} and shown["counts"][key]["groups_withheld"] is True
    projector.close()
    phone.close()
