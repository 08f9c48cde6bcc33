"""Nobody left out: each way in for someone the plain phone page would leave behind, one journey each.

The choices' symbols, larger text, high contrast, reading aloud and easy read. The browser's speech is
replaced by a double that records what it is asked to say. The facilitator's side goes through
the JSON API, as in test_participant.py. Screenshots are saved in test-artifacts/screenshots/inclusion/.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_participant import (
    LIVE_TIMEOUT,
    Api,
    facilitator_api,
    go_to,
    join,
    shown_statement,
    status,
    tag_button,
    wait_for_stage,
)
from test_phone_journey import BROKEN_WORDS

from workshop import labels

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "inclusion"
PHONE = {"width": 390, "height": 844}

# The browser's speechSynthesis, recording what it is asked: it speaks until told to finish.
SPEECH_DOUBLE = """
window.spoken = [];
window.cancelled = 0;
let speaking = null;
const voices = [{name: "American", lang: "en-US"}, {name: "British", lang: "en_GB"}];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak(utterance) {
    window.spoken.push({text: utterance.text, lang: utterance.lang, rate: utterance.rate,
                        voice: utterance.voice ? utterance.voice.name : null});
    speaking = utterance;
  },
  cancel() {
    window.cancelled += 1;
    const stopped = speaking;
    speaking = null;
    if (stopped) stopped.onerror({error: "interrupted"});
  },
  getVoices: () => voices,
}});
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
window.finishSpeaking = () => { const done = speaking; speaking = null; done.onend({}); };
"""


@pytest.fixture(scope="module")
def api(live_server, tmp_path_factory):
    return facilitator_api(live_server, tmp_path_factory, "inclusion-tests@example.org")


def easy_words(key, **values):
    """One of the phone's notices in easy read, with its values filled in."""
    return labels.PHONE_NOTICES[key][1].format(**values)


def photograph(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, animations="disabled")


def test_symbols_larger_text_high_contrast_and_reading_aloud_that_never_holds_up_a_choice(
    api, fresh_page, assert_no_axe_violations, assert_fits, assert_large_enough_to_tap
):
    page = fresh_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.context.add_init_script(SPEECH_DOUBLE)
    workshop = api.new_workshop(stage="review")
    join(page, workshop)
    wait_for_stage(page, "review")
    statement = shown_statement(page)
    words = statement.locator(".app-statement__text").inner_text()

    # Each choice has a symbol beside its words, never instead of them.
    for value, label in (("borrow", "Borrow"), ("adapt", "Adapt"), ("ignore", "Ignore"), ("skip", "Not sure")):
        button = statement.locator(f".app-tag[value={value}]")
        expect(button.locator("svg.app-symbol[aria-hidden=true]")).to_have_count(1)
        expect(button.locator(".app-tag__label")).to_have_text(label)
    assert_large_enough_to_tap(page)

    # Read aloud, in a British voice, at the usual speed; choosing meanwhile is not held up.
    reading = statement.get_by_role("button", name="Read aloud")
    reading.tap()
    expect(statement.get_by_role("button", name="Stop reading")).to_be_visible()
    assert page.evaluate("window.spoken") == [{"text": words, "lang": "en-GB", "rate": 1, "voice": "British"}]
    tag_button(statement, "Borrow").tap()
    expect(statement.locator(".app-tags__choice")).to_have_text("Your choice: Borrow", use_inner_text=True)
    expect(status(page)).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    assert page.evaluate("window.cancelled") == 0
    expect(statement.get_by_role("button", name="Stop reading")).to_be_visible()
    page.evaluate("window.finishSpeaking()")
    expect(reading).to_have_text("Read aloud")

    # Larger text, high contrast and a faster voice, each at once and kept on this phone.
    page.get_by_text("Text size and colours").tap()
    page.get_by_label("Larger").check()
    page.get_by_label("High contrast: white and yellow on black").check()
    page.get_by_label("Faster").check()
    page.reload()
    wait_for_stage(page, "review")
    assert set(page.evaluate("Array.from(document.documentElement.classList)")) == {
        "govuk-template",
        "app-text-larger",
        "app-contrast-high",
    }
    page.get_by_text("Text size and colours").tap()
    expect(page.get_by_label("Larger")).to_be_checked()
    expect(page.get_by_label("Faster")).to_be_checked()
    statement = shown_statement(page)
    expect(statement.locator(".app-tag[value=borrow]")).to_have_attribute("aria-pressed", "true")
    statement.get_by_role("button", name="Read aloud").tap()
    assert page.evaluate("window.spoken.map((said) => said.rate)") == [1.3]
    # Pressed again, it stops.
    statement.get_by_role("button", name="Stop reading").tap()
    expect(statement.get_by_role("button", name="Read aloud")).to_be_visible()
    assert page.evaluate("window.cancelled") == 1

    # The choices keep their words whole and the page fits, down to 320 pixels, in larger text.
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        assert page.evaluate(BROKEN_WORDS) == [], f"at {width} px"
    assert_fits(page, 320)
    page.set_viewport_size(PHONE)
    assert_large_enough_to_tap(page)
    assert_no_axe_violations(page)
    photograph(page, "high-contrast-larger-text")
    assert page.console_errors == [] and page.csp_violations() == []


def test_easy_read_shows_every_statement_and_the_phones_own_words_in_plain_words(
    api, fresh_page, live_server, assert_no_axe_violations, assert_fits, assert_large_enough_to_tap
):
    page = fresh_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.context.add_init_script(SPEECH_DOUBLE)
    workshop = api.new_workshop()
    charter = api.call("GET", "/api/charters/stockport")
    easy = {s["id"]: s["easy_read"] for theme in charter["themes"] for s in theme["statements"]}
    usual = {s["id"]: s["text"] for theme in charter["themes"] for s in theme["statements"]}
    assert len(easy) == 18 and all(easy.values())
    join(page, workshop)
    wait_for_stage(page, "lobby")

    # Off at first: the usual words, and the number the person is given is explained.
    switch = page.get_by_role("button", name="Easy read")
    expect(switch).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("heading", name="You have joined")).to_be_visible()
    expect(page.locator(".app-number__why")).to_have_text(labels.PHONE_WORDS["number_why"][0], use_inner_text=True)
    usual_instructions = page.locator("[data-read-aloud] > p.app-usual-words")
    expect(usual_instructions).to_be_visible()
    assert "Facilitator sign in" not in page.locator("header").inner_text()

    switch.tap()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", name=labels.PHONE_WORDS["joined"][1])).to_be_visible()
    expect(usual_instructions).to_be_hidden()
    for line in labels.INSTRUCTIONS_EASY:
        expect(page.get_by_text(line, exact=True)).to_be_visible()
    expect(page.locator(".app-number__why")).to_have_text(labels.PHONE_WORDS["number_why"][1], use_inner_text=True)
    expect(status(page)).to_have_text(labels.STATUS_EASY["saved"])
    # Read aloud reads the easy-read instructions, not the usual ones.
    page.locator(".app-read-aloud").first.tap()
    said = page.evaluate("window.spoken")[0]["text"]
    assert all(line in said for line in labels.INSTRUCTIONS_EASY) and "to use it as it is" not in said
    page.evaluate("window.finishSpeaking()")
    assert_no_axe_violations(page)
    photograph(page, "easy-read-lobby")

    # The review: every statement in its easy-read version, kept on this phone through the stage change,
    # which the new page says it moved for in easy read too.
    api.control(workshop, "stage", stage="review")
    expect(page.locator("#participant[data-stage='review']")).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(status(page)).to_have_text(labels.STATUS_EASY["saved"], timeout=LIVE_TIMEOUT)
    moved_on = easy_words("moved_on", stage=labels.STAGES_EASY["review"])
    expect(page.locator("#room-notice [data-notice-text]")).to_have_text(moved_on, use_inner_text=True)
    expect(page.locator("#live-announcer")).to_contain_text(moved_on)
    photograph(page, "easy-read-room-notice")
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll(".app-statement"), (step) => ({
            id: Number(step.dataset.statement),
            easy: step.querySelector(".app-statement__easy").textContent,
            easyShown: getComputedStyle(step.querySelector(".app-statement__easy")).display !== "none",
            usualShown: getComputedStyle(step.querySelector(".app-statement__text")).display !== "none",
        }))"""
    )
    assert [s["id"] for s in shown] == list(easy)
    for step in shown:
        assert step["easy"] == easy[step["id"]] and step["easyShown"] and not step["usualShown"], step

    statement = shown_statement(page)
    first = next(iter(easy))
    expect(statement.locator(".app-statement__easy")).to_have_text(easy[first])
    expect(statement.locator(".app-statement__text")).to_be_hidden()
    expect(statement.locator(".app-tag[value=borrow] .app-tag__hint")).to_have_text(
        labels.CHOICE_HINTS_EASY["borrow"], use_inner_text=True
    )
    # The original words are one tap away.
    statement.get_by_text(labels.PHONE_WORDS["original"][1]).tap()
    expect(statement.locator(".app-statement__original .govuk-details__text")).to_have_text(
        charter["themes"][0]["statements"][0]["text"]
    )
    statement.get_by_role("button", name="Read aloud").first.tap()
    assert page.evaluate("window.spoken")[-1]["text"] == easy[first]
    page.evaluate("window.finishSpeaking()")
    choice = statement.locator(".app-tags__choice")
    expect(choice).to_have_text(easy_words("not_chosen"), use_inner_text=True)
    tag_button(statement, "Borrow").tap()
    expect(choice).to_have_text(f"{easy_words('your_choice')} Borrow", use_inner_text=True)
    expect(status(page)).to_have_text(labels.STATUS_EASY["saved"], timeout=LIVE_TIMEOUT)
    # A wording saved, said so in easy read, on the page and aloud.
    tag_button(statement, "Adapt").tap()
    statement.get_by_label(labels.PHONE_WORDS["reword_label"][1]).fill("We will listen to young people.")
    statement.get_by_role("button", name=labels.PHONE_WORDS["reword_save"][1]).tap()
    expect(statement.locator("[data-note]")).to_have_text(easy_words("wording_saved"), use_inner_text=True)
    expect(page.locator("#live-announcer")).to_contain_text(easy_words("all_saved"), timeout=LIVE_TIMEOUT)

    # Following the big screen while writing a comment: told where it is in easy read, with the
    # statement's easy-read version.
    second = list(easy)[1]
    statement.get_by_text(labels.PHONE_WORDS["comment_open"][1]).tap()
    statement.get_by_label(labels.PHONE_WORDS["comment_label"][1]).fill("Who decides?")
    api.control(workshop, "phones_follow")
    api.control(workshop, "focus", statement_id=second)
    follow = page.locator("#follow-notice")
    big_screen = easy_words("big_screen", words=easy[second])
    expect(follow.locator("[data-follow-text]")).to_have_text(big_screen, use_inner_text=True, timeout=LIVE_TIMEOUT)
    expect(page.locator("#live-announcer")).to_contain_text(big_screen)
    assert_no_axe_violations(page)
    photograph(page, "easy-read-follow-notice")
    # Turned off, every one of them is in the usual words at once.
    switch.tap()
    expect(follow.locator("[data-follow-text]")).to_have_text(
        labels.PHONE_NOTICES["big_screen"][0].format(words=usual[second]),
        use_inner_text=True,
    )
    expect(choice).to_have_text(f"{labels.PHONE_NOTICES['your_choice'][0]} Adapt", use_inner_text=True)
    expect(statement.locator("[data-note]")).to_have_text(labels.PHONE_NOTICES["wording_saved"][0], use_inner_text=True)
    switch.tap()
    follow.get_by_role("button", name=labels.PHONE_NOTICES["go_to_it"][1]).tap()
    expect(shown_statement(page).locator(".app-statement__easy")).to_have_text(easy[second])
    api.control(workshop, "phones_stay")
    # The notes ask plainly what a note is about.
    go_to(page, labels.PHONE_WORDS["notes_title"][1])
    notes = page.locator(".app-notes:visible")
    expect(notes.locator("legend")).to_have_text(labels.PHONE_WORDS["note_kind"][1], use_inner_text=True)
    expect(notes.get_by_text("Which column is your note for?")).to_have_count(0)
    for value, label in labels.NOTE_COLUMNS.items():
        expect(notes.get_by_label(label, exact=True)).to_have_attribute(
            "aria-describedby", f"{notes.get_attribute('id')}-{value}-hint"
        )
    assert_fits(page, 320)
    page.set_viewport_size(PHONE)
    assert_large_enough_to_tap(page)
    assert_no_axe_violations(page)
    photograph(page, "easy-read-notes")

    # Remembered on the phone; off again, the usual words come back.
    page.reload()
    expect(status(page)).to_have_text(labels.STATUS_EASY["saved"], timeout=LIVE_TIMEOUT)
    notes = page.locator(".app-notes:visible")
    expect(notes.locator("legend")).to_have_text(labels.PHONE_WORDS["note_kind"][1], use_inner_text=True)
    go_to(page, easy[first])
    statement = shown_statement(page)
    expect(statement.locator(".app-statement__easy")).to_be_visible()
    photograph(page, "easy-read-statement")
    page.get_by_role("button", name="Easy read").tap()
    expect(page.get_by_role("button", name="Easy read")).to_have_attribute("aria-pressed", "false")
    expect(statement.locator(".app-statement__text")).to_be_visible()
    expect(statement.locator(".app-statement__easy")).to_be_hidden()
    expect(statement.locator(".app-statement__original")).to_be_hidden()
    expect(status(page)).to_have_text("All changes saved")
    assert page.console_errors == [] and page.csp_violations() == []


def test_an_imported_charter_is_given_easy_read_versions_that_the_phone_then_shows(
    api, live_server, fresh_page, facilitator_account, assert_no_axe_violations
):
    importer = facilitator_account("easy-read-imports@example.org")
    saved = Api(live_server, importer.token).call(
        "POST",
        "/api/charters",
        {
            "title": "Our own charter",
            "area": "Kent",
            "introduction": "",
            "source_name": "pasted text",
            "themes": [{"title": "Together", "statements": ["We will listen to each other", "We will act on it"]}],
        },
    )
    console = fresh_page(viewport={"width": 1024, "height": 900})
    # Another facilitator is not offered the change: the council's own words are changed by who imported them.
    facilitator_account("easy-read-onlookers@example.org").sign_in(console)
    console.goto(f"/charters/{saved['slug']}")
    expect(console.locator("#easy-read-count")).to_contain_text("0 of the 2 statements have an easy-read version")
    expect(console.get_by_role("link", name="Add or change the easy-read versions")).to_have_count(0)
    console.context.clear_cookies()
    importer.sign_in(console)
    console.goto(f"/charters/{saved['slug']}")
    expect(console.locator("#easy-read-count")).to_contain_text("0 of the 2 statements have an easy-read version")
    console.get_by_role("link", name="Add or change the easy-read versions").click()

    # Too long: refused, saying which statement and why, with nothing saved.
    first = console.get_by_label("Statement 1: We will listen to each other")
    first.fill("We will listen. " * 30)
    console.get_by_label("Statement 2: We will act on it").fill("We will do something about it.")
    console.get_by_role("button", name="Save the easy-read versions").click()
    summary = console.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The easy-read version of statement 1 is 479 characters long.")
    assert_no_axe_violations(console)
    photograph(console, "easy-read-form-error")
    summary.get_by_role("link").click()
    expect(first).to_be_focused()
    first.fill("We will listen to each other.")
    console.get_by_role("button", name="Save the easy-read versions").click()
    expect(console.locator("#easy-read-count")).to_contain_text("2 of the 2 statements have an easy-read version")

    # In a workshop, the phone shows them with easy read on.
    workshop = api.new_workshop(charters=(saved["slug"],), stage="review")
    phone = fresh_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(phone, workshop)
    wait_for_stage(phone, "review")
    phone.get_by_role("button", name="Easy read").tap()
    expect(shown_statement(phone).locator(".app-statement__easy")).to_have_text("We will listen to each other.")
    # The refused form's answer, 400, is the only error the console's browser notes.
    assert [error for error in console.console_errors if "status of 400" not in error] == []
    assert phone.console_errors == []
