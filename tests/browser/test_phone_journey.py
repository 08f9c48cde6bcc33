"""Every word lands where the person meant it: the phone's journey through a review, tried as a person would.

Each test reproduces something that once went wrong: a fast choice then Next skipping a
statement, a comment landing on the next statement, a rewording lost when the person moved
on, a charter opened unseen while someone was typing, a refused connection saying nothing
useful, words removed after the end, buttons breaking inside a word on a small phone.
The facilitator's side goes through the JSON API, as in test_participant.py.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_participant import (
    LIVE_TIMEOUT,
    facilitator_api,
    go_to,
    join,
    new_phone,
    shown_statement,
    status,
    tag_button,
    wait_for_stage,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "phone"
SIZES = {"small": {"width": 320, "height": 568}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def api(live_server, tmp_path_factory):
    return facilitator_api(live_server, tmp_path_factory, "journey-tests@example.org")


@pytest.fixture
def phone(browser, live_server):
    page = new_phone(browser, live_server, viewport=SIZES["phone"])
    yield page
    assert page.uncaught == []
    page.context.close()


def results(api, workshop, board=0):
    return api.call("GET", f"/api/workshops/{workshop['id']}/results")["boards"][board]


def words(api, workshop, kind):
    """The rewordings or comments on the server, as (statement id, text), oldest first."""
    found = api.call("GET", f"/api/workshops/{workshop['id']}/cards")[kind]
    return [(word["statement_id"], word["text"]) for word in sorted(found, key=lambda word: word["id"])]


def statement_ids(api, workshop, board=0):
    return [statement["id"] for statement in results(api, workshop, board)["statements"]]


# Words split across lines inside a button: "Borro / w".
BROKEN_WORDS = """() => {
  const broken = [];
  for (const button of document.querySelectorAll("#participant button")) {
    if (!button.offsetParent) continue;
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
        if (tops.size > 1) broken.push(`${match[0]} in "${button.textContent.trim()}"`);
      }
    }
  }
  return broken;
}"""


PLACE = "element => { const box = element.getBoundingClientRect(); return [box.left, box.top + scrollY]; }"


def place_on_page(locator):
    """Where an element is on the page, wherever the page is scrolled to."""
    return locator.evaluate(PLACE)


def check_state(page, name, check_axe):
    """At 320 x 568 and 390 x 844: accessible, no button broken inside a word, and photographed."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        assert page.evaluate(BROKEN_WORDS) == [], f"{name} at {size}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True, animations="disabled")
    check_axe(page)


def test_a_choice_then_next_at_once_never_skips_a_statement(api, phone):
    workshop = api.new_workshop(stage="review")
    join(phone, workshop)
    wait_for_stage(phone, "review")
    # On the venue's slow Wi-Fi each answer takes a while: the page must not shift under the next tap meanwhile.
    phone.context.new_cdp_session(phone).send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 300, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    # A choice, then Next as soon as a thumb can tap again: the page never moves by itself.
    choices = ["borrow", "ignore", "skip", "borrow", "ignore", "borrow", "ignore", "borrow"]
    for number, value in enumerate(choices, start=1):
        expect(shown_statement(phone).locator("h3")).to_have_text(f"Statement {number} of 18")
        # Both in sight, as a person would have them before tapping.
        phone.locator("[data-go=next]").scroll_into_view_if_needed()
        choice = shown_statement(phone).locator(f".app-tag[value={value}]").bounding_box()
        onward = phone.locator("[data-go=next]").bounding_box()
        assert onward["y"] + onward["height"] <= SIZES["phone"]["height"] and choice["y"] >= 0
        phone.touchscreen.tap(choice["x"] + choice["width"] / 2, choice["y"] + choice["height"] / 2)
        phone.touchscreen.tap(onward["x"] + onward["width"] / 2, onward["y"] + onward["height"] / 2)
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 9 of 18")
    expect(phone.locator("h3:focus")).to_have_text("Statement 9 of 18")
    expect(status(phone)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    expect(phone.locator(".app-board:visible [data-chosen]")).to_have_text("7 chosen, 1 skipped")
    expect(phone.locator("#live-announcer")).to_have_text(re.compile("Not chosen yet"))

    statements = results(api, workshop)["statements"]
    for statement, value in zip(statements, choices, strict=False):
        expected = {tag: int(tag == value) for tag in ("borrow", "adapt", "ignore")}
        assert (statement["counts"], statement["skipped"]) == (expected, int(value == "skip"))
    assert all(sum(statement["counts"].values()) + statement["skipped"] == 0 for statement in statements[8:])


def test_a_comment_is_stored_on_the_statement_it_was_typed_on(api, phone):
    workshop = api.new_workshop()
    join(phone, workshop)
    wait_for_stage(phone, "lobby")
    api.control(workshop, "stage", stage="review")
    first_id, second_id = statement_ids(api, workshop)[:2]
    wait_for_stage(phone, "review")
    # Moved by itself from the lobby, where there was nothing to do; the new page says why.
    expect(phone.locator("#room-notice [data-notice-text]")).to_have_text(
        "The workshop has moved on to: Review.", use_inner_text=True
    )
    expect(phone.locator("#room-notice button")).to_be_hidden()
    expect(phone.locator("#live-announcer")).to_contain_text("The workshop has moved on to: Review.")

    # A choice, then a comment typed slowly: the statement stays on screen all along.
    first = shown_statement(phone)
    tag_button(first, "Ignore").tap()
    first.get_by_text("Add a comment").tap()
    first.get_by_label("Your comment on this statement").press_sequentially("Who is 'we' here?", delay=60)
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 1 of 18")
    first.get_by_role("button", name="Add comment").tap()
    expect(first.locator("[data-own=comment] .app-own__text")).to_have_text("Who is 'we' here?")

    # A comment typed and left with Next, its button never pressed, goes with its statement.
    phone.get_by_role("button", name="Next").tap()
    second = shown_statement(phone)
    second.get_by_text("Add a comment").tap()
    second.get_by_label("Your comment on this statement").fill("Which meetings?")
    phone.get_by_role("button", name="Next").tap()
    expect(shown_statement(phone).locator("h3")).to_have_text("Statement 3 of 18")
    expect(status(phone)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    assert words(api, workshop, "comments") == [(first_id, "Who is 'we' here?"), (second_id, "Which meetings?")]


def test_a_rewording_reaches_the_server_when_left_by_next_the_list_or_a_reload(api, phone):
    workshop = api.new_workshop(stage="review")
    ids = statement_ids(api, workshop)
    join(phone, workshop)
    wait_for_stage(phone, "review")

    def adapt(text):
        statement = shown_statement(phone)
        tag_button(statement, "Adapt").tap()
        statement.get_by_label("Your suggested wording").fill(text)
        return statement

    # While the words are only on the phone, it does not claim they are saved.
    statement = adapt("We will focus on solutions, together")
    typed = phone.evaluate("""() => {
        const box = document.querySelector(".app-statement:not([hidden]) .app-reword textarea");
        box.value += " and with young people";
        box.dispatchEvent(new Event("input", {bubbles: true}));
        return document.getElementById("live-status").textContent;
    }""")
    assert typed == "Not sent yet: what you are typing is kept on this phone"
    expect(statement.locator("[data-note]")).to_have_text("Not saved yet")
    # Left by Next at once.
    phone.get_by_role("button", name="Next").tap()
    # Left by the list of all statements.
    adapt("We will be open and honest")
    go_to(phone, "We will be timely")
    # Left by a reload.
    adapt("We will allow enough time")
    phone.reload()
    wait_for_stage(phone, "review")
    expect(phone.locator(f"#statement-{ids[3]} .app-reword textarea")).to_have_value("We will allow enough time")
    expected = {
        ids[0]: "We will focus on solutions, together and with young people",
        ids[1]: "We will be open and honest",
        ids[3]: "We will allow enough time",
    }
    assert dict(words(api, workshop, "rewordings")) == expected


def test_a_charter_opened_while_typing_is_announced_and_the_typing_survives(api, phone, assert_no_axe_violations):
    workshop = api.new_workshop(charters=("stockport", "cheshire-east"), stage="review")
    second_board = results(api, workshop, board=1)["id"]
    join(phone, workshop)
    wait_for_stage(phone, "review")
    statement = shown_statement(phone)
    check_state(phone, "statement", assert_no_axe_violations)
    phone.set_viewport_size(SIZES["small"])
    onward = place_on_page(phone.locator("[data-go=next]"))
    statement.locator(".app-tag[value=skip]").tap()
    expect(statement.locator(".app-tags__choice")).to_have_text("Your choice: Not sure", use_inner_text=True)
    expect(phone.locator(".app-board:visible [data-chosen]")).to_have_text("0 chosen, 1 skipped")
    # Nothing moved: Next is still where a finger about to tap it would find it.
    assert place_on_page(phone.locator("[data-go=next]")) == onward
    check_state(phone, "not-sure", assert_no_axe_violations)
    tag_button(statement, "Adapt").tap()
    wording = statement.get_by_label("Your suggested wording")
    wording.press("Control+End")
    wording.press_sequentially(" with everyone", delay=20)
    check_state(phone, "adapt-typing", assert_no_axe_violations)

    # On What's missing, typing a card, when the facilitator opens the next charter.
    go_to(phone, "What's missing?")
    card = phone.get_by_label("Your card")
    card.press_sequentially("Transport to meetings", delay=20)
    phone.evaluate("window.stillTheSamePage = true")
    api.control(workshop, "open_board", board_id=second_board)
    notice = phone.locator("#room-notice")
    expect(notice).to_contain_text("The facilitator has opened another charter to review.", timeout=LIVE_TIMEOUT)
    expect(notice.get_by_role("button", name="Go to it")).to_be_visible()
    expect(phone.locator("#live-announcer")).to_contain_text("opened another charter")
    expect(card).to_have_value("Transport to meetings")
    expect(card).to_be_focused()
    assert phone.evaluate("window.stillTheSamePage === true")
    check_state(phone, "open-board-notice", assert_no_axe_violations)

    # Going there sends the card first, and lands on the new charter's first statement.
    notice.get_by_role("button", name="Go to it").tap()
    wait_for_stage(phone, "review")
    expect(shown_statement(phone).locator("h3")).to_have_text(re.compile(r"^Statement 1 of \d+$"))
    expect(phone.locator(".app-board:visible h2")).to_contain_text("Cheshire East")
    cards = api.call("GET", f"/api/workshops/{workshop['id']}/cards")["cards"]
    assert [card["text"] for card in cards] == ["Transport to meetings"]

    # The stage moves on while a comment is being typed: said, and the words stay in their box.
    statement = shown_statement(phone)
    statement.get_by_text("Add a comment").tap()
    comment = statement.get_by_label("Your comment on this statement")
    comment.press_sequentially("Who decides?", delay=20)
    api.control(workshop, "stage", stage="missing")
    expect(notice).to_contain_text("The workshop has moved on to: What's missing.", timeout=LIVE_TIMEOUT)
    expect(comment).to_have_value("Who decides?")
    notice.get_by_role("button", name="Go there").tap()
    wait_for_stage(phone, "missing")
    # The charter closed before the comment was sent: the phone says so rather than lose it quietly.
    expect(phone.locator("#live-refusal")).to_have_text(
        "This charter is not open for review just now. Not saved: \u201cWho decides?\u201d"
    )
    check_state(phone, "moved-on", assert_no_axe_violations)


def test_a_phone_whose_join_is_no_longer_valid_says_why(api, phone):
    workshop = api.new_workshop(stage="review")
    join(phone, workshop)
    wait_for_stage(phone, "review")
    phone.context.set_offline(True)
    expect(status(phone)).to_contain_text("Offline", timeout=LIVE_TIMEOUT)
    # Removed while offline: the phone only learns of it when it tries to connect again.
    participants = api.call("GET", f"/api/workshops/{workshop['id']}/export.json")["participants"]
    api.control(workshop, "remove_participant", participant_id=participants[0]["id"])
    phone.context.set_offline(False)
    expect(status(phone)).to_have_text("Join the workshop again with its code or link.", timeout=LIVE_TIMEOUT)
    expect(status(phone)).to_have_attribute("data-connection", "refused")


def test_words_cannot_be_removed_once_the_workshop_has_closed(api, browser, live_server):
    workshop = api.new_workshop(stage="review")
    page = new_phone(browser, live_server, java_script_enabled=False)
    join(page, workshop)
    first = page.locator(".app-statement").first
    first_id = int(first.get_attribute("data-statement"))
    first.get_by_text("Add a comment").click()
    first.get_by_label("Your comment on this statement").fill("Plainer words, please")
    first.get_by_role("button", name="Add comment").click()
    expect(first.locator("[data-own=comment] .app-own__text")).to_have_text("Plainer words, please")

    # The room closes; this phone still shows the review, with its Remove button.
    api.control(workshop, "stage", stage="closed")
    first.get_by_role("button", name="Remove this comment").click()
    expect(page.get_by_text("This charter is not open for review just now.")).to_be_visible()
    assert words(api, workshop, "comments") == [(first_id, "Plainer words, please")]
    page.context.close()
