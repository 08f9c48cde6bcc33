"""The merge page in a real browser: reached from the console, accessible, changed without
reloads, reordered with the keyboard as well as by dragging, and a change undone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
EMAIL = "draft-lead@example.org"
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def facilitator(facilitator_account):
    """A facilitator account on the live server (see conftest.py)."""
    return facilitator_account(EMAIL).email


def statements_under(page, theme):
    section = page.locator("section.app-draft-theme", has=page.get_by_role("heading", name=theme, exact=True))
    return section.locator("[data-statement-id] .app-draft-statement__text")


def test_building_the_draft(page, facilitator, assert_no_axe_violations, screenshot):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/workshops/new")
    page.get_by_label("Title").fill("Refreshing Kent's charter")
    page.get_by_label("Area (optional)").fill("Kent")
    page.locator("#charter-stockport").check()
    page.get_by_role("button", name="Create workshop").click()
    expect(page).to_have_url(re.compile(r"/workshops/\d+$"))

    page.get_by_role("link", name="Build the draft charter").click()
    expect(page.locator("h1")).to_have_text("Start the draft charter")
    assert_no_axe_violations(page)
    page.get_by_label("Kent's five themes").check()
    page.get_by_role("button", name="Start the draft").click()
    expect(page.locator("h1")).to_have_text("Build the draft charter")

    # Nobody tagged anything, so every statement is parked, and can still be placed: without a reload.
    page.evaluate("window.stillTheSamePage = true")
    status = page.locator("[data-draft-status]")
    parked = page.locator("#parked .app-suggestion", has_text="We will focus on solutions with a 'can do' approach")
    expect(parked).to_contain_text("Nobody tagged it")
    parked.get_by_role("button", name="Place").click()
    expect(status).to_contain_text("Placed under Ambition")
    # The focus stays where it was: on the suggestion, now saying where it went.
    expect(parked).to_be_focused()
    expect(parked).to_contain_text("In the draft under Ambition")
    page.get_by_label("Statement", exact=True).fill("We will aim high for every child")
    page.get_by_role("button", name="Add statement").click()
    expect(statements_under(page, "Ambition")).to_have_text(
        ["We will focus on solutions with a 'can do' approach", "We will aim high for every child"]
    )
    expect(page.get_by_role("button", name="Add statement")).to_be_focused()
    assert_no_axe_violations(page)
    screenshot(page, "draft/merge-page", sizes=("console", "phone"))

    # The keyboard ways: Move up, pressed with Enter; the handle, with the arrow keys.
    second = page.locator("[data-statement-id]", has_text="We will aim high for every child")
    second.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expect(statements_under(page, "Ambition").first).to_have_text("We will aim high for every child")
    handle = page.locator("[data-statement-id]", has_text="We will aim high for every child").locator("[data-handle]")
    handle.focus()
    page.keyboard.press("ArrowDown")
    expect(statements_under(page, "Ambition").last).to_have_text("We will aim high for every child")
    expect(
        page.locator("[data-statement-id]", has_text="We will aim high for every child").locator("[data-handle]")
    ).to_be_focused()

    # The pointer way: drag by the handle into another theme; then undone. (On a screen tall enough to show
    # both: Playwright's drag does not scroll the page as a person's would.)
    page.set_viewport_size({"width": 1366, "height": 1400})
    page.locator("#draft").scroll_into_view_if_needed()
    dragged = page.locator("[data-statement-id]", has_text="We will aim high for every child")
    dragged.locator(".app-draft-statement__handle").drag_to(
        page.locator("ol[data-statements]").nth(1), target_position={"x": 20, "y": 5}
    )
    expect(status).to_contain_text("under Collaboration")
    expect(statements_under(page, "Collaboration")).to_have_text(["We will aim high for every child"])
    status.get_by_role("button", name="Undo").click()
    expect(status).to_have_text("Undone: the move.")
    expect(statements_under(page, "Collaboration")).to_have_count(0)
    expect(statements_under(page, "Ambition").last).to_have_text("We will aim high for every child")

    # A refusal says why, and changes nothing.
    page.get_by_role("button", name="Add statement").click()
    expect(status).to_have_text("Write the statement first.")
    assert page.evaluate("window.stillTheSamePage === true")
    # The browser notes the refusal's status, 400, and nothing else.
    assert [error for error in page.console_errors if "status of 400" not in error] == []
    assert page.csp_violations() == []
