"""One young person and four parent carers, as the big screen and the phones show them in Chromium:
the results, live, with no figure anywhere for the young person; then the young person asks to be
erased, and the counts follow; then the facilitator deletes the workshop, and every screen still
showing it says so and shows nothing of it."""

import itertools

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.database import make_engine
from workshop.live.operations import apply_operation
from workshop.live.participants import join_workshop
from workshop.live.viewers import participant_cookie
from workshop.live.workshops import create_workshop, set_results_revealed, set_stage
from workshop.models import Facilitator

EMAIL = "small-groups@example.org"
PROJECTOR = {"width": 1920, "height": 1080}


@pytest.fixture
def small_room(live_server_database, facilitator_account):
    """Made straight in the live server's database: a revealed board, a young person and four parent carers
    who have tagged the first statement."""
    facilitator_account(EMAIL)
    engine = make_engine(f"sqlite:///{live_server_database}")
    with Session(engine) as session:
        owner = session.scalar(select(Facilitator).where(Facilitator.email == EMAIL))
        workshop = create_workshop(session, owner, title="Small groups", area="Kent", charter_slugs=["stockport"])
        set_stage(workshop, "review")
        set_results_revealed(workshop, True)
        young_person, young_token = join_workshop(session, workshop, group="young_person")
        parent_carers = [join_workshop(session, workshop, group="parent_carer") for _ in range(4)]
        session.commit()
        board = workshop.boards[0]
        first, second = board.charter.current_statements[:2]
        numbers = itertools.count()
        for person, value in [(young_person, "adapt")] + [(person, "borrow") for person, _ in parent_carers]:
            tag = {"kind": "tag", "board_id": board.id, "statement_id": first.id, "value": value}
            apply_operation(session, person.id, {"id": f"small-groups-{next(numbers)}", **tag})
            session.commit()
        room = {
            "workshop_id": workshop.id,
            "code": workshop.code,
            "projector_key": workshop.projector_key,
            "young_token": young_token,
            "parent_carer_token": parent_carers[0][1],
            "first": first.id,
            "second": second.id,
        }
    engine.dispose()
    return room


def phone_of(fresh_page, live_server, room, token):
    phone = fresh_page()
    cookie = {"name": participant_cookie(room["workshop_id"]), "value": token, "url": live_server}
    phone.context.add_cookies([cookie])
    phone.goto(f"/w/{room['code']}")
    return phone


def test_no_figure_for_one_young_person_anywhere_nor_of_them_once_erased_nor_of_the_workshop_once_deleted(
    small_room, fresh_page, live_server, wait_for_stage, screenshot, facilitator_account, click_and_wait
):
    projector = fresh_page(viewport=PROJECTOR)
    projector.goto(f"/projector/{small_room['code']}/{small_room['projector_key']}")
    expect(projector.locator(".app-connection")).to_be_hidden()
    first = projector.locator(f"[data-statement-id='{small_room['first']}']")
    expect(first.locator("[data-count=borrow]")).to_have_text("4")
    expect(first.locator("[data-count=adapt]")).to_have_text("1")
    expect(first.locator("[data-by-group]")).to_have_text("Not shown by group")
    expect(projector.locator(".app-pboard__group-note")).to_contain_text("Groups under 3 people count as Other groups.")

    # The young person adapts another statement on their phone: the big screen redraws it, live.
    young = phone_of(fresh_page, live_server, small_room, small_room["young_token"])
    wait_for_stage(young, "review")
    young.locator(f"#statement-{small_room['second']} .app-tag[value=adapt]").click()
    expect(young.locator("#live-status")).to_have_text("All changes saved")
    second = projector.locator(f"[data-statement-id='{small_room['second']}']")
    expect(second.locator("[data-count=adapt]")).to_have_text("1")
    expect(second.locator("[data-by-group]")).to_have_text("Not shown by group")
    assert "Young person" not in projector.locator("body").inner_text()
    assert "Parent carer" not in projector.locator("body").inner_text()
    screenshot(projector, "live/projector-small-groups", sizes=("projector",))

    # A parent carer's phone: the room's totals, nothing by group.
    parent_carer = phone_of(fresh_page, live_server, small_room, small_room["parent_carer_token"])
    wait_for_stage(parent_carer, "review")
    results = parent_carer.locator(f"[data-results='{small_room['first']}']")
    expect(results.locator("[data-count=adapt]")).to_have_text("1")
    # Nor the young person's own: the room's totals there too.
    mine = young.locator(f"[data-results='{small_room['first']}']")
    expect(mine.locator("[data-count=borrow]")).to_have_text("4")
    for phone in (parent_carer, young):
        assert "Young person" not in phone.locator("body").inner_text()
        assert "Parent carer" not in phone.locator("body").inner_text()

    # The young person asks for what they said to be erased: the big screen's counts follow, live.
    console = fresh_page(viewport={"width": 1366, "height": 768})
    facilitator_account(EMAIL).sign_in(console)
    console.goto(f"/workshops/{small_room['workshop_id']}")
    console.locator("summary", has_text="Remove and erase their words: participant 1").click()
    screenshot(console, "live/console-erase", sizes=("console",))
    click_and_wait(console, console.get_by_role("button", name="Yes, erase participant 1's words"))
    expect(console.locator(".govuk-notification-banner")).to_contain_text(
        "Participant 1 has been removed, and everything they said and did erased."
    )
    expect(first.locator("[data-count=adapt]")).to_have_text("0")
    expect(second.locator("[data-count=adapt]")).to_have_text("0")
    expect(results.locator("[data-count=adapt]")).to_have_text("0")
    expect(young.locator("#live-status")).to_have_text("The facilitator has removed you from this workshop.")

    # The facilitator deletes the workshop: the confirmation names it.
    console.get_by_role("link", name="Delete this workshop").click()
    expect(console.get_by_role("heading", level=1)).to_have_text("Delete “Small groups”?")
    screenshot(console, "live/delete-workshop", sizes=("console", "phone"))
    click_and_wait(console, console.get_by_role("button", name="Yes, delete “Small groups”"))
    expect(console.locator(".govuk-notification-banner")).to_contain_text("“Small groups” and everything in it")

    # Every screen still showing it says so plainly, and nothing of the workshop stays on it.
    deleted = "The facilitator has deleted this workshop and everything in it."
    expect(projector.locator("[data-connection]")).to_contain_text(deleted)
    expect(second).to_be_hidden()
    assert projector.locator("body").inner_text().strip() == projector.locator("[data-connection]").inner_text()
    expect(parent_carer.locator("#live-status")).to_contain_text(deleted)
    expect(parent_carer.locator(f"#statement-{small_room['second']}")).to_be_hidden()
    screenshot(projector, "live/projector-deleted", sizes=("projector",))
    screenshot(parent_carer, "live/phone-deleted", sizes=("phone",))
    assert not parent_carer.console_errors and not projector.console_errors and not young.console_errors
