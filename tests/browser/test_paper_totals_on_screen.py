"""Paper tags counted alongside (issue 17), in a real browser: totals entered on the console's plain form appear
on the big screen at once, a correction replaces them, and a mistake is said against its box. Screenshots in
test-artifacts/screenshots/inclusion/."""

import re
from pathlib import Path

from playwright.sync_api import expect
from test_participant import LIVE_TIMEOUT

from workshop import labels

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "inclusion"
EMAIL = "paper-tests@example.org"


def save(section, **counts):
    for value, count in counts.items():
        section.get_by_label(labels.TAGS[value], exact=True).fill(count)
    section.get_by_role("button", name=labels.PAPER_FORM["save"]).click()


def test_totals_entered_on_the_console_appear_on_the_projector_and_a_correction_replaces_them(
    facilitator_account, fresh_page, assert_no_axe_violations
):
    console = fresh_page(viewport={"width": 1280, "height": 900})
    account = facilitator_account(EMAIL)
    account.sign_in(console)
    workshop = account.create_workshop(console, title="Kent charter refresh")
    console.get_by_role("button", name=labels.STAGES["review"]).click()
    console.get_by_role("button", name="Reveal results").click()
    expect(console.get_by_text("Shown to the room")).to_be_visible()

    def results():
        return console.request.get(f"/api/workshops/{workshop.id}/results").json()

    board = results()["boards"][0]
    first = dict(board["statements"][0], board_id=board["id"])
    projector = fresh_page()
    projector.goto(workshop.projector_url)
    row = projector.locator(f'[data-statement-id="{first["id"]}"]').first
    expect(row.locator("[data-count]")).to_have_text(["0", "0", "0"])

    console.goto(f"{workshop.console_path}#paper")
    section = console.locator("#paper")
    expect(section.get_by_text(labels.PAPER_FORM["none_entered"])).to_be_visible()
    section.get_by_label(labels.PAPER_FORM["statement"]).select_option(str(first["id"]))
    section.get_by_label(labels.PAPER_FORM["group"], exact=True).select_option("young_person")
    save(section, borrow="3", adapt="1")

    # Saved, said so, listed; the big screen counts them at once, without being reloaded.
    expect(console.locator(".govuk-notification-banner--success")).to_contain_text("Totals from paper saved")
    section = console.locator("#paper")
    expect(section.locator("[data-paper-total]")).to_have_count(1)
    expect(row.locator("[data-count]")).to_have_text(["3", "1", "0"], timeout=LIVE_TIMEOUT)
    # Marked as from paper, with how many only as the minimum group size allows.
    expect(row.locator(".app-from-paper")).to_have_text("Includes 4 from paper")
    expect(console.locator(f"#board-{first['board_id']} .app-from-paper")).to_have_text("Includes 4 from paper")
    assert_no_axe_violations(console)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOTS / "paper-totals-console.png"), animations="disabled")

    # A correction: the stored totals in the form, changed, replace them everywhere.
    section.get_by_role("link", name=re.compile(f"^{labels.PAPER_FORM['correct']}")).click()
    section = console.locator("#paper")
    expect(section.get_by_label(labels.TAGS["borrow"], exact=True)).to_have_value("3")
    save(section, borrow="1", adapt="1")
    expect(row.locator("[data-count]")).to_have_text(["1", "1", "0"], timeout=LIVE_TIMEOUT)
    expect(row.locator(".app-from-paper")).to_have_text("Includes fewer than 3 from paper")
    counted = results()["boards"][0]["statements"][0]
    assert counted["counts"] == {"borrow": 1, "adapt": 1, "ignore": 0}
    assert counted["paper"]["text"] == "Includes fewer than 3 from paper"
    expect(console.locator("#paper [data-paper-total]")).to_have_count(1)

    # A mistake is said at the top and against its box, with what was typed kept; nothing changes.
    section = console.locator("#paper")
    section.get_by_label(labels.PAPER_FORM["statement"]).select_option(str(first["id"]))
    save(section, borrow="lots")
    message = labels.PAPER_FORM["not_a_count"].format(choice="Borrow")
    expect(console.locator(".govuk-error-summary")).to_contain_text(message)
    expect(console.locator("#paper-borrow-error")).to_contain_text(message)
    expect(console.locator("#paper-borrow")).to_have_value("lots")
    assert_no_axe_violations(console)
    console.locator("#paper").screenshot(path=str(SCREENSHOTS / "paper-totals-error.png"), animations="disabled")
    expect(row.locator("[data-count]")).to_have_text(["1", "1", "0"])
