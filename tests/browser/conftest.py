"""Browser tests: the real app, served as `python -m workshop` is, driven in Debian's Chromium.

Fixtures:
- live_server: the base URL of the app, started once for the session with a fresh
  SQLite database and the example charters loaded.
- browser: Chromium, started once for the session.
- page: a fresh browser context and page for each test. What the page reports is kept
  on it: page.console_errors (console errors and uncaught exceptions) and
  page.csp_violations() (Content-Security-Policy violations).
- assert_no_axe_violations(page): runs axe-core on the page against WCAG 2.2 A and AA.
- screenshot(page, name): saves full-page screenshots at phone, console and projector
  sizes into test-artifacts/screenshots/, to look at by eye.
- assert_fits(page, width): the page does not scroll sideways at that width.
- assert_large_enough_to_tap(page): every button and summary on the phone's page is 44 by 44 px.
- click_and_wait(page, locator): submit a plain form and wait for the page it comes back to.
- wait_for_stage(phone, stage): the phone shows the page of that stage, with everything sent.
- fresh_page(**context options): more pages, each in a fresh context of its own (a phone,
  the projector, the console), recording what `page` records, all closed after the test.
- devices: Playwright's device descriptors ("Pixel 7", "iPhone SE" ...), for fresh_page.
- facilitator_account(email): a facilitator account made in the live server's own database,
  which can sign in and create a workshop through the pages.

Chromium comes from Debian (`make test` installs it); Playwright never downloads one.
"""

import functools
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from servers import CHROMIUM, ServedApp, launch_chromium, new_facilitator

REPO = Path(__file__).resolve().parents[2]
# A development dependency only: read from node_modules by the tests, never served by the app.
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

VIEWPORTS = {
    "phone": {"width": 360, "height": 640},
    "console": {"width": 1366, "height": 768},
    "projector": {"width": 1920, "height": 1080},
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Runs in every page before its own scripts, so that no violation is missed.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server_database(tmp_path_factory) -> Path:
    """The SQLite file the live server uses."""
    return tmp_path_factory.mktemp("live_server") / "workshop.sqlite3"


def _stale_bundle() -> Path | None:
    """A page's bundled script older than the modules it is built from, or missing."""
    sources = REPO / "static" / "js"
    newest = max(path.stat().st_mtime for path in sources.rglob("*.js"))
    for entry in sources.glob("*.js"):
        built = REPO / "static" / "build" / "js" / entry.name
        if not built.exists() or built.stat().st_mtime < newest:
            return built
    return None


@pytest.fixture(scope="session")
def live_server(live_server_database):
    """The app as `make run` serves it, on a free port, with its own fresh database."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT.relative_to(REPO)} is missing: run `make install` to install the npm packages.")
    stale = _stale_bundle()
    if stale:
        pytest.fail(f"{stale.relative_to(REPO)} is older than static/js/: run `make install` to bundle the scripts.")
    served = ServedApp(
        live_server_database.parent, f"sqlite:///{live_server_database}", SECRET_KEY="browser-test-secret"
    ).start()
    try:
        served.wait_for_jobs()
        yield served.url
    finally:
        served.stop()


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="session")
def browser(playwright):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def devices(playwright):
    """Playwright's device descriptors, less the browser each was made for: every one runs in Chromium."""
    return {
        name: {key: value for key, value in descriptor.items() if key != "default_browser_type"}
        for name, descriptor in playwright.devices.items()
    }


def _new_page(browser, base_url, **options):
    """A page in a fresh context of its own (no cookies or storage), recording its console errors,
    uncaught exceptions, Content-Security-Policy violations and dialogs."""
    settings = {"viewport": VIEWPORTS["phone"], "locale": "en-GB"} | options
    context = browser.new_context(base_url=base_url, **settings)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console_errors = []
    page.dialogs = []

    def record_console_error(message):
        if message.type == "error":
            page.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def record_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", record_console_error)
    page.on("pageerror", lambda error: page.console_errors.append(f"Uncaught: {error}"))
    page.on("dialog", record_dialog)
    page.csp_violations = lambda: page.evaluate("window.__cspViolations || []")
    return page


@pytest.fixture
def page(browser, live_server):
    """A fresh page in a fresh context (no cookies or storage), at phone size unless resized."""
    page = _new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def fresh_page(browser, live_server):
    """Opens pages in fresh contexts of their own; fresh_page(viewport=..., **devices["Pixel 7"]).

    On the live server, unless given another base_url."""
    pages = []

    def open_page(base_url=live_server, **options):
        pages.append(_new_page(browser, base_url, **options))
        return pages[-1]

    yield open_page
    for opened in pages:
        opened.context.close()


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def check_axe(page) -> None:
    """Fail with a readable list if axe-core finds WCAG 2.2 A or AA problems on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Run through the DevTools protocol, which the page's Content-Security-Policy does not
        # govern: a <script> added to the page would be blocked as inline code.
        page.evaluate(_axe_source())
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_TAGS,
    )
    assert not violations, f"axe found accessibility problems on {page.url}:\n{_describe(violations)}"


def take_screenshots(page, name: str, sizes=tuple(VIEWPORTS)) -> list[Path]:
    """Save full-page screenshots as test-artifacts/screenshots/<name>-<size>.png, one per size.

    The name may hold folders ("live/projector-board"). The page's own size is restored after.
    """
    original = page.viewport_size
    paths = []
    for size in sizes:
        path = SCREENSHOTS / f"{name}-{size}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size(VIEWPORTS[size])
        # In CSS pixels, whatever the emulated phone's pixel density.
        page.screenshot(path=str(path), full_page=True, animations="disabled", scale="css")
        paths.append(path)
    if original:
        page.set_viewport_size(original)
    return paths


@pytest.fixture
def assert_no_axe_violations():
    return check_axe


@pytest.fixture
def screenshot():
    return take_screenshots


# The innermost elements that reach past the right edge of the page: what makes it scroll sideways.
TOO_WIDE = """() => {
  const edge = document.documentElement.clientWidth + 1;
  // An element reaches past the edge, or its text does (a word too long for its box).
  const past = (element) => {
    const box = element.getBoundingClientRect();
    return Math.max(box.right, box.left + element.scrollWidth) > edge;
  };
  const clipped = (element) => {
    for (let at = element.parentElement; at && at !== document.body; at = at.parentElement) {
      if (getComputedStyle(at).overflowX !== "visible") {
        return true;
      }
    }
    return false;
  };
  const wide = (element) => past(element) && !clipped(element);
  return Array.from(document.querySelectorAll("body *"))
    .filter((element) => wide(element) && !Array.from(element.children).some(wide))
    .slice(0, 5)
    .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent.slice(0, 40)}`);
}"""


def check_fits(page, width: int = 320) -> None:
    """Fail if the page, as it is now, scrolls sideways at `width` CSS pixels (400% zoom of 1280)."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": original["height"] if original else 640})
    try:
        widths = page.evaluate(
            "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
        )
        too_wide = page.evaluate(TOO_WIDE) if widths["scroll"] > widths["client"] else []
    finally:
        if original:
            page.set_viewport_size(original)
    assert not too_wide and widths["scroll"] <= widths["client"], (
        f"{page.url} scrolls sideways at {width} px: {widths}, because of {too_wide}"
    )


@pytest.fixture
def assert_fits():
    return check_fits


def check_large_enough_to_tap(page, within: str = "#participant") -> None:
    """Every button and summary on a participant's page (in `within`) is at least 44 by 44 CSS pixels."""
    # Measured in one go in the page: a button that hides between being found and being
    # measured (a notice that goes once read) would otherwise leave nothing to measure.
    targets = page.evaluate(
        """(within) => [...document.querySelectorAll(`${within} button, ${within} summary`)]
            .filter((element) => element.checkVisibility())
            .map((element) => {
                const box = element.getBoundingClientRect();
                return {text: element.innerText, width: box.width, height: box.height};
            })""",
        within,
    )
    assert targets, f"{page.url} shows nothing to tap"
    for target in targets:
        assert target["width"] >= 44 and target["height"] >= 44, f"{target} is too small to tap"


@pytest.fixture
def assert_large_enough_to_tap():
    return check_large_enough_to_tap


def _click_and_wait(page, button) -> None:
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")


@pytest.fixture
def click_and_wait():
    return _click_and_wait


# A phone loads its page again for a new stage after a pause of up to 1.5 seconds; Socket.IO retries within 5.
LIVE_TIMEOUT = 15_000


def _wait_for_stage(phone, stage: str) -> None:
    expect(phone.locator(f"#participant[data-stage='{stage}']")).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(phone.locator("#live-status")).to_have_text("All changes saved", timeout=LIVE_TIMEOUT)


@pytest.fixture
def wait_for_stage():
    return _wait_for_stage


# --- A facilitator, through the pages -------------------------------------------------

PASSWORD = "a long enough password"


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    console_path: str
    join_url: str
    projector_url: str


@dataclass(frozen=True)
class FacilitatorAccount:
    email: str
    password: str = PASSWORD
    # The account's API token, for what a test does through the API as this facilitator.
    token: str = ""

    def sign_in(self, page) -> None:
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(self.email)
        page.get_by_label("Password").fill(self.password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    def create_workshop(self, page, title="Refreshing our charter", area="Kent", charters=("stockport",)) -> Workshop:
        """Through the form, on a page already signed in; leaves the page on the new workshop's console."""
        page.goto("/workshops/new")
        page.get_by_label("Title").fill(title)
        page.get_by_label("Area (optional)").fill(area)
        for slug in charters:
            page.locator(f"#charter-{slug}").check()
        page.get_by_role("button", name="Create workshop").click()
        expect(page).to_have_url(re.compile(r"/workshops/\d+$"))
        page.wait_for_load_state("load")
        return Workshop(
            id=int(page.url.rsplit("/", 1)[1]),
            code=page.locator(".app-join__code").inner_text(),
            console_path=urllib.parse.urlsplit(page.url).path,
            join_url=page.locator(".app-join__link").inner_text(),
            projector_url=page.get_by_role("link", name="Open on the big screen").get_attribute("href"),
        )


@pytest.fixture(scope="session")
def facilitator_account(live_server, live_server_database):
    """facilitator_account(email): the account, made once in the live server's database."""
    made = {}

    def account(email: str) -> FacilitatorAccount:
        if email not in made:
            token = new_facilitator(f"sqlite:///{live_server_database}", email, PASSWORD)
            made[email] = FacilitatorAccount(email, token=token)
        return made[email]

    return account
