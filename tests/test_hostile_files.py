"""Hostile Word files imported into the app served for real, while a room is live.

Each file passes the upload's size, compression-ratio and entry-count checks,
so only reading it can tell. It is read in a worker process (workshop/jobs.py)
that stops at the first limit it passes, so the server goes on answering the
room's phones and health checks within 200 ms throughout, the facilitator is
told plainly why the file was refused, and the server's memory is not left
grown.
"""

import io
import itertools
import random
import threading
import time
import zipfile

import docx
import psutil
import pytest
import requests
from servers import ServedApp
from test_live_server import Phone, Room, statements_of
from urllib3 import encode_multipart_formdata

# Within what the server must answer other requests while a file is read, and how much its memory may grow.
ANSWERED_WITHIN = 0.2
MEMORY_GROWTH = 40 * 1024 * 1024


def word_document_with(paragraphs, compresslevel=1) -> bytes:
    """A valid .docx (python-docx's own template) whose body is these paragraphs of plain text."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    xml = source.read("word/document.xml").decode()
    start = xml.index("<w:body>") + len("<w:body>")
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    made = io.BytesIO()
    with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        for entry in source.infolist():
            part = xml[:start] + body + xml[start:] if entry.filename == "word/document.xml" else source.read(entry)
            target.writestr(entry.filename, part)
    return made.getvalue()


def fifteen_thousand_paragraphs() -> bytes:
    return word_document_with(f"We will keep promise number {n} to every child and family." for n in range(15_000))


def expands_to_47_mb_of_text() -> bytes:
    """About 7 MB that unpacks to 47 MB of text: a ratio near 7, under every check on the zip itself."""
    rng = random.Random(18)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(2000)]
    paragraphs = ["We will " + " ".join(rng.choices(words, k=150)) for _ in range(20)]
    chosen, characters = [], 0
    while characters < 47_000_000:
        chosen.append(rng.choice(paragraphs))
        characters += len(chosen[-1])
    return word_document_with(chosen)


@pytest.fixture(scope="module")
def served(tmp_path_factory, sqlite_template):
    folder = tmp_path_factory.mktemp("hostile")
    database = folder / "workshop.sqlite3"
    database.write_bytes(sqlite_template.read_bytes())
    server = ServedApp(folder, f"sqlite:///{database}").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(served, api_session):
    session = api_session(served.database_url)
    # The server as it is once running: its worker's fork server started by a first import.
    assert session.post(f"{served.url}/api/charters/import", json={"text": "- We will listen"}).status_code == 200
    return session


class Prober:
    """Asks the server for /healthz, and a phone to tag, each on a thread of its own, timing every answer."""

    def __init__(self, served, phone: Phone, board_id: int, statement_ids: list[int]):
        self.url, self.phone, self.board_id, self.statement_ids = served.url, phone, board_id, statement_ids
        # (what, when it was asked, how long the answer took, whether it was the answer expected)
        self.timings: list[tuple[str, float, float, object]] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._health), threading.Thread(target=self._tags)]

    def _health(self):
        health = requests.Session()
        while not self.stopping.is_set():
            started = time.monotonic()
            answered = health.get(f"{self.url}/healthz", timeout=5).status_code == 200
            self.timings.append(("healthz", started, time.monotonic() - started, answered))
            time.sleep(0.01)

    def _tags(self):
        values = ["borrow", "adapt", "ignore"]
        for number in itertools.count():
            if self.stopping.is_set():
                return
            started = time.monotonic()
            statement_id = self.statement_ids[number % len(self.statement_ids)]
            ack = self.phone.do("tag", board_id=self.board_id, statement_id=statement_id, value=values[number % 3])
            self.timings.append(("tag", started, time.monotonic() - started, ack["ok"] or ack))
            # Within a phone's allowance of ten actions a second.
            time.sleep(0.12)

    def during(self, start: float, end: float) -> list[tuple[str, float, float, object]]:
        """The answers that were awaited at some time between `start` and `end`."""
        return [timing for timing in self.timings if timing[1] <= end and timing[1] + timing[2] >= start]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        time.sleep(0.3)
        self.stopping.set()
        for thread in self.threads:
            thread.join()


def import_file(served, api, body: bytes, content_type: str):
    headers = {"Content-Type": content_type}
    return api.post(f"{served.url}/api/charters/import", data=body, headers=headers, timeout=60)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (fifteen_thousand_paragraphs, "The Word document has more than 5,000 paragraphs, far more than a charter."),
        (
            expands_to_47_mb_of_text,
            "The Word document holds more than 1,000,000 characters of text, far more than a charter.",
        ),
    ],
)
def test_a_hostile_word_file_is_refused_while_the_room_goes_on(served, api, make, message):
    content = make()
    entries = zipfile.ZipFile(io.BytesIO(content)).infolist()
    assert len(content) < 10 * 1024 * 1024 and sum(entry.file_size for entry in entries) < 50 * 1024 * 1024
    assert all(entry.file_size < 100 * max(entry.compress_size, 1) for entry in entries)

    room = Room(served, api)
    room.control(action="stage", stage="review")
    phone = Phone(served, room.workshop["code"])
    board_id, statement_ids = statements_of(phone.wait_for("snapshot"))
    # The server's first tag prepares what every later one reuses: a cost of starting, not of the file.
    assert phone.do("tag", board_id=board_id, statement_id=statement_ids[0], value="borrow")["ok"]
    server = psutil.Process(served.process.pid)
    memory_before = server.memory_info().rss
    # Encoded before the timing starts: the timings are the server's, not this process's.
    body, content_type = encode_multipart_formdata({"file": ("charter.docx", content)})

    with Prober(served, phone, board_id, statement_ids) as prober:
        time.sleep(0.3)
        started = time.monotonic()
        response = import_file(served, api, body, content_type)
        finished = time.monotonic()

    assert response.status_code == 400, response.text
    assert response.json()["error"] == "cannot_import"
    assert response.json()["message"].startswith(message)
    assert "paste it into the box" in response.json()["message"]
    assert finished - started < 10
    assert [timing for timing in prober.timings if timing[3] is not True] == []
    # Throughout the import, and a quarter of a second either side, every other request was answered
    # within 200 ms (the import itself may be over in a few hundredths of a second).
    during = prober.during(started - 0.25, finished + 0.25)
    assert len(during) >= 3, prober.timings
    assert max(took for _what, _asked, took, _answer in during) < ANSWERED_WITHIN, during
    assert server.memory_info().rss - memory_before < MEMORY_GROWTH
    phone.close()
