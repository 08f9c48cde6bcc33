"""Accessibility of the pages the other browser tests leave out, in every state a facilitator meets:
axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules and no sideways scrolling at 320 CSS pixels, on
forms with and without their errors; a workshop run and taken part in by keyboard alone, with the
focus always visible; reduced motion; and text at twice the size on the phone.

Screenshots are saved in test-artifacts/screenshots/accessibility/.
"""

import re

import pytest
from playwright.sync_api import expect
from servers import ServedApp

EMAIL = "accessibility-lead@example.org"
CONSOLE = {"width": 1366, "height": 768}

# A charter pasted from a council's document, as Warwickshire's reads.
WARWICKSHIRE_TEXT = """Working Together Charter for Warwickshire SEND

Welcome and Care
- We will create a welcoming and caring space
- We will introduce everyone, their role and why they are there
- We will provide clear purpose for involvement

Communicate
- We will communicate clearly and honestly
- We will maintain confidentiality as agreed and be clear about what can be shared

Work in Partnership
- We will share power and decisions
- We will celebrate what we achieve together
"""

# Whether the element that has the keyboard focus shows it: an outline, a box shadow, or (for the
# GOV.UK radios and checkboxes, whose input is invisible) the ring drawn on the label beside it.
FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  const shows = (style) =>
    style.boxShadow !== "none" ||
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 &&
     !/rgba\\(.*, 0\\)$|transparent/.test(style.outlineColor));
  if (!element || element === document.body) {
    // Past the end of the page, the focus is on the browser's own controls, before it comes round again.
    return {shown: true, what: "the browser"};
  }
  const label = element.matches(".govuk-checkboxes__input, .govuk-radios__input") && element.nextElementSibling;
  const shown = label ? shows(getComputedStyle(label, "::before")) || shows(getComputedStyle(label, "::after"))
                      : shows(getComputedStyle(element));
  return {shown, what: element.outerHTML.slice(0, 120)};
}"""

# Every running CSS transition or animation longer than a hundredth of a second.
LONG_MOTION = """() => {
  const seconds = (value) => Math.max(...value.split(",").map((part) =>
    part.trim().endsWith("ms") ? parseFloat(part) / 1000 : parseFloat(part)));
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(element, pseudo);
      const moving = Math.max(seconds(style.transitionDuration),
                              style.animationName === "none" ? 0 : seconds(style.animationDuration));
      if (moving > 0.01) {
        found.push(`${element.tagName.toLowerCase()}.${element.className}${pseudo || ""}: ${moving}s`);
      }
    }
  }
  for (const animation of document.getAnimations()) {
    if (animation.playState === "running" && animation.effect.getTiming().duration > 10) {
      found.push(`${animation.constructor.name} of ${animation.effect.getTiming().duration} ms`);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def account(facilitator_account):
    return facilitator_account(EMAIL)


def check(page, name, assert_no_axe_violations, assert_fits, screenshot):
    """The page as it is now: no axe violations, no sideways scrolling at 320 px, photographed."""
    assert_no_axe_violations(page)
    assert_fits(page, 320)
    screenshot(page, f"accessibility/{name}", sizes=("phone", "console"))
    assert page.console_errors == []
    assert page.csp_violations() == []


def forget_error_status(page):
    """Drop the browser's own console note that the page answered with an error status, as it should."""
    page.console_errors[:] = [
        error for error in page.console_errors if "the server responded with a status" not in error
    ]


def test_the_first_account_page_with_and_without_an_error(
    fresh_page, tmp_path, assert_no_axe_violations, assert_fits, screenshot, click_and_wait
):
    """/setup only shows while there is no account at all: on a server of its own."""
    server = ServedApp(tmp_path, f"sqlite:///{tmp_path / 'fresh.sqlite3'}").start()
    try:
        page = fresh_page(base_url=server.url, viewport=CONSOLE)
        page.goto("/sign-in")
        expect(page).to_have_url(re.compile("/setup"))
        expect(page.locator("h1")).to_have_text("Create the first facilitator account")
        check(page, "setup", assert_no_axe_violations, assert_fits, screenshot)

        page.get_by_label("Email address").fill("not an address")
        page.get_by_label("Password", exact=True).fill("short")
        click_and_wait(page, page.get_by_role("button", name="Create account"))
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter an email address in the correct format")
        expect(summary).to_contain_text("Password must be 12 characters or more")
        expect(page).to_have_title(re.compile("^Error: "))
        # Each message in the summary leads to its field.
        summary.get_by_role("link", name=re.compile("Password must")).click()
        expect(page.locator("#password")).to_be_focused()
        check(page, "setup-error", assert_no_axe_violations, assert_fits, screenshot)
    finally:
        server.stop()


def test_facilitator_pages_in_every_state(
    page, fresh_page, account, facilitator_account, assert_no_axe_violations, assert_fits, screenshot, click_and_wait
):
    page.set_viewport_size(CONSOLE)

    # Sign in: the form, then a wrong password.
    page.goto("/sign-in")
    check(page, "sign-in", assert_no_axe_violations, assert_fits, screenshot)
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password").fill("not the password at all")
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    expect(page.locator("#email-error")).to_be_visible()
    check(page, "sign-in-error", assert_no_axe_violations, assert_fits, screenshot)
    account.sign_in(page)

    # Your workshops, before there are any: the empty state says what to do.
    page.goto("/workshops")
    expect(page.locator(".govuk-inset-text")).to_contain_text("You have no workshops yet")
    check(page, "workshops-empty", assert_no_axe_violations, assert_fits, screenshot)

    # A new workshop, sent without a title or a charter.
    page.goto("/workshops/new")
    check(page, "new-workshop", assert_no_axe_violations, assert_fits, screenshot)
    click_and_wait(page, page.get_by_role("button", name="Create workshop"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page.locator("#title-error")).to_be_visible()
    forget_error_status(page)
    check(page, "new-workshop-error", assert_no_axe_violations, assert_fits, screenshot)

    workshop = account.create_workshop(page, title="Our charter, reviewed", charters=("warwickshire", "stockport"))
    page.goto("/workshops")
    expect(page.locator(".govuk-table")).to_contain_text("Our charter, reviewed")
    check(page, "workshops", assert_no_axe_violations, assert_fits, screenshot)

    # The account page, with its API tokens, and deleting a workshop: the confirmation names it.
    page.goto("/account")
    expect(page.locator("h1")).to_have_text("Your account")
    check(page, "account", assert_no_axe_violations, assert_fits, screenshot)
    page.goto(workshop.console_path + "/delete")
    expect(page.locator("h1")).to_have_text("Delete “Our charter, reviewed”?")
    check(page, "delete-workshop", assert_no_axe_violations, assert_fits, screenshot)

    # Import: the form, an empty send, then pasted text and its preview.
    page.goto("/charters/import")
    check(page, "import", assert_no_axe_violations, assert_fits, screenshot)
    click_and_wait(page, page.get_by_role("button", name="Continue to the preview"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a Word document or PDF, or paste the text")
    forget_error_status(page)
    check(page, "import-error", assert_no_axe_violations, assert_fits, screenshot)
    page.get_by_label("Or paste the text of your charter").fill(WARWICKSHIRE_TEXT)
    page.get_by_label("Charter title (optional)").fill("Working Together Charter for Warwickshire SEND")
    page.get_by_label("Area (optional)").fill("Warwickshire")
    click_and_wait(page, page.get_by_role("button", name="Continue to the preview"))
    expect(page.locator("h1")).to_have_text("Check the charter before you save it")
    expect(page.locator("#theme-0-title")).to_have_value("Welcome and Care")
    expect(page.locator("#theme-2-statement-1")).to_have_value("We will celebrate what we achieve together")
    check(page, "import-preview", assert_no_axe_violations, assert_fits, screenshot)
    # A theme with no title cannot be saved: the error is beside it.
    page.locator("#theme-1-title").fill("")
    click_and_wait(page, page.get_by_role("button", name="Save to the library"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    forget_error_status(page)
    check(page, "import-preview-error", assert_no_axe_violations, assert_fits, screenshot)

    # Another facilitator's workshop, answered as an id that names none: what happened and what to do.
    other = fresh_page(viewport=CONSOLE)
    facilitator_account("accessibility-other@example.org").sign_in(other)
    assert other.goto(workshop.console_path).status == 404
    expect(other.locator("main")).to_contain_text("There is no workshop with that id")
    expect(other.locator("main")).to_contain_text("Check the address")
    forget_error_status(other)
    check(other, "not-found-workshop", assert_no_axe_violations, assert_fits, screenshot)

    # Joining: by code (and a wrong code), then the workshop's own page with its groups.
    phone = fresh_page(is_mobile=True, has_touch=True)
    phone.goto("/join")
    check(phone, "join-code", assert_no_axe_violations, assert_fits, screenshot)
    phone.get_by_label("Workshop code").fill("NOPE99")
    click_and_wait(phone, phone.get_by_role("button", name="Continue"))
    expect(phone.locator("#code-error")).to_contain_text("Check the code on the big screen")
    forget_error_status(phone)
    check(phone, "join-code-error", assert_no_axe_violations, assert_fits, screenshot)
    phone.get_by_label("Workshop code").fill(workshop.code.lower())
    click_and_wait(phone, phone.get_by_role("button", name="Continue"))
    expect(phone.locator("h1")).to_have_text("Join Our charter, reviewed")
    expect(phone.get_by_label("Parent carer", exact=True)).to_be_visible()
    check(phone, "join", assert_no_axe_violations, assert_fits, screenshot)

    # The merge page: starting the draft with "your own themes" but none given, then the draft itself.
    page.goto(workshop.console_path + "/draft")
    page.get_by_label("Your own themes").check()
    click_and_wait(page, page.get_by_role("button", name="Start the draft"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    forget_error_status(page)
    check(page, "draft-start-error", assert_no_axe_violations, assert_fits, screenshot)
    page.get_by_label("Warwickshire's four cornerstones").check()
    click_and_wait(page, page.get_by_role("button", name="Start the draft"))
    expect(page.locator("h1")).to_have_text("Build the draft charter")
    check(page, "draft", assert_no_axe_violations, assert_fits, screenshot)
    # The console with a draft: the Word document's parts to tick before downloading it.
    page.goto(workshop.console_path)
    expect(page.get_by_role("group", name="Draft charter (Word document): what goes in")).to_be_visible()
    expect(page.get_by_label(re.compile("^The results as a picture"))).to_be_checked()
    expect(page.get_by_label(re.compile("^Where each statement came from"))).not_to_be_checked()
    page.locator("#downloads").scroll_into_view_if_needed()
    check(page, "console-with-draft", assert_no_axe_violations, assert_fits, screenshot)


def tab_to(page, selector, most=60):
    """Press Tab until the focus is on `selector`, checking that each element reached shows its focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SHOWN)
        assert focus["shown"], f"the keyboard focus cannot be seen on {focus['what']} at {page.url}"
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{selector} was not reached with {most} presses of Tab on {page.url}")


def press_and_wait(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")


def test_a_workshop_by_keyboard_alone(page, fresh_page, facilitator_account):
    """The facilitator signs in, creates a workshop and moves it to review; a participant joins and
    takes part; the facilitator reveals the results. No clicks, and the focus always shows."""
    account = facilitator_account("keyboard-lead@example.org")
    page.set_viewport_size(CONSOLE)
    page.goto("/")

    tab_to(page, "a[href='/sign-in']")
    press_and_wait(page)
    tab_to(page, "#email")
    page.keyboard.type(account.email)
    tab_to(page, "#password")
    page.keyboard.type(account.password)
    press_and_wait(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    tab_to(page, "a[href='/workshops']")
    press_and_wait(page)
    tab_to(page, "a[href='/workshops/new']")
    press_and_wait(page)
    tab_to(page, "#title")
    page.keyboard.type("Our charter, by keyboard")
    tab_to(page, "#charter-stockport")
    page.keyboard.press("Space")
    expect(page.locator("#charter-stockport")).to_be_checked()
    tab_to(page, "main button[type=submit]")
    press_and_wait(page)
    expect(page).to_have_url(re.compile(r"/workshops/\d+$"))
    expect(page.locator("h1")).to_have_text("Our charter, by keyboard")
    join_link = page.locator(".app-join__link").get_attribute("href")

    tab_to(page, "button[name=stage][value=review]")
    press_and_wait(page)
    expect(page.locator("[aria-current=step]")).to_contain_text("Review")

    # A participant on a laptop, joining from home.
    person = fresh_page()
    person.goto(join_link)
    tab_to(person, "#display_name")
    person.keyboard.type("Jo")
    tab_to(person, "#group-none")
    person.keyboard.press("ArrowDown")
    expect(person.locator("#group-parent_carer")).to_be_checked()
    tab_to(person, "main button[type=submit]")
    press_and_wait(person)
    expect(person.locator("#live-status")).to_have_text("All changes saved")

    step = ".app-statement:not([hidden])"
    tab_to(person, f"{step} .app-tag[value=adapt]")
    person.keyboard.press("Enter")
    tab_to(person, f"{step} .app-reword textarea")
    person.keyboard.press("Control+A")
    person.keyboard.type("We will look for solutions together")
    tab_to(person, f"{step} .app-reword button")
    person.keyboard.press("Enter")
    expect(person.locator(f"{step} [data-note]")).to_have_text("Saved", use_inner_text=True)
    tab_to(person, f"{step} .app-comment summary")
    person.keyboard.press("Enter")
    tab_to(person, f"{step} .app-comment textarea")
    person.keyboard.type("Say who 'we' is")
    tab_to(person, f"{step} .app-comment button")
    person.keyboard.press("Enter")
    expect(person.locator(f"{step} [data-own=comment] .app-own__text")).to_have_text("Say who 'we' is")
    tab_to(person, "[data-go=next]")
    person.keyboard.press("Enter")
    expect(person.locator(f"{step} h3")).to_be_focused()
    tab_to(person, f"{step} .app-tag[value=borrow]")
    person.keyboard.press("Space")
    expect(person.locator(f"{step} .app-tag[value=borrow]")).to_have_attribute("aria-pressed", "true")
    tab_to(person, "[data-go=next]")
    person.keyboard.press("Enter")
    expect(person.locator(f"{step} h3")).to_have_text("Statement 3 of 18")

    tab_to(person, ".app-board:not([hidden]) .app-jump summary")
    person.keyboard.press("Enter")
    tab_to(person, ".app-board:not([hidden]) .app-jump a[href='#missing']")
    person.keyboard.press("Enter")
    expect(person.locator("#missing-title")).to_be_focused()
    tab_to(person, "#card-text")
    person.keyboard.type("Meetings in the evening")
    tab_to(person, ".app-add-card button")
    person.keyboard.press("Enter")
    expect(person.locator("#cards .app-card__text")).to_have_text(["Meetings in the evening"])
    expect(person.locator("#live-status")).to_have_text("All changes saved")

    tab_to(page, "form:has(input[name=action][value=reveal]) button")
    page.evaluate("window.stillTheSamePage = true")
    page.keyboard.press("Enter")
    expect(page.locator(".app-glance")).to_contain_text("Shown to the room")
    # Done in place: the keyboard's focus is on the button that took its place, and shows.
    expect(page.get_by_role("button", name="Hide results")).to_be_focused()
    assert page.evaluate(FOCUS_SHOWN)["shown"]
    assert page.evaluate("window.stillTheSamePage === true")
    expect(person.locator("#participant[data-revealed='yes']")).to_have_count(1, timeout=15_000)
    assert page.console_errors == []
    assert person.console_errors == []


def test_reduced_motion_is_respected_on_every_screen(fresh_page, facilitator_account, click_and_wait):
    account = facilitator_account("motion-lead@example.org")
    console = fresh_page(viewport=CONSOLE, reduced_motion="reduce")
    account.sign_in(console)
    workshop = account.create_workshop(console)
    click_and_wait(console, console.get_by_role("button", name="Review"))
    projector = fresh_page(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    projector.goto(workshop.projector_url)
    phone = fresh_page(reduced_motion="reduce", is_mobile=True, has_touch=True)
    phone.goto(workshop.join_url)
    click_and_wait(phone, phone.get_by_role("button", name="Join the workshop"))
    expect(phone.locator("#live-status")).to_have_text("All changes saved")
    phone.locator(".app-statement:visible .app-tag[value=borrow]").tap()
    phone.get_by_role("button", name="Next").tap()
    expect(phone.locator(".app-statement:visible h3")).to_have_text("Statement 2 of 18")

    for screen in (console, projector, phone):
        assert screen.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
        # The styles' reduced-motion rules are in force...
        assert screen.evaluate("getComputedStyle(document.body).transitionDuration") == "1e-05s"
        # ...and nothing moves for longer than a hundredth of a second.
        assert screen.evaluate(LONG_MOTION) == [], f"{screen.url} still moves"


def test_text_at_twice_the_size_still_fits_the_phone(
    fresh_page, facilitator_account, assert_fits, assert_large_enough_to_tap, click_and_wait
):
    account = facilitator_account("text-size-lead@example.org")
    console = fresh_page(viewport=CONSOLE)
    account.sign_in(console)
    workshop = account.create_workshop(console)
    click_and_wait(console, console.get_by_role("button", name="Review"))
    phone = fresh_page(is_mobile=True, has_touch=True)
    phone.goto(workshop.join_url)
    click_and_wait(phone, phone.get_by_role("button", name="Join the workshop"))
    expect(phone.locator("#live-status")).to_have_text("All changes saved")

    statement = phone.locator(".app-statement:visible .app-statement__text")
    size = statement.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    # As a browser's own text size setting does: the root font size, which CSP lets a script set.
    phone.evaluate("document.documentElement.style.fontSize = '200%'")
    assert statement.evaluate("element => parseFloat(getComputedStyle(element).fontSize)") >= 1.9 * size
    assert_fits(phone, 360)
    phone.locator(".app-statement:visible .app-tag[value=adapt]").tap()
    expect(phone.locator(".app-statement:visible .app-reword")).to_be_visible()
    assert_fits(phone, 360)
    assert_large_enough_to_tap(phone)
