"""A "Did we ...?" review of an adopted charter, in the browser: adopted and opened on the reviews page,
answered on two phones from its link, its results and trend read by the facilitator. The facilitator's
review page and the review on the big screen change as each answer arrives, without reloading; the time
from a phone's "Send my answers" to both screens drawing it is measured. Every page and state is checked
with axe; screenshots in test-artifacts/screenshots/reviews/."""

from big_screen import SMALL_TEXT, SMALLEST_TEXT
from playwright.sync_api import expect

# Answer to screen: the form sent and its page back, the broadcaster's next round (a quarter of a second at
# most), the event. Well under a second on a quiet machine; this bound leaves room for a busy one.
ANSWER_TO_SCREEN_MS = 5_000

EMAIL = "reviews@example.org"
STATEMENTS = ["We will be transparent", "We will listen to children and young people"]


def drawn(screen, responses: int) -> float:
    """When the screen drew the results with `responses` people answered (ms since 1970)."""
    results = screen.locator("[data-review-results]")
    expect(results).to_have_attribute("data-responses", str(responses))
    return float(results.get_attribute("data-drawn-at"))


def test_a_review_is_opened_answered_on_phones_and_read_over_time(
    page, fresh_page, devices, facilitator_account, assert_no_axe_violations, screenshot, assert_large_enough_to_tap
):
    facilitator_account(EMAIL).sign_in(page)
    api = page.request
    workshop = api.post("/api/workshops", data={"title": "Kent's charter", "area": "Kent", "charters": ["stockport"]})
    workshop = workshop.json()
    draft = api.post(f"/api/workshops/{workshop['id']}/draft", data={"theme_set": "kent"}).json()
    theme = draft["draft"]["themes"][0]["id"]
    for text in STATEMENTS:
        assert api.post(f"/api/workshops/{workshop['id']}/draft/statements", data={"theme_id": theme, "text": text}).ok

    page.goto(f"/workshops/{workshop['id']}")
    page.get_by_role("link", name="“Did we …?” reviews").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Mark “Kent Co-production Charter” as the adopted charter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The draft is now the adopted charter")
    page.get_by_label("Name of the review").fill("Annual review 2027")
    page.get_by_label("Closing date (optional)").fill("2099-01-31")
    page.get_by_role("button", name="Open the review").click()
    expect(page.locator("h1")).to_have_text("Annual review 2027")
    expect(page.get_by_text("Open until the end of 31 January 2099.")).to_be_visible()
    link = page.locator(".app-review-link a").get_attribute("href")
    assert_no_axe_violations(page)
    big_screen = fresh_page(viewport={"width": 1920, "height": 1080})
    big_screen.goto(page.get_by_role("link", name="the review on the big screen").get_attribute("href"))
    expect(big_screen.locator("h1")).to_have_text("Annual review 2027: did we do what we said?")
    drawn(big_screen, 0)
    drawn(page, 0)
    assert_no_axe_violations(big_screen)
    delays = []

    for number, (group, answers) in enumerate(
        (("Parent carer", ("Yes", "Not yet")), ("Young person", ("Partly", "Not yet")))
    ):
        phone = fresh_page(**devices["Pixel 7"])
        phone.goto(link)
        expect(phone.locator("h1")).to_have_text("Annual review 2027")
        assert_no_axe_violations(phone)
        assert_large_enough_to_tap(phone, within="#main-content")
        phone.get_by_label("I am a … (optional)").select_option(label=group)
        questions = phone.locator(".app-review-answer")
        for index, answer in enumerate(answers):
            questions.nth(index).get_by_label(answer, exact=True).check()
        questions.nth(0).get_by_label("An example (optional)").fill(f"Example {number}: the minutes were shared")
        if number == 0:
            screenshot(phone, "reviews/phone-answering", sizes=("phone",))
        sent_at = phone.evaluate("performance.timeOrigin + performance.now()")
        phone.get_by_role("button", name="Send my answers").click()
        delays.append(max(drawn(page, number + 1), drawn(big_screen, number + 1)) - sent_at)
        expect(phone.locator(".govuk-notification-banner")).to_contain_text("your answers are saved")
        expect(phone.get_by_text("You have answered before on this phone")).to_be_visible()
        expect(questions.nth(0).get_by_label(answers[0], exact=True)).to_be_checked()
        assert_no_axe_violations(phone)
        assert phone.console_errors == []

    print(f"answer to screen: {', '.join(f'{delay:.0f} ms' for delay in delays)}")
    assert max(delays) < ANSWER_TO_SCREEN_MS
    # Without reloading: both screens show what came in.
    expect(page.get_by_text("2 people have answered")).to_be_visible()
    expect(big_screen.get_by_text("2 people have answered")).to_be_visible()
    on_screen = big_screen.locator("[data-review-question]").first
    expect(on_screen.locator("[data-share]")).to_have_text("Yes or partly: 100%")
    expect(on_screen.locator("[data-answers]")).to_have_text("Yes 1, Partly 1, Not yet 0, Don't know 0")
    expect(on_screen.locator("[data-by-group]")).to_have_text("Not shown by group")
    expect(big_screen.get_by_text("Example 0")).to_have_count(0)
    # At a size the back of the room can read, in pages rather than scrolled.
    assert big_screen.evaluate(SMALL_TEXT, SMALLEST_TEXT) == []
    assert big_screen.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert_no_axe_violations(big_screen)
    screenshot(big_screen, "reviews/big-screen", sizes=("projector",))
    first = page.locator(".app-review-question").first
    expect(first).to_contain_text("“Example 0: the minutes were shared” (Yes)")
    assert_no_axe_violations(page)
    # Hidden, the example stays on the page, marked; the page drawn by the server says the same.
    first.get_by_role("button", name="Hide").first.click()
    expect(page.get_by_text("The example is hidden")).to_be_visible()
    page.reload()
    expect(first.locator("tbody tr").first).to_contain_text("Everyone")
    # Two people in two groups: neither group is shown on its own.
    expect(first.locator("tbody tr")).to_have_count(1)
    expect(first.locator(".govuk-tag")).to_have_text("Hidden")
    assert_no_axe_violations(page)
    screenshot(page, "reviews/facilitator-review", sizes=("console",))
    # Closed, then deleted: the big screen follows each at once, and so does the review's page open elsewhere
    # (a co-facilitator's, another tab), which no longer offers the link or the button to close it.
    elsewhere = fresh_page()
    facilitator_account(EMAIL).sign_in(elsewhere)
    elsewhere.goto(page.url)
    drawn(elsewhere, 2)
    expect(elsewhere.locator("[data-review-closed]")).to_be_hidden()
    page.get_by_role("button", name="Close the review now").click()
    expect(big_screen.get_by_text("The review is closed.")).to_be_visible()
    assert_no_axe_violations(big_screen)
    expect(elsewhere.get_by_text("This review is closed.")).to_be_visible()
    expect(elsewhere.get_by_role("button", name="Close the review now")).to_be_hidden()
    expect(elsewhere.locator(".app-review-link")).to_be_hidden()
    assert_no_axe_violations(elsewhere)
    screenshot(elsewhere, "reviews/facilitator-review-closed", sizes=("console",))
    assert elsewhere.console_errors == []
    page.get_by_role("link", name="Back to the reviews").click()
    expect(page.locator(".app-review-trend tbody tr").first).to_contain_text("100%")
    expect(page.locator(".app-review-trend tbody tr").nth(1)).to_contain_text("0%")
    assert_no_axe_violations(page)
    screenshot(page, "reviews/facilitator-reviews", sizes=("console",))
    page.get_by_role("link", name="Annual review 2027").click()
    page.get_by_role("link", name="Delete “Annual review 2027”").click()
    page.get_by_role("button", name="Yes, delete “Annual review 2027”").click()
    expect(big_screen.get_by_text("This review has been deleted, with every answer to it.")).to_be_visible()
    expect(big_screen.locator("[data-review-question]").first).to_be_hidden()
    assert_no_axe_violations(big_screen)
    screenshot(big_screen, "reviews/big-screen-deleted", sizes=("projector",))
    assert page.console_errors == [] and big_screen.console_errors == []
