"""What people type is only ever shown as text. A corpus of attacks and awkward text (script
tags, event-handler attributes, javascript: links, a quote that would break out of an attribute,
template syntax, a very long word, right-to-left text, emoji) goes into everything a person can
write: a display name, a rewording, a comment, a note and a card; the facilitator's workshop
title; and a charter imported from pasted text. Every screen then shows it literally, runs
nothing, opens no dialog and holds no element the corpus would make; nothing scrolls sideways;
and the CSV, JSON and Word exports hold it as text.

Screenshots are saved in test-artifacts/screenshots/xss/.
"""

import csv
import io
import json
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from playwright.sync_api import expect
from servers import DOCUMENT_TIMEOUT

from workshop.models import DOCUMENT_PARTS

EMAIL = "xss-lead@example.org"
CONSOLE = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
LIVE_TIMEOUT = 15_000

# Every element the corpus could make carries data-xss, and every script in it sets a marker.
LONG_WORD = "Supercalifragilisticexpialidociouscoproductioncharterwordwithoutanyspacesatall" * 2
CORPUS_LINES = [
    "<script data-xss>window.__xss = 1</script>",
    '<img data-xss src=x onerror="window.__xss = 1">',
    '"><svg data-xss onload="window.__xss = 1">',
    '<a data-xss href="javascript:window.__xss = 1">Read more</a>',
    "javascript:window.__xss = 1",
    "</textarea><b data-xss>Not bold</b>",
    "' data-xss='1' onfocus='window.__xss = 1",
    "{{ 7 * 7 }} ${7 * 7} #{7 * 7}",
    f"We will use {LONG_WORD}",
    "نحن نستمع إلى العائلات، ואנחנו מקשיבים",
    "We will listen 👩‍👧‍👦💬🙂 to every family 🏳️‍🌈",
]
CORPUS = "\n".join(CORPUS_LINES)
NAME = '<img data-xss src=x onerror="window.__xss = 1">'
TITLE = "Kent's charter ' data-xss='1 <b data-xss>refresh</b>"
# Statements of the imported charter. The importer reads "__" as Markdown bold, so these scripts
# set window.xss instead.
IMPORTED = [
    "We will listen <script data-xss>window.xss = 1</script>",
    '=HYPERLINK("https://example.org","Click")',
    f"We will explain {LONG_WORD} in plain English",
    "We will welcome everyone نحن نرحب بالجميع 🙂",
]
CHARTER_TITLE = "Our charter <b data-xss>imported</b>"
PASTED = "Working with families\n" + "".join(f"- {statement}\n" for statement in IMPORTED)

INERT = """() => ({
  ran: [typeof window.__xss, typeof window.xss].filter((type) => type !== "undefined"),
  injected: Array.from(document.querySelectorAll('[data-xss], [onfocus], a[href^="javascript" i]'),
                       (element) => element.outerHTML.slice(0, 80)),
  text: document.body.textContent,
})"""


def assert_inert(page, *texts):
    """Nothing ran, no element was made from the corpus, no dialog opened, and each text shows as it was typed."""
    found = page.evaluate(INERT)
    assert found["ran"] == [], f"a script from the corpus ran on {page.url}"
    assert found["injected"] == [], f"elements made from the corpus on {page.url}: {found['injected']}"
    assert page.dialogs == [], f"dialogs opened on {page.url}: {page.dialogs}"
    for text in texts:
        assert text in found["text"], f"{text!r} is not shown as text on {page.url}"


def go_to(phone, link_text):
    phone.locator(".app-board:visible .app-jump summary").click()
    phone.locator(".app-board:visible .app-jump").get_by_role("link", name=link_text).click()


def word_text(body: bytes) -> str:
    """Every paragraph of a Word document, tables included, one to a line."""
    document = Document(io.BytesIO(body))
    return "\n".join(Paragraph(p, document).text for p in document.element.body.iter(qn("w:p")))


def test_what_people_type_is_only_ever_shown_as_text(
    fresh_page, facilitator_account, assert_fits, screenshot, click_and_wait, wait_for_stage
):
    account = facilitator_account(EMAIL)
    console = fresh_page(viewport=CONSOLE)
    account.sign_in(console)

    # A council's own charter, pasted in, with the corpus in its title and statements.
    console.goto("/charters/import")
    console.get_by_label("Or paste the text of your charter").fill(PASTED)
    console.get_by_label("Charter title (optional)").fill(CHARTER_TITLE)
    console.get_by_label("Area (optional)").fill("Kent")
    click_and_wait(console, console.get_by_role("button", name="Continue to the preview"))
    expect(console.locator("#theme-0-statement-0")).to_have_value(IMPORTED[0])
    assert_inert(console)
    click_and_wait(console, console.get_by_role("button", name="Save to the library"))
    assert_inert(console, CHARTER_TITLE, *IMPORTED)
    assert_fits(console, 360)
    slug = console.url.rsplit("/", 1)[1]
    console.goto("/charters")
    assert_inert(console, CHARTER_TITLE)
    assert_fits(console, 360)

    workshop = account.create_workshop(console, title=TITLE, charters=(slug,))
    projector = fresh_page(viewport=PROJECTOR)
    projector.goto(workshop.projector_url)
    author = fresh_page(is_mobile=True, has_touch=True)
    other = fresh_page(is_mobile=True, has_touch=True)
    for phone, name in ((author, NAME), (other, "")):
        phone.goto(workshop.join_url)
        phone.get_by_label("Your name (optional)").fill(name)
        click_and_wait(phone, phone.get_by_role("button", name="Join the workshop"))
    expect(console.locator("[data-list=people] [data-items] > li")).to_have_count(2)
    assert_inert(console, TITLE, NAME)
    assert_inert(projector, TITLE)

    # The review: a rewording and a comment on the first statement, a tag on the second,
    # a note on the charter and a card, each the whole corpus.
    click_and_wait(console, console.get_by_role("button", name="Review"))
    wait_for_stage(author, "review")
    statement = author.locator(".app-statement:visible")
    first_statement = statement.get_attribute("data-statement")
    statement.locator(".app-tag[value=adapt]").tap()
    statement.get_by_label("Your suggested wording").fill(CORPUS)
    statement.get_by_role("button", name="Save my wording").tap()
    expect(statement.locator("[data-note]")).to_have_text("Saved", use_inner_text=True)
    statement.get_by_text("Add a comment").tap()
    statement.get_by_label("Your comment on this statement").fill(CORPUS)
    statement.get_by_role("button", name="Add comment").tap()
    author.get_by_role("button", name="Next").tap()
    author.locator(".app-statement:visible .app-tag[value=borrow]").tap()
    go_to(author, "Notes on the whole charter")
    notes = author.locator(".app-notes:visible")
    notes.get_by_label("What's missing").check()
    notes.get_by_label("Your note").fill(CORPUS)
    notes.get_by_role("button", name="Add note").tap()
    go_to(author, "What's missing?")
    author.get_by_label("Your card").fill(CORPUS)
    author.get_by_role("button", name="Add card").tap()
    expect(author.locator("#live-status")).to_have_text("All changes saved")

    # Every screen as drawn live by its script...
    expect(author.locator(".app-own__text")).to_have_count(2)
    expect(author.locator("#cards .app-card__text")).to_have_count(1)
    assert author.locator(".app-reword textarea").first.input_value() == CORPUS
    assert_inert(author, TITLE, *IMPORTED, *CORPUS_LINES)
    expect(other.locator("#cards .app-card__text")).to_have_count(1, timeout=LIVE_TIMEOUT)
    assert_inert(other, TITLE, *IMPORTED, *CORPUS_LINES)
    for kind in ("rewording", "comment", "notes", "cards"):
        expect(console.locator(f"[data-list={kind}] [data-text]")).to_have_count(1)
    assert_inert(console, TITLE, NAME, *IMPORTED, *CORPUS_LINES)
    expect(projector.locator("[data-notes=missing] li")).to_have_count(1)
    assert_inert(projector, TITLE, *IMPORTED, *CORPUS_LINES)
    # ...and as drawn by the server.
    for screen in (author, other, console, projector):
        screen.reload()
    assert author.locator(".app-reword textarea").first.input_value() == CORPUS
    assert_inert(author, TITLE, *IMPORTED, *CORPUS_LINES)
    assert_inert(other, TITLE, *IMPORTED, *CORPUS_LINES)
    assert_inert(console, TITLE, NAME, *IMPORTED, *CORPUS_LINES)
    assert_inert(projector, TITLE, *IMPORTED, *CORPUS_LINES)
    for screen in (author, other, console):
        assert_fits(screen, 360)
    assert_fits(projector, PROJECTOR["width"])
    screenshot(author, "xss/phone-review", sizes=("phone",))
    screenshot(console, "xss/console-review", sizes=("console",))
    screenshot(projector, "xss/projector-review", sizes=("projector",))

    # What's missing: the card on the big screen.
    click_and_wait(console, console.get_by_role("button", name="What's missing"))
    expect(projector.locator("[data-cards] > li")).to_have_count(1, timeout=LIVE_TIMEOUT)
    assert_inert(projector, TITLE, *CORPUS_LINES)
    assert_fits(projector, PROJECTOR["width"])

    # The merge page, and the draft on every screen: the card and the rewording placed.
    click_and_wait(console, console.get_by_role("button", name="Merge"))
    console.get_by_role("link", name="Build the draft charter").click()
    console.get_by_label("Kent's five themes").check()
    click_and_wait(console, console.get_by_role("button", name="Start the draft"))
    assert_inert(console, TITLE, *IMPORTED, *CORPUS_LINES)
    assert_fits(console, 360)
    # Placed without leaving the page: the page is drawn again from the server.
    status = console.locator("[data-draft-status]")
    console.locator("li[id^=suggestion-card-]").get_by_role("button", name="Place").click()
    expect(status).to_contain_text("Placed under")
    adapted = console.locator(f"#suggestion-statement-{first_statement}")
    expect(adapted.get_by_label(CORPUS_LINES[0], exact=False)).to_be_checked()
    adapted.get_by_role("button", name="Place").click()
    expect(adapted).to_contain_text("In the draft under")
    expect(projector.locator("[data-draft-statement-id]")).to_have_count(2, timeout=LIVE_TIMEOUT)
    for phone in (author, other):
        wait_for_stage(phone, "merge")
        expect(phone.locator(".app-room-draft__text")).to_have_count(2)
        assert_inert(phone, TITLE, *CORPUS_LINES)
        assert_fits(phone, 360)
    assert_inert(projector, *CORPUS_LINES)
    assert_inert(console, *CORPUS_LINES)
    screenshot(author, "xss/phone-merge", sizes=("phone",))
    screenshot(console, "xss/merge-page", sizes=("console", "phone"))
    screenshot(projector, "xss/projector-merge", sizes=("projector",))

    # The exports hold it all as text.
    tags = console.request.get(f"/api/workshops/{workshop.id}/tags.csv?per_person=yes", timeout=DOCUMENT_TIMEOUT)
    rows = list(csv.DictReader(io.StringIO(tags.body().decode("utf-8-sig"))))
    assert [row["statement"] for row in rows] == [IMPORTED[0], "'" + IMPORTED[1]]
    assert {row["charter"] for row in rows} == {CHARTER_TITLE}

    archive = console.request.get(f"/api/workshops/{workshop.id}/export.json", timeout=DOCUMENT_TIMEOUT).json()
    assert archive["workshop"]["title"] == TITLE
    for kind in ("rewordings", "comments", "notes", "cards"):
        assert [item["text"] for item in archive[kind]] == [CORPUS], kind
    assert NAME not in json.dumps(archive)

    # Every part of it, the picture's description too.
    everything = ",".join(DOCUMENT_PARTS)
    word = console.request.get(
        f"/api/workshops/{workshop.id}/draft.docx?include={everything}", timeout=DOCUMENT_TIMEOUT
    ).body()
    text = word_text(word)
    for line in (*IMPORTED, *CORPUS_LINES):
        assert line in text, f"{line!r} is not in the Word document"
    xml = zipfile.ZipFile(io.BytesIO(word)).read("word/document.xml").decode()
    assert "<script" not in xml and "&lt;script data-xss&gt;" in xml
    assert "instrText" not in xml and "fldSimple" not in xml and "w:hyperlink" not in xml
