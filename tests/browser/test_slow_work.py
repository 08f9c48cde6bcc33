"""What the facilitator sees while a file is read or a download is prepared in a worker, and when it is refused.

The request is held back here (Playwright's routing) for as long as the page
needs to say that it is working, then let through to the server, so that
what the page shows does not depend on how busy the machine is.
"""

import re

from playwright.sync_api import expect
from test_hostile_files import fifteen_thousand_paragraphs

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A server's first job starts the process its workers are forked from, which on a busy machine takes a while.
FIRST_JOB_MS = 90_000


REPORT_PROGRESS = """() => {
  const progress = document.querySelector("[data-import-progress]");
  const button = document.querySelector("[data-import-form] button[type=submit]");
  new MutationObserver(() => {
    if (!progress.hidden) {
      console.log(`shown: ${progress.textContent}${button.disabled ? " (button disabled)" : ""}`);
    }
  }).observe(progress, { attributes: true, childList: true });
}"""


def held(page, pattern) -> list:
    """Requests to addresses matching `pattern`, held until the test lets each through (`next_held`)."""
    waiting = []
    page.route(pattern, lambda route: waiting.append(route))
    return waiting


def next_held(page, waiting: list):
    """The next request held back, once the browser has sent it."""
    while not waiting:
        page.wait_for_timeout(50)
    return waiting.pop(0)


def test_a_long_read_says_so_then_the_refusal_says_why(page, facilitator_account, screenshot):
    facilitator_account("reader@example.org").sign_in(page)
    page.goto("/charters/import")
    page.set_input_files(
        "#file", files=[{"name": "charter.docx", "mimeType": DOCX_TYPE, "buffer": fifteen_thousand_paragraphs()}]
    )
    waiting = held(page, "**/charters/import")
    # The page is leaving once its form is sent, and Playwright waits for that before it reads the page, so the
    # page itself says what it shows, on its console.
    page.evaluate(REPORT_PROGRESS)
    with page.expect_console_message(lambda message: message.text.startswith("shown: ")) as reported:
        page.get_by_role("button", name="Continue to the preview").click(no_wait_after=True)
    shown = reported.value.text.removeprefix("shown: ")
    assert re.fullmatch(r"Reading your file\. A long document can take up to \d+ seconds\. \(button disabled\)", shown)

    with page.expect_navigation(timeout=FIRST_JOB_MS):
        next_held(page, waiting).continue_()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The Word document has more than 5,000 paragraphs, far more than a charter.")
    expect(page.locator("#file-error")).to_contain_text("paste it into the box instead")
    expect(page.locator("[data-import-progress]")).to_be_hidden()
    screenshot(page, "slow-work/import-refused", sizes=("console",))
    # Only the browser's own note of the refused file's page.
    assert [error for error in page.console_errors if "status of 400" not in error] == []


def test_a_download_says_it_is_being_prepared_then_arrives_or_says_why_not(page, facilitator_account, screenshot):
    facilitator = facilitator_account("downloader@example.org")
    facilitator.sign_in(page)
    workshop = facilitator.create_workshop(page)
    page.goto(workshop.console_path + "#downloads")
    link = page.get_by_role("link", name=re.compile(r"^Results \(CSV spreadsheet\)"))
    # Said in the Downloads section itself (the console's paper tag sheets have their own place to say so).
    progress = page.locator("#downloads [data-download-progress]")
    problem = page.locator("#downloads [data-download-problem]")

    waiting = held(page, "**/results.csv")
    link.click()
    expect(progress).to_have_text(
        re.compile(r"^Preparing your document\. A large workshop can take up to \d+ seconds\.$")
    )
    screenshot(page, "slow-work/download-preparing", sizes=("console",))
    with page.expect_download(timeout=FIRST_JOB_MS) as download:
        next_held(page, waiting).continue_()
    assert re.fullmatch(r"kent-results-\d{4}-\d\d-\d\d\.csv", download.value.suggested_filename)
    expect(progress).to_be_hidden()
    expect(problem).to_be_hidden()

    # Refused: the server's own words, as the API gives them.
    refusal = "Preparing the download took longer than 20 seconds, so it was stopped. Try again in a minute."
    link.click()
    next_held(page, waiting).fulfill(status=503, json={"error": "cannot_export", "message": refusal})
    expect(problem).to_have_text(refusal)
    expect(problem).to_have_attribute("role", "alert")
    expect(progress).to_be_hidden()
    screenshot(page, "slow-work/download-refused", sizes=("console",))
    # Only the browser's own note of the refused request.
    assert [error for error in page.console_errors if "status of 503" not in error] == []
