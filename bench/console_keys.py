"""How soon the big screen moves when the facilitator presses N on the console.

Starts the app on 127.0.0.1 as `python -m workshop` with a new SQLite
database, creates a workshop reviewing Warwickshire's charter (26 statements),
and opens in Chromium the facilitator's console (1366 x 768, with its preview
of the big screen) and the projector (1920 x 1080). Then it presses N on the
console --presses times, waiting after each until the console, its preview and
the projector all show the statement now in focus, and notes for each press
the time from the key to:

- "console": the console's "Big screen now" line naming that statement;
- "preview": the console's preview of the big screen showing it;
- "projector": the projector showing it.

Each page notes with the clock of the machine when it first drew each text
(a script added to every page and frame, which survives a page that is loaded
again), so that each figure is from the key to that screen's own change, not
to whenever the benchmark looked. It prints the median and the largest of each
over the presses; the last line printed is one JSON object.

With --phones, a busy room on the same server through the presses: that many
phones tagging at --rate tags a second (bench/room_load.py, with --url), once
they have all joined.

    .venv/bin/python bench/console_keys.py
    .venv/bin/python bench/console_keys.py --presses 12 --phones 150 --rate 50
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from servers import ServedApp, api, launch_chromium, new_facilitator  # noqa: E402 (tests/servers.py, through sys.path)

EMAIL = "console-keys@example.org"
PASSWORD = "a long enough password"
SCREENS = ("console", "preview", "projector")

# Added to every page and frame: when each text of the focus (the projector's heading, the console's
# "Big screen now" line) was first drawn in this document, by the machine's clock.
NOTE_WHEN_DRAWN = """
(() => {
  const seen = {};
  window.__drawn = seen;
  const look = () => {
    for (const selector of ["h1.app-focus__text", "[data-big-screen-now]"]) {
      const found = document.querySelector(selector);
      if (found && !(found.textContent in seen)) {
        seen[found.textContent] = Date.now();
      }
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=10, help="presses of N (default 10)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for one press (default 60)")
    parser.add_argument("--phones", type=int, default=0, help="phones tagging through the presses (default none)")
    parser.add_argument("--rate", type=float, default=50, help="with --phones: tags a second in all (default 50)")
    return parser.parse_args(argv)


def create_workshop(base: str, token: str) -> tuple[int, list[str]]:
    """A workshop reviewing Warwickshire's charter; its id and its statements in the order the room reads them."""
    workshop = api(f"{base}/api/workshops", token, {"title": "Console keys", "charters": ["warwickshire"]})
    api(f"{base}/api/workshops/{workshop['id']}/control", token, {"action": "stage", "stage": "review"})
    results = api(f"{base}/api/workshops/{workshop['id']}/results", token)
    texts = [statement["text"] for board in results["boards"] for statement in board["statements"]]
    return workshop["id"], texts


def start_room(server: ServedApp, phones: int, rate: float) -> subprocess.Popen:
    """bench/room_load.py's phones tagging on this server, in a workshop of their own; once they have all joined."""
    from sqlalchemy import func, select

    from workshop.database import make_engine
    from workshop.models import Participant

    room = subprocess.Popen(
        [sys.executable, "bench/room_load.py", "--url", server.url, "--database-url", server.database_url]
        + ["--phones", str(phones), "--rate", str(rate), "--seconds", "3600"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    engine = make_engine(server.database_url)
    try:
        while True:
            if room.poll() is not None:
                raise RuntimeError("bench/room_load.py stopped before its phones had joined")
            with engine.connect() as connection:
                if connection.scalar(select(func.count(Participant.id))) >= phones:
                    return room
            time.sleep(1)  # polling for the phones to have joined, not waiting for it to be likely
    finally:
        engine.dispose()


def drawn_at(frame, text: str) -> float | None:
    """When the frame's document first drew a text of the focus that contains `text` (ms, machine clock)."""
    times = frame.evaluate(
        "(text) => Object.entries(window.__drawn || {}).filter(([k]) => k.includes(text)).map(([, v]) => v)", text
    )
    return min(times) if times else None


def press_next(console, projector, text: str, timeout: float) -> dict:
    """Press N once; from the key to each screen's showing `text`, in ms."""
    pressed = time.time() * 1000
    console.keyboard.press("n")
    deadline = time.monotonic() + timeout
    found = {}
    while len(found) < len(SCREENS):
        if time.monotonic() > deadline:
            raise TimeoutError(f"Not every screen showed {text!r} within {timeout} s: {found}")
        # The preview's frame, and any left from a console page loaded again, which no longer answers.
        previews = [("preview", frame) for frame in console.frames if "/projector/" in frame.url]
        for name, frame in [("console", console.main_frame), *previews, ("projector", projector.main_frame)]:
            if name not in found:
                try:
                    at = drawn_at(frame, text)
                except Exception:  # the page is being loaded again: look once it is there
                    at = None
                if at is not None:
                    found[name] = at - pressed
        # Waiting through Playwright lets it hear of frames loaded again meanwhile.
        console.wait_for_timeout(20)
    # The console takes the next key once its page (and its script) is there, as a facilitator waits for it.
    console.wait_for_load_state("load")
    console.wait_for_function("document.querySelector('[data-connection]') !== null")
    return found


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    with tempfile.TemporaryDirectory(prefix="console-keys-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'workshop.sqlite3'}"
        server = ServedApp(Path(folder), database_url).start()
        room = None
        try:
            token = new_facilitator(database_url, EMAIL, PASSWORD)
            workshop_id, texts = create_workshop(server.url, token)
            if arguments.phones:
                room = start_room(server, arguments.phones, arguments.rate)
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                console_context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 768})
                console_context.add_init_script(NOTE_WHEN_DRAWN)
                console = console_context.new_page()
                console.goto("/sign-in")
                console.get_by_label("Email address").fill(EMAIL)
                console.get_by_label("Password").fill(PASSWORD)
                console.get_by_role("button", name="Sign in").click()
                console.get_by_role("button", name="Sign out").wait_for()
                console.goto(f"/workshops/{workshop_id}")
                projector_url = console.locator("iframe.app-preview__frame").get_attribute("src")
                projector_context = browser.new_context(base_url=server.url, viewport={"width": 1920, "height": 1080})
                projector_context.add_init_script(NOTE_WHEN_DRAWN)
                projector = projector_context.new_page()
                projector.goto(projector_url)
                projector.wait_for_selector("[data-pager]")
                # Both screens connected before the first key.
                for page in (console, projector):
                    page.wait_for_function("document.querySelector('[data-connection]').textContent === ''")
                presses = [
                    press_next(console, projector, texts[index], arguments.timeout)
                    for index in range(min(arguments.presses, len(texts)))
                ]
                browser.close()
        finally:
            if room is not None:
                room.terminate()
                room.wait()
            server.stop()
    figures = {"presses": len(presses), "phones": arguments.phones, "rate": arguments.rate if arguments.phones else 0}
    for name in SCREENS:
        times = [press[name] for press in presses]
        print(f"{name:10} median {statistics.median(times):7.0f} ms   largest {max(times):7.0f} ms")
        figures[f"{name}_median_ms"] = round(statistics.median(times))
        figures[f"{name}_max_ms"] = round(max(times))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
