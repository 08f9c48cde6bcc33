"""The Kent day end to end, and the year after: review, What's missing, Kent's priorities board with three votes
each, the action plan, the draft and its Word document; then "Did we ...?" reviews of the adopted charter.

The facilitator lists Kent's outcomes from the console; the room reviews
Stockport's charter on three phones, then says what is missing and supports
a card; the console moves the room to the Priorities stage; three phones
(scripts on) add barriers and ideas and
support each other's; the projector shows the cards as they come. Voting
starts; each phone places its three votes and is told when none are left; the
projector ranks the cards live; the facilitator confirms the three priorities
Kent chose, then writes the action plan, which every screen shows as it is
written; the room moves on to the draft, whose Word document holds the
chosen priorities and the action plan, checked with python-docx and rendered
to PDF pages (test-artifacts/kent-day/, to look at).

Then the partners adopt the charter and review it twice, two months apart (the
dates are set in the test, in the database: 10 January and 10 March 2026):
nine people in three groups answer each time, three of them on the phones in
the browser and six through the same form over HTTP; the facilitator's review
page shows the groups as the answers arrive; the trend of each commitment on
the reviews page, and the "You said, we did" Word document, are checked (and
rendered too). Set-up the browser adds nothing to (the draft's statements,
most answers) goes through the API and plain HTTP, to keep the test short.

Every state is checked with axe, and screenshots are saved in
test-artifacts/screenshots/kent-priorities/.
"""

import io
import itertools
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from big_screen import BROKEN_WORDS, ON_MORE_THAN_ONE_LINE, SMALL_TEXT, SMALLEST_TEXT
from docx import Document
from docx.table import Table
from playwright.sync_api import expect
from review_answers import GROUPS, JANUARY_ANSWERS, MARCH_ANSWERS
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from workshop.models import Review

EMAIL = "kent-priorities@example.org"
PHONES = ("iPhone SE", "Galaxy S8", "Pixel 7")
SCHOOL = "Being the best I can be at school, college or work"
SAFETY = "My safety"
QUALITY = "My quality of life"
# (outcome, column, text) added by each phone in turn.
CARDS = [
    (SCHOOL, "barrier", "Schools worry about being able to include every pupil"),
    (SCHOOL, "help", "Reviewing school inclusion, including behaviour policies"),
    (SAFETY, "help", "Developing and introducing travel training"),
    (QUALITY, "help", "Reviewing the Short Breaks offer"),
    (QUALITY, "barrier", "Limited community activities"),
]
CHOSEN = [CARDS[1][2], CARDS[2][2], CARDS[3][2]]
# Each phone's three votes: the room's three priorities come first.
VOTES = [(1, 2, 3), (1, 2, 3), (1, 3, 0)]
# What, who, by when, and the chosen priority it is for.
ACTIONS = [
    ("Share co-production training and e-learning with schools", "CDC", "March 2027", CHOSEN[0]),
    ("Hold a consultation via the Comms and Engagement group", "Kent", "Once the draft charter is complete", None),
]
LIVE_TIMEOUT = 15_000
# A Word document is made in a worker process below the server's priority: on a busy machine, a while.
DOCUMENT_TIMEOUT = 120_000
# Records, each time the projector's pages are drawn, where each ranked card is: its place in the
# ranking, its page and its column.
RECORD_PLACES = """() => {
  const container = document.querySelector("[data-pages]");
  window.places = [];
  const where = (element, parent) => Array.prototype.indexOf.call(parent.children, element);
  new MutationObserver(() => {
    window.places.push(Array.from(container.querySelectorAll("[data-priority-id]"), (card) => {
      const page = card.closest(".app-page");
      return [card.dataset.priorityId, card.querySelector(".app-pranking__place").textContent,
        where(page, container), where(card.closest(".app-page__column"), page)];
    }));
  }).observe(container, { childList: true, subtree: true });
}"""
SHOTS = "kent-priorities"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "kent-day"

# The review stage: each phone's choice on Stockport's first statement; then What's missing.
FIRST_TAGS = ("borrow", "borrow", "adapt")
MISSING_CARD = "Short breaks that parent carers can plan around"
# The draft charter the partners adopt.
STATEMENTS = [
    "We will be open and honest",
    "We will listen to children and young people",
    "We will share what we learn",
]
# A year on: two reviews of it, two months apart, with nine people in three groups each time.
JANUARY = (datetime(2026, 1, 10, 10, tzinfo=UTC), datetime(2026, 1, 24, 17, tzinfo=UTC))
MARCH = datetime(2026, 3, 10, 10, tzinfo=UTC)
GROUP_LABELS = {"parent_carer": "Parent carer", "young_person": "Young person", "education": "Education"}
# Worked out by hand: the share who said Yes or Partly of those who said Yes, Partly or Not yet.
# Open and honest: 5 of 9, then 8 of 9. Listening: 3 of 9, then 8 of 9. Sharing: 7 of 7 (two did not
# know), then 7 of 8.
SHARES = [("56%", "89%", "Up 33 points"), ("33%", "89%", "Up 56 points"), ("100%", "88%", "Down 12 points")]
EXAMPLE = "The forum was sent the minutes of every meeting"
WORDS = {"yes": "Yes", "partly": "Partly", "not_yet": "Not yet", "dont_know": "Don't know"}


@pytest.fixture
def room(fresh_page, devices, facilitator_account, wait_for_stage):
    console = fresh_page(viewport={"width": 1366, "height": 768})
    account = facilitator_account(EMAIL)
    account.sign_in(console)
    workshop = account.create_workshop(console, title="Kent's co-production priorities")
    projector = fresh_page(viewport={"width": 1920, "height": 1080})
    projector.goto(workshop.projector_url)
    phones = [fresh_page(**devices[name]) for name in PHONES]
    for phone in phones:
        phone.goto(workshop.join_url)
        phone.get_by_role("button", name="Join the workshop").tap()
        wait_for_stage(phone, "lobby")
    return workshop, console, projector, phones


def outcome(page, title):
    return page.locator(".app-outcome", has=page.get_by_role("heading", name=title, exact=True))


def card(page, text):
    return page.locator(".app-card", has_text=text)


def on_a_common_projector(projector, name):
    """At 1280 x 720, once the pages are laid out again for it: every word in proportion, nothing past the screen."""
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.wait_for_function("document.querySelector('[data-pages]').getBoundingClientRect().bottom <= innerHeight")
    assert projector.evaluate(SMALL_TEXT, SMALLEST_TEXT * 2 / 3) == []
    assert projector.evaluate(BROKEN_WORDS) == []
    assert projector.evaluate(ON_MORE_THAN_ONE_LINE, ".app-poutcome__heading") == []
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    projector.screenshot(path=SCREENSHOTS / SHOTS / f"{name}-1280x720.png")
    projector.set_viewport_size({"width": 1920, "height": 1080})


def test_the_kent_day_end_to_end_and_two_reviews_of_its_charter(
    room,
    live_server,
    live_server_database,
    tmp_path,
    wait_for_stage,
    assert_no_axe_violations,
    screenshot,
    assert_large_enough_to_tap,
):
    workshop, console, projector, phones = room

    # The facilitator lists Kent's seven outcomes, ready for later in the day.
    console.get_by_role(
        "button", name="Add Kent's strategic outcomes for children and young people with SEND (7)"
    ).click()
    expect(console.locator(".app-outcomes__item")).to_have_count(7)
    expect(console.locator(".app-outcomes__item").nth(4)).to_contain_text(SCHOOL)
    assert_no_axe_violations(console)

    # The review: each phone chooses for Stockport's first statement; the big screen counts them.
    console.get_by_role("button", name="Review", exact=True).click()
    expect(console.locator(".app-stages__current")).to_contain_text("Review")
    for phone, value in zip(phones, FIRST_TAGS, strict=True):
        wait_for_stage(phone, "review")
        choice = phone.locator(".app-statement").first.locator(f".app-tag[value={value}]")
        choice.tap()
        expect(choice).to_have_attribute("aria-pressed", "true")
        expect(phone.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    expect(projector.locator("[data-tagged]").first).to_have_text("3", timeout=LIVE_TIMEOUT)

    # What's missing: a card from one phone, supported by the other two.
    console.get_by_role("button", name="What's missing", exact=True).click()
    expect(console.locator(".app-stages__current")).to_contain_text("What's missing")
    for phone in phones:
        wait_for_stage(phone, "missing")
    phones[0].get_by_label("Your card").fill(MISSING_CARD)
    phones[0].get_by_role("button", name="Add card").tap()
    for phone in phones[1:]:
        missing = phone.locator("#cards .app-card", has_text=MISSING_CARD)
        missing.get_by_role("button", name="Support this card").tap()
        expect(missing).to_contain_text("1 person supports this" if phone is phones[1] else "people support this")
    expect(projector.locator(".app-pcard", has_text=MISSING_CARD)).to_contain_text(
        "Supported by 2 people", timeout=LIVE_TIMEOUT
    )
    assert_no_axe_violations(phones[1])

    # The priorities board.
    console.get_by_role("button", name="Priorities", exact=True).click()
    expect(console.locator(".app-stages__current")).to_contain_text("Priorities")
    # The phones were only looking at the cards: they go there by themselves.
    for phone in phones:
        wait_for_stage(phone, "priorities")
    expect(projector.locator(".app-poutcome")).to_have_count(7, timeout=LIVE_TIMEOUT)
    expect(phones[0].locator(".app-outcome")).to_have_count(7)

    # Cards from each phone, in both columns, reach the other phones and the projector live.
    for number, (title, column, text) in enumerate(CARDS):
        phone = phones[number % 3]
        prompt = {"barrier": "Add a barrier", "help": "Add an idea"}[column]
        place = outcome(phone, title)
        place.get_by_label(prompt).fill(text)
        place.locator(f".app-column--{column}").get_by_role("button", name="Add card").tap()
        expect(card(phone, text).get_by_role("button", name="Remove my card")).to_be_visible(timeout=LIVE_TIMEOUT)
    for phone in phones:
        expect(phone.locator("#priorities .app-card")).to_have_count(len(CARDS), timeout=LIVE_TIMEOUT)
        expect(phone.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    expect(projector.locator(".app-poutcome__card")).to_have_count(len(CARDS), timeout=LIVE_TIMEOUT)
    school = projector.locator(".app-poutcome", has_text=SCHOOL)
    expect(school.locator(".app-poutcome__card--barrier")).to_contain_text(CARDS[0][2])
    expect(school.locator(".app-poutcome__card--help")).to_contain_text(CARDS[1][2])
    # Every word at a size the back of the room can read, in pages rather than shrunk.
    expect(projector.locator("[data-pager]")).to_contain_text("Page 1 of")
    assert projector.evaluate(SMALL_TEXT, SMALLEST_TEXT) == []
    assert projector.evaluate(BROKEN_WORDS) == []
    # Each column's heading on one line.
    assert projector.evaluate(ON_MORE_THAN_ONE_LINE, ".app-poutcome__heading") == []
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")

    card(phones[2], CARDS[0][2]).get_by_role("button", name="Support this card").tap()
    expect(card(phones[2], CARDS[0][2])).to_contain_text("1 person supports this")
    expect(projector.locator(".app-poutcome__card", has_text=CARDS[0][2])).to_contain_text(
        "Supported by 1 person", timeout=LIVE_TIMEOUT
    )
    for phone in phones:
        assert_no_axe_violations(phone)
        assert_large_enough_to_tap(phone)
    assert_no_axe_violations(projector)
    screenshot(phones[0], f"{SHOTS}/phone-cards", sizes=("phone",))
    screenshot(projector, f"{SHOTS}/projector-cards", sizes=("projector",))
    on_a_common_projector(projector, "projector-cards")

    # Voting: three votes each, placed on the phones; the fourth is not offered.
    console.get_by_role("button", name="Start voting").click()
    expect(console.get_by_text("Now: Voting")).to_be_visible()
    expect(projector.locator("h1")).to_have_text("Which matter most?", timeout=LIVE_TIMEOUT)
    projector.wait_for_load_state()
    projector.evaluate(RECORD_PLACES)
    for phone, votes in zip(phones, VOTES, strict=True):
        expect(phone.locator("[data-votes-left]")).to_have_text("You have 3 votes left", timeout=LIVE_TIMEOUT)
        for index in votes:
            card(phone, CARDS[index][2]).get_by_role("button", name="Vote for this").tap()
        expect(phone.locator("[data-votes-left]")).to_have_text("You have used all your votes")
        expect(phone.get_by_role("button", name="Vote for this")).to_have_count(0)
        expect(phone.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    assert_no_axe_violations(phones[0])
    screenshot(phones[0], f"{SHOTS}/phone-voting", sizes=("phone",))

    # Taking a vote back gives it back.
    third = phones[2]
    card(third, CARDS[0][2]).get_by_role("button", name="Take back my vote").tap()
    expect(third.locator("[data-votes-left]")).to_have_text("You have 1 vote left")
    card(third, CARDS[0][2]).get_by_role("button", name="Vote for this").tap()
    expect(third.locator("[data-votes-left]")).to_have_text("You have used all your votes")

    ranking = projector.locator(".app-pranking__card")
    expect(ranking).to_have_count(len(CARDS) - 1, timeout=LIVE_TIMEOUT)
    expect(ranking.nth(0)).to_contain_text("3 votes")
    expect(ranking.nth(0)).to_contain_text(CHOSEN[0])
    expect(ranking.nth(1)).to_contain_text(CHOSEN[2])
    expect(ranking.nth(2)).to_contain_text(CHOSEN[1])
    expect(ranking.nth(3)).to_contain_text("1 vote")
    # The pages stayed still as the votes came in: a card kept its page and column while its place did.
    places = {}
    for drawn in projector.evaluate("window.places"):
        for ranked, place, page, column in drawn:
            places.setdefault(ranked, []).append((place, page, column))
    assert places
    for ranked, seen in places.items():
        for (place, *where), (next_place, *next_where) in itertools.pairwise(seen):
            assert place != next_place or where == next_where, (ranked, seen)
    assert projector.evaluate(SMALL_TEXT, SMALLEST_TEXT) == []
    assert projector.evaluate(BROKEN_WORDS) == []
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")

    # The facilitator confirms the three priorities; the projector and the phones show them.
    for text in CHOSEN:
        item = console.locator("[data-priorities-live] [data-priority-id]", has_text=text)
        item.get_by_role("button", name="Confirm as a priority").click()
        expect(console.locator("[data-priorities-live] [data-priority-id]", has_text=text)).to_contain_text(
            "Chosen priority"
        )
    expect(projector.locator(".app-pranking__chosen")).to_have_count(3, timeout=LIVE_TIMEOUT)
    expect(phones[0].locator(".app-chosen li")).to_have_count(3, timeout=LIVE_TIMEOUT)
    expect(phones[0].locator(".app-chosen")).to_contain_text(CHOSEN[1])
    assert_no_axe_violations(console)
    assert_no_axe_violations(projector)
    assert_no_axe_violations(phones[0])
    screenshot(console, f"{SHOTS}/console", sizes=("console",))
    screenshot(projector, f"{SHOTS}/projector-ranking", sizes=("projector",))
    on_a_common_projector(projector, "projector-ranking")
    screenshot(phones[0], f"{SHOTS}/phone-chosen", sizes=("phone",))

    # The action plan, written on the console, appears on the projector and the phones as it is written.
    for what, who, due, link in ACTIONS:
        console.get_by_label("What will be done").fill(what)
        console.get_by_label("Who will do it").fill(who)
        console.get_by_label("By when").fill(due)
        if link:
            console.get_by_label("What it is for (optional)").select_option(label=f"Priority: {link}")
        console.get_by_role("button", name="Add action").click()
        expect(console.locator("#actions .app-actions__item", has_text=what)).to_be_visible()
    for screen in (projector, *phones):
        plan = screen.locator("[data-action-list] .app-actions__item")
        expect(plan).to_have_count(len(ACTIONS), timeout=LIVE_TIMEOUT)
        expect(plan.first).to_contain_text(ACTIONS[0][0])
        expect(plan.first).to_contain_text(f"For the priority: {ACTIONS[0][3]}")
        expect(plan.last).to_contain_text("By when: Once the draft charter is complete")
    # On the big screen, on a page of its own after the ranking, turned to as it is written.
    expect(projector.locator("[data-action-list] .app-actions__item").last).to_be_visible()
    expect(projector.locator("[data-pager]")).to_contain_text("Page 2 of 2")
    assert projector.evaluate(SMALL_TEXT, SMALLEST_TEXT) == []
    assert projector.evaluate(BROKEN_WORDS) == []
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert_no_axe_violations(console)
    assert_no_axe_violations(projector)
    assert_no_axe_violations(phones[1])
    screenshot(console, f"{SHOTS}/console-actions", sizes=("console",))
    screenshot(projector, f"{SHOTS}/projector-actions", sizes=("projector",))
    screenshot(phones[1], f"{SHOTS}/phone-actions", sizes=("phone",))

    # The draft, and its Word document with the room's priorities and the action plan.
    console.get_by_role("button", name="Merge").click()
    expect(console.locator(".app-stages__current")).to_contain_text("Merge")
    api = console.request
    draft = api.post(f"/api/workshops/{workshop.id}/draft", data={"theme_set": "kent"}).json()["draft"]
    theme = draft["themes"][0]["id"]
    for text in STATEMENTS:
        placed = api.post(f"/api/workshops/{workshop.id}/draft/statements", data={"theme_id": theme, "text": text})
        assert placed.ok
    download = api.get(f"/api/workshops/{workshop.id}/draft.docx", timeout=DOCUMENT_TIMEOUT)
    assert download.ok
    document = Document(io.BytesIO(download.body()))
    blocks = list(document.iter_inner_content())
    headings = [block.text for block in blocks if not isinstance(block, Table) and block.style.name == "Heading 1"]
    assert headings.index("Our co-production priorities") < headings.index("Action plan")
    chosen = [block.text for block in blocks if not isinstance(block, Table) and block.style.name == "List Bullet"]
    for text in CHOSEN:
        assert any(item.startswith(text) for item in chosen), text
    tables = tables_under(blocks)
    (plan,) = tables["Action plan"]
    assert [cell.text for cell in plan.rows[0].cells] == ["Action", "Who", "By when", "What it is for"]
    assert [cell.text for cell in plan.rows[1].cells] == [*ACTIONS[0][:3], f"Priority: {ACTIONS[0][3]}"]
    assert [cell.text for cell in plan.rows[2].cells] == [*ACTIONS[1][:3], ""]
    (outcomes,) = tables["Our co-production priorities"]
    school_row = next(row for row in outcomes.rows if row.cells[0].text == SCHOOL)
    assert CARDS[0][2] in school_row.cells[1].text and CARDS[1][2] in school_row.cells[2].text
    assert len(outcomes.rows) == 1 + 7
    charter_docx = tmp_path / "kent-charter.docx"
    charter_docx.write_bytes(download.body())

    # A year on: the partners adopted the charter, and review it in January and again in March.
    console.goto(f"/workshops/{workshop.id}/reviews")
    console.get_by_role("button", name=re.compile("as the adopted charter")).click()
    expect(console.locator(".govuk-notification-banner")).to_contain_text("The draft is now the adopted charter")
    people = [Person(live_server) for _ in range(len(GROUPS))]
    january_id = open_review(console, "January review")
    set_dates(live_server_database, january_id, opened_at=JANUARY[0])
    questions = api.get(f"/api/workshops/{workshop.id}/reviews").json()["reviews"][0]["questions"]
    assert [question["statement"] for question in questions] == STATEMENTS
    link = console.locator(".app-review-link a").get_attribute("href")
    answer_everyone(phones, people, link, questions, JANUARY_ANSWERS)
    # The facilitator's page followed the answers as they came, three groups of three shown on their own.
    expect(console.get_by_text("9 people have answered")).to_be_visible(timeout=LIVE_TIMEOUT)
    first = console.locator("[data-review-question]").first.locator("[data-review-counts] tr")
    expect(first).to_have_text([re.compile(f"^{who}") for who in ("Everyone", *GROUP_LABELS.values())])
    expect(first.first).to_have_text(re.compile(r"Everyone\s*3\s*2\s*4\s*0"))
    assert_no_axe_violations(console)
    console.get_by_role("button", name="Close the review now").click()
    expect(console.get_by_text("This review is closed.")).to_be_visible()
    set_dates(live_server_database, january_id, opened_at=JANUARY[0], closed_at=JANUARY[1])

    console.goto(f"/workshops/{workshop.id}/reviews")
    march_id = open_review(console, "March review")
    set_dates(live_server_database, march_id, opened_at=MARCH)
    answer_everyone(
        phones, people, console.locator(".app-review-link a").get_attribute("href"), questions, MARCH_ANSWERS
    )
    expect(console.get_by_text("9 people have answered")).to_be_visible(timeout=LIVE_TIMEOUT)

    # Each commitment's trend on the reviews page.
    console.goto(f"/workshops/{workshop.id}/reviews")
    rows = console.locator(".app-review-trend tbody tr")
    expect(rows).to_have_count(len(STATEMENTS))
    for index, (question, (was, now, change)) in enumerate(zip(questions, SHARES, strict=True)):
        cells = rows.nth(index).locator("th, td")
        expect(cells).to_have_text([question["question"], was, now, change])
    expect(console.locator(".app-review-trend thead th")).to_have_text(
        ["Question", "January review", "March review", "Change"]
    )
    assert_no_axe_violations(console)
    screenshot(console, f"{SHOTS}/reviews-trend", sizes=("console",))
    # And beside each commitment on the adopted draft's page, in all (never by group).
    console.goto(f"/workshops/{workshop.id}/draft")
    beside = console.locator(".app-draft-statement__trend")
    expect(beside).to_have_count(len(STATEMENTS))
    for index, (was, now, change) in enumerate(SHARES):
        expect(beside.nth(index)).to_have_text(
            f"In the reviews: January review {was}, March review {now} said Yes or partly "
            f"({change[0].lower()}{change[1:]} since the review before)."
        )
    assert_no_axe_violations(console)

    # "You said, we did" for March: each question's results by group, the examples, the change since January.
    report = api.get(f"/api/workshops/{workshop.id}/reviews/{march_id}/report.docx", timeout=DOCUMENT_TIMEOUT)
    assert report.ok
    said = Document(io.BytesIO(report.body()))
    assert said.core_properties.title == "You said, we did: Kent Co-production Charter"
    text = "\n".join(paragraph.text for paragraph in said.paragraphs)
    assert "Opened on 10 March 2026. 9 people have answered." in text
    glance = [[cell.text for cell in row.cells] for row in said.tables[0].rows]
    assert glance == [
        ["Did we \u2026?", "Yes or partly", "Since January review"],
        *[[question["question"], now, change] for question, (_was, now, change) in zip(questions, SHARES, strict=True)],
    ]
    for index, (question, (was, now, change)) in enumerate(zip(questions, SHARES, strict=True)):
        counts = [[cell.text for cell in row.cells] for row in said.tables[1 + index].rows]
        assert counts == expected_counts(MARCH_ANSWERS, index), question["question"]
        direction = change.split()[0]
        assert f"Yes or partly: {now}. {direction} {change.split()[1]} points since January review ({was})." in text
    examples = [paragraph.text for paragraph in said.paragraphs if paragraph.style.name == "List Bullet"]
    assert examples == [f"\u201c{EXAMPLE} in March\u201d (Yes)"]
    report_docx = tmp_path / "you-said-we-did.docx"
    report_docx.write_bytes(report.body())

    # Both documents as LibreOffice renders them, page by page, to look at.
    pages = rendered(tmp_path, charter_docx, report_docx)
    charter_text = pages["kent-charter"]
    assert "Our co-production priorities" in charter_text and "Action plan" in charter_text
    assert "Hold a consultation via the Comms and Engagement group" in charter_text
    assert "Each commitment at a glance" in pages["you-said-we-did"]
    for page in (console, projector, *phones):
        assert page.console_errors == [], page.console_errors
        assert page.csp_violations() == []


def tables_under(blocks) -> dict[str, list[Table]]:
    """Each Heading 1's tables, by the heading's words."""
    under, found = None, {}
    for block in blocks:
        if not isinstance(block, Table) and block.style.name == "Heading 1":
            under = block.text
        elif isinstance(block, Table):
            found.setdefault(under, []).append(block)
    return found


class Person:
    """Someone answering a review from the link, through the same form as the phones, over plain HTTP."""

    def __init__(self, base: str):
        self.base, self.http = base, requests.Session()

    def answer(self, link: str, group: str, answers: dict[int, tuple[str, str]]) -> None:
        page = self.http.get(link).text
        sent = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1], "group": group}
        for statement_id, (value, example) in answers.items():
            sent[f"answer-{statement_id}"] = value
            sent[f"example-{statement_id}"] = example
        answered = self.http.post(link, data=sent, allow_redirects=False)
        assert answered.status_code == 302, answered.text
        assert "your answers are saved" in self.http.get(urljoin(link, answered.headers["Location"])).text


def open_review(console, title: str) -> int:
    console.get_by_label("Name of the review").fill(title)
    console.get_by_role("button", name="Open the review").click()
    expect(console.locator("h1")).to_have_text(title)
    return int(console.url.rstrip("/").rsplit("/", 1)[1])


def set_dates(database: Path, review_id: int, **dates) -> None:
    """When the review opened (and closed): set in the live server's database, as if months had passed."""
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        review = session.get(Review, review_id)
        for name, value in dates.items():
            setattr(review, name, value)
        session.commit()
    engine.dispose()


def answer_everyone(phones, people, link: str, questions: list[dict], rows) -> None:
    """Persons 0, 3 and 6 on the phones in the browser, one of each group; the other six over HTTP."""
    month = "in March" if rows is MARCH_ANSWERS else "in January"
    for number, (row, group) in enumerate(zip(rows, GROUPS, strict=True)):
        example = f"{EXAMPLE} {month}" if number == 0 else ""
        if number % 3:
            answers = {q["id"]: (value, "") for q, value in zip(questions, row, strict=True)}
            answers[questions[0]["id"]] = (row[0], example)
            people[number].answer(link, group, answers)
            continue
        phone = phones[number // 3]
        phone.goto(link)
        phone.get_by_label("I am a … (optional)").select_option(value=group)
        asked = phone.locator(".app-review-answer")
        for index, value in enumerate(row):
            asked.nth(index).get_by_label(WORDS[value], exact=True).check()
        if example:
            asked.nth(0).get_by_label("An example (optional)").fill(example)
        phone.get_by_role("button", name="Send my answers").click()
        expect(phone.locator(".govuk-notification-banner")).to_contain_text("your answers are saved")


def expected_counts(rows, index: int) -> list[list[str]]:
    """The counts table of question `index`: everyone, then each group of three, shown on its own."""

    def counted(values):
        return [str(sum(value == answer for value in values)) for answer in WORDS]

    answers = [row[index] for row in rows]
    table = [["Who", *WORDS.values()], ["Everyone", *counted(answers)]]
    for group, label in GROUP_LABELS.items():
        table.append([label, *counted([a for a, g in zip(answers, GROUPS, strict=True) if g == group])])
    return table


def rendered(tmp_path: Path, *documents: Path) -> dict[str, str]:
    """Each document as PDF (LibreOffice, in one go) and PNG pages in test-artifacts/kent-day/; its text by name."""
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.fail("LibreOffice and poppler are needed to render the documents: run `make test-packages`.")
    profile = tmp_path / "libreoffice-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    texts = {}
    for document in documents:
        pdf = tmp_path / f"{document.stem}.pdf"
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTIFACTS / document.stem)], check=True, timeout=120
        )
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60)
        texts[document.stem] = " ".join(text.stdout.split())
        assert list(ARTIFACTS.glob(f"{document.stem}-*.png"))
    return texts
