"""The facilitator's console and the projector, in a real browser, with phones joining and tagging.

The console (1366 x 768) and the projector (1920 x 1080) stay open while the room moves
through the stages; what the phones do shows on both without a reload. Every stage is
checked with axe and saved as screenshots in test-artifacts/screenshots/live/.
"""

import uuid

import pytest
from playwright.sync_api import expect

EMAIL = "console-lead@example.org"
PHONE = {"width": 360, "height": 640}
SIZES = {"console": {"width": 1366, "height": 768}, "projector": {"width": 1920, "height": 1080}}


@pytest.fixture(scope="module")
def facilitator(facilitator_account):
    """A facilitator account on the live server (see conftest.py)."""
    return facilitator_account(EMAIL)


def join(phone, code, name, group_label):
    """A phone joins through the plain form; returns its form token for plain-form actions."""
    phone.goto(f"/join/{code}")
    token = phone.locator("input[name=csrf_token]").input_value()
    phone.get_by_label("Your name (optional)").fill(name)
    phone.get_by_label(group_label, exact=True).check()
    phone.get_by_role("button", name="Join the workshop").click()
    phone.wait_for_url(f"**/w/{code}")
    return token


def act(phone, code, token, **fields):
    """What a phone's plain form sends, as the same participant (the context keeps its cookies)."""
    form = {"csrf_token": token, "operation_id": uuid.uuid4().hex, **{key: str(v) for key, v in fields.items()}}
    response = phone.request.post(f"/w/{code}", form=form, max_redirects=0)
    assert response.status == 302, response.text()


def click_and_wait(page, button):
    """Submit a console form and wait for the page it comes back to."""
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")


def is_qr_code(page, image):
    """The QR code is served as SVG and the browser actually draws it."""
    assert image.get_attribute("alt") == "QR code for the join link"
    response = page.request.get(image.get_attribute("src"))
    drawn = image.evaluate("img => img.complete && img.naturalWidth > 0")
    return response.ok and response.headers["content-type"].startswith("image/svg+xml") and drawn


def mark_page(page):
    """Mark the page, to tell later that it was updated in place rather than loaded again."""
    page.evaluate("window.stillTheSamePage = true")


def still_the_same_page(page):
    return page.evaluate("window.stillTheSamePage === true")


def check_and_capture(page, name, size, assert_no_axe_violations, screenshot):
    assert_no_axe_violations(page)
    screenshot(page, f"live/{name}", sizes=(size,))


def test_a_workshop_runs_live_on_the_console_and_the_projector(
    page, fresh_page, facilitator, assert_no_axe_violations, screenshot
):
    console = page
    console.set_viewport_size(SIZES["console"])
    facilitator.sign_in(console)
    code = facilitator.create_workshop(console, charters=("warwickshire", "stockport")).code
    assert len(code) == 6
    assert is_qr_code(console, console.locator(".app-join__qr"))
    expect(console.locator("[data-next-step]")).to_contain_text("Nobody has joined yet")
    projector_link = console.get_by_role("link", name="Open on the big screen")
    check_and_capture(console, "console-lobby", "console", assert_no_axe_violations, screenshot)

    # Keyboard focus on the console is the bright yellow GOV.UK focus.
    console.locator(".app-stages__button").first.focus()
    focused = console.locator(".app-stages__button").first.evaluate("b => getComputedStyle(b).backgroundColor")
    assert focused == "rgb(255, 221, 0)"

    # Lobby: the code, the QR code and how many have joined, which goes up as phones join.
    projector = fresh_page(viewport=SIZES["projector"])
    projector.goto(projector_link.get_attribute("href"))
    expect(projector.locator("h1")).to_have_text("Join the workshop")
    expect(projector.locator(".app-projector__code")).to_have_text(code)
    assert is_qr_code(projector, projector.locator(".app-projector__qr"))
    joined = projector.locator("[data-joined-text]")
    expect(joined).to_have_text("Nobody has joined yet")
    check_and_capture(projector, "projector-lobby", "projector", assert_no_axe_violations, screenshot)

    sam = fresh_page(viewport=PHONE)
    sam_token = join(sam, code, "Sam", "Parent carer")
    expect(joined).to_have_text("1 person has joined")
    alex = fresh_page(viewport=PHONE)
    alex_token = join(alex, code, "", "Health")
    expect(joined).to_have_text("2 people have joined")
    expect(console.locator("#people [data-joined]")).to_have_text("2")
    people = console.locator("[data-list=people] [data-items] > li")
    expect(people).to_have_count(2)
    expect(people.first).to_contain_text("Sam")
    # A person's group is never shown next to them, not even to the facilitator.
    expect(people.first).not_to_contain_text("Parent carer")
    expect(people.nth(1)).to_contain_text("No name given")

    # Review: the console sees the split at once; the projector only how many have tagged.
    click_and_wait(console, console.get_by_role("button", name="Review"))
    expect(console.locator("[aria-current=step]")).to_contain_text("Review")
    board = console.locator("details.app-board-results[open]").first
    board_id = board.get_attribute("data-board-id")
    board_title = board.locator("summary").inner_text()
    statements = board.locator("[data-statement-id]")
    first = statements.first.get_attribute("data-statement-id")
    second = statements.nth(1).get_attribute("data-statement-id")
    expect(projector.locator("h1")).to_have_text(board_title)
    expect(projector.locator(".app-projector__note")).to_contain_text("Results are hidden")
    mark_page(console)
    mark_page(projector)

    act(sam, code, sam_token, kind="tag", board_id=board_id, statement_id=first, value="borrow")
    act(alex, code, alex_token, kind="tag", board_id=board_id, statement_id=first, value="adapt")
    row = console.locator(f"tr[data-statement-id='{first}']")
    expect(row.locator("[data-count=borrow]")).to_have_text("1")
    expect(row.locator("[data-count=adapt]")).to_have_text("1")
    expect(row.locator("[data-count=ignore]")).to_have_text("0")
    expect(row.locator("[data-tagged]")).to_have_text("2")
    # One person in each group: not shown by group, even on the console, unless the facilitator asks.
    expect(row.locator("[data-by-group]")).to_have_text("Not shown by group")
    shown = projector.locator(f"[data-statement-id='{first}']")
    expect(shown.locator("[data-tagged]")).to_have_text("2")
    expect(shown).to_contain_text("2 tagged")
    assert shown.locator("[data-count]").count() == 0
    assert "Borrow" not in shown.inner_text()
    assert still_the_same_page(console) and still_the_same_page(projector)
    check_and_capture(console, "console-review", "console", assert_no_axe_violations, screenshot)
    check_and_capture(projector, "projector-review", "projector", assert_no_axe_violations, screenshot)

    # Revealed: numbers and bars, by group; new tags and notes keep arriving without a reload.
    console.get_by_role("button", name="Reveal results").click()
    expect(console.locator("[data-console-part=results-now]")).to_have_text("Shown to the room")
    expect(console.get_by_role("button", name="Hide results")).to_be_focused()
    shown = projector.locator(f"[data-statement-id='{first}']")
    expect(shown.locator("[data-count=borrow]")).to_have_text("1")
    expect(shown.locator("[data-count=adapt]")).to_have_text("1")
    expect(shown.locator("[data-bar=borrow]")).to_have_attribute("width", "50")
    expect(shown.locator("[data-by-group]")).to_have_text("Not shown by group")
    mark_page(console)
    mark_page(projector)
    act(sam, code, sam_token, kind="tag", board_id=board_id, statement_id=second, value="ignore")
    later = projector.locator(f"[data-statement-id='{second}']")
    expect(later.locator("[data-count=ignore]")).to_have_text("1")
    expect(later.locator("[data-bar=ignore]")).to_have_attribute("width", "100")
    act(alex, code, alex_token, kind="note", board_id=board_id, column="missing", text="Add the age range")
    expect(projector.locator("[data-notes=missing]")).to_contain_text("Add the age range")
    expect(console.locator("[data-list=notes]")).to_contain_text("Add the age range")
    act(sam, code, sam_token, kind="reword", board_id=board_id, statement_id=first, text="We will aim high together")
    act(alex, code, alex_token, kind="comment", board_id=board_id, statement_id=second, text="Too vague")
    expect(console.locator("[data-list=rewording]")).to_contain_text("We will aim high together")
    expect(console.locator("[data-list=comment]")).to_contain_text("Too vague")
    assert still_the_same_page(console)
    assert still_the_same_page(projector)
    check_and_capture(console, "console-review-revealed", "console", assert_no_axe_violations, screenshot)
    check_and_capture(projector, "projector-review-revealed", "projector", assert_no_axe_violations, screenshot)

    # What's missing: cards, most supported first; a hidden card leaves the projector at once.
    click_and_wait(console, console.get_by_role("button", name="What's missing"))
    expect(projector.locator("h1")).to_have_text("What's missing?")
    mark_page(projector)
    act(sam, code, sam_token, kind="add_card", text="Meet in the evenings as well")
    act(alex, code, alex_token, kind="add_card", text="Say how long replies will take")
    cards = console.locator("[data-list=cards] [data-items] > li")
    expect(cards).to_have_count(2)
    second_card = cards.filter(has_text="Say how long replies will take").get_attribute("data-id")
    act(sam, code, sam_token, kind="support", card_id=second_card, supported="yes")
    projector_cards = projector.locator("[data-cards] > li")
    expect(projector_cards.first).to_contain_text("Say how long replies will take")
    expect(projector_cards.first).to_contain_text("Supported by 1 person")
    expect(projector_cards).to_have_count(2)
    check_and_capture(console, "console-missing", "console", assert_no_axe_violations, screenshot)
    check_and_capture(projector, "projector-missing", "projector", assert_no_axe_violations, screenshot)

    card = console.locator(f"[data-list=cards] li[data-id='{second_card}']")
    click_and_wait(console, card.get_by_role("button", name="Hide"))
    card = console.locator(f"[data-list=cards] li[data-id='{second_card}']")
    expect(card.locator("[data-hidden-tag]")).to_be_visible()
    expect(projector_cards).to_have_count(1)
    expect(projector.locator("[data-cards]")).not_to_contain_text("Say how long replies will take")
    click_and_wait(console, card.get_by_role("button", name="Restore"))
    expect(projector_cards).to_have_count(2)
    expect(projector_cards.first).to_contain_text("Say how long replies will take")
    assert still_the_same_page(projector)

    # Removing a participant asks first, then takes them out of the count everywhere.
    alex_item = console.locator("[data-list=people] [data-items] > li").nth(1)
    alex_item.locator("summary", has_text="Remove participant 2").click()
    click_and_wait(console, alex_item.get_by_role("button", name="Yes, remove participant 2"))
    alex_item = console.locator("[data-list=people] [data-items] > li").nth(1)
    expect(alex_item.locator("[data-removed-tag]")).to_be_visible()
    expect(console.locator("#people [data-joined]")).to_have_text("1")
    expect(projector.locator("[data-joined-text]")).to_have_text("1 person has joined")
    assert still_the_same_page(projector)

    # Merge and closed.
    click_and_wait(console, console.get_by_role("button", name="Merge"))
    expect(projector.locator("h1")).to_have_text("Drafting the charter")
    check_and_capture(console, "console-merge", "console", assert_no_axe_violations, screenshot)
    check_and_capture(projector, "projector-merge", "projector", assert_no_axe_violations, screenshot)
    click_and_wait(console, console.get_by_role("button", name="Closed"))
    expect(projector.locator("h1")).to_have_text("Thank you")
    check_and_capture(console, "console-closed", "console", assert_no_axe_violations, screenshot)
    check_and_capture(projector, "projector-closed", "projector", assert_no_axe_violations, screenshot)

    assert console.console_errors == []
    assert console.csp_violations() == []
    assert projector.console_errors == []


def test_the_projector_says_when_it_is_reconnecting_and_catches_up(
    page, fresh_page, facilitator, assert_no_axe_violations, screenshot
):
    page.set_viewport_size(SIZES["console"])
    facilitator.sign_in(page)
    workshop = facilitator.create_workshop(page, charters=("warwickshire", "stockport"))
    projector = fresh_page(viewport=SIZES["projector"])
    projector.goto(workshop.projector_url)
    banner = projector.locator("[data-connection]")
    expect(banner).to_be_empty()
    assert_no_axe_violations(projector)

    projector.context.set_offline(True)
    expect(banner).to_contain_text("Reconnecting", timeout=60_000)
    expect(banner).to_contain_text("Last updated at")
    check_and_capture(projector, "projector-reconnecting", "projector", assert_no_axe_violations, screenshot)
    phone = fresh_page(viewport=PHONE)
    join(phone, workshop.code, "", "Education")

    projector.context.set_offline(False)
    expect(banner).to_be_empty(timeout=30_000)
    expect(projector.locator("[data-joined-text]")).to_have_text("1 person has joined")


def test_the_console_works_without_javascript(fresh_page, facilitator):
    console = fresh_page(viewport=SIZES["console"], java_script_enabled=False)
    facilitator.sign_in(console)
    facilitator.create_workshop(console, charters=("warwickshire", "stockport"))
    click_and_wait(console, console.get_by_role("button", name="Pause tagging"))
    expect(console.locator(".app-glance")).to_contain_text("Paused")
    click_and_wait(console, console.get_by_role("button", name="Let people tag again"))
    expect(console.locator(".app-glance")).to_contain_text("Open")
    # The big screen's buttons too: each a form that changes the room and comes back to the console.
    click_and_wait(console, console.get_by_role("button", name="Next statement"))
    expect(console.locator("[data-big-screen-now]")).to_contain_text("one statement, large")
    click_and_wait(console, console.get_by_role("button", name="Reveal results"))
    expect(console.locator(".app-glance")).to_contain_text("Shown to the room")
    click_and_wait(console, console.get_by_role("button", name="Previous statement"))
    expect(console.locator(".govuk-notification-banner")).to_contain_text("already shows the first statement")
    console.get_by_label("Email address of another facilitator").fill("nobody@example.org")
    click_and_wait(console, console.get_by_role("button", name="Share"))
    expect(console.locator(".govuk-notification-banner")).to_contain_text("no facilitator account")


def test_the_same_words_are_listed_once_on_the_console_as_they_come(
    page, fresh_page, facilitator, assert_no_axe_violations, screenshot
):
    """Identical and near-identical rewordings: once, with how many gave them, most first; one can be hidden."""
    console = page
    console.set_viewport_size(SIZES["console"])
    facilitator.sign_in(console)
    code = facilitator.create_workshop(console, charters=("stockport",)).code
    phones = []
    for _number in range(4):
        phone = fresh_page(viewport=PHONE)
        phones.append((phone, join(phone, code, "", "Parent carer")))
    click_and_wait(console, console.get_by_role("button", name="Review"))
    board = console.locator("details.app-board-results[open]").first
    on = {"board_id": board.get_attribute("data-board-id")}
    on["statement_id"] = board.locator("[data-statement-id]").first.get_attribute("data-statement-id")
    mark_page(console)
    wordings = ["We will aim high together", "we will aim high, together.", "We will aim high together", "Be bold"]
    for (phone, token), wording in zip(phones, wordings, strict=True):
        act(phone, code, token, kind="reword", text=wording, **on)

    groups = console.locator("[data-list=rewording] [data-items] > li")
    # Put together in a worker (workshop/jobs.py), whose fork server may still be loading on a busy machine.
    expect(groups).to_have_count(2, timeout=180_000)
    expect(groups.first.locator("[data-said-line]")).to_have_text("3 people suggested: We will aim high together")
    expect(groups.nth(1).locator("[data-said-line]")).to_be_hidden()
    expect(groups.nth(1)).to_contain_text("Be bold")
    assert still_the_same_page(console)
    groups.first.locator("summary", has_text="Each person's words").click()
    each = groups.first.locator(".app-moderation__item")
    expect(each).to_have_count(3)
    console.locator("#moderation").scroll_into_view_if_needed()
    check_and_capture(console, "console-words-grouped", "console", assert_no_axe_violations, screenshot)

    # Hiding one person's words: the others stay together, the hidden one is on its own, to restore.
    click_and_wait(console, each.filter(has_text="we will aim high, together.").get_by_role("button", name="Hide"))
    groups = console.locator("[data-list=rewording] [data-items] > li")
    expect(groups).to_have_count(3)
    expect(groups.first.locator("[data-said-line]")).to_have_text("2 people suggested: We will aim high together")
    hidden = groups.nth(2)
    expect(hidden.locator("[data-hidden-tag]")).to_be_visible()
    expect(hidden.get_by_role("button", name="Restore")).to_be_visible()
