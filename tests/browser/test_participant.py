"""The participant's phone in a real browser: joining, tagging, words and cards, offline, no scripts, keyboard.

The facilitator's side goes through the JSON API, with an account and token made in the live
server's own database.
"""

import json
import urllib.request

import pytest
from playwright.sync_api import expect
from servers import new_facilitator

FACILITATOR = "participant-tests@example.org"
PHONE = {"width": 360, "height": 640}
# A room of phones reloads over up to 1.5 seconds; Socket.IO retries within 5.
LIVE_TIMEOUT = 15_000


class Api:
    """The facilitator's JSON API, with a bearer token."""

    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            self.base_url + path,
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def new_workshop(self, charters=("stockport",), stage="lobby") -> dict:
        workshop = self.call(
            "POST", "/api/workshops", {"title": "Kent charter refresh", "area": "Kent", "charters": list(charters)}
        )
        if stage != "lobby":
            self.control(workshop, "stage", stage=stage)
        return workshop

    def control(self, workshop: dict, action: str, **values) -> dict:
        return self.call("POST", f"/api/workshops/{workshop['id']}/control", {"action": action, **values})

    def counts(self, workshop: dict) -> list[dict]:
        """Each statement's borrow, adapt and ignore counts, in page order, for the first board."""
        results = self.call("GET", f"/api/workshops/{workshop['id']}/results")
        return [statement["counts"] for statement in results["boards"][0]["statements"]]


def facilitator_api(live_server, tmp_path_factory, email: str) -> Api:
    """A new facilitator account on the live server's database, and its API with a token."""
    database = next(tmp_path_factory.getbasetemp().glob("live_server*/workshop.sqlite3"))
    return Api(live_server, new_facilitator(f"sqlite:///{database}", email))


@pytest.fixture(scope="module")
def api(live_server, tmp_path_factory):
    return facilitator_api(live_server, tmp_path_factory, FACILITATOR)


def new_phone(browser, live_server, **options):
    """A fresh phone: its own cookies and storage."""
    settings = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "locale": "en-GB"} | options
    context = browser.new_context(base_url=live_server, **settings)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.uncaught = []
    page.on("pageerror", lambda error: page.uncaught.append(str(error)))
    return page


@pytest.fixture
def phone(browser, live_server):
    page = new_phone(browser, live_server)
    yield page
    assert page.uncaught == []
    page.context.close()


def join(page, workshop, group=None):
    page.goto(f"/join/{workshop['code']}")
    if group:
        page.check(f"#group-{group}")
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_url(f"**/w/{workshop['code']}**")


def status(page):
    return page.locator("#live-status")


def wait_for_stage(page, stage):
    """The page the server drew for this stage, connected and with nothing left to send."""
    expect(page.locator(f"#participant[data-stage='{stage}']")).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(status(page)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)


def shown_statement(page):
    return page.locator(".app-statement:visible")


def tag_button(section, label):
    return section.locator(f".app-tag[value={label.lower()}]")


def next_step(page):
    page.locator("#pager").get_by_role("button", name="Next").tap()


def go_to(page, link_text):
    """Through the list of all statements on the shown charter."""
    page.locator(".app-board:visible .app-jump summary").click()
    page.locator(".app-board:visible .app-jump").get_by_role("link", name=link_text).click()


def test_a_phone_joins_tags_comments_and_finds_it_all_again_after_a_reload(api, browser, live_server, phone):
    workshop = api.new_workshop()
    join(phone, workshop, group="parent_carer")
    expect(phone.get_by_role("heading", name="You have joined")).to_be_visible()
    expect(phone.locator(".app-number")).to_contain_text("Your number is")
    expect(status(phone)).to_have_text("All changes saved")

    # The facilitator starts: the phone follows by itself, one statement at a time.
    api.control(workshop, "stage", stage="review")
    wait_for_stage(phone, "review")
    statement = shown_statement(phone)
    expect(statement).to_have_count(1)
    expect(statement.locator("h3")).to_have_text("Statement 1 of 18")

    # A tag is marked at once and said in words; the person moves on when ready.
    tag_button(statement, "Borrow").tap()
    expect(phone.locator("#statement-" + statement_id(phone, 1) + " .app-tags__choice")).to_contain_text("Borrow")
    expect(phone.locator("#live-announcer")).to_contain_text("Borrow chosen for statement 1 of 18")
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 1 of 18")
    next_step(phone)
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 2 of 18")
    tag_button(shown_statement(phone), "Ignore").tap()
    next_step(phone)
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 3 of 18")

    # Adapt stays on the statement and offers its wording to edit.
    statement = shown_statement(phone)
    tag_button(statement, "Adapt").tap()
    wording = statement.get_by_label("Your suggested wording")
    expect(wording).to_be_visible()
    expect(wording).to_have_value(statement.locator(".app-statement__text").inner_text())
    wording.fill("We will agree outcomes together, in plain English")
    statement.get_by_role("button", name="Save my wording").tap()
    expect(statement.locator("[data-note]")).to_have_text("Saved", use_inner_text=True)

    statement.get_by_text("Add a comment").tap()
    statement.get_by_label("Your comment on this statement").fill("Say who 'we' is")
    statement.get_by_role("button", name="Add comment").tap()
    expect(statement.locator("[data-own=comment] li")).to_have_count(1)
    expect(statement.locator("[data-own=comment] li .app-own__text")).to_have_text("Say who 'we' is")
    expect(statement.locator("[data-own=comment] li .app-waiting")).to_have_count(0)

    # Back to the first statement through the list, and change the tag.
    go_to(phone, "We will focus on solutions")
    statement = shown_statement(phone)
    expect(statement.locator("h3")).to_have_text("Statement 1 of 18")
    expect(tag_button(statement, "Borrow")).to_have_attribute("aria-pressed", "true")
    tag_button(statement, "Adapt").tap()
    expect(tag_button(statement, "Adapt")).to_have_attribute("aria-pressed", "true")
    expect(tag_button(statement, "Borrow")).to_have_attribute("aria-pressed", "false")
    expect(phone.locator(".app-board:visible [data-chosen]")).to_have_text("3 chosen")

    # A note on the charter as a whole, in one of the four columns.
    go_to(phone, "Notes on the whole charter")
    notes = phone.locator(".app-notes:visible")
    notes.get_by_label("What's missing").check()
    notes.get_by_label("Your note").fill("Add an age range")
    notes.get_by_role("button", name="Add note").tap()
    expect(notes.locator("[data-column=missing] li .app-own__text")).to_have_text("Add an age range")

    # Someone else adds a card; this phone sees it, supports it and adds its own.
    other = new_phone(browser, live_server, java_script_enabled=False)
    join(other, workshop)
    other.get_by_label("Your card").fill("Transport to meetings")
    other.get_by_role("button", name="Add card").click()
    go_to(phone, "What's missing?")
    cards = phone.locator("#cards")
    expect(cards.locator(".app-card__text")).to_have_text(["Transport to meetings"], timeout=LIVE_TIMEOUT)
    cards.get_by_role("button", name="Support this card").tap()
    expect(cards.locator(".app-card__count")).to_have_text("1 person supports this")
    expect(cards.get_by_role("button", name="Withdraw my support")).to_be_visible()
    phone.get_by_label("Your card").fill("A young people's version")
    phone.get_by_role("button", name="Add card").tap()
    expect(cards.locator(".app-card", has_text="A young people's version")).to_contain_text("You added this card.")
    expect(status(phone)).to_have_text("All changes saved")
    other.context.close()

    # A reload (or a phone that slept) comes back as the same person, with everything shown.
    phone.goto(f"/w/{workshop['code']}")
    wait_for_stage(phone, "review")
    for number, label in ((1, "Adapt"), (2, "Ignore"), (3, "Adapt")):
        section = phone.locator("#statement-" + statement_id(phone, number))
        expect(tag_button(section, label)).to_have_attribute("aria-pressed", "true")
    third = phone.locator("#statement-" + statement_id(phone, 3))
    expect(third.locator("textarea[name=text]").first).to_have_value(
        "We will agree outcomes together, in plain English"
    )
    expect(third.locator("[data-own=comment] .app-own__text")).to_have_text("Say who 'we' is")
    expect(phone.locator("[data-column=missing] .app-own__text")).to_have_text("Add an age range")
    expect(phone.locator("#cards .app-card")).to_have_count(2)
    expect(phone.locator("#cards button", has_text="Withdraw my support")).to_have_count(1)
    # It opens where there is still something to do: the first statement without a tag.
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 4 of 18")

    counts = api.counts(workshop)
    assert counts[0] == {"borrow": 0, "adapt": 1, "ignore": 0}
    assert counts[1] == {"borrow": 0, "adapt": 0, "ignore": 1}
    assert counts[2] == {"borrow": 0, "adapt": 1, "ignore": 0}


def statement_id(page, number):
    return page.locator(f".app-statement[data-number='{number}']").first.get_attribute("data-statement")


def test_changes_made_offline_are_kept_and_sent_when_the_phone_is_back(api, phone):
    workshop = api.new_workshop(stage="review")
    join(phone, workshop)
    wait_for_stage(phone, "review")

    phone.context.set_offline(True)
    expect(status(phone)).to_contain_text("Offline")
    tag_button(shown_statement(phone), "Borrow").tap()
    next_step(phone)
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 2 of 18")
    tag_button(shown_statement(phone), "Ignore").tap()
    expect(status(phone)).to_contain_text("2 changes waiting to send")
    # On a step not shown, whose words in both registers are in the page.
    first_choice = phone.locator("#statement-" + statement_id(phone, 1) + " .app-tags__choice")
    expect(first_choice.locator(".app-usual-words")).to_have_text("Your choice:")
    expect(first_choice.locator("strong")).to_have_text("Borrow")
    expect(phone.locator(f"[data-jump='{statement_id(phone, 1)}']")).to_have_text("Borrow (waiting to send)")
    assert api.counts(workshop)[:2] == [{"borrow": 0, "adapt": 0, "ignore": 0}] * 2

    phone.context.set_offline(False)
    expect(status(phone)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    # Said to a screen reader too, once everything is sent.
    expect(phone.locator("#live-announcer")).to_contain_text("Back online. All changes saved")
    expect(phone.locator(f"[data-jump='{statement_id(phone, 1)}']")).to_have_text("Borrow")
    counts = api.counts(workshop)
    assert counts[0] == {"borrow": 1, "adapt": 0, "ignore": 0}
    assert counts[1] == {"borrow": 0, "adapt": 0, "ignore": 1}


# What a browser sees on a network that blocks WebSockets: each one fails before it opens.
BLOCK_WEBSOCKETS = """
window.blockedWebSockets = 0;
window.WebSocket = class {
  constructor() {
    window.blockedWebSockets += 1;
    this.readyState = 0;
    setTimeout(() => {
      this.readyState = 3;
      if (this.onerror) this.onerror(new Event("error"));
      if (this.onclose) this.onclose({ code: 1006, reason: "", wasClean: false });
    }, 50);
  }
  send() {}
  close() {}
};
"""


def test_where_websockets_are_blocked_the_phone_tags_over_long_polling(api, phone):
    workshop = api.new_workshop(stage="review")
    phone.add_init_script(BLOCK_WEBSOCKETS)
    join(phone, workshop)
    wait_for_stage(phone, "review")
    tag_button(shown_statement(phone), "Adapt").tap()
    expect(status(phone)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    assert phone.evaluate("window.blockedWebSockets") >= 1, "the page did not try a WebSocket first"
    assert api.counts(workshop)[0] == {"borrow": 0, "adapt": 1, "ignore": 0}


def test_a_change_waiting_to_send_survives_a_reload(api, phone):
    """The queue lives in localStorage: a page loaded again still sends what was waiting."""
    workshop = api.new_workshop(stage="review")
    join(phone, workshop)
    wait_for_stage(phone, "review")

    # The page loads, but Socket.IO cannot get through: no WebSocket, and no long-polling until unrouted.
    phone.add_init_script(BLOCK_WEBSOCKETS)
    phone.route("**/socket.io/**", lambda route: route.abort())
    phone.reload()
    expect(status(phone)).to_contain_text("Offline", timeout=LIVE_TIMEOUT)
    tag_button(shown_statement(phone), "Ignore").tap()
    expect(status(phone)).to_contain_text("1 change waiting to send")
    phone.reload()
    first = phone.locator("#statement-" + statement_id(phone, 1))
    expect(tag_button(first, "Ignore")).to_have_attribute("aria-pressed", "true")
    expect(status(phone)).to_contain_text("1 change waiting to send", timeout=LIVE_TIMEOUT)

    phone.unroute("**/socket.io/**")
    expect(status(phone)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    assert api.counts(workshop)[0] == {"borrow": 0, "adapt": 0, "ignore": 1}


def test_without_javascript_people_join_and_take_part_through_plain_forms(api, browser, live_server):
    workshop = api.new_workshop(stage="review")
    page = new_phone(browser, live_server, java_script_enabled=False)
    join(page, workshop, group="health")
    first, second = page.locator(".app-statement").nth(0), page.locator(".app-statement").nth(1)
    expect(first).to_be_visible()
    expect(second).to_be_visible()

    tag_button(first, "Borrow").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(tag_button(first, "Borrow")).to_have_attribute("aria-pressed", "true")
    expect(first.locator(".app-tags__choice")).to_have_text("Your choice: Borrow", use_inner_text=True)
    assert page.url.endswith("#" + first.get_attribute("id"))

    tag_button(second, "Adapt").click()
    second.get_by_label("Your suggested wording").fill("We will be on time")
    second.get_by_role("button", name="Save my wording").click()
    expect(second.get_by_label("Your suggested wording")).to_have_value("We will be on time")

    second.get_by_text("Add a comment").click()
    second.get_by_label("Your comment on this statement").fill("Which meetings?")
    second.get_by_role("button", name="Add comment").click()
    expect(second.locator("[data-own=comment] .app-own__text")).to_have_text("Which meetings?")
    second.get_by_role("button", name="Remove this comment").click()
    expect(second.locator("[data-own=comment] li")).to_have_count(0)

    notes = page.locator(".app-notes")
    notes.get_by_label("Adapt").check()
    notes.get_by_label("Your note").fill("Very plain visually")
    notes.get_by_role("button", name="Add note").click()
    expect(notes.locator("[data-column=adapt] .app-own__text")).to_have_text("Very plain visually")

    page.get_by_label("Your card").fill("Short breaks")
    page.get_by_role("button", name="Add card").click()
    card = page.locator("#cards .app-card", has_text="Short breaks")
    card.get_by_role("button", name="Support this card").click()
    expect(card.locator(".app-card__count")).to_have_text("1 person supports this")

    counts = api.counts(workshop)
    assert counts[0] == {"borrow": 1, "adapt": 0, "ignore": 0}
    assert counts[1] == {"borrow": 0, "adapt": 1, "ignore": 0}
    assert page.uncaught == []
    page.context.close()


def test_tagging_works_with_the_keyboard_alone(api, page):
    workshop = api.new_workshop(stage="review")
    join(page, workshop)
    wait_for_stage(page, "review")

    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('app-tag')"):
            break
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("value", "borrow")
    # The focus is drawn as a yellow and black ring that cannot be missed.
    assert "255, 221, 0" in focused.evaluate("button => getComputedStyle(button).boxShadow")

    page.keyboard.press("Enter")
    # The choice is marked where the focus is; Next is the way on.
    expect(focused).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")
    expect(shown_statement(page).locator("h3")).to_have_text("Statement 2 of 18")
    expect(page.locator("h3:focus")).to_have_text("Statement 2 of 18")
    # Past Read aloud, Borrow and Adapt.
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("value", "ignore")
    page.keyboard.press(" ")
    expect(page.locator("#live-announcer")).to_contain_text("Ignore chosen for statement 2 of 18")
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")
    expect(shown_statement(page).locator("h3")).to_have_text("Statement 3 of 18")

    # Back by keyboard too.
    page.get_by_role("button", name="Back").focus()
    page.keyboard.press("Enter")
    expect(shown_statement(page).locator("h3")).to_have_text("Statement 2 of 18")
    expect(tag_button(shown_statement(page), "Ignore")).to_have_attribute("aria-pressed", "true")
    assert api.counts(workshop)[:2] == [{"borrow": 1, "adapt": 0, "ignore": 0}, {"borrow": 0, "adapt": 0, "ignore": 1}]
    assert page.console_errors == []
    assert page.csp_violations() == []


def check_stage(page, name, assert_no_axe_violations, assert_large_enough_to_tap, screenshot):
    """Accessible, no sideways scrolling at 320 pixels, large enough to tap, and photographed."""
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways at 320 px: {widths}"
    assert_large_enough_to_tap(page)
    page.set_viewport_size(PHONE)
    screenshot(page, f"participant/{name}", sizes=("phone",))


def test_every_stage_is_accessible_fits_a_small_phone_and_is_photographed(
    api, page, assert_no_axe_violations, assert_large_enough_to_tap, screenshot
):
    workshop = api.new_workshop()
    join(page, workshop, group="young_person")
    expect(status(page)).to_have_text("All changes saved")
    check_stage(page, "lobby", assert_no_axe_violations, assert_large_enough_to_tap, screenshot)

    api.control(workshop, "stage", stage="review")
    wait_for_stage(page, "review")
    tag_button(shown_statement(page), "Borrow").click()
    page.get_by_role("button", name="Next").click()
    expect(shown_statement(page).locator("h3")).to_have_text("Statement 2 of 18")
    statement = shown_statement(page)
    tag_button(statement, "Adapt").click()
    statement.get_by_text("Add a comment").click()
    statement.get_by_label("Your comment on this statement").fill("Too long")
    statement.get_by_role("button", name="Add comment").click()
    expect(status(page)).to_have_text("All changes saved")
    check_stage(page, "review", assert_no_axe_violations, assert_large_enough_to_tap, screenshot)

    api.control(workshop, "reveal")
    expect(page.locator("#participant[data-revealed='yes']")).to_have_count(1, timeout=LIVE_TIMEOUT)
    wait_for_stage(page, "review")
    results = shown_statement(page).locator(".app-results")
    expect(results.locator("[data-count=borrow]")).to_have_text("0")
    expect(results.locator("[data-count=adapt]")).to_have_text("1")
    check_stage(page, "results", assert_no_axe_violations, assert_large_enough_to_tap, screenshot)

    api.control(workshop, "stage", stage="missing")
    wait_for_stage(page, "missing")
    expect(page.locator("#cards-empty")).to_be_visible()
    page.get_by_label("Your card").fill("Short breaks for parent carers")
    page.get_by_role("button", name="Add card").click()
    expect(page.locator("#cards .app-card")).to_contain_text("You added this card.")
    check_stage(page, "missing", assert_no_axe_violations, assert_large_enough_to_tap, screenshot)

    api.control(workshop, "stage", stage="merge")
    wait_for_stage(page, "merge")
    check_stage(page, "merge", assert_no_axe_violations, assert_large_enough_to_tap, screenshot)
    assert page.console_errors == []
    assert page.csp_violations() == []
