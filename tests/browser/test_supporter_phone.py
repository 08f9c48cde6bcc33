"""A supporter tagging with someone (issue 17), on a real phone-sized browser: chosen when joining, or later
on the phone; the tags count in the young person's group and in the figure of how many took part with a
supporter, which is only ever a number. Screenshots in test-artifacts/screenshots/inclusion/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_participant import LIVE_TIMEOUT, facilitator_api, shown_statement, tag_button, wait_for_stage

from workshop import labels

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "inclusion"
PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="module")
def api(live_server, tmp_path_factory):
    return facilitator_api(live_server, tmp_path_factory, "supporter-tests@example.org")


def join(page, workshop, group, helping=False):
    page.goto(f"/join/{workshop['code']}")
    page.check(f"#group-{group}")
    if helping:
        page.get_by_label(labels.SUPPORTER["choice"]).check()
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_url(f"**/w/{workshop['code']}**")


def test_a_supported_phone_counts_in_the_young_persons_group_and_in_the_supported_figure(
    api, fresh_page, assert_no_axe_violations, assert_fits, assert_large_enough_to_tap
):
    workshop = api.call(
        "POST",
        "/api/workshops",
        {"title": "Kent charter refresh", "area": "Kent", "charters": ["stockport"], "min_group_size": 2},
    )
    # Two young people and two parent carers: groups of two are shown, the lowest minimum allowed.
    phones = [fresh_page(viewport=PHONE, is_mobile=True, has_touch=True) for _number in range(4)]
    helper, later, carer, other_carer = phones

    # Chosen when joining: the join page says what it means, and is accessible.
    helper.goto(f"/join/{workshop['code']}")
    expect(helper.get_by_text(labels.SUPPORTER["hint"], exact=False)).to_be_visible()
    assert_no_axe_violations(helper)
    join(helper, workshop, "young_person", helping=True)
    join(later, workshop, "young_person")
    join(carer, workshop, "parent_carer")
    join(other_carer, workshop, "parent_carer")

    # Or later, on the phone: a young person's supporter arrives after they joined.
    settings = later.locator("#supporter")
    settings.locator("summary").tap()
    expect(settings.locator("[data-supporter-status]")).to_have_text(labels.SUPPORTER["off"])
    settings.get_by_role("button", name=labels.SUPPORTER["start"]).tap()
    expect(settings.locator("[data-supporter-status]")).to_have_text(labels.SUPPORTER["on"])
    expect(settings.get_by_role("button", name=labels.SUPPORTER["stop"])).to_be_visible()
    expect(later.locator("#live-announcer")).to_contain_text(labels.SUPPORTER["on"])
    expect(later.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    assert_no_axe_violations(later)
    assert_fits(later)
    assert_large_enough_to_tap(later)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    later.screenshot(path=str(SCREENSHOTS / "supporter-phone.png"), full_page=True, animations="disabled")

    # Each phone tags the first statement: the two supported ones as the young people they are with.
    api.control(workshop, "stage", stage="review")
    api.control(workshop, "open_board", board_id="all")
    for page, choice in ((helper, "Adapt"), (later, "Adapt"), (carer, "Borrow"), (other_carer, "Borrow")):
        wait_for_stage(page, "review")
        tag_button(shown_statement(page), choice).tap()
        expect(page.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    results = api.call("GET", f"/api/workshops/{workshop['id']}/results")
    first = results["boards"][0]["statements"][0]
    assert first["counts"] == {"borrow": 2, "adapt": 2, "ignore": 0}
    assert first["by_group"]["young_person"] == {"borrow": 0, "adapt": 2, "ignore": 0}
    assert results["supported"] == {"people": 2, "fewer_than": None, "text": "2 people took part with a supporter"}

    # Taken back on the phone: the figure follows, and below the minimum says only "fewer than".
    settings = later.locator("#supporter")
    if settings.get_attribute("open") is None:
        settings.locator("summary").tap()
    settings.get_by_role("button", name=labels.SUPPORTER["stop"]).tap()
    expect(settings.locator("[data-supporter-status]")).to_have_text(labels.SUPPORTER["off"])
    expect(later.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)
    results = api.call("GET", f"/api/workshops/{workshop['id']}/results")
    assert results["supported"]["text"] == "Fewer than 2 people took part with a supporter"
    assert results["boards"][0]["statements"][0]["by_group"]["young_person"]["adapt"] == 2
