"""The first download after the server starts is as quick as the ones after it.

Downloads are made in a worker forked from a fork server (workshop/jobs.py)
that imports scikit-learn and matplotlib before it forks anything: seconds of
CPU, half a minute and more on a busy machine. `python -m workshop` starts it
as the server starts, so the first download finds it ready. Started by the
first download instead, that download would take all of the fork server's
getting ready and then its own work: so the first download here must take
about as long as the second, not seconds more.
"""

import io
import re
import time

import docx
import pytest
import requests
from servers import ServedApp, new_facilitator

READY = re.compile(r"The worker process for imports and downloads is ready, in ([0-9.]+) s \(pid (\d+)\)")
# How long the fork server may take to get ready on a busy machine, by the clock.
GETTING_READY = 180


@pytest.fixture
def served(tmp_path, sqlite_template):
    database = tmp_path / "workshop.sqlite3"
    database.write_bytes(sqlite_template.read_bytes())
    server = ServedApp(tmp_path, f"sqlite:///{database}").start()
    yield server
    server.stop()


def ready_line(served: ServedApp) -> re.Match:
    """The fork server's line in the server's log, once it has written it."""
    deadline = time.monotonic() + GETTING_READY
    while (found := READY.search(served.log())) is None:
        assert served.process.poll() is None, served.log()
        assert time.monotonic() < deadline, f"the fork server was not ready within {GETTING_READY} s:\n{served.log()}"
        time.sleep(0.1)  # polling the log for the line, not waiting for it to be likely
    return found


def test_the_fork_server_starts_with_the_server_so_the_first_word_download_does_not_wait_for_it(served):
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {new_facilitator(served.database_url, 'lead@example.org')}"
    created = api.post(f"{served.url}/api/workshops", json={"title": "First download", "charters": ["warwickshire"]})
    assert created.status_code == 201, created.text
    workshop = f"{served.url}/api/workshops/{created.json()['id']}"
    assert api.post(f"{workshop}/control", json={"action": "stage", "stage": "review"}).status_code == 200
    assert api.post(f"{workshop}/draft", json={"theme_set": "kent"}).status_code == 201

    # Started with the server, without a job asking for it.
    ready_line(served)

    started = time.monotonic()
    first = api.get(f"{workshop}/draft.docx", timeout=GETTING_READY)
    took = time.monotonic() - started
    assert first.status_code == 200, first.text[:500]
    assert docx.Document(io.BytesIO(first.content)).paragraphs
    started = time.monotonic()
    second = api.get(f"{workshop}/draft.docx", timeout=GETTING_READY)
    again = time.monotonic() - started
    assert second.status_code == 200, second.text[:500]
    # As quick as the one after it, give or take what a busy machine changes from one moment to the next;
    # started by the first download, the fork server would have added its getting ready to it alone.
    assert took < 3 * again + 2, f"the first download took {took:.1f} s, the second {again:.1f} s"
    # The same fork server made both: none was started for a download.
    assert len(READY.findall(served.log())) == 1
