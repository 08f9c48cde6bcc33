"""The console's paper tag sheets: each charter's, as PDF and Word, as usual and in easy read, downloaded from the
facilitator's console, with the same word on progress as the other downloads. Screenshots are saved in
test-artifacts/screenshots/paper-sheets/."""

import io
import re
from pathlib import Path

import docx
from playwright.sync_api import expect
from pypdf import PdfReader
from servers import DOCUMENT_TIMEOUT
from test_slow_work import held, next_held

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "paper-sheets"
# A laptop's screen, as the facilitator sees the console.
CONSOLE = {"width": 1366, "height": 768}
STOCKPORT = "Stockport Co-production Charter, as adopted under Kent's themes"


def link_name(kind: str, version: str, charter: str = STOCKPORT) -> re.Pattern:
    """A link's name, its visible word then its hidden words (which the browser may set apart with a space)."""
    return re.compile(rf"^{kind}\s*: {version} for {re.escape(charter)}$")


def test_the_console_offers_each_charters_sheets_and_they_download(
    page, facilitator_account, assert_no_axe_violations, tmp_path
):
    facilitator = facilitator_account("paper-sheets@example.org")
    facilitator.sign_in(page)
    workshop = facilitator.create_workshop(page, charters=("stockport", "warwickshire"))
    page.set_viewport_size(CONSOLE)
    page.goto(workshop.console_path + "#paper-sheets")
    section = page.locator("#paper-sheets")
    expect(section.get_by_role("heading", name="Paper tag sheets")).to_be_visible()
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("rowheader")).to_have_text(STOCKPORT)
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=SCREENSHOTS / "console-section.png")

    pdf_link = section.get_by_role("link", name=link_name("PDF", "Paper tag sheet"))
    with page.expect_download(timeout=DOCUMENT_TIMEOUT) as download:
        pdf_link.click()
    assert re.fullmatch(r"kent-paper-tag-sheet-stockport-\d{4}-\d\d-\d\d\.pdf", download.value.suggested_filename)
    pdf = tmp_path / "sheet.pdf"
    download.value.save_as(pdf)
    pages = PdfReader(pdf).pages
    first = " ".join(pages[0].extract_text().split())
    assert STOCKPORT in first and "Refreshing our charter" in first and f"Page 1 of {len(pages)}" in first

    word_link = section.get_by_role("link", name=link_name("Word", "Paper tag sheet in easy read"))
    with page.expect_download(timeout=DOCUMENT_TIMEOUT) as download:
        word_link.click()
    assert re.fullmatch(
        r"kent-paper-tag-sheet-stockport-easy-read-\d{4}-\d\d-\d\d\.docx", download.value.suggested_filename
    )
    path = tmp_path / "sheet.docx"
    download.value.save_as(path)
    texts = [paragraph.text for paragraph in docx.Document(io.BytesIO(path.read_bytes())).paragraphs]
    assert "We will look for ways to make things work." in texts

    # Prepared for more than a second: said in this section, next to the links, not under Downloads.
    progress = section.locator("[data-download-progress]")
    waiting = held(page, "**/paper-sheets/warwickshire.pdf")
    section.get_by_role(
        "link", name=link_name("PDF", "Paper tag sheet", "Working Together Charter for Warwickshire SEND")
    ).click()
    expect(progress).to_have_text(
        re.compile(r"^Preparing your document\. A large workshop can take up to \d+ seconds\.$")
    )
    expect(page.locator("#downloads [data-download-progress]")).to_be_hidden()
    section.screenshot(path=SCREENSHOTS / "console-section-preparing.png")
    with page.expect_download(timeout=DOCUMENT_TIMEOUT) as download:
        next_held(page, waiting).continue_()
    assert download.value.suggested_filename.startswith("kent-paper-tag-sheet-warwickshire-")
    expect(progress).to_be_hidden()
    expect(section.locator("[data-download-problem]")).to_be_hidden()
    assert_no_axe_violations(page)
    assert page.console_errors == []
