"""Real Socket.IO clients against the app served on 127.0.0.1: the network, not just the handlers."""

import re
import threading
import time
import uuid

import psutil
import pytest
import requests
import socketio
from servers import ServedApp
from sqlalchemy import select

from workshop import create_app
from workshop.auth.accounts import create_facilitator
from workshop.database import make_engine
from workshop.extensions import db
from workshop.live.workshops import create_workshop
from workshop.models import Participant


@pytest.fixture
def served(tmp_path, database_url):
    server = ServedApp(tmp_path, database_url).start()
    yield server
    server.stop()


@pytest.fixture
def api(served, database_url, api_session):
    """A facilitator's API session on the served app."""
    return api_session(database_url)


class Room:
    def __init__(self, served, api, charters=("warwickshire",)):
        self.served, self.api = served, api
        response = api.post(f"{served.url}/api/workshops", json={"title": "Kent refresh", "charters": list(charters)})
        assert response.status_code == 201, response.text
        self.workshop = response.json()
        self.projector_key = self.workshop["projector_url"].rstrip("/").rsplit("/", 1)[1]

    def control(self, **values):
        response = self.api.post(f"{self.served.url}/api/workshops/{self.workshop['id']}/control", json=values)
        assert response.status_code == 200, response.text

    def participant_id(self, number: int) -> int:
        """The id the API's controls name a participant by, from the served app's database.

        Not from the workshop's export.json: that is made in the server's worker process, which on
        a busy machine can still be getting ready (niced) for half a minute after the server is."""
        engine = make_engine(self.served.database_url)
        with engine.connect() as connection:
            ours = Participant.workshop_id == self.workshop["id"]
            found = connection.scalar(select(Participant.id).where(ours, Participant.number == number))
        engine.dispose()
        return found

    def results(self):
        return self.api.get(f"{self.served.url}/api/workshops/{self.workshop['id']}/results").json()


class Screen:
    """A Socket.IO client that remembers the events it received."""

    def __init__(self, served, auth, browser=None, transports=None):
        self.events: list[tuple[str, dict, float]] = []
        self.snapshots = threading.Condition()
        # The browser session carries the cookies, as a phone's browser does, also on reconnecting.
        self.client = socketio.Client(
            reconnection=True, reconnection_delay=0.2, reconnection_delay_max=0.5, http_session=browser
        )
        self.client.on("*", self._record)
        self.client.connect(served.url, auth=auth, transports=transports, wait_timeout=10)

    def _record(self, event, data=None):
        with self.snapshots:
            self.events.append((event, data, time.monotonic()))
            self.snapshots.notify_all()

    def received(self, name):
        return [data for event, data, _ in self.events if event == name]

    def wait_for(self, name, predicate=lambda data: True, timeout=10):
        deadline = time.monotonic() + timeout
        with self.snapshots:
            while True:
                for event, data, _ in self.events:
                    if event == name and predicate(data):
                        return data
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"No {name!r} event matching in {timeout} s; got {[e for e, _, _ in self.events]}"
                    )
                self.snapshots.wait(remaining)

    def wait_until_connected(self, timeout=20):
        deadline = time.monotonic() + timeout
        while "/" not in self.client.namespaces:
            assert time.monotonic() < deadline, "The client did not reconnect"
            time.sleep(0.05)

    def close(self):
        self.client.disconnect()


class Phone(Screen):
    def __init__(self, served, code, group="", transports=None):
        browser = requests.Session()
        page = browser.get(f"{served.url}/join/{code}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        joined = browser.post(
            f"{served.url}/join/{code}", data={"csrf_token": csrf, "group": group}, allow_redirects=False
        )
        assert joined.status_code == 302, joined.text
        self.browser = browser
        super().__init__(served, {"workshop": code, "role": "participant"}, browser, transports)

    def do(self, kind, **fields):
        operation = {"id": uuid.uuid4().hex, "kind": kind, **fields}
        return self.client.call("operation", operation, timeout=10)


def statements_of(snapshot):
    board = snapshot["boards"][0]
    return board["id"], [s["id"] for theme in board["themes"] for s in theme["statements"]]


def test_several_phones_tag_and_the_projector_gets_coalesced_counts(served, api):
    room = Room(served, api)
    room.control(action="stage", stage="review")
    room.control(action="reveal")
    code = room.workshop["code"]
    projector = Screen(served, {"workshop": code, "role": "projector", "key": room.projector_key})
    phones = [Phone(served, code, group=group) for group in ("parent_carer", "young_person", "health")]
    # One phone on long-polling only, as on a network that blocks WebSockets.
    phones.append(Phone(served, code, group="education", transports=["polling"]))
    board_id, statement_ids = statements_of(phones[0].wait_for("snapshot"))

    started = time.monotonic()
    for statement_id in statement_ids:
        for number, phone in enumerate(phones):
            value = ("borrow", "adapt", "ignore")[number % 3]
            ack = phone.do("tag", board_id=board_id, statement_id=statement_id, value=value)
            assert ack["ok"], ack
    taps = len(statement_ids) * len(phones)
    last = str(statement_ids[-1])
    final = projector.wait_for(
        "counts", lambda data: sum(data["counts"].get(last, {"total": {}})["total"].values()) == len(phones)
    )
    elapsed = time.monotonic() - started
    assert final["counts"][last]["total"] == {"borrow": 2, "adapt": 1, "ignore": 1}
    # One person in each group: the big screen is told nothing by group.
    assert final["counts"][last]["by_group"] == {} and final["counts"][last]["groups_withheld"] is True
    assert "real_by_group" not in final["counts"][last]
    updates = [data for data in projector.received("counts") if data["board_id"] == board_id]
    # Coalesced: a few updates a second, not one per tap (however slowly the taps came).
    assert len(updates) <= elapsed * 4 + 3 and len(updates) < taps

    results = room.results()["boards"][0]["statements"]
    assert all(sum(statement["counts"].values()) == len(phones) for statement in results)
    for screen in [projector, *phones]:
        screen.close()


def test_websockets_that_close_leave_nothing_in_the_servers_log(served, api):
    room = Room(served, api)
    code = room.workshop["code"]
    screens = [Phone(served, code, transports=["websocket"]) for _ in range(3)]
    screens.append(Screen(served, {"workshop": code, "role": "projector", "key": room.projector_key}))
    for screen in screens:
        screen.wait_for("snapshot")
        screen.close()
    for session in [api, *(screen.browser for screen in screens[:3])]:
        session.close()
    # Every connection to the server is over once the server has closed its side: it has
    # read what it was going to read and logged what it was going to log.
    server = psutil.Process(served.process.pid)
    deadline = time.monotonic() + 10
    while any(
        connection.laddr.port == served.port and connection.status != psutil.CONN_LISTEN
        for connection in server.net_connections(kind="tcp")
    ):
        assert time.monotonic() < deadline, "The server kept a connection open"
        time.sleep(0.05)
    log = served.log()
    assert "Invalid HTTP method" not in log
    assert "Traceback" not in log


def test_a_phone_cut_off_gets_a_full_snapshot_when_it_reconnects(served, api):
    room = Room(served, api)
    room.control(action="stage", stage="review")
    code = room.workshop["code"]
    phone = Phone(served, code)
    board_id, statement_ids = statements_of(phone.wait_for("snapshot"))
    assert phone.do("tag", board_id=board_id, statement_id=statement_ids[0], value="adapt")["ok"]
    assert phone.do("reword", board_id=board_id, statement_id=statement_ids[0], text="We will welcome everyone")["ok"]
    phone.close()

    # The same phone (same cookie) comes back on a new connection.
    again = Screen(served, {"workshop": code, "role": "participant"}, phone.browser)
    snapshot = again.wait_for("snapshot")
    key = f"{board_id}:{statement_ids[0]}"
    assert snapshot["mine"]["tags"] == {key: "adapt"}
    assert snapshot["mine"]["rewordings"] == {key: "We will welcome everyone"}
    again.close()


def test_a_refused_connection_says_why_in_the_documented_shape(served, api):
    room = Room(served, api)
    code = room.workshop["code"]
    removed = Phone(served, code)
    person = removed.wait_for("snapshot")["me"]["number"]
    room.control(action="remove_participant", participant_id=room.participant_id(person))
    removed.wait_for("removed")
    not_allowed = {"error": "not_allowed", "message": "Join the workshop again with its code or link."}
    unknown = {"error": "unknown_workshop", "message": "Check the workshop code."}
    attempts = [
        ({"workshop": "ZZZZZZ", "role": "participant"}, None, unknown),
        ({"workshop": code, "role": "organiser"}, None, unknown),
        ({"workshop": code, "role": "participant"}, None, not_allowed),
        ({"workshop": code, "role": "participant"}, removed.browser, not_allowed),
        ({"workshop": code, "role": "projector", "key": "not-the-key"}, None, not_allowed),
        ({"workshop": code, "role": "projector", "key": {"not": "text"}}, None, not_allowed),
        ({"workshop": [code], "role": "projector"}, None, unknown),
        ({"workshop": code, "role": "facilitator"}, None, not_allowed),
        # A number, sent as "01.0", which Socket.IO reads as an acknowledgement id and then no JSON.
        (1.0, None, unknown),
    ]
    for auth, browser, expected in attempts:
        client = socketio.Client(reconnection=False, http_session=browser)
        errors = []
        client.on("connect_error", errors.append)
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(served.url, auth=auth, wait_timeout=10)
        # Socket.IO's own `message`, and the fields as the error's data: what a browser's
        # connect_error handler reads as error.message and error.data.
        assert errors == [{"message": expected["message"], "data": expected}], auth
    removed.close()


def test_behind_the_proxy_a_connection_is_known_by_the_clients_own_address(tmp_path, database_url):
    behind_nginx = ServedApp(tmp_path, database_url, TRUSTED_PROXIES="1").start()
    try:
        app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", "MIGRATE_ON_START": False})
        with app.app_context():
            owner = create_facilitator(db.session, "owner@example.org", "a long enough password")
            workshop = create_workshop(db.session, owner, title="Kent refresh", charter_slugs=["warwickshire"])
            projector = {"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
            db.session.commit()
            db.session.remove()
        db.engine.dispose()

        def connects(auth, address):
            client = socketio.Client(reconnection=False)
            try:
                client.connect(behind_nginx.url, auth=auth, headers={"X-Forwarded-For": address}, wait_timeout=10)
            except socketio.exceptions.ConnectionError:
                return False
            client.disconnect()
            return True

        for number in range(20):
            assert not connects({"workshop": f"ZZZZ{number:02d}", "role": "projector"}, "203.0.113.5")
        # The guesser's address is refused, the right code and key too; the venue's is not.
        assert not connects(projector, "203.0.113.5")
        assert connects(projector, "198.51.100.8")
    finally:
        behind_nginx.stop()


def test_acked_tags_survive_a_server_restart_mid_review(served, api):
    room = Room(served, api)
    room.control(action="stage", stage="review")
    code = room.workshop["code"]
    phone = Phone(served, code)
    board_id, statement_ids = statements_of(phone.wait_for("snapshot"))
    for statement_id in statement_ids[:10]:
        assert phone.do("tag", board_id=board_id, statement_id=statement_id, value="borrow")["ok"]

    served.stop()
    served.start()

    # The client reconnects by itself and is sent a fresh snapshot holding every acknowledged tag.
    phone.wait_for("snapshot", lambda data: len(phone.received("snapshot")) >= 2, timeout=20)
    phone.wait_until_connected()
    snapshot = phone.received("snapshot")[-1]
    assert snapshot["mine"]["tags"] == {f"{board_id}:{statement_id}": "borrow" for statement_id in statement_ids[:10]}
    # A resend of an operation acknowledged before the restart changes nothing.
    operation = {
        "id": "resent-after-restart",
        "kind": "tag",
        "board_id": board_id,
        "statement_id": statement_ids[0],
        "value": "ignore",
    }
    first = phone.client.call("operation", operation, timeout=10)
    assert phone.client.call("operation", operation, timeout=10) == first
    counts = {s["id"]: s["counts"] for s in room.results()["boards"][0]["statements"]}
    assert counts[statement_ids[0]] == {"borrow": 0, "adapt": 0, "ignore": 1}
    assert all(counts[statement_id]["borrow"] == 1 for statement_id in statement_ids[1:10])
    phone.close()
