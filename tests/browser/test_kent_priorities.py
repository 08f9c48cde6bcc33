"""Kent's priorities board and action plan: seven outcomes, three phones with three votes each, the chosen priorities.

The facilitator lists Kent's outcomes from the console and moves the room to
the Priorities stage; three phones (scripts on) add barriers and ideas and
support each other's; the projector shows the cards as they come. Voting
starts; each phone places its three votes and is told when none are left; the
projector ranks the cards live; the facilitator confirms the three priorities
Kent chose, then writes the action plan, which every screen shows as it is
written; the room moves on to the draft, whose Word document holds the
chosen priorities and the action plan. Every state is checked with axe, and screenshots are saved in
test-artifacts/screenshots/kent-priorities/.
"""

import io
import itertools

import pytest
from big_screen import SMALL_TEXT, SMALLEST_TEXT
from docx import Document
from docx.table import Table
from playwright.sync_api import expect

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


def test_kents_priorities_board_with_three_votes_each(
    room, wait_for_stage, assert_no_axe_violations, screenshot, assert_large_enough_to_tap
):
    workshop, console, projector, phones = room

    # The facilitator lists Kent's seven outcomes, and moves the room on.
    console.get_by_role(
        "button", name="Add Kent's strategic outcomes for children and young people with SEND (7)"
    ).click()
    expect(console.locator(".app-outcomes__item")).to_have_count(7)
    expect(console.locator(".app-outcomes__item").nth(4)).to_contain_text(SCHOOL)
    assert_no_axe_violations(console)
    console.get_by_role("button", name="Priorities", exact=True).click()
    expect(console.locator(".app-stages__current")).to_contain_text("Priorities")
    # The phones were only waiting in the lobby: they go there by themselves.
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
    assert api.post(
        f"/api/workshops/{workshop.id}/draft/statements", data={"theme_id": theme, "text": "We will listen"}
    ).ok
    download = api.get(f"/api/workshops/{workshop.id}/draft.docx")
    assert download.ok
    document = Document(io.BytesIO(download.body()))
    blocks = list(document.iter_inner_content())
    headings = [block.text for block in blocks if not isinstance(block, Table) and block.style.name == "Heading 1"]
    assert headings.index("Our co-production priorities") < headings.index("Action plan")
    chosen = [block.text for block in blocks if not isinstance(block, Table) and block.style.name == "List Bullet"]
    for text in CHOSEN:
        assert any(item.startswith(text) for item in chosen), text
    under = None
    plans = []
    for block in blocks:
        if not isinstance(block, Table) and block.style.name == "Heading 1":
            under = block.text
        elif isinstance(block, Table) and under == "Action plan":
            plans.append(block)
    (plan,) = plans
    assert [cell.text for cell in plan.rows[0].cells] == ["Action", "Who", "By when", "What it is for"]
    assert [cell.text for cell in plan.rows[1].cells] == [*ACTIONS[0][:3], f"Priority: {ACTIONS[0][3]}"]
    for page in (console, projector, *phones):
        assert page.console_errors == [], page.console_errors
        assert page.csp_violations() == []
