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

Chromium comes from Debian (`make test` installs it); Playwright never downloads one.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_SCRIPT = REPO / "static" / "vendor" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

VIEWPORTS = {
    "phone": {"width": 360, "height": 640},
    "console": {"width": 1366, "height": 768},
    "projector": {"width": 1920, "height": 1080},
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The app stopped as it started (exit code {process.returncode}):\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"The app did not answer {url}/healthz within {timeout} seconds:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app as `make run` serves it, on a free port, with its own fresh database."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT.relative_to(REPO)} is missing: run `make install` to build the front-end assets.")
    folder = tmp_path_factory.mktemp("live_server")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "HOST")}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'workshop.sqlite3'}",
        PORT=str(port),
        SECRET_KEY="browser-test-secret",
        PYTHONUNBUFFERED="1",
    )
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "workshop"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page in a fresh context (no cookies or storage), at phone size unless resized."""
    context = browser.new_context(base_url=live_server, viewport=VIEWPORTS["phone"], locale="en-GB")
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console_errors = []

    def record_console_error(message):
        if message.type == "error":
            page.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", record_console_error)
    page.on("pageerror", lambda error: page.console_errors.append(f"Uncaught: {error}"))
    page.csp_violations = lambda: page.evaluate("window.__cspViolations || []")
    yield page
    context.close()


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def check_axe(page) -> None:
    """Fail with a readable list if axe-core finds WCAG 2.2 A or AA problems on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # From the app's own static folder, which its Content-Security-Policy allows.
        page.add_script_tag(url="/static/vendor/axe.min.js")
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
        page.screenshot(path=str(path), full_page=True, animations="disabled")
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
