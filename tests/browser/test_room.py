"""A whole workshop as a room runs it, in one browser: the facilitator's console on a laptop,
three phones of different sizes (Playwright's descriptors of real phones, all in Chromium)
and the projector. The phones join by the link, tag, reword, comment, add and support cards;
the projector shows the counts once they are revealed; a card the facilitator hides leaves
every screen at once.

At every stage each screen is checked with axe-core, and the phone (360 x 640), the projector
(1920 x 1080) and the console (1366 x 768) are photographed into test-artifacts/screenshots/room/,
with each phone at its own size too.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "room"
EMAIL = "room-lead@example.org"
CONSOLE = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
PHONES = ("iPhone SE", "Galaxy S8", "Pixel 7")
# The one photographed as "phone", at 360 x 640; the others at their own sizes.
PHONE_360 = "Galaxy S8"
LIVE_TIMEOUT = 15_000
CAN_DO = "We will focus on solutions with a 'can do' approach"
REWORDING = "We will look for solutions together, with families"

# The contrast of each bar against what is behind it (WCAG 1.4.11 asks 3:1 of graphics).
BAR_CONTRASTS = """(selector) => {
  const channels = (colour) => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (colour) => {
    const [r, g, b] = channels(colour).map((value) => {
      value /= 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const behind = (element) => {
    for (let at = element; at; at = at.parentElement) {
      const colour = getComputedStyle(at).backgroundColor;
      if (!/transparent|rgba\\(.*, 0\\)$/.test(colour)) {
        return colour;
      }
    }
    return "rgb(255, 255, 255)";
  };
  return Array.from(document.querySelectorAll(selector), (bar) => {
    const style = getComputedStyle(bar);
    const own = luminance(bar instanceof SVGElement ? style.fill : style.backgroundColor);
    const back = luminance(behind(bar.parentElement));
    return (Math.max(own, back) + 0.05) / (Math.min(own, back) + 0.05);
  });
}"""


class Room:
    """The screens of one workshop, to check and photograph together."""

    def __init__(self, workshop, console, projector, phones, fixtures):
        self.workshop = workshop
        self.console = console
        self.projector = projector
        self.phones = phones
        self.check_axe = fixtures.getfixturevalue("assert_no_axe_violations")
        self.check_fits = fixtures.getfixturevalue("assert_fits")
        self.screenshot = fixtures.getfixturevalue("screenshot")
        self.click_and_wait = fixtures.getfixturevalue("click_and_wait")
        self.wait_for_stage = fixtures.getfixturevalue("wait_for_stage")

    @property
    def screens(self):
        return [self.console, self.projector, *self.phones.values()]

    def check(self, stage):
        """axe on every screen, no sideways scrolling at 320 px (400% zoom), then photographs of each."""
        for screen in self.screens:
            self.check_axe(screen)
            self.check_fits(screen, 320)
        self.screenshot(self.console, f"room/{stage}", sizes=("console",))
        self.screenshot(self.projector, f"room/{stage}", sizes=("projector",))
        self.screenshot(self.phones[PHONE_360], f"room/{stage}", sizes=("phone",))
        for name, phone in self.phones.items():
            if name == PHONE_360:
                continue
            path = SCREENSHOTS / f"{stage}-{name.lower().replace(' ', '-')}.png"
            phone.screenshot(path=str(path), full_page=True, animations="disabled", scale="css")

    def move_to(self, button_name, stage):
        self.click_and_wait(self.console, self.console.get_by_role("button", name=button_name))
        for phone in self.phones.values():
            self.wait_for_stage(phone, stage)


def shown_statement(phone):
    return phone.locator(".app-statement:visible")


@pytest.fixture
def room(request, fresh_page, devices, facilitator_account):
    console = fresh_page(viewport=CONSOLE)
    facilitator_account(EMAIL).sign_in(console)
    workshop = facilitator_account(EMAIL).create_workshop(console, title="Refreshing Kent's charter")
    projector = fresh_page(viewport=PROJECTOR)
    projector.goto(workshop.projector_url)
    phones = {name: fresh_page(**devices[name]) for name in PHONES}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return Room(workshop, console, projector, phones, request)


def test_a_workshop_runs_with_a_console_three_phones_and_a_projector(
    room, click_and_wait, wait_for_stage, assert_large_enough_to_tap
):
    console, projector, phones = room.console, room.projector, room.phones
    sam, alex, priya = (phones[name] for name in PHONES)
    join_link = console.locator(".app-join__link").get_attribute("href")

    # Lobby: everyone joins by the link; the projector and the console count them.
    for phone, name, group in ((sam, "Sam", "Parent carer"), (alex, "", "Young person"), (priya, "Priya", "Health")):
        phone.goto(join_link)
        phone.get_by_label("Your name (optional)").fill(name)
        phone.get_by_label(group, exact=True).check()
        phone.get_by_role("button", name="Join the workshop").tap()
        wait_for_stage(phone, "lobby")
    expect(projector.locator("[data-joined-text]")).to_have_text("3 people have joined")
    expect(console.locator("[data-list=people] [data-items] > li")).to_have_count(3)
    expect(console.locator("[data-next-step]")).to_have_text("When everyone has joined, move the room to Review.")
    for phone in phones.values():
        expect(phone.locator(".app-number")).to_contain_text("Your number is")
    room.check("lobby")

    # Review: one statement at a time on each phone; the tag a person makes is announced.
    room.move_to("Review", "review")
    expect(projector.locator(".app-projector__note")).to_contain_text("Results are hidden")
    shown_statement(sam).locator(".app-tag[value=borrow]").tap()
    expect(sam.locator("#live-announcer")).to_contain_text("Borrow chosen for statement 1 of 18")
    sam.get_by_role("button", name="Next").tap()
    expect(shown_statement(sam).locator("h3")).to_have_text("Statement 2 of 18")

    statement = shown_statement(alex)
    statement.locator(".app-tag[value=adapt]").tap()
    expect(alex.locator("#live-announcer")).to_contain_text("Adapt chosen for statement 1 of 18")
    statement.get_by_label("Your suggested wording").fill(REWORDING)
    statement.get_by_role("button", name="Save my wording").tap()
    expect(statement.locator("[data-note]")).to_have_text("Saved", use_inner_text=True)

    statement = shown_statement(priya)
    statement.locator(".app-tag[value=ignore]").tap()
    priya.get_by_role("button", name="Next").tap()
    expect(shown_statement(priya).locator("h3")).to_have_text("Statement 2 of 18")
    statement = shown_statement(priya)
    statement.get_by_text("Add a comment").tap()
    statement.get_by_label("Your comment on this statement").fill("Say who 'we' is")
    statement.get_by_role("button", name="Add comment").tap()
    expect(statement.locator("[data-own=comment] .app-own__text")).to_have_text("Say who 'we' is")
    for phone in phones.values():
        expect(phone.locator("#live-status")).to_have_text("All changes saved")
        assert_large_enough_to_tap(phone)

    # The console sees the split at once; the projector only how many have tagged.
    first = console.locator("tr[data-statement-id]").first
    expect(first.locator("[data-count=borrow]")).to_have_text("1")
    expect(first.locator("[data-count=adapt]")).to_have_text("1")
    expect(first.locator("[data-count=ignore]")).to_have_text("1")
    expect(console.locator("[data-list=rewording]")).to_contain_text(REWORDING)
    expect(console.locator("[data-list=comment]")).to_contain_text("Say who 'we' is")
    on_projector = projector.locator(".app-pstatement").first
    expect(on_projector.locator("[data-tagged]")).to_have_text("3")
    assert on_projector.locator("[data-count]").count() == 0
    room.check("review")
    # The projector's live region says a short summary, never the board.
    expect(projector.locator("[data-announce]")).to_have_attribute("aria-live", "polite")
    expect(projector.locator("[data-announce]")).to_have_text(re.compile(r"^\d+ tags? so far\.$"), timeout=15_000)

    # Revealed: the counts and bars on the projector and on every phone.
    console.get_by_role("button", name="Reveal results").click()
    expect(console.locator("[data-console-part=results-now]")).to_have_text("Shown to the room")
    on_projector = projector.locator(".app-pstatement").first
    for value in ("borrow", "adapt", "ignore"):
        expect(on_projector.locator(f"[data-count={value}]")).to_have_text("1")
        expect(on_projector.locator(f"[data-bar={value}]")).to_have_attribute("width", "33")
    # Three people in three groups: no group is big enough to be shown on its own.
    expect(on_projector.locator("[data-by-group]")).to_have_text("Not shown by group")
    for phone in phones.values():
        expect(phone.locator("#participant[data-revealed='yes']")).to_have_count(1, timeout=LIVE_TIMEOUT)
        wait_for_stage(phone, "review")
    results = sam.locator(f'.app-statement:has-text("{CAN_DO}") .app-results')
    expect(results.locator("[data-count=adapt]")).to_have_text("1")
    assert min(projector.evaluate(BAR_CONTRASTS, ".app-tally__fill")) >= 3
    sam.locator(".app-board:visible .app-jump summary").tap()
    sam.locator(".app-board:visible .app-jump").get_by_role("link", name=re.compile("focus on solutions")).tap()
    expect(results.locator(".app-bars__bar--35")).to_have_count(3)
    assert min(sam.evaluate(BAR_CONTRASTS, ".app-statement:not([hidden]) .app-bars__bar:not(.app-bars__bar--0)")) >= 3
    room.check("revealed")

    # What's missing: cards added and supported; one hidden by the facilitator leaves every screen.
    room.move_to("What's missing", "missing")
    expect(projector.locator("h1")).to_have_text("What's missing?")
    for phone, text in ((sam, "Meet in the evenings as well"), (priya, "Free parking at every meeting")):
        phone.get_by_label("Your card").fill(text)
        phone.get_by_role("button", name="Add card").tap()
        expect(phone.locator("#cards .app-card", has_text=text)).to_contain_text("You added this card.")
    evenings = alex.locator("#cards .app-card", has_text="Meet in the evenings as well")
    evenings.get_by_role("button", name="Support this card").tap()
    expect(evenings.locator(".app-card__count")).to_have_text("1 person supports this")
    # New cards are announced to the others in a few words.
    expect(alex.locator("#live-announcer")).to_contain_text(re.compile(r"\d new cards?"))
    projector_cards = projector.locator("[data-cards] > li")
    expect(projector_cards).to_have_count(2)
    expect(projector_cards.first).to_contain_text("Meet in the evenings as well")
    expect(projector_cards.first).to_contain_text("Supported by 1 person")
    for phone in phones.values():
        expect(phone.locator("#cards .app-card")).to_have_count(2)
    # Other phones hear of the +1 (only the changed card is sent to them), most supported first.
    for phone in (sam, priya):
        expect(phone.locator("#cards .app-card").first).to_contain_text("Meet in the evenings as well")
        expect(phone.locator("#cards .app-card").first.locator(".app-card__count")).to_have_text(
            "1 person supports this", timeout=LIVE_TIMEOUT
        )
    room.check("missing")

    parking = console.locator("[data-list=cards] li", has_text="Free parking at every meeting")
    click_and_wait(console, parking.get_by_role("button", name="Hide"))
    expect(
        console.locator("[data-list=cards] li", has_text="Free parking").locator("[data-hidden-tag]")
    ).to_be_visible()
    expect(projector_cards).to_have_count(1)
    expect(projector.locator("[data-cards]")).not_to_contain_text("Free parking")
    for phone in phones.values():
        expect(phone.locator("#cards .app-card")).to_have_count(1)
        expect(phone.locator("#cards")).not_to_contain_text("Free parking")

    # Merge: the facilitator's merge page holds what the room said; the room sees the draft grow.
    room.move_to("Merge", "merge")
    expect(projector.locator("h1")).to_have_text("Drafting the charter", timeout=LIVE_TIMEOUT)
    console.get_by_role("link", name="Build the draft charter").click()
    console.get_by_label("Kent's five themes").check()
    click_and_wait(console, console.get_by_role("button", name="Start the draft"))
    suggestion = console.locator(".app-suggestion", has_text=CAN_DO)
    expect(suggestion).to_contain_text(REWORDING)
    # The supported card is a candidate "We will ..." statement: confirmed, without leaving the page.
    card = console.locator("li[id^=suggestion-card-]", has_text="Meet in the evenings")
    expect(card.get_by_label("Candidate statement")).to_have_value("We will meet in the evenings as well")
    card.get_by_role("button", name="Confirm").click()
    expect(console.locator("[data-draft-status]")).to_contain_text("Placed under")
    expect(projector.locator("[data-draft-statement-id]")).to_have_text(["We will meet in the evenings as well"])
    for phone in phones.values():
        expect(phone.locator(".app-room-draft__text")).to_have_text(["We will meet in the evenings as well"])
    room.check("merge")

    # Closed.
    console.goto(room.workshop.console_path)
    room.move_to("Closed", "closed")
    expect(projector.locator("[data-draft-note]")).to_contain_text("Thank you for taking part", timeout=LIVE_TIMEOUT)
    room.check("closed")

    for screen in room.screens:
        assert screen.console_errors == []
        assert screen.csp_violations() == []
        assert screen.dialogs == []
