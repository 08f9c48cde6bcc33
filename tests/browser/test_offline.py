"""The phone on a venue's Wi-Fi that drops: a reload while offline shows the phone's copy of the room.

The service worker (static/js/service-worker.js) keeps the participant's page and its files; the
page keeps its last snapshot beside it (static/js/phone/offline.js).
"""

import sqlite3
import time

import pytest
from playwright.sync_api import expect
from test_participant import (
    LIVE_TIMEOUT,
    facilitator_api,
    join,
    new_phone,
    next_step,
    shown_statement,
    status,
    tag_button,
    wait_for_stage,
)

FACILITATOR = "offline-tests@example.org"

# Whether the phone keeps a copy of its page, and a snapshot with this many tags beside it.
KEPT = """async (tags) => {
  const page = location.origin + location.pathname;
  const copy = await caches.match(page);
  const snapshot = await caches.match(page + "/kept-snapshot.json");
  return Boolean(copy) && Boolean(snapshot) && Object.keys((await snapshot.json()).snapshot.mine.tags).length === tags;
}"""


# Whether the service worker for the phones' pages is installed and active.
WORKER_ACTIVE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration("/w/");
  return registration?.active?.state === "activated";
}"""


def wait_until(page, script: str, arg=None, timeout: float = 10) -> None:
    """The service worker and Cache Storage answer asynchronously: asked again until `script` is true."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, script
        time.sleep(0.1)


@pytest.fixture(scope="module")
def api(live_server, tmp_path_factory):
    return facilitator_api(live_server, tmp_path_factory, FACILITATOR)


@pytest.fixture
def phone(browser, live_server):
    page = new_phone(browser, live_server)
    yield page
    assert page.uncaught == []
    page.context.close()


def tags_in_database(database, code: str) -> list[tuple[int, str]]:
    """(statement, value) of every tag of the workshop, and how many operations were applied for it."""
    with sqlite3.connect(database) as connection:
        tags = connection.execute(
            "SELECT tag.statement_id, tag.value FROM tag JOIN board ON board.id = tag.board_id "
            "JOIN workshop ON workshop.id = board.workshop_id WHERE workshop.code = ? ORDER BY tag.id",
            (code,),
        ).fetchall()
        applied = connection.execute(
            "SELECT COUNT(*) FROM applied_operation "
            "JOIN participant ON participant.id = applied_operation.participant_id "
            "JOIN workshop ON workshop.id = participant.workshop_id WHERE workshop.code = ?",
            (code,),
        ).fetchone()[0]
    return tags, applied


def statement_number(page, number: int) -> int:
    return int(page.locator(f".app-statement[data-number='{number}']").first.get_attribute("data-statement"))


def test_a_reload_offline_shows_the_room_as_last_heard_keeps_tagging_and_sends_each_tag_once(
    api, phone, live_server_database, assert_no_axe_violations, screenshot
):
    workshop = api.new_workshop(stage="review")
    join(phone, workshop)
    wait_for_stage(phone, "review")
    tag_button(shown_statement(phone), "Borrow").tap()
    expect(status(phone)).to_have_text("All changes saved")
    wait_until(phone, KEPT, 1)

    phone.context.set_offline(True)
    phone.reload()
    # The phone's copy: the statements, the person's own choice, and how old it is.
    first = phone.locator(f"#statement-{statement_number(phone, 1)}")
    expect(first.locator(".app-statement__text")).to_be_visible()
    expect(tag_button(first, "Borrow")).to_have_attribute("aria-pressed", "true")
    expect(status(phone)).to_contain_text("Offline")
    expect(status(phone)).to_contain_text("Last heard from the room at")

    # Still taking taps, which wait to be sent.
    next_step(phone)
    tag_button(shown_statement(phone), "Ignore").tap()
    next_step(phone)
    tag_button(shown_statement(phone), "Adapt").tap()
    expect(status(phone)).to_contain_text("2 changes waiting to send")

    # A tab reopened while still offline shows the same, the queue too.
    phone.reload()
    expect(status(phone)).to_contain_text("2 changes waiting to send")
    expect(phone.locator(f"[data-jump='{statement_number(phone, 2)}']")).to_have_text("Ignore (waiting to send)")
    expect(tag_button(phone.locator(f"#statement-{statement_number(phone, 1)}"), "Borrow")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_no_axe_violations(phone)
    screenshot(phone, "live/participant-offline", sizes=("phone",))
    assert tags_in_database(live_server_database, workshop["code"])[0] == [(statement_number(phone, 1), "borrow")]

    phone.context.set_offline(False)
    expect(status(phone)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    expect(phone.locator(f"[data-jump='{statement_number(phone, 2)}']")).to_have_text("Ignore")
    tags, applied = tags_in_database(live_server_database, workshop["code"])
    assert tags == [
        (statement_number(phone, 1), "borrow"),
        (statement_number(phone, 2), "ignore"),
        (statement_number(phone, 3), "adapt"),
    ]
    assert applied == 3


def participants_in_database(database, code: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM participant JOIN workshop ON workshop.id = participant.workshop_id "
            "WHERE workshop.code = ?",
            (code,),
        ).fetchone()[0]


def test_joining_while_the_network_is_down_is_tried_again_and_the_page_says_what_to_do(
    api, phone, live_server_database, assert_no_axe_violations, screenshot
):
    workshop = api.new_workshop(stage="review")
    other = api.new_workshop(stage="review")
    phone.goto("/join")
    expect(phone.get_by_role("heading", name="If the page does not load")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Check that your phone is connected to the Wi-Fi or to mobile data")
    phone.fill("#code", workshop["code"])
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(f"**/join/{workshop['code']}")
    # The service worker is ready before the network goes: it keeps the workshop's page from its first load.
    wait_until(phone, WORKER_ACTIVE)

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Join the workshop").click()
    network = phone.locator("[data-join-network]")
    expect(network).to_contain_text("Your phone could not reach the workshop")
    expect(network).to_contain_text("Trying again in")
    assert_no_axe_violations(phone)
    screenshot(phone, "live/join-offline", sizes=("phone",))
    assert participants_in_database(live_server_database, workshop["code"]) == 0

    phone.context.set_offline(False)
    phone.wait_for_url(f"**/w/{workshop['code']}", timeout=LIVE_TIMEOUT)
    expect(status(phone)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    assert participants_in_database(live_server_database, workshop["code"]) == 1

    # Its first load was kept: offline, a reload shows it.
    phone.context.set_offline(True)
    phone.reload()
    expect(shown_statement(phone).locator(".app-statement__text")).to_be_visible()
    expect(status(phone)).to_contain_text("Last heard from the room at")
    # A workshop page it never loaded: a page that says so, and asks for it again when told to.
    phone.goto(f"/w/{other['code']}")
    expect(phone.get_by_role("heading", name="Your phone cannot reach the workshop")).to_be_visible()
    assert_no_axe_violations(phone)
    screenshot(phone, "live/no-connection", sizes=("phone",))
    phone.context.set_offline(False)
    phone.get_by_role("button", name="Try again").click()
    # This phone never joined that workshop: the server sends it to the join page.
    phone.wait_for_url(f"**/join/{other['code']}")
