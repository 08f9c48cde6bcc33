"""The draft charter as the room sees it, live: the projector (1920 x 1080) and a phone
(360 x 640) follow the facilitator's merge page without a reload. And a rewording the
facilitator hides leaves its author's phone at once.

Screenshots are saved in test-artifacts/screenshots/draft-live/.
"""

import pytest
from playwright.sync_api import expect

EMAIL = "draft-live@example.org"
CONSOLE = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 640}
# A phone reloads for a new stage after a pause of up to 1.5 seconds; Socket.IO retries within 5.
LIVE_TIMEOUT = 15_000
KENT_THEMES = ["Ambition", "Collaboration", "Inclusivity", "Communication", "Accountability"]
CAN_DO = "We will focus on solutions with a 'can do' approach"
LISTEN = "We will listen to each other's views"


@pytest.fixture(scope="module")
def facilitator(facilitator_account):
    """A facilitator account on the live server (see conftest.py)."""
    return facilitator_account(EMAIL)


def join(phone, code):
    phone.goto(f"/join/{code}")
    phone.get_by_role("button", name="Join the workshop").click()
    phone.wait_for_url(f"**/w/{code}**")


def click_and_wait(page, button):
    """Submit a plain form and wait for the page it comes back to."""
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")


def wait_for_stage(phone, stage):
    """The page the server drew for this stage, connected and with nothing left to send."""
    expect(phone.locator(f"#participant[data-stage='{stage}']")).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(phone.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)


def mark_page(page):
    """Mark the page, to tell later that it was updated in place rather than loaded again."""
    page.evaluate("window.stillTheSamePage = true")


def still_the_same_page(page):
    return page.evaluate("window.stillTheSamePage === true")


def place(console, text):
    """Place an example charter's statement through the merge page's form, under the theme it had."""
    suggestion = console.locator(".app-suggestion", has_text=text)
    suggestion.get_by_role("button", name="Place").click()
    expect(suggestion).to_contain_text("In the draft under")


def fits_a_small_phone(phone):
    phone.set_viewport_size({"width": 320, "height": 640})
    widths = phone.evaluate(
        "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    phone.set_viewport_size(PHONE)
    return widths["scroll"] <= widths["client"]


def test_the_projector_and_phones_follow_the_draft_as_it_grows(
    page, fresh_page, facilitator, assert_no_axe_violations, screenshot
):
    console = page
    console.set_viewport_size(CONSOLE)
    facilitator.sign_in(console)
    workshop = facilitator.create_workshop(console, title="Refreshing Kent's charter")
    projector = fresh_page(viewport=PROJECTOR)
    projector.goto(workshop.projector_url)
    phone = fresh_page(viewport=PHONE)
    join(phone, workshop.code)

    # The merge stage, before the facilitator starts the draft.
    click_and_wait(console, console.get_by_role("button", name="Merge"))
    expect(projector.locator("h1")).to_have_text("Drafting the charter", timeout=LIVE_TIMEOUT)
    expect(projector.locator("[data-draft-waiting]")).to_have_text("The facilitator is drafting the charter.")
    wait_for_stage(phone, "merge")
    expect(phone.locator("[data-draft-waiting]")).to_be_visible()
    mark_page(projector)
    mark_page(phone)

    # Starting the draft from Kent's five themes shows its title and themes at once.
    console.get_by_role("link", name="Build the draft charter").click()
    console.get_by_label("Kent's five themes").check()
    click_and_wait(console, console.get_by_role("button", name="Start the draft"))
    expect(projector.locator("h1")).to_have_text("Kent Co-production Charter")
    expect(projector.locator("[data-draft-waiting]")).to_be_hidden()
    expect(projector.locator("[data-draft-note]")).to_be_visible()
    expect(projector.locator(".app-pdraft__theme-title")).to_have_text(KENT_THEMES)
    expect(phone.locator("[data-draft-title]")).to_have_text("Kent Co-production Charter")
    expect(phone.locator("[data-draft-waiting]")).to_be_hidden()
    expect(phone.locator(".app-room-draft h3")).to_have_text(KENT_THEMES)

    # Two statements placed through the merge page's forms.
    place(console, CAN_DO)
    place(console, LISTEN)
    projector_statements = projector.locator("[data-draft-statement-id]")
    expect(projector_statements).to_have_text([CAN_DO, LISTEN])
    ambition = projector.locator(".app-pdraft__theme", has=projector.get_by_role("heading", name="Ambition"))
    expect(ambition.locator("li")).to_have_text([CAN_DO])
    communication = projector.locator(".app-pdraft__theme", has=projector.get_by_role("heading", name="Communication"))
    expect(communication.locator("li")).to_have_text([LISTEN])
    # The newest change is marked.
    expect(projector.locator(".app-pdraft__statement--changed")).to_have_text([LISTEN])

    phone_statements = phone.locator(".app-room-draft__statement")
    expect(phone_statements.locator(".app-room-draft__text")).to_have_text([CAN_DO, LISTEN])
    listen = phone_statements.filter(has_text=LISTEN)
    listen.get_by_text("How we will know").click()
    expect(listen.locator(".govuk-details__text")).to_have_text("Did we listen to each other's views?")
    expect(phone.locator("#live-announcer")).to_have_text("Draft updated")
    assert still_the_same_page(projector)
    assert still_the_same_page(phone)

    # Without scripts, the phone's page is drawn with the draft as it is.
    reader = fresh_page(viewport=PHONE, java_script_enabled=False)
    join(reader, workshop.code)
    expect(reader.locator(".app-room-draft__text")).to_have_text([CAN_DO, LISTEN])
    expect(reader.locator(".app-room-draft h3")).to_have_text(KENT_THEMES)
    reader.context.close()

    # Headings in order: the workshop, the draft, its themes, then what happens next.
    headings = phone.locator("#participant :is(h1, h2, h3):visible")
    expect(headings).to_have_text(
        ["Refreshing Kent's charter", "Kent Co-production Charter", *KENT_THEMES, "What happens next"]
    )
    # Everything on the projector fits its screen.
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert fits_a_small_phone(phone)
    assert_no_axe_violations(projector)
    assert_no_axe_violations(phone)
    screenshot(projector, "draft-live/projector-merge", sizes=("projector",))
    screenshot(phone, "draft-live/phone-merge", sizes=("phone",))

    # Closed: the final draft, with a thank-you.
    console.goto(console.url.split("/draft")[0])
    click_and_wait(console, console.get_by_role("button", name="Closed"))
    expect(projector.locator("[data-draft-note]")).to_contain_text("Thank you for taking part", timeout=LIVE_TIMEOUT)
    expect(projector.locator("h1")).to_have_text("Kent Co-production Charter")
    expect(projector.locator("[data-draft-statement-id]")).to_have_text([CAN_DO, LISTEN])
    wait_for_stage(phone, "closed")
    expect(phone.locator("#participant")).to_contain_text("This workshop has finished. Thank you for taking part.")
    expect(phone.locator(".app-room-draft__text")).to_have_text([CAN_DO, LISTEN])
    assert_no_axe_violations(projector)
    assert_no_axe_violations(phone)
    screenshot(projector, "draft-live/projector-closed", sizes=("projector",))
    screenshot(phone, "draft-live/phone-closed", sizes=("phone",))

    assert projector.console_errors == []
    assert phone.console_errors == []
    assert console.console_errors == []
    assert console.csp_violations() == []


def test_a_hidden_rewording_leaves_its_authors_phone(page, fresh_page, facilitator):
    console = page
    console.set_viewport_size(CONSOLE)
    facilitator.sign_in(console)
    code = facilitator.create_workshop(console, title="Refreshing Kent's charter").code
    author = fresh_page(viewport=PHONE)
    join(author, code)
    other = fresh_page(viewport=PHONE)
    join(other, code)
    click_and_wait(console, console.get_by_role("button", name="Review"))

    # Both suggest a wording for the first statement.
    wordings = {author: "We will look for what we can do", other: "We will find ways to say yes"}
    for phone, wording in wordings.items():
        wait_for_stage(phone, "review")
        statement = phone.locator(".app-statement:visible")
        expect(statement.locator(".app-statement__text")).to_have_text(CAN_DO)
        statement.locator(".app-tag[value=adapt]").click()
        statement.get_by_label("Your suggested wording").fill(wording)
        statement.get_by_role("button", name="Save my wording").click()
        expect(statement.locator("[data-note]")).to_have_text("Saved", use_inner_text=True)
        mark_page(phone)

    # The facilitator hides the author's.
    rewordings = console.locator("[data-list=rewording]")
    expect(rewordings).to_contain_text(wordings[author])
    item = rewordings.locator(".app-moderation__item", has_text=wordings[author])
    click_and_wait(console, item.get_by_role("button", name="Hide"))
    item = console.locator("[data-list=rewording] .app-moderation__item", has_text=wordings[author])
    expect(item.locator("[data-hidden-tag]")).to_be_visible()

    # The author's box is back to the original wording, no longer marked as saved; the other's stays.
    statement = author.locator(".app-statement:visible")
    expect(statement.get_by_label("Your suggested wording")).to_have_value(CAN_DO)
    expect(statement.locator("[data-note]")).to_have_text("")
    expect(statement.locator(".app-reword")).not_to_have_attribute("data-saved", "yes")
    other_statement = other.locator(".app-statement:visible")
    expect(other_statement.get_by_label("Your suggested wording")).to_have_value(wordings[other])
    expect(other_statement.locator("[data-note]")).to_have_text("Saved", use_inner_text=True)
    assert still_the_same_page(author)
    assert still_the_same_page(other)
    assert author.console_errors == []
    assert other.console_errors == []
