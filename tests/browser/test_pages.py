"""Every public page, in a real browser: it loads cleanly, is accessible, and fits a small phone."""

import pytest

# (path, expected status, screenshot name)
PAGES = [
    ("/", 200, "home"),
    ("/charters", 200, "library"),
    ("/charters/warwickshire", 200, "charter-warwickshire"),
    ("/accessibility", 200, "accessibility"),
    ("/privacy", 200, "privacy"),
    ("/no-such-page", 404, "not-found"),
]
PAGE_IDS = [name for _, _, name in PAGES]


def open_page(page, path, status):
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    page.wait_for_load_state("load")
    return response


def console_errors(page, status):
    """Console errors, less the browser's own note that the page itself answered with an error status."""
    if status < 400:
        return page.console_errors
    return [error for error in page.console_errors if f"status of {status}" not in error]


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1366])
@pytest.mark.parametrize(("path", "status", "name"), PAGES, ids=PAGE_IDS)
def test_page_loads_cleanly_and_is_accessible(page, assert_no_axe_violations, path, status, name, width):
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, path, status)

    assert page.title().endswith("– Charter Workshop")
    assert page.locator("h1").count() == 1
    assert page.locator("link[rel=stylesheet]").evaluate("link => link.sheet !== null"), "the stylesheet did not load"

    # The skip link is the first thing a keyboard reaches, shows when focused, and moves focus to main.
    page.keyboard.press("Tab")
    skip_link = page.locator(".govuk-skip-link")
    assert skip_link.evaluate("link => link === document.activeElement")
    assert skip_link.is_visible()
    box = skip_link.bounding_box()
    assert box["height"] >= 24 and box["width"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    assert_no_axe_violations(page)
    assert console_errors(page, status) == []
    assert page.csp_violations() == []


@pytest.mark.browser
@pytest.mark.parametrize(("path", "status", "name"), PAGES, ids=PAGE_IDS)
def test_page_fits_320_pixels_without_sideways_scrolling(page, path, status, name):
    page.set_viewport_size({"width": 320, "height": 640})
    open_page(page, path, status)
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], f"{path} scrolls sideways at 320 px: {widths}"


@pytest.mark.browser
def test_header_links_are_large_enough_to_tap(page):
    open_page(page, "/", 200)
    for link in page.locator(".app-header a, .app-header button").all():
        box = link.bounding_box()
        assert box["height"] >= 44, f"{link.inner_text()} is only {box['height']} px high"


@pytest.mark.browser
def test_keyboard_focus_is_clearly_visible_in_the_header(page):
    open_page(page, "/", 200)
    link = page.locator(".app-header__links a").first
    link.focus()
    background = link.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(255, 221, 0)", "focused header links should take the yellow focus style"


@pytest.mark.browser
@pytest.mark.parametrize(("path", "status", "name"), PAGES, ids=PAGE_IDS)
def test_screenshots(page, screenshot, path, status, name):
    open_page(page, path, status)
    for path_taken in screenshot(page, f"pages/{name}"):
        assert path_taken.stat().st_size > 0
