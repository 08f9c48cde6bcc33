"""The participant's page on a phone: what it downloads, and how soon it can tag, on a slow connection.

Starts the app on 127.0.0.1 as `python -m workshop` with a new SQLite
database, creates a workshop with every charter in the library open for review
(the four example charters: the largest page a phone gets), and joins it once
in Chromium as a phone. Then, for each run, a fresh browser context (a cold
cache) at 360 x 640 CSS pixels, with the phone's cookie, loads /w/<code> with
the network throttled through the Chrome DevTools Protocol
(Network.emulateNetworkConditions) to one of DevTools' presets:

- slow-3g (the default): DevTools' "Slow 3G", now called "3G": 2,000 ms
  latency, 50,000 bytes a second down and up (500 kbit/s less 20%);
- slow-4g: DevTools' "Slow 4G", once "Fast 3G": 562.5 ms latency, 180,000
  bytes a second down, 84,375 up;
- none: no throttling.

DevTools' latency is added to every request, from sending it to the first byte
of the answer.

It measures:
- the bytes on the wire for each resource (Network.loadingFinished's
  encodedDataLength: headers and body, compressed as sent) and in total;
  Socket.IO's requests and WebSocket frames ("live") are counted apart from
  the page, the frames by their payload;
- from the start of navigation: when the HTML had arrived, the first paint,
  when the page's scripts had run, the first tag and when it could be sent at
  once. The first tag is the moment a person can tap a choice and have it
  taken: a tag button of the statement shown is on the screen, enabled and
  painted (the first paint, or when the button arrived if later); a tap then
  goes through the plain form until the page's scripts have run, and into the
  phone's queue after, sent when the connection is up. "Connected" is when it
  is sent at once: the live connection is up too (live/connection.js marks
  #live-status with data-connection="online");
- whether anything was drawn before its styles: the page's title, the first
  statement and its first tag button, as they were styled when they arrived,
  against how they are once the whole stylesheet has loaded ("restyled" counts
  the properties that changed; 0 means no flash of unstyled content), and
  whether the button was on the first screen (44 px of it at least, a tap
  target's height).

With --offline-reload, each run then waits until the phone keeps its copy of
the page (the service worker, static/js/service-worker.js, and the snapshot
beside it), takes the network away (Playwright's set_offline, which reaches the
service worker too) and loads the page again: it times the first tag on that
copy, and checks that the page says when it last heard from the room.

It prints the resources (the median bytes of each over the runs) and the runs,
and as its last line one JSON object with the medians. KB are 1,000 bytes.

    .venv/bin/python bench/page_weight.py --runs 5
    .venv/bin/python bench/page_weight.py --runs 5 --offline-reload
    .venv/bin/python bench/page_weight.py --runs 1 --network none
"""

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from servers import ServedApp, api, launch_chromium  # noqa: E402 (tests/servers.py, found through sys.path above)

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True, "locale": "en-GB"}
# Chrome DevTools' presets: latency in ms, throughputs in bytes a second (-1: not limited).
NETWORKS = {
    "slow-3g": {"latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    "slow-4g": {"latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375},
    "none": {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
}
SOCKET_IO = "/socket.io/"

# Runs before the page's own scripts: notes when a tag can first be made (the button is there
# and enabled), whether it is on the first screen, how it and its neighbours were styled then, and when it
# can be sent at once (connected).
WATCH_FOR_FIRST_TAG = """
const STYLED = ["color", "background-color", "font-size", "font-weight", "padding-top", "border-top-width",
  "margin-top"];
window.__styleOf = () => ["h1", ".app-statement__text", ".app-statement .app-tag"].map((selector) => {
  const found = document.querySelector(selector);
  const style = found ? getComputedStyle(found) : null;
  return STYLED.map((name) => style ? style.getPropertyValue(name) : null);
});
new MutationObserver((changes, observer) => {
  const status = document.getElementById("live-status");
  const button = document.querySelector(".app-statement:not([hidden]) .app-tag");
  if (window.__tagShown === undefined && button && !button.disabled && document.querySelector(".app-statement__text")) {
    window.__tagShown = performance.now();
    // At least a tap target's height (44 px) of the button is on the first screen.
    window.__tagOnFirstScreen = button.getBoundingClientRect().top <= window.innerHeight - 44;
    window.__styleOnArrival = window.__styleOf();
  }
  if (status && status.dataset.connection === "online" && button && !button.disabled) {
    window.__connected = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads, each with a cold cache (default 5)")
    parser.add_argument("--network", choices=NETWORKS, default="slow-3g", help="throttling (default slow-3g)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for one load (default 60)")
    parser.add_argument("--offline-reload", action="store_true", help="then load the page again with no network")
    return parser.parse_args(argv)


# --- the workshop ---------------------------------------------------------------------


def issue_token(database_url: str) -> str:
    """A facilitator and their API token in a new database, migrated, before the server starts."""
    from workshop import create_app
    from workshop.auth.accounts import create_facilitator, issue_api_token
    from workshop.extensions import db

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "page-weight", "SEED_ON_START": False})
    with app.app_context():
        facilitator = create_facilitator(db.session, "page-weight@example.org", secrets.token_urlsafe(16))
        token = issue_api_token(db.session, facilitator)
        db.session.commit()
        db.session.remove()
    db.engine.dispose()
    return token


def create_workshop(base: str, token: str) -> str:
    """A workshop in review with every charter in the library open; its join code."""
    slugs = [charter["slug"] for charter in api(f"{base}/api/charters", token)["charters"]]
    workshop = api(f"{base}/api/workshops", token, {"title": "Refreshing our charter", "charters": slugs})
    for control in ({"action": "stage", "stage": "review"}, {"action": "open_board", "board_id": "all"}):
        api(f"{base}/api/workshops/{workshop['id']}/control", token, control)
    return workshop["code"]


def join_as_phone(browser, base: str, code: str) -> list[dict]:
    """Join through the page, as a phone does; the cookies that say who the phone is."""
    context = browser.new_context(base_url=base, **PHONE)
    page = context.new_page()
    page.goto(f"/join/{code}")
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_url(f"**/w/{code}")
    cookies = context.cookies()
    context.close()
    return cookies


# --- one load -----------------------------------------------------------------------------

MILESTONES = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    html: navigation.responseEnd,
    first_paint: paint ? paint.startTime : null,
    scripts: navigation.domContentLoadedEventStart,
    // A button is tapped once it is painted: at the first paint, or later if it came later.
    first_tag: paint ? Math.max(paint.startTime, window.__tagShown) : null,
    connected: window.__connected,
  };
}"""

# Of the styles noted when the title, statement and button arrived, those that changed since.
RESTYLED = """() => {
  const now = window.__styleOf();
  return window.__styleOnArrival.flat().filter((value, index) => value !== now.flat()[index]).length;
}"""


# Whether the phone keeps its copy of the page and the snapshot beside it (phone/offline.js).
KEPT = """async () => {
  const page = location.origin + location.pathname;
  return Boolean(await caches.match(page)) && Boolean(await caches.match(page + "/kept-snapshot.json"));
}"""
SAYS_LAST_HEARD = "() => document.getElementById('live-status').textContent.includes('Last heard from the room')"


def reload_offline(page, cdp, timeout: float) -> float:
    """Once the phone keeps its copy: the page loaded again with no network; seconds to its first tag."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(KEPT):
        if time.monotonic() > deadline:
            raise TimeoutError("the phone kept no copy of its page")
        time.sleep(0.2)
    # The page's own throttling is set through its DevTools session: offline there too.
    cdp.send("Network.emulateNetworkConditions", {"offline": True, **NETWORKS["none"]})
    page.context.set_offline(True)
    page.reload(wait_until="commit", timeout=timeout * 1000)
    page.wait_for_function(
        f"() => window.__tagShown !== undefined && ({SAYS_LAST_HEARD})()", timeout=timeout * 1000, polling=100
    )
    return page.evaluate(MILESTONES)["first_tag"] / 1000


def load_page(browser, base: str, code: str, cookies: list[dict], network: dict, timeout: float, offline=False) -> dict:
    """One load of the participant's page in a fresh context: its resources and its milestones."""
    context = browser.new_context(base_url=base, **PHONE)
    context.add_cookies(cookies)
    context.add_init_script(WATCH_FOR_FIRST_TAG)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requests: dict[str, dict] = {}
    frame_bytes = []

    def sent(event):
        requests[event["requestId"]] = {"url": event["request"]["url"], "type": event.get("type", "")}

    def answered(event):
        headers = {name.lower(): value for name, value in event["response"]["headers"].items()}
        requests[event["requestId"]]["encoding"] = headers.get("content-encoding", "")

    def finished(event):
        if event["requestId"] in requests:
            requests[event["requestId"]]["bytes"] = event["encodedDataLength"]

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", answered)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", lambda event: frame_bytes.append(len(event["response"]["payloadData"])))
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **network})

    page.goto(f"/w/{code}", wait_until="commit", timeout=timeout * 1000)
    page.wait_for_function("() => window.__connected !== undefined", timeout=timeout * 1000, polling=100)
    milestones = {name: ms / 1000 if ms is not None else None for name, ms in page.evaluate(MILESTONES).items()}
    # What was still on its way (the favicon, the snapshot) is counted once it has arrived.
    page.wait_for_load_state("load")
    time.sleep(network["latency"] / 1000 + 1)
    restyled = page.evaluate(RESTYLED)
    on_first_screen = page.evaluate("window.__tagOnFirstScreen")
    offline_first_tag = reload_offline(page, cdp, timeout) if offline else None
    context.close()

    resources = [request for request in requests.values() if "bytes" in request]
    live = [r["bytes"] for r in resources if SOCKET_IO in r["url"]]
    return {
        **milestones,
        "restyled": restyled,
        "on_first_screen": on_first_screen,
        "offline_first_tag": offline_first_tag,
        "resources": resources,
        "page_bytes": sum(r["bytes"] for r in resources if SOCKET_IO not in r["url"]),
        "live_bytes": sum(live) + sum(frame_bytes),
    }


# --- the report -----------------------------------------------------------------------------


def resource_table(runs: list[dict]) -> list[tuple[str, str, str, int]]:
    """(path, type, encodings, median bytes) of each of the page's resources, Socket.IO's requests together."""
    sizes: dict[str, list[int]] = {}
    kinds: dict[str, str] = {}
    encodings: dict[str, set[str]] = {}
    for run in runs:
        totals: dict[str, int] = {}
        for resource in run["resources"]:
            path = urlsplit(resource["url"]).path
            totals[path] = totals.get(path, 0) + resource["bytes"]
            kinds.setdefault(path, resource["type"])
            encodings.setdefault(path, set()).add(resource.get("encoding") or "none")
        for path, total in totals.items():
            sizes.setdefault(path, []).append(total)
    return [
        (path, kinds[path], "/".join(sorted(encodings[path])), round(statistics.median(found)))
        for path, found in sizes.items()
    ]


def median(runs: list[dict], name: str, scale: float = 1) -> float | None:
    values = [run[name] for run in runs if run[name] is not None]
    return round(statistics.median(values) * scale, 2) if values else None


def report(runs: list[dict], network_name: str) -> dict:
    print(f"{'resource':<36} {'type':<11} {'encoding':<9} {'bytes':>8}")
    for path, kind, encoding, size in resource_table(runs):
        print(f"{path:<36} {kind:<11} {encoding:<9} {size:>8,}")
    print()
    columns = ("page KB", "live KB", "HTML s", "paint s", "scripts s", "first tag s", "connected s", "restyled")
    print("run " + " ".join(f"{column:>11}" for column in columns) + "  on first screen")
    for number, run in enumerate(runs, 1):
        values = (run["page_bytes"] / 1000, run["live_bytes"] / 1000, run["html"], run["first_paint"] or 0)
        values += (run["scripts"], run["first_tag"] or 0, run["connected"])
        row = " ".join(f"{value:>11.2f}" for value in values)
        offline = f"  offline reload: first tag {run['offline_first_tag']:.2f} s" if run["offline_first_tag"] else ""
        print(f"{number:>3} {row} {run['restyled']:>11} {'yes' if run['on_first_screen'] else 'no':>16}{offline}")
    network = NETWORKS[network_name]
    return {
        "runs": len(runs),
        "network": network_name,
        "latency_ms": network["latency"],
        "download_bytes_per_s": network["downloadThroughput"],
        "upload_bytes_per_s": network["uploadThroughput"],
        "page_kb": median(runs, "page_bytes", 1 / 1000),
        "live_kb": median(runs, "live_bytes", 1 / 1000),
        "html_s": median(runs, "html"),
        "first_paint_s": median(runs, "first_paint"),
        "scripts_s": median(runs, "scripts"),
        "first_tag_s": median(runs, "first_tag"),
        "connected_s": median(runs, "connected"),
        "restyled": max(run["restyled"] for run in runs),
        "tag_on_first_screen": all(run["on_first_screen"] for run in runs),
        "offline_reload_first_tag_s": median(runs, "offline_first_tag"),
    }


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    network = NETWORKS[arguments.network]
    with tempfile.TemporaryDirectory(prefix="page-weight-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'workshop.sqlite3'}"
        token = issue_token(database_url)
        server = ServedApp(Path(folder), database_url).start()
        try:
            code = create_workshop(server.url, token)
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                cookies = join_as_phone(browser, server.url, code)
                runs = [
                    load_page(browser, server.url, code, cookies, network, arguments.timeout, arguments.offline_reload)
                    for _ in range(arguments.runs)
                ]
                browser.close()
        finally:
            server.stop()
    print(json.dumps(report(runs, arguments.network)))


if __name__ == "__main__":
    main()
