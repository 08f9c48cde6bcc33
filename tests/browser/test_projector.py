"""The projector from the back of the room, in Chromium at 1920 x 1080 (and 1280 x 720, a common
projector): the 26 statements of the Warwickshire board in pages that fit the screen, every word
the room must read at 28 px or more, the choices' words never broken; results revealed during
What's missing shown there too; a long notes board, many What's missing cards and a long draft
in pages the same way, never shrunk."""

import itertools
import re
from pathlib import Path

import pytest
from big_screen import BROKEN_LABELS, BROKEN_WORDS, ON_MORE_THAN_ONE_LINE, SMALL_TEXT, SMALLEST_TEXT
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.database import make_engine
from workshop.draft.drafting import place_statement, start_draft
from workshop.live.operations import apply_operation
from workshop.live.participants import join_workshop
from workshop.live.viewers import participant_cookie
from workshop.live.workshops import create_workshop, set_results_revealed, set_stage
from workshop.models import Facilitator, Workshop

EMAIL = "back-row@example.org"
BOARD = {"width": 1920, "height": 1080}
SMALL_BOARD = {"width": 1280, "height": 720}
# A screen loads its page again for a change of view once the server answers: a few seconds at most.
LIVE_TIMEOUT = 10_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "projector"

# The statements on the page shown now, by id.
SHOWN_STATEMENTS = """() => Array.from(document.querySelectorAll("[data-statement-id]"))
  .filter((row) => row.getClientRects().length)
  .map((row) => row.dataset.statementId)"""

# What is on the page shown now: the value of `attribute` of each element that has it.
SHOWN = """(attribute) => Array.from(document.querySelectorAll(`[${attribute}]`))
  .filter((element) => element.getClientRects().length)
  .map((element) => element.getAttribute(attribute))"""


# How the six people tag each statement, by its place on the board: the first all borrow, the
# second nearly all; the third all adapt; the fourth all ignore; the fifth splits two, two and two;
# every other statement three borrow, two adapt and one ignore.
CHOICES = {
    0: ["borrow"] * 6,
    1: ["borrow"] * 5 + ["adapt"],
    2: ["adapt"] * 6,
    3: ["ignore"] * 6,
    4: ["borrow", "adapt", "ignore"] * 2,
}
MOSTLY = ["borrow", "adapt", "borrow", "adapt", "borrow", "ignore"]
# So the summary names two of each, by place on the board: most borrowed 0 and 1; most adapted 2,
# then 4 (a third, as 5 and later have, but earlier); most ignored 3, then 4 (a third); most split
# 4, then 5 (half, as every later one has, but earlier).
SUMMARY = {"borrow": [0, 1], "adapt": [2, 4], "ignore": [3, 4], "split": [4, 5]}


def make_room(database, *, stage="review"):
    """Warwickshire's charter, in `stage` with the results revealed; six people (young people and
    parent carers in turn) who have tagged every statement as CHOICES says."""
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        owner = session.scalar(select(Facilitator).where(Facilitator.email == EMAIL))
        workshop = create_workshop(
            session, owner, title="Back row", area="Warwickshire", charter_slugs=["warwickshire"]
        )
        set_stage(workshop, "review")
        joined = [join_workshop(session, workshop, group=group) for group in ["young_person", "parent_carer"] * 3]
        people, tokens = [person for person, _ in joined], [token for _, token in joined]
        session.commit()
        board = workshop.boards[0]
        statements = board.charter.current_statements
        numbers = itertools.count()
        for position, statement in enumerate(statements):
            for person, value in zip(people, CHOICES.get(position, MOSTLY), strict=True):
                tag = {"kind": "tag", "board_id": board.id, "statement_id": statement.id, "value": value}
                apply_operation(session, person.id, {"id": f"back-row-{next(numbers)}", **tag})
        set_stage(workshop, stage)
        set_results_revealed(workshop, True)
        session.commit()
        room = {
            "url": f"/projector/{workshop.code}/{workshop.projector_key}",
            "console": f"/workshops/{workshop.id}",
            "code": workshop.code,
            "workshop_id": workshop.id,
            "board_id": board.id,
            "tokens": tokens,
            "statements": [statement.id for statement in statements],
            "texts": [statement.text for statement in statements],
        }
    engine.dispose()
    return room


@pytest.fixture
def room(live_server_database, facilitator_account):
    facilitator_account(EMAIL)
    return make_room(live_server_database)


def check_page(projector):
    assert projector.evaluate(SMALL_TEXT, SMALLEST_TEXT) == []
    assert projector.evaluate(BROKEN_LABELS) == []
    assert projector.evaluate(BROKEN_WORDS) == []
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")


def on_a_smaller_screen(projector):
    """At 1280 x 720, once the pages are laid out again for it: the same pages, in proportion."""
    projector.set_viewport_size(SMALL_BOARD)
    projector.wait_for_function("document.querySelector('[data-pages]').getBoundingClientRect().bottom <= innerHeight")
    assert projector.evaluate(SMALL_TEXT, SMALLEST_TEXT * 2 / 3) == []
    assert projector.evaluate(BROKEN_WORDS) == []
    assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")


def every_page(projector, attribute):
    """Pauses the pages and goes through them all, checking each; the values of `attribute` on them."""
    pager = projector.locator("[data-pager]")
    expect(pager).to_be_visible()
    count = int(projector.locator("[data-page-count]").inner_text())
    projector.get_by_role("button", name="Pause").click()
    seen = []
    for number in range(1, count + 1):
        expect(pager).to_contain_text(f"Page {number} of {count}")
        check_page(projector)
        seen += projector.evaluate(SHOWN, attribute)
        projector.keyboard.press("ArrowRight")
    return seen


def test_the_warwickshire_board_is_shown_in_pages_readable_from_the_back_of_the_room(
    room, fresh_page, assert_no_axe_violations
):
    projector = fresh_page(viewport=BOARD)
    projector.goto(room["url"])
    pager = projector.locator("[data-pager]")
    expect(pager).to_be_visible()
    count = int(projector.locator("[data-page-count]").inner_text())
    assert count >= 2
    # The room can hold a page while it talks: the pages wait until they are told to go on.
    projector.get_by_role("button", name="Pause").click()
    expect(projector.get_by_role("button", name="Pause", pressed=True)).to_be_visible()
    seen = []
    for number in range(1, count + 1):
        expect(pager).to_contain_text(f"Page {number} of {count}")
        check_page(projector)
        # What the page shows in all, small groups too, in one line above every page.
        assert projector.evaluate(ON_MORE_THAN_ONE_LINE, ".app-projector__note") == []
        seen += projector.evaluate(SHOWN_STATEMENTS)
        if number in (1, count):
            assert_no_axe_violations(projector)
        projector.keyboard.press("ArrowRight")
    expect(pager).to_contain_text(f"Page 1 of {count}")
    # Every statement once, each with its figures: the last page holds the notes.
    assert sorted(map(int, seen)) == sorted(room["statements"])
    first = projector.locator(f"[data-statement-id='{room['statements'][0]}']")
    expect(first.locator("[data-count]")).to_have_text(["6", "0", "0"])
    expect(first.locator("[data-by-group]")).to_contain_text("Young person: 3 borrow")
    projector.screenshot(path=screenshot_path("projector-overview-1920x1080"))
    # A common projector: the same pages, in proportion.
    on_a_smaller_screen(projector)
    expect(pager).to_contain_text("Page 1 of")
    assert projector.evaluate(BROKEN_LABELS) == []
    assert projector.evaluate(ON_MORE_THAN_ONE_LINE, ".app-projector__note") == []
    projector.screenshot(path=screenshot_path("projector-overview-1280x720"))
    assert projector.console_errors == []


def test_the_lobby_is_on_one_screen_at_a_size_the_back_of_the_room_can_read(
    live_server_database, facilitator_account, fresh_page, assert_no_axe_violations
):
    facilitator_account(EMAIL)
    lobby = make_room(live_server_database, stage="lobby")
    projector = fresh_page(viewport=BOARD)
    projector.goto(lobby["url"])
    expect(projector.locator("h1")).to_have_text("Join the workshop")
    for size, name in ((BOARD, "1920x1080"), (SMALL_BOARD, "1280x720")):
        projector.set_viewport_size(size)
        # The address, the code and the QR code side by side, on one page, never shrunk.
        expect(projector.locator(".app-projector__code")).to_have_text(lobby["code"])
        expect(projector.locator(".app-projector__code")).to_be_in_viewport(ratio=1)
        expect(projector.locator(".app-projector__qr")).to_be_in_viewport(ratio=1)
        expect(projector.locator("[data-joined-text]")).to_have_text("6 people have joined")
        expect(projector.locator("[data-pager]")).to_be_hidden()
        smallest = SMALLEST_TEXT * size["height"] / BOARD["height"]
        assert projector.evaluate(SMALL_TEXT, smallest) == []
        assert projector.evaluate(BROKEN_WORDS) == []
        assert projector.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
        assert_no_axe_violations(projector)
        projector.screenshot(path=screenshot_path(f"projector-lobby-{name}"))
    assert projector.console_errors == []


def test_the_pause_button_says_whether_the_pages_are_held(room, fresh_page, assert_no_axe_violations):
    projector = fresh_page(viewport=BOARD)
    # The page's own clock, moved on by the test rather than waited for.
    projector.clock.install()
    projector.goto(room["url"])
    pager = projector.locator("[data-pager]")
    pause = projector.get_by_role("button", name="Pause")
    paused = pager.locator("[data-paused]")
    expect(pager).to_contain_text("Page 1 of")
    assert int(projector.locator("[data-page-count]").inner_text()) >= 3
    expect(pause).to_have_attribute("aria-pressed", "false")
    expect(paused).to_be_hidden()
    projector.clock.fast_forward("00:16")
    expect(pager).to_contain_text("Page 2 of")

    # Pressed, the pages stay where they are, and the button and the pager say so.
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(paused).to_be_visible()
    expect(pager.locator(".app-pager__where")).to_have_text(re.compile(r"^Page 2 of \d+, paused$"))
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-paused-1920x1080"))
    projector.clock.fast_forward("01:00")
    expect(pager).to_contain_text("Page 2 of")
    expect(paused).to_be_visible()

    # Pressed again (here with P, the keyboard's shortcut), they go on.
    pause.blur()
    projector.keyboard.press("p")
    expect(pause).to_have_attribute("aria-pressed", "false")
    expect(paused).to_be_hidden()
    projector.clock.fast_forward("00:16")
    expect(pager).to_contain_text("Page 3 of")
    assert projector.console_errors == []


def test_results_revealed_during_whats_missing_are_shown_on_the_projector(
    live_server_database, facilitator_account, fresh_page, assert_no_axe_violations
):
    facilitator_account(EMAIL)
    missing = make_room(live_server_database, stage="missing")
    projector = fresh_page(viewport=BOARD)
    projector.goto(missing["url"])
    expect(projector.locator("h1")).to_have_text("What's missing?")
    pager = projector.locator("[data-pager]")
    expect(pager).to_contain_text("Page 1 of")
    projector.keyboard.press("ArrowRight")
    expect(pager).to_contain_text("Page 2 of")
    first = projector.locator(f"[data-statement-id='{missing['statements'][0]}']")
    expect(first).to_be_visible()
    expect(first.locator("[data-count]")).to_have_text(["6", "0", "0"])
    check_page(projector)
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-missing-results-1920x1080"))
    assert projector.console_errors == []


def test_the_facilitator_puts_one_statement_up_large_and_moves_it_with_next_and_previous(
    room, fresh_page, facilitator_account, live_server, assert_no_axe_violations
):
    console = fresh_page(viewport={"width": 1366, "height": 768})
    facilitator_account(EMAIL).sign_in(console)
    console.goto(room["console"])
    projector = fresh_page(viewport=BOARD)
    projector.goto(room["url"])
    expect(projector.locator("[data-pager]")).to_be_visible()
    # The console is never loaded again for the big screen's buttons: what is set on its page now stays.
    console.evaluate("window.stillTheSamePage = true")

    # N on the console: the first statement, large, on the big screen.
    console.keyboard.press("n")
    expect(console.locator("[data-big-screen-now]")).to_contain_text(room["texts"][0])
    focus = projector.locator("h1.app-focus__text")
    expect(focus).to_have_text(room["texts"][0], timeout=LIVE_TIMEOUT)
    assert float(focus.evaluate("(heading) => parseFloat(getComputedStyle(heading).fontSize)")) >= 48
    expect(projector.locator(".app-focus__where")).to_contain_text("Statement 1 of 26")
    shown = projector.locator("[data-focus]")
    expect(shown.locator("[data-count]")).to_have_text(["6", "0", "0"])
    check_page(projector)
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-focus-1920x1080"))
    projector.set_viewport_size(SMALL_BOARD)
    projector.screenshot(path=screenshot_path("projector-focus-1280x720"))
    projector.set_viewport_size(BOARD)

    # A phone changes its tag: the big screen follows within a second.
    phone = fresh_page()
    cookie = {"name": participant_cookie(room["workshop_id"]), "value": room["tokens"][0], "url": live_server}
    phone.context.add_cookies([cookie])
    phone.goto(f"/w/{room['code']}")
    token = phone.locator("input[name=csrf_token]").first.input_value()
    # The first person borrowed the first statement (make_room): now they ignore it.
    form = {"csrf_token": token, "operation_id": "back-row-change", "kind": "tag", "value": "ignore"}
    form |= {"board_id": str(room["board_id"]), "statement_id": str(room["statements"][0])}
    response = phone.request.post(f"/w/{room['code']}", form=form, max_redirects=0)
    assert response.status == 302
    expect(shown.locator("[data-count]")).to_have_text(["5", "0", "1"], timeout=1_000)

    # Next, next, previous: the second statement.
    for key, position in (("n", 2), ("n", 3), ("p", 2)):
        console.keyboard.press(key)
        # The console says what the big screen now shows, drawn again in place, and says it aloud too.
        expect(console.locator("[data-big-screen-now]")).to_contain_text(room["texts"][position - 1])
        expect(console.locator("[data-control-said]")).to_contain_text(room["texts"][position - 1])
        expect(projector.locator(".app-focus__where")).to_contain_text(
            f"Statement {position} of 26", timeout=LIVE_TIMEOUT
        )
    expect(focus).to_have_text(room["texts"][1])
    # Pressed quickly, one after another: each press moves the big screen on once, in order.
    for key in ("p", "n", "n"):
        console.keyboard.press(key)
    expect(console.locator("[data-big-screen-now]")).to_contain_text(room["texts"][2])
    expect(projector.locator(".app-focus__where")).to_contain_text("Statement 3 of 26", timeout=LIVE_TIMEOUT)
    assert_no_axe_violations(console)
    # The console's preview is the big screen's own page, following through its own connection.
    preview = console.frame_locator("iframe[title='The big screen, as the room sees it']")
    expect(preview.locator("h1.app-focus__text")).to_have_text(room["texts"][2], timeout=LIVE_TIMEOUT)

    # Past the first statement: the console says why nothing moved, in its alert region, by the buttons.
    console.get_by_role("button", name="Show large on the big screen: " + room["texts"][0]).click()
    expect(console.locator("[data-big-screen-now]")).to_contain_text(room["texts"][0])
    console.keyboard.press("p")
    refused = console.locator("#big-screen [data-control-message]")
    expect(refused).to_have_text("Error: The big screen already shows the first statement.")
    expect(refused).to_have_attribute("role", "alert")
    console.locator("#big-screen-title").evaluate("(heading) => heading.scrollIntoView()")
    console.screenshot(path=screenshot_path("console-big-screen-refused-1366x768"))
    assert_no_axe_violations(console)
    # The next change that works clears it.
    console.keyboard.press("n")
    expect(console.locator("[data-big-screen-now]")).to_contain_text(room["texts"][1])
    expect(refused).to_be_hidden()

    # Back to every statement. The button pressed is gone: the keyboard's focus goes to what the big screen shows.
    console.get_by_role("button", name="Every statement").click()
    expect(console.locator("[data-big-screen-now]")).to_contain_text("every statement")
    expect(console.locator("[data-big-screen-now]")).to_be_focused()
    expect(projector.locator("[data-pager]")).to_be_visible(timeout=LIVE_TIMEOUT)
    assert console.evaluate("window.stillTheSamePage === true")
    # The browser's only complaint is the refused press's answer, 400.
    assert projector.console_errors == [] and len(console.console_errors) == 1
    assert "status of 400 (BAD REQUEST)" in console.console_errors[0] and "/control" in console.console_errors[0]


def test_a_second_console_follows_the_big_screen_in_place(
    room, fresh_page, facilitator_account, assert_no_axe_violations
):
    """Two facilitators' consoles: what one does to the big screen, the other shows at once, drawn in place."""
    account = facilitator_account(EMAIL)
    consoles = []
    for _ in range(2):
        console = fresh_page(viewport={"width": 1366, "height": 768})
        account.sign_in(console)
        console.goto(room["console"])
        console.evaluate("window.stillTheSamePage = true")
        consoles.append(console)
    pressing, watching = consoles
    watching.get_by_role("button", name="Phones follow the big screen").focus()

    pressing.keyboard.press("n")
    expect(watching.locator("[data-big-screen-now]")).to_contain_text(room["texts"][0], timeout=LIVE_TIMEOUT)
    pressing.get_by_role("button", name="Phones follow the big screen").click()
    expect(watching.locator("[data-phones-follow]")).to_contain_text("follow the big screen", timeout=LIVE_TIMEOUT)
    # The watching facilitator's keyboard focus was on that button: it is on the one that took its place.
    expect(watching.get_by_role("button", name="Let people move at their own pace")).to_be_focused()
    pressing.get_by_role("button", name="Hide results").click()
    expect(watching.locator("[data-console-part=results-now]")).to_have_text(
        "Hidden from the room", timeout=LIVE_TIMEOUT
    )
    # The watching console then presses on from where the other left the big screen.
    watching.keyboard.press("n")
    expect(pressing.locator("[data-big-screen-now]")).to_contain_text(room["texts"][1], timeout=LIVE_TIMEOUT)
    assert_no_axe_violations(watching)
    for console in consoles:
        assert console.evaluate("window.stillTheSamePage === true")
        assert console.console_errors == []


def test_phones_follow_the_big_screen_when_the_facilitator_asks_but_never_under_someones_typing(
    room, fresh_page, facilitator_account, live_server, assert_no_axe_violations
):
    console = fresh_page(viewport={"width": 1366, "height": 768})
    facilitator_account(EMAIL).sign_in(console)
    console.goto(room["console"])
    phone = fresh_page(viewport={"width": 390, "height": 844})
    cookie = {"name": participant_cookie(room["workshop_id"]), "value": room["tokens"][0], "url": live_server}
    phone.context.add_cookies([cookie])
    phone.goto(f"/w/{room['code']}")
    shown = phone.locator(".app-statement:visible .app-statement__text")
    expect(shown).to_have_text(room["texts"][0])

    def big_screen_shows(position):
        console.keyboard.press("n")
        expect(console.locator("[data-big-screen-now]")).to_contain_text(room["texts"][position])

    # Until the facilitator asks, each person moves at their own pace.
    big_screen_shows(0)
    big_screen_shows(1)
    expect(console.locator("[data-phones-follow]")).to_contain_text("each person moves at their own pace")
    console.get_by_role("button", name="Phones follow the big screen").click()
    expect(console.locator("[data-phones-follow]")).to_contain_text("follow the big screen")
    # The button pressed has become its opposite, and the keyboard's focus is on it.
    expect(console.get_by_role("button", name="Let people move at their own pace")).to_be_focused()
    # Asked, the phone goes to the statement on the big screen, and on with it.
    expect(shown).to_have_text(room["texts"][1], timeout=LIVE_TIMEOUT)
    big_screen_shows(2)
    expect(shown).to_have_text(room["texts"][2], timeout=LIVE_TIMEOUT)

    # Someone writing a comment stays where they are, told where the big screen is.
    statement = phone.locator(".app-statement:visible")
    statement.get_by_text("Add a comment").click()
    statement.get_by_label("Your comment on this statement").fill("Who is in the room?")
    big_screen_shows(3)
    notice = phone.locator("#follow-notice")
    expect(notice).to_contain_text(f"The big screen now shows: \u201c{room['texts'][3]}\u201d", timeout=LIVE_TIMEOUT)
    expect(shown).to_have_text(room["texts"][2])
    expect(statement.get_by_label("Your comment on this statement")).to_have_value("Who is in the room?")
    assert_no_axe_violations(phone)
    phone.screenshot(path=screenshot_path("phone-follow-notice-390x844"))
    # They go when they are ready; what they wrote goes with them.
    notice.get_by_role("button", name="Go to it").click()
    expect(shown).to_have_text(room["texts"][3])
    expect(notice).to_be_hidden()
    expect(console.locator("[data-list=comment]")).to_contain_text("Who is in the room?", timeout=LIVE_TIMEOUT)

    # Let go again: the phone stays where its person is.
    console.get_by_role("button", name="Let people move at their own pace").click()
    expect(console.locator("[data-phones-follow]")).to_contain_text("each person moves at their own pace")
    big_screen_shows(4)
    # The phone hears of the pause after the move (each phone hears the room in order).
    console.get_by_role("button", name="Pause tagging").click()
    expect(phone.locator("#paused")).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(shown).to_have_text(room["texts"][3])
    expect(notice).to_be_hidden()
    assert phone.console_errors == [] and console.console_errors == []


# Per part of the summary, the statements it names, by id, on every page.
SUMMARY_NAMES = """(part) => Array.from(
  document.querySelectorAll(`[data-summary-part="${part}"] [data-summary-statement]`),
).map((item) => Number(item.dataset.summaryStatement))"""


def test_where_the_room_agrees_and_disagrees_names_the_right_statements(
    room, fresh_page, facilitator_account, assert_no_axe_violations
):
    console = fresh_page(viewport={"width": 1366, "height": 768})
    facilitator_account(EMAIL).sign_in(console)
    console.goto(room["console"])
    projector = fresh_page(viewport=BOARD)
    projector.goto(room["url"])
    expect(projector.locator("[data-pager]")).to_be_visible()

    console.get_by_role("button", name="Where the room agrees").click()
    expect(projector.locator("h1")).to_have_text("Where the room agrees and disagrees", timeout=LIVE_TIMEOUT)
    for part, places in SUMMARY.items():
        assert projector.evaluate(SUMMARY_NAMES, part) == [room["statements"][place] for place in places], part
    borrowed = projector.locator("[data-summary-part=borrow] .app-summary__figure")
    expect(borrowed.first).to_have_text("6 of 6 borrowed it (100%)")
    split = projector.locator("[data-summary-part=split] .app-summary__figure")
    expect(split.first).to_have_text("Borrow 2, Adapt 2, Ignore 2: no choice above 33%")
    check_page(projector)
    # All of it at a glance, on one page.
    expect(projector.locator("[data-pager]")).to_be_hidden()
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-summary-1920x1080"))
    projector.set_viewport_size(SMALL_BOARD)
    assert projector.evaluate(SMALL_TEXT, SMALLEST_TEXT * 2 / 3) == []
    projector.screenshot(path=screenshot_path("projector-summary-1280x720"))
    # What the console previews is what the room sees.
    expect(console.locator("[data-big-screen-now]")).to_contain_text("where the room agrees and disagrees")
    preview = console.frame_locator("iframe[title='The big screen, as the room sees it']")
    expect(preview.locator("h1")).to_have_text("Where the room agrees and disagrees")
    console.screenshot(path=screenshot_path("console-big-screen-1366x768"), full_page=True)
    assert projector.console_errors == [] and console.console_errors == []


# What people write, from a few words to a long paragraph, for notes, cards and the draft.
WORDS = [
    "Meet in the evenings as well",
    "Say how long replies will take, and who to ask when they do not come",
    "Use plain English in every letter, and say what any words we have to use mean",
    "Pay for the travel and the childcare of parent carers who come to meetings, and pay them on the day",
    "Young people chair some of the meetings",
    "Tell families what changed because of what they said, even when the answer is no, within a month",
]


def wording(number):
    return f"{WORDS[number % len(WORDS)]} ({number + 1})"


def fill_room(database, room, *, notes=0, cards=0, draft=0):
    """Adds `notes` notes (in turn in each column), `cards` What's missing cards and a draft with
    `draft` statements (in turn under each of Kent's themes) to the room."""
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        workshop = session.get(Workshop, room["workshop_id"])
        stage = workshop.stage
        people = [participant.id for participant in workshop.participants]
        operations = [
            {"kind": "note", "board_id": room["board_id"], "column": column, "text": wording(number)}
            for number, column in zip(range(notes), itertools.cycle(["borrow", "adapt", "ignore", "missing"]))
        ]
        operations += [{"kind": "add_card", "text": wording(number)} for number in range(cards)]
        for number, operation in enumerate(operations):
            set_stage(workshop, "missing" if operation["kind"] == "add_card" else "review")
            apply_operation(session, people[number % len(people)], {"id": f"fill-{number}", **operation})
        set_stage(workshop, stage)
        if draft:
            started = start_draft(session, workshop, "kent")
            for number, theme in zip(range(draft), itertools.cycle(started.themes)):
                place_statement(session, started, theme.id, text=f"We will {wording(number).lower()}")
        session.commit()
    engine.dispose()


def test_a_long_notes_board_goes_on_over_pages_of_its_own(
    live_server_database, facilitator_account, fresh_page, assert_no_axe_violations
):
    facilitator_account(EMAIL)
    noted = make_room(live_server_database)
    fill_room(live_server_database, noted, notes=40)
    projector = fresh_page(viewport=BOARD)
    projector.goto(noted["url"])
    seen = every_page(projector, "data-note-id")
    # Every note once, in pages of their own after the statements.
    assert len(seen) == len(set(seen)) == 40
    expect(projector.locator(".app-notes__title").first).to_have_text("Notes: Borrow")
    # The last page: notes.
    projector.keyboard.press("ArrowLeft")
    assert projector.evaluate(SHOWN, "data-note-id")
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-notes-1920x1080"))
    assert projector.console_errors == []


def test_many_whats_missing_cards_go_on_over_pages(
    live_server_database, facilitator_account, fresh_page, assert_no_axe_violations
):
    facilitator_account(EMAIL)
    missing = make_room(live_server_database, stage="missing")
    fill_room(live_server_database, missing, cards=36)
    projector = fresh_page(viewport=BOARD)
    projector.goto(missing["url"])
    expect(projector.locator("h1")).to_have_text("What's missing?")
    seen = every_page(projector, "data-card-id")
    assert len(seen) == len(set(seen)) == 36
    # The cards come first, then (revealed) the statements, on pages of their own.
    expect(projector.locator("[data-pager]")).to_contain_text("Page 1 of")
    assert projector.evaluate(SHOWN_STATEMENTS) == []
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-cards-1920x1080"))
    on_a_smaller_screen(projector)
    projector.screenshot(path=screenshot_path("projector-cards-1280x720"))
    assert projector.console_errors == []


def test_a_long_draft_goes_on_over_pages_and_shows_the_page_of_each_change(
    live_server_database, facilitator_account, fresh_page, assert_no_axe_violations
):
    account = facilitator_account(EMAIL)
    merging = make_room(live_server_database, stage="merge")
    fill_room(live_server_database, merging, draft=45)
    console = fresh_page(viewport={"width": 1366, "height": 768})
    account.sign_in(console)
    projector = fresh_page(viewport=BOARD)
    projector.goto(merging["url"])
    expect(projector.locator("h1")).to_have_text("Warwickshire Co-production Charter")
    seen = every_page(projector, "data-draft-statement-id")
    assert len(seen) == len(set(seen)) == 45
    # The results revealed, after the draft: every statement with how the room tagged it.
    revealed = projector.locator("[data-statement-id]")
    expect(revealed).to_have_count(26)
    expect(revealed.first.locator("[data-count]")).to_have_text(["6", "0", "0"])
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-draft-1920x1080"))

    # The facilitator rewords the last statement: the big screen turns to its page and marks it.
    api = f"/api/workshops/{merging['workshop_id']}/draft"
    draft = console.request.get(api).json()
    last = draft["themes"][-1]["statements"][-1]["id"]
    answer = console.request.patch(f"{api}/statements/{last}", data={"text": "We will meet in the evenings too"})
    assert answer.ok
    changed = projector.locator(".app-pdraft__statement--changed")
    expect(changed).to_have_text("We will meet in the evenings too", timeout=LIVE_TIMEOUT)
    expect(changed).to_be_visible()
    check_page(projector)
    on_a_smaller_screen(projector)
    projector.screenshot(path=screenshot_path("projector-draft-1280x720"))
    assert projector.console_errors == [] and console.console_errors == []


def add_words(database, room, people):
    """`people` more people join, and each suggests a wording of the first statement and comments on it."""
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        workshop = session.get(Workshop, room["workshop_id"])
        on_it = {"board_id": room["board_id"], "statement_id": room["statements"][0]}
        for number in range(people):
            person, _token = join_workshop(session, workshop, group="health")
            session.flush()
            for kind in ("reword", "comment"):
                operation = {"id": f"words-{kind}-{number}", "kind": kind, "text": wording(number), **on_it}
                apply_operation(session, person.id, operation)
        session.commit()
    engine.dispose()


def test_many_rewordings_and_comments_of_the_statement_in_focus_go_on_over_pages(
    room, live_server_database, fresh_page, facilitator_account, live_server, assert_no_axe_violations
):
    add_words(live_server_database, room, 14)
    console = fresh_page(viewport={"width": 1366, "height": 768})
    facilitator_account(EMAIL).sign_in(console)
    control = f"/api/workshops/{room['workshop_id']}/control"
    focus = {"action": "focus", "board_id": room["board_id"], "statement_id": room["statements"][0]}
    assert console.request.post(control, data=focus).ok
    projector = fresh_page(viewport=BOARD)
    projector.goto(room["url"])
    statement = projector.locator("h1.app-focus__text")
    expect(statement).to_have_text(room["texts"][0])

    # Every wording and comment, once, newest first, a page at a time: none cut off.
    shown = projector.locator(".app-note:visible")
    expect(shown.first).to_have_text(wording(13))
    seen = every_page(projector, "data-word-key")
    assert len(seen) == len(set(seen)) == 28
    assert {key.split("-")[0] for key in seen} == {"rewording", "comment"}
    # The statement stays on every page, large.
    assert float(statement.evaluate("(heading) => parseFloat(getComputedStyle(heading).fontSize)")) >= 48
    pager = projector.locator("[data-pager]")
    count = int(projector.locator("[data-page-count]").inner_text())
    projector.keyboard.press("ArrowRight")
    expect(pager).to_contain_text(f"Page 2 of {count}")
    assert_no_axe_violations(projector)
    projector.screenshot(path=screenshot_path("projector-focus-many-1920x1080"))

    # A new wording from a phone, while the room reads page 2: the page stays, the wording goes first.
    phone = fresh_page()
    cookie = {"name": participant_cookie(room["workshop_id"]), "value": room["tokens"][0], "url": live_server}
    phone.context.add_cookies([cookie])
    phone.goto(f"/w/{room['code']}")
    token = phone.locator("input[name=csrf_token]").first.input_value()
    form = {"csrf_token": token, "operation_id": "many-words-new", "kind": "reword", "text": "Say it plainly"}
    form |= {"board_id": str(room["board_id"]), "statement_id": str(room["statements"][0])}
    assert phone.request.post(f"/w/{room['code']}", form=form, max_redirects=0).status == 302
    newest = projector.locator("[data-words=rewordings] > li", has_text="Say it plainly")
    expect(newest).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(pager).to_contain_text("Page 2 of")
    projector.keyboard.press("ArrowLeft")
    expect(pager).to_contain_text("Page 1 of")
    expect(projector.locator("[data-words=rewordings] > li:visible").first).to_have_text("Say it plainly")

    # Hidden by the facilitator: gone from the big screen.
    on_screen = projector.locator("[data-word-key]")
    before = on_screen.count()
    hidden_key = projector.locator("[data-words=comments] > li").first.get_attribute("data-word-key")
    hide = {"action": "hide", "kind": "comment", "item_id": int(hidden_key.split("-")[1])}
    assert console.request.post(control, data=hide).ok
    expect(projector.locator(f"[data-word-key='{hidden_key}']")).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(on_screen).to_have_count(before - 1)
    check_page(projector)

    # A common projector: the same, in proportion.
    on_a_smaller_screen(projector)
    projector.screenshot(path=screenshot_path("projector-focus-many-1280x720"))
    assert projector.console_errors == [] and phone.console_errors == []


def screenshot_path(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
