"""A room under load: phones tagging at a set rate, a projector watching, the figures printed.

Starts the app on 127.0.0.1 as `python -m workshop` (one process, or several
sharing Redis and PostgreSQL), or targets servers already running there
(--url). Creates a workshop through the API, opens its longest charter for review,
joins the phones through /join/<code> as a phone's browser does, and connects
them and a projector with python-socketio's asyncio client, all in this one
process. Joining is set-up; the measured window is the tagging that follows,
until the last answer. CPU seconds are counted over that window; the peak
resident memory over the whole run.

For --seconds, the phones tag at --rate tags a second in all, each tag from a
phone chosen at random, on a statement that phone has not tagged yet, so that
each tag is one row in the database afterwards. A share of the tags are
adapts, each followed by the phone's suggested wording, and a share come with
a What's missing card. Per tag it measures the time to the acknowledgement
and the time until the projector's coalesced `counts` show it. Tags sent to
one statement are matched in the order they were sent: when the projector
shows n tags there, the first n sent count as shown.

With --alongside, the facilitator works through the same window: imports a
long Word charter (4,000 paragraphs, 290 statements) over the API (import),
downloads the room's workshop as JSON and its results and tags as CSV
(export), or downloads the Word draft, with every statement of the reviewed
charter placed in it, with every part the download has by default (docx); one after another, or one
starting every --every seconds, so that the figures show whether that holds
up the phones. With --compare, the same servers first carry the room alone,
in a workshop of its own set up as the other's is (with the same draft),
then the room with that work alongside, and the
figures give both runs' tag-to-ack and the ratio of the p95s, which should be
at most 1.5 (bench/alongside.py takes the medians of several such runs).

With --crash-after, the first server is killed (SIGKILL) that many seconds
into the window and started again at once on the same port and database.
The phones then behave as the phone's page does (static/js/live/connection.js):
each reconnects by itself after a random wait of about half a second, then up
to 1.5 s between tries, and once connected sends every operation not yet
acknowledged again, with its id, one at a time and oldest first. The figures add
how long after the server answered again each phone had its fresh snapshot
(resynced), whether every phone did, and whether any acknowledged tag was
lost or any card stored twice (every card's text is its own, so the database
tells). The tags in flight at the crash are counted in tag-to-ack too.

With --generators N, the phones are spread over N generator processes (this
script again, each joining and tagging its share at its share of the rate,
all starting the window together), so that the load generator is not what
saturates; this process keeps the projector and the facilitator, and merges
the figures: every phone's times, and each tag's time to the projector,
matched after the window in the order the tags were sent, whichever process
sent them (the clock they read is the machine's own).

The last line printed is one JSON object, so that runs can be compared by script.

    .venv/bin/python bench/room_load.py --phones 200 --rate 50 --seconds 20
    .venv/bin/python bench/room_load.py --processes 3 --phones 3000 --rate 500 --seconds 60 \\
        --database-url postgresql://postgres@127.0.0.1/room_load --redis-url redis://127.0.0.1:6379/0
"""

import argparse
import asyncio
import io
import itertools
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict, deque
from pathlib import Path

import aiohttp
import docx
import psutil
import socketio

REPO = Path(__file__).resolve().parent.parent
GROUPS = ("parent_carer", "young_person", "education", "health", "social_care", "voluntary", "other", "")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
# How long a phone waits for an answer before counting the operation as unanswered.
ACK_TIMEOUT = 30
# After the window: how long to wait for the projector to show the last tags.
PROJECTOR_GRACE = 10
# How often the load generator checks how late its own event loop runs.
LAG_PROBE = 0.01
# A phone's page after a lost connection (static/js/live/connection.js): the first try after
# about half a second, then doubling up to 1.5 s, each wait at random (here within half a second
# either way: python-socketio's randomization is in seconds, the page's a share of the wait).
RECONNECTION = {"reconnection_delay": 0.5, "reconnection_delay_max": 1.5, "randomization_factor": 0.5}
# What a server logs once its worker process for imports and downloads is ready (workshop/jobs.py).
WORKER_READY = "The worker process for imports and downloads is ready"
WORKER_READY_TIMEOUT = 180
# --crash-after: how long every phone has to have its fresh snapshot once the server answers again.
RESYNC_TARGET = 5.0
# How long the page's Socket.IO client waits for the server to take a connection (socket.io-client's
# `timeout`, 20 s unless set), reconnecting too.
PAGE_CONNECT_TIMEOUT = 20
# What the facilitator does while the phones tag (--alongside).
ALONGSIDE = ("nothing", "import", "export", "docx")
# --compare: the p95 tag-to-ack with work alongside, at most this many times the room's alone.
ALONGSIDE_TARGET = 1.5


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=200, help="phones that join and tag (default 200)")
    parser.add_argument("--rate", type=float, default=50, help="tags a second, from all phones together (default 50)")
    parser.add_argument("--seconds", type=float, default=20, help="length of the measured window (default 20)")
    parser.add_argument("--processes", type=int, default=1, help="server processes to start (default 1)")
    parser.add_argument(
        "--database-url",
        help="the servers' database (default: a new SQLite file); several processes need PostgreSQL",
    )
    parser.add_argument("--redis-url", help="Redis for the Socket.IO message queue; several processes need it")
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        help="target a server already running on 127.0.0.1 instead of starting one (repeat for several); "
        "--database-url must then be its database",
    )
    parser.add_argument("--async-mode", help="the servers' ASYNC_MODE (default: the app's own)")
    parser.add_argument("--adapt-share", type=float, default=0.2, help="share of tags that are adapts (default 0.2)")
    parser.add_argument(
        "--card-share", type=float, default=0.01, help="share of tags followed by a What's missing card (default 0.01)"
    )
    parser.add_argument("--joining", type=int, default=50, help="phones joining at the same time (default 50)")
    parser.add_argument(
        "--reveal", action="store_true", help="reveal the results first, so that every phone gets the counts too"
    )
    parser.add_argument(
        "--alongside",
        choices=ALONGSIDE,
        default="nothing",
        help="what the facilitator does through the window: import a long Word charter, download the "
        "workshop's JSON and CSV files, or download its Word draft, one after another (default nothing)",
    )
    parser.add_argument(
        "--every",
        type=float,
        default=0,
        help="with --alongside: start one import or download every so many seconds, rather than one after "
        "another (one that takes longer is followed at once by the next)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="with --alongside: run the room alone first, on the same servers, and give both runs' figures",
    )
    parser.add_argument(
        "--crash-after",
        type=float,
        help="kill the (first) server with SIGKILL this many seconds into the window and start it again; "
        "the phones reconnect and resend as a phone's page does",
    )
    parser.add_argument(
        "--generators",
        type=int,
        default=1,
        help="spread the phones over this many generator processes (default 1: all in this one)",
    )
    # A generator process of --generators: the phones' share of the room, in the workshop with this code.
    parser.add_argument("--part-of", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    # --alongside docx: the workshop has a draft with every statement in it, with --compare for both runs.
    arguments.draft = arguments.alongside == "docx"
    if arguments.generators < 1:
        parser.error("--generators must be positive")
    if arguments.generators > 1 and arguments.crash_after is not None:
        parser.error("--generators and --crash-after do not go together")
    if arguments.crash_after is not None and (arguments.url or not 0 < arguments.crash_after < arguments.seconds):
        parser.error("--crash-after needs servers this script starts, and a time within --seconds")
    if (arguments.every or arguments.compare) and arguments.alongside == "nothing":
        parser.error("--every and --compare need --alongside")
    if arguments.compare and arguments.crash_after is not None:
        parser.error("--compare and --crash-after do not go together")
    if arguments.every < 0:
        parser.error("--every must not be negative")
    if arguments.phones < 1 or arguments.rate <= 0 or arguments.seconds <= 0 or arguments.processes < 1:
        parser.error("--phones, --rate, --seconds and --processes must be positive")
    for url in arguments.url:
        if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
            parser.error("--url must be a server on this machine (http://127.0.0.1:PORT)")
    if arguments.url and not arguments.database_url:
        parser.error("--url needs --database-url: the database of the server it targets")
    servers = len(arguments.url) or arguments.processes
    if servers > 1 and not (arguments.database_url or "").startswith("postgres"):
        parser.error("several processes need a PostgreSQL --database-url")
    if arguments.processes > 1 and not arguments.redis_url:
        parser.error("several processes need --redis-url")
    return arguments


# --- the servers --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Servers:
    """`python -m workshop` processes on 127.0.0.1, sharing one database (and Redis when there are several)."""

    def __init__(self, count: int, database_url: str, redis_url: str | None, folder: Path, async_mode: str | None):
        environment = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "HOST")}
        environment.update(
            DATABASE_URL=database_url,
            HOST="127.0.0.1",
            SECRET_KEY=secrets.token_hex(32),
            PYTHONUNBUFFERED="1",
            # A channel of the run's own, so that other runs on the same Redis do not meet this one.
            SOCKETIO_CHANNEL=f"room-load-{secrets.token_hex(6)}",
        )
        if redis_url:
            environment["REDIS_URL"] = redis_url
        if async_mode:
            environment["ASYNC_MODE"] = async_mode
        self.environment = environment
        self.ports = [free_port() for _ in range(count)]
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.logs = [folder / f"server-{port}.log" for port in self.ports]
        self.processes: list[subprocess.Popen] = []

    def start(self, timeout: float = 60) -> None:
        self.processes = [self._spawn(index) for index in range(len(self.ports))]
        deadline = time.monotonic() + timeout
        for index in range(len(self.ports)):
            self._wait_until_healthy(index, deadline)
        # Each server's worker process for imports and downloads gets ready as the server starts, taking
        # seconds of CPU: measured once it is, the room runs on servers as they are once running.
        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        for index in range(len(self.ports)):
            while WORKER_READY not in self.logs[index].read_text():
                if self.processes[index].poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(f"The server at {self.urls[index]} did not get its worker process ready")
                time.sleep(0.1)

    def _spawn(self, index: int) -> subprocess.Popen:
        with self.logs[index].open("a") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "workshop"],
                cwd=REPO,
                env=dict(self.environment, PORT=str(self.ports[index])),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def _wait_until_healthy(self, index: int, deadline: float) -> None:
        while not healthy(self.urls[index]):
            if self.processes[index].poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(
                    f"The server at {self.urls[index]} did not start:\n{self.logs[index].read_text()[-3000:]}"
                )
            time.sleep(0.05)

    def crash_and_restart(self, index: int = 0, timeout: float = 60) -> None:
        """SIGKILL, as a crash would, then the same server started again at once."""
        self.processes[index].kill()
        self.processes[index].wait()
        self.processes[index] = self._spawn(index)
        self._wait_until_healthy(index, time.monotonic() + timeout)

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def listening_pid(url: str) -> int | None:
    """The process listening at a targeted server's port, if this user may see it."""
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    try:
        connections = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:
        return None
    for connection in connections:
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port:
            return connection.pid
    return None


# --- the database, read and written directly --------------------------------------


def issue_token(database_url: str) -> str:
    """A facilitator and their API token in the run's database (migrating it first), before the servers start."""
    sys.path.insert(0, str(REPO))
    from workshop import create_app
    from workshop.auth.accounts import create_facilitator, issue_api_token
    from workshop.extensions import db

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "room-load", "SEED_ON_START": False})
    with app.app_context():
        email = f"room-load-{secrets.token_hex(4)}@example.org"
        facilitator = create_facilitator(db.session, email, secrets.token_urlsafe(16))
        token = issue_api_token(db.session, facilitator)
        db.session.commit()
        db.session.remove()
    db.engine.dispose()
    return token


def stored_tags(database_url: str, workshop_id: int) -> set[tuple[int, int, int, str]]:
    """(participant number, board, statement, value) of every tag stored for the workshop."""
    from sqlalchemy import select

    from workshop.database import make_engine
    from workshop.models import Board, Participant, Tag

    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Participant.number, Tag.board_id, Tag.statement_id, Tag.value)
            .join(Participant, Participant.id == Tag.participant_id)
            .join(Board, Board.id == Tag.board_id)
            .where(Board.workshop_id == workshop_id)
        )
        found = {tuple(row) for row in rows}
    engine.dispose()
    return found


def stored_cards(database_url: str, workshop_id: int) -> Counter[str]:
    """How many times each card's text is stored for the workshop."""
    from sqlalchemy import select

    from workshop.database import make_engine
    from workshop.models import MissingCard

    engine = make_engine(database_url)
    with engine.connect() as connection:
        texts = connection.scalars(select(MissingCard.text).where(MissingCard.workshop_id == workshop_id))
        found = Counter(texts)
    engine.dispose()
    return found


# --- the clients --------------------------------------------------------------------


class PageClient(socketio.AsyncClient):
    """python-socketio's client, waiting for a connection to be taken as long as the phone's page does.

    Reconnecting, python-socketio's own gives up on a connection the server has not taken within a
    second, and tries again up to 2 s later: a busy server just started again, taking a room's
    phones back at once, was then given up on by most of them, again and again, and the phones came
    back seconds later than the page's would.
    """

    async def connect(self, *args, wait_timeout=PAGE_CONNECT_TIMEOUT, **kwargs):
        await super().connect(*args, wait_timeout=wait_timeout, **kwargs)


class Phone:
    """A participant's phone: its own cookies, joined through the form, then connected."""

    def __init__(self, url: str, reconnecting: bool = False):
        self.url = url
        # Cookies for 127.0.0.1: aiohttp keeps none for an IP address unless told to.
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        reconnection = RECONNECTION if reconnecting else {"reconnection": False}
        self.client = PageClient(http_session=self.http, **reconnection)
        self.reconnecting = reconnecting
        self.number: int | None = None
        self.to_tag: list[tuple[int, int]] = []
        # When each snapshot came; set while connected, cleared when the connection is lost.
        self.snapshots: list[float] = []
        self.online = asyncio.Event()
        self.offline = asyncio.Event()
        # A reconnecting phone sends as its page's queue does: one operation at a time, oldest first.
        self.turn = asyncio.Lock()

    async def join(self, code: str, group: str) -> None:
        async with self.http.get(f"{self.url}/join/{code}") as page:
            csrf = CSRF_FIELD.search(await page.text()).group(1)
        form = {"csrf_token": csrf, "group": group}
        async with self.http.post(f"{self.url}/join/{code}", data=form, allow_redirects=False) as joined:
            if joined.status != 302:
                raise RuntimeError(f"joining answered {joined.status}")
        snapshot = asyncio.get_running_loop().create_future()

        def snapshotted(data):
            self.snapshots.append(time.monotonic())
            if not snapshot.done():
                snapshot.set_result(data)

        self.client.on("snapshot", snapshotted)
        self.client.on("connect", self._connected)
        self.client.on("disconnect", self._disconnected)
        # WebSocket first, as the phone's page connects, when the phones behave as the page does.
        transports = ["websocket"] if self.reconnecting else None
        auth = {"workshop": code, "role": "participant"}
        await self.client.connect(self.url, auth=auth, transports=transports, wait_timeout=ACK_TIMEOUT)
        data = await asyncio.wait_for(snapshot, ACK_TIMEOUT)
        self.number = data["me"]["number"]
        self.to_tag = [
            (board["id"], statement["id"])
            for board in data["boards"]
            for theme in board["themes"]
            for statement in theme["statements"]
        ]
        random.shuffle(self.to_tag)

    def _connected(self):
        self.offline.clear()
        self.online.set()

    def _disconnected(self, *_reason):
        self.online.clear()
        self.offline.set()

    async def send(self, operation: dict) -> dict | None:
        """The acknowledgement, or None when none came.

        A reconnecting phone, as its page's queue does, sends the operation
        again with the same id once connected again when the connection was
        lost before the answer came.
        """
        operation = {"id": uuid.uuid4().hex, **operation}
        if not self.reconnecting:
            try:
                return await self.client.call("operation", operation, timeout=ACK_TIMEOUT)
            except socketio.exceptions.SocketIOError:
                return None
        async with self.turn:
            return await self._send_until_answered(operation, time.monotonic() + ACK_TIMEOUT)

    async def _send_until_answered(self, operation: dict, deadline: float) -> dict | None:
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(self.online.wait(), remaining)
            except TimeoutError:
                return None
            call = asyncio.ensure_future(self.client.call("operation", operation, timeout=remaining))
            lost = asyncio.ensure_future(self.offline.wait())
            await asyncio.wait({call, lost}, return_when=asyncio.FIRST_COMPLETED)
            lost.cancel()
            if not call.done():
                call.cancel()
                continue
            try:
                return call.result()
            except socketio.exceptions.SocketIOError:
                await asyncio.sleep(0.05)  # lost just as it was sent: again, once connected
        return None

    async def close(self) -> None:
        await self.client.disconnect()
        await self.http.close()


class ReconnectingPhone(Phone):
    """A phone as its page behaves after a lost connection (--crash-after)."""

    def __init__(self, url: str):
        super().__init__(url, reconnecting=True)


class RoomLoad:
    phone_class = Phone

    def __init__(self, arguments: argparse.Namespace, urls: list[str], token: str):
        self.arguments = arguments
        self.urls = urls
        if arguments.crash_after is not None:
            self.phone_class = ReconnectingPhone
        self.token = token
        self.ack_ms: list[float] = []
        self.projector_ms: list[float] = []
        self.sent: list[tuple[int, int, int, str]] = []
        self.refused: Counter[str] = Counter()
        self.others: Counter[str] = Counter()
        # Per (board, statement): when each tag not yet shown on the projector was sent, oldest first.
        self.waiting: defaultdict[tuple[int, int], deque[float]] = defaultdict(deque)
        self.shown: Counter[tuple[int, int]] = Counter()
        self.ran_out = False
        self.sending_seconds = 0.0
        self.lag_ms: list[float] = []
        self.acked_tags: list[tuple[int, int, int, str]] = []
        self.acked_cards: list[str] = []
        self.card_numbers = itertools.count(1)
        # --crash-after: when the server was killed, and when it answered again.
        self.killed_at: float | None = None
        self.answering_at: float | None = None
        # --generators: what the projector showed, and when, until the generators' tags are in.
        self.recording: list[tuple[float, dict]] | None = None
        self.generators_cpu = 0.0
        self.generators_rss = 0

    async def create_workshop(self) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with aiohttp.ClientSession(headers=headers) as api:
            base = self.urls[0]
            # Every example charter on the workshop, the longest first; the room reviews that one.
            async with api.get(f"{base}/api/charters") as response:
                charters = sorted((await response.json())["charters"], key=lambda c: -c["statement_count"])
            body = {"title": "Room load", "charters": [charter["slug"] for charter in charters]}
            async with api.post(f"{base}/api/workshops", json=body) as response:
                workshop = await response.json()
                if response.status != 201:
                    raise SystemExit(f"Could not create the workshop: {workshop}")
            async with api.get(f"{base}/api/workshops/{workshop['id']}/results") as response:
                board_id = (await response.json())["boards"][0]["id"]
            controls = [{"action": "stage", "stage": "review"}, {"action": "open_board", "board_id": board_id}]
            if self.arguments.reveal:
                controls.append({"action": "reveal"})
            for control in controls:
                async with api.post(f"{base}/api/workshops/{workshop['id']}/control", json=control) as response:
                    if response.status != 200:
                        raise SystemExit(f"Could not {control}: {await response.text()}")
            if self.arguments.draft:
                await self.draft_everything(api, workshop["id"])
        workshop["projector_key"] = workshop["projector_url"].rstrip("/").rsplit("/", 1)[1]
        return workshop

    async def draft_everything(self, api: aiohttp.ClientSession, workshop_id: int) -> None:
        """--alongside docx: a draft with every statement of the reviewed charter in it, each under its theme."""
        base = f"{self.urls[0]}/api/workshops/{workshop_id}"
        async with api.get(f"{base}/results") as response:
            statements = (await response.json())["boards"][0]["statements"]
        themes = list(dict.fromkeys(statement["theme"] for statement in statements))
        body = {"theme_set": "own", "own_themes": themes}
        async with api.post(f"{base}/draft", json=body) as response:
            if response.status != 201:
                raise SystemExit(f"Could not start the draft: {await response.text()}")
        async with api.get(f"{base}/draft") as response:
            theme_ids = {theme["title"]: theme["id"] for theme in (await response.json())["themes"]}
        for statement in statements:
            placed = {"theme_id": theme_ids[statement["theme"]], "statement_id": statement["id"]}
            async with api.post(f"{base}/draft/statements", json=placed) as response:
                if response.status != 201:
                    raise SystemExit(f"Could not place {statement['id']} in the draft: {await response.text()}")

    async def join_phones(self, code: str) -> list[Phone]:
        joining = asyncio.Semaphore(self.arguments.joining)
        failures: Counter[str] = Counter()

        async def join(number: int) -> Phone | None:
            phone = self.phone_class(self.urls[number % len(self.urls)])
            async with joining:
                try:
                    await phone.join(code, random.choice(GROUPS))
                    return phone
                except (OSError, RuntimeError, aiohttp.ClientError, socketio.exceptions.SocketIOError) as error:
                    failures[f"{type(error).__name__}: {error}"] += 1
                    await phone.close()
                    return None

        phones = await asyncio.gather(*(join(number) for number in range(self.arguments.phones)))
        for failure, count in failures.items():
            print(f"  {count} phones could not join: {failure}")
        return [phone for phone in phones if phone is not None]

    def projector_counts(self, data: dict, now: float | None = None) -> None:
        if self.recording is not None:
            # --generators: the tags are sent by other processes; matched once their times are in.
            self.recording.append((time.monotonic(), data))
            return
        now = now or time.monotonic()
        for statement_id, tagged in data["tagged"].items():
            key = (data["board_id"], int(statement_id))
            waiting = self.waiting[key]
            while self.shown[key] < tagged and waiting:
                self.projector_ms.append((now - waiting.popleft()) * 1000)
                self.shown[key] += 1

    async def tag(self, phone: Phone, board_id: int, statement_id: int) -> None:
        adapt = random.random() < self.arguments.adapt_share
        value = "adapt" if adapt else random.choice(("borrow", "ignore"))
        sent = time.monotonic()
        self.sent.append((phone.number, board_id, statement_id, value))
        self.waiting[(board_id, statement_id)].append(sent)
        ack = await phone.send({"kind": "tag", "board_id": board_id, "statement_id": statement_id, "value": value})
        if ack is None:
            # Stored or not, it is not acknowledged; the database and the projector will tell.
            self.refused["no answer"] += 1
            return
        if not ack["ok"]:
            self.refused[ack["error"]] += 1
            self.waiting[(board_id, statement_id)].remove(sent)
            return
        self.ack_ms.append((time.monotonic() - sent) * 1000)
        self.acked_tags.append((phone.number, board_id, statement_id, value))
        if adapt:
            text = f"We will agree this together, with the families who use it ({statement_id})"
            reword = {"kind": "reword", "board_id": board_id, "statement_id": statement_id, "text": text}
            await self.other(phone, "rewords", reword)
        if random.random() < self.arguments.card_share:
            # Each card's text its own, so that a card stored twice shows in the database.
            text = f"Transport to meetings ({phone.number}.{next(self.card_numbers)})"
            if await self.other(phone, "cards", {"kind": "add_card", "text": text}):
                self.acked_cards.append(text)

    async def other(self, phone: Phone, kind: str, operation: dict) -> bool:
        self.others[f"{kind}_sent"] += 1
        ack = await phone.send(operation)
        if ack and ack["ok"]:
            self.others[f"{kind}_acked"] += 1
            return True
        return False

    async def crash(self, servers: "Servers") -> None:
        """--crash-after: the first server killed and started again, in the window."""
        await asyncio.sleep(self.arguments.crash_after)
        self.killed_at = time.monotonic()
        await asyncio.to_thread(servers.crash_and_restart, 0)
        self.answering_at = time.monotonic()

    def resync(self, phones: list[Phone]) -> dict:
        """For the phones of the crashed server: how long after it answered again each had its fresh snapshot."""
        crashed = [phone for phone in phones if phone.url == self.urls[0]]
        after = [next((t for t in phone.snapshots if t > self.killed_at), None) for phone in crashed]
        seconds = [max(0.0, t - self.answering_at) for t in after if t is not None]
        return {
            "restart_s": round(self.answering_at - self.killed_at, 1),
            "resynced": len(seconds),
            "not_resynced": len(crashed) - len(seconds),
            "resync_p50_s": percentile(seconds, 0.50),
            "resync_p95_s": percentile(seconds, 0.95),
            "resync_max_s": round(max(seconds), 2) if seconds else None,
        }

    async def tagging(self, phones: list[Phone]) -> None:
        """Tags at the set rate for the set time, then waits for the answers."""
        ready = [phone for phone in phones if phone.to_tag]
        tasks: set[asyncio.Task] = set()
        rate, seconds = self.arguments.rate, self.arguments.seconds
        started = time.monotonic()
        while (elapsed := time.monotonic() - started) < seconds:
            for _ in range(int(elapsed * rate) - len(self.sent)):
                if not ready:
                    self.ran_out = True
                    break
                index = random.randrange(len(ready))
                phone = ready[index]
                board_id, statement_id = phone.to_tag.pop()
                if not phone.to_tag:
                    ready[index] = ready[-1]
                    ready.pop()
                task = asyncio.create_task(self.tag(phone, board_id, statement_id))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            await asyncio.sleep(0.005)
        self.sending_seconds = time.monotonic() - started
        if tasks:
            await asyncio.wait(tasks)

    async def watch_lag(self) -> None:
        """How late this process's own event loop wakes up: a delay in every latency it measures."""
        while True:
            asleep = time.monotonic()
            await asyncio.sleep(LAG_PROBE)
            self.lag_ms.append((time.monotonic() - asleep - LAG_PROBE) * 1000)

    async def generators(self, code: str, database_url: str, window: asyncio.Event) -> int:
        """--generators: the phones' shares joined and tagging in processes of their own; their figures merged.

        Each process joins its phones, says so, and starts its window when told, so that all start together.
        Returns how many phones joined; `window` is set as the window starts.
        """
        count = self.arguments.generators
        shares = [len(range(index, self.arguments.phones, count)) for index in range(count)]
        options = {
            "--rate": self.arguments.rate / count,
            "--seconds": self.arguments.seconds,
            "--adapt-share": self.arguments.adapt_share,
            "--card-share": self.arguments.card_share,
            "--joining": max(1, self.arguments.joining // count),
            "--database-url": database_url,
            "--part-of": code,
        }
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "--phones",
                str(share),
                *(str(part) for option in options.items() for part in option),
                *(part for url in self.urls for part in ("--url", url)),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                limit=2**30,
            )
            for share in shares
            if share
        ]
        joined = 0
        for process in processes:
            while not (line := await process.stdout.readline()).startswith(b"joined "):
                if not line:
                    raise SystemExit("A generator process ended before its phones joined")
                print(line.decode().rstrip())  # its phones that could not join
            joined += int(line.split()[1])
        self.recording = []
        for process in processes:
            process.stdin.write(b"go\n")
            await process.stdin.drain()
        window.set()
        parts = []
        for process in processes:
            output = await process.stdout.read()
            if await process.wait() != 0:
                raise SystemExit("A generator process failed")
            parts.append(json.loads(output.decode().strip().splitlines()[-1]))
        self.merge(parts)
        return joined

    def merge(self, parts: list[dict]) -> None:
        """The generators' figures as if this process had sent their tags, and the projector's matched to them."""
        for part in parts:
            self.sent += [tuple(tag) for tag in part["sent"]]
            self.ack_ms += part["ack_ms"]
            self.acked_tags += [tuple(tag) for tag in part["acked_tags"]]
            self.acked_cards += part["acked_cards"]
            self.refused.update(part["refused"])
            self.others.update(part["others"])
            self.lag_ms += part["lag_ms"]
            self.sending_seconds = max(self.sending_seconds, part["sending_seconds"])
            self.ran_out = self.ran_out or part["ran_out"]
            self.generators_cpu += part["cpu_s"]
            self.generators_rss += part["rss"]
            for board_id, statement_id, sent in part["waiting"]:
                self.waiting[(board_id, statement_id)].append(sent)
        for waiting in self.waiting.values():
            ordered = sorted(waiting)
            waiting.clear()
            waiting.extend(ordered)
        recorded, self.recording = self.recording, None
        for now, data in recorded:
            self.projector_counts(data, now)

    async def projector_caught_up(self) -> None:
        deadline = time.monotonic() + PROJECTOR_GRACE
        while any(self.waiting.values()) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)


def long_charter() -> bytes:
    """A Word charter as long as an import allows: 29 themes, each with 130 paragraphs of prose and 10 statements."""
    rng = random.Random(5)
    words = [
        "children",
        "families",
        "listen",
        "together",
        "respect",
        "share",
        "plan",
        "review",
        "support",
        "clear",
        "honest",
        "time",
    ]
    document = docx.Document()
    document.add_heading("Our co-production charter", 0)
    for theme in range(29):
        document.add_heading(f"Theme {theme + 1}", 1)
        for _ in range(130):
            document.add_paragraph(" ".join(rng.choices(words, k=30)) + ".")
        for number in range(10):
            document.add_paragraph(f"We will {' '.join(rng.choices(words, k=12))} ({theme}.{number})")
    made = io.BytesIO()
    document.save(made)
    return made.getvalue()


class Facilitator:
    """Imports or downloads through the window, timing each; the last one is let finish.

    One after another, or one starting every `every` seconds (at once after one that took longer).
    """

    def __init__(self, what: str, url: str, token: str, workshop_id: int, every: float = 0):
        self.what, self.url, self.workshop_id, self.every = what, url, workshop_id, every
        self.headers = {"Authorization": f"Bearer {token}"}
        self.charter = long_charter() if what == "import" else b""
        self.took_ms: list[float] = []
        self.failed: Counter[str] = Counter()
        self.stopping = asyncio.Event()

    async def work(self) -> None:
        exports = ["export.json", "results.csv", "tags.csv?per_person=yes"]
        began = time.monotonic()
        async with aiohttp.ClientSession(headers=self.headers) as api:
            while not self.stopping.is_set():
                if self.every:
                    # The next one's turn: the start of the window, and every `every` seconds after.
                    due = began + len(self.took_ms) * self.every
                    try:
                        await asyncio.wait_for(self.stopping.wait(), max(0.0, due - time.monotonic()))
                        return
                    except TimeoutError:
                        pass
                started = time.monotonic()
                if self.what == "import":
                    form = aiohttp.FormData()
                    form.add_field("file", self.charter, filename="long charter.docx")
                    request = api.post(f"{self.url}/api/charters/import", data=form)
                elif self.what == "docx":
                    request = api.get(f"{self.url}/api/workshops/{self.workshop_id}/draft.docx")
                else:
                    path = exports[len(self.took_ms) % len(exports)]
                    request = api.get(f"{self.url}/api/workshops/{self.workshop_id}/{path}")
                async with request as response:
                    await response.read()
                    if response.status != 200:
                        self.failed[str(response.status)] += 1
                self.took_ms.append((time.monotonic() - started) * 1000)


def busy_seconds(machine) -> float:
    """CPU seconds the machine's cores spent working, from psutil.cpu_times().

    Linux counts a virtual machine's time (guest, guest_nice) in user and nice
    already: counted again, the machine would be busier than its cores can be.
    """
    not_working = machine.idle + getattr(machine, "iowait", 0)
    counted_twice = getattr(machine, "guest", 0) + getattr(machine, "guest_nice", 0)
    return sum(machine) - not_working - counted_twice


def busy_share(busy_cpu_s: float, window_s: float, cores: int) -> float:
    """How much of the machine was busy over the window: 1.0 when every core worked throughout."""
    return busy_cpu_s / window_s / cores


class Usage:
    """CPU seconds and resident memory of the server processes, and CPU of this process and the machine."""

    def __init__(self, pids: list[int]):
        self.servers = [psutil.Process(pid) for pid in pids]
        self.me = psutil.Process()
        self.peak_rss = 0
        self.peak_rss_each = [0] * len(self.servers)

    def cpu(self) -> dict:
        from workshop.jobs import waited_for_a_core

        machine = psutil.cpu_times()
        try:
            server = sum(sum(process.cpu_times()[:2]) for process in self.servers) if self.servers else None
            # How long the servers' event loops were ready to run but waited for a core (Linux's schedstat).
            waiting = sum(waited_for_a_core(process.pid) for process in self.servers) if self.servers else None
        except psutil.NoSuchProcess:
            server = waiting = None  # a crashed server's CPU time went with it
        return {
            "server": server,
            "server_waiting": waiting,
            "generator": sum(self.me.cpu_times()[:2]),
            "busy": busy_seconds(machine),
        }

    async def watch(self) -> None:
        while True:
            try:
                each = [process.memory_info().rss for process in self.servers]
            except psutil.NoSuchProcess:
                return  # crashed: the peak is the one before
            self.peak_rss = max(self.peak_rss, sum(each))
            self.peak_rss_each = [max(peak, rss) for peak, rss in zip(self.peak_rss_each, each, strict=True)]
            await asyncio.sleep(0.25)


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 1)


async def run(
    arguments: argparse.Namespace, urls: list[str], servers: "Servers | None", token: str, database_url: str
) -> dict:
    pids = servers.pids if servers is not None else [pid for pid in map(listening_pid, urls) if pid is not None]
    room = RoomLoad(arguments, urls, token)
    usage = Usage(pids)
    watching = asyncio.create_task(usage.watch())
    workshop = await room.create_workshop()
    code = workshop["code"]

    projector = PageClient(**(RECONNECTION if arguments.crash_after is not None else {"reconnection": False}))
    projector.on("counts", room.projector_counts)
    await projector.connect(urls[-1], auth={"workshop": code, "role": "projector", "key": workshop["projector_key"]})

    joining_started = time.monotonic()
    cpu_before_joining = usage.cpu()
    facilitator = Facilitator(arguments.alongside, urls[0], token, workshop["id"], arguments.every)
    phones: list[Phone] = []
    if arguments.generators > 1:
        # The phones join in their processes; the window starts when all have joined.
        window = asyncio.Event()
        generating = asyncio.create_task(room.generators(code, database_url, window))
        await asyncio.wait({generating, asyncio.create_task(window.wait())}, return_when=asyncio.FIRST_COMPLETED)
        if generating.done():
            generating.result()  # what went wrong
    else:
        phones = await room.join_phones(code)
    joining_seconds = time.monotonic() - joining_started
    cpu_before = usage.cpu()
    if arguments.generators == 1:
        print(f"phones connected   {len(phones)} of {arguments.phones}, in {joining_seconds:.1f} s")

    window_started = time.monotonic()
    lag = asyncio.create_task(room.watch_lag())
    working = asyncio.create_task(facilitator.work()) if arguments.alongside != "nothing" else None
    crashing = asyncio.create_task(room.crash(servers)) if arguments.crash_after is not None else None
    if arguments.generators > 1:
        joined = await generating
        print(f"phones connected   {joined} of {arguments.phones}, over {arguments.generators} generator processes")
    else:
        joined = len(phones)
        await room.tagging(phones)
    if crashing is not None:
        await crashing
    window = time.monotonic() - window_started
    # CPU over the window and no more: what the facilitator's last download takes to finish falls outside it.
    cpu_after = usage.cpu()
    lag.cancel()
    if working is not None:
        facilitator.stopping.set()
        await working
    await room.projector_caught_up()
    watching.cancel()

    closing = asyncio.Semaphore(200)

    async def close(phone: Phone) -> None:
        async with closing:
            await phone.close()

    await asyncio.gather(*(close(phone) for phone in phones))
    await projector.disconnect()

    found = stored_tags(database_url, workshop["id"])
    stored = sum(1 for tag in room.sent if tag in found)
    cards = stored_cards(database_url, workshop["id"])
    crash = (
        {
            "crash_after_s": arguments.crash_after,
            **room.resync(phones),
            "acked_tags_lost": sum(1 for tag in room.acked_tags if tag not in found),
            "acked_cards_lost": sum(1 for text in room.acked_cards if not cards[text]),
        }
        if crashing is not None
        else {}
    )
    cpu = {key: cpu_after[key] - cpu_before[key] if cpu_after[key] is not None else None for key in cpu_after}
    joining_cpu = cpu_before["server"] - cpu_before_joining["server"] if pids else None
    return {
        "phones": joined,
        "generators": arguments.generators,
        "processes": len(urls),
        "async_mode": arguments.async_mode,
        "revealed": arguments.reveal,
        "alongside": arguments.alongside,
        "alongside_every_s": arguments.every,
        "alongside_done": len(facilitator.took_ms),
        "alongside_failed": dict(facilitator.failed),
        "alongside_p50_ms": percentile(facilitator.took_ms, 0.50),
        "rate": arguments.rate,
        "seconds": arguments.seconds,
        "sending_s": round(room.sending_seconds, 1),
        "window_s": round(window, 1),
        "sent": len(room.sent),
        "acked": len(room.ack_ms),
        "stored": stored,
        "lost": len(room.sent) - stored,
        "cards_stored_twice": sum(count - 1 for count in cards.values() if count > 1),
        **crash,
        "refused": dict(room.refused),
        "ran_out_of_statements": room.ran_out,
        **room.others,
        "ack_p50_ms": percentile(room.ack_ms, 0.50),
        "ack_p95_ms": percentile(room.ack_ms, 0.95),
        "ack_p99_ms": percentile(room.ack_ms, 0.99),
        "projector_p50_ms": percentile(room.projector_ms, 0.50),
        "projector_p95_ms": percentile(room.projector_ms, 0.95),
        "projector_p99_ms": percentile(room.projector_ms, 0.99),
        "projector_missed": sum(len(waiting) for waiting in room.waiting.values()),
        "joining_s": round(joining_seconds, 1),
        "server_joining_cpu_s": round(joining_cpu, 1) if joining_cpu is not None else None,
        "server_cpu_s": round(cpu["server"], 1) if cpu["server"] is not None else None,
        "server_waited_for_a_core_s": round(cpu["server_waiting"], 1) if cpu["server_waiting"] is not None else None,
        "server_rss_mb": round(usage.peak_rss / 2**20) if pids else None,
        "server_rss_mb_each": [round(rss / 2**20) for rss in usage.peak_rss_each],
        "generator_cpu_s": round(cpu["generator"] + room.generators_cpu, 1),
        "generator_rss_mb": round((usage.me.memory_info().rss + room.generators_rss) / 2**20),
        "generator_lag_p50_ms": percentile(room.lag_ms, 0.50),
        "generator_lag_p95_ms": percentile(room.lag_ms, 0.95),
        "machine_busy_cpu_s": round(cpu["busy"], 1),
        "machine_cores": psutil.cpu_count(),
    }


def compared(figures: dict, alone: dict) -> dict:
    """--compare: the run with work alongside, with the room's run alone and the ratios of the two."""
    ratio = figures["ack_p95_ms"] / alone["ack_p95_ms"] if figures["ack_p95_ms"] and alone["ack_p95_ms"] else None
    return {
        **figures,
        "alone": {key: alone[key] for key in (*COMPARED, "lost", "sent", "machine_busy_cpu_s", "window_s")},
        "ack_p95_ratio": round(ratio, 2) if ratio is not None else None,
        "ack_p95_target_ratio": ALONGSIDE_TARGET,
    }


# What --compare gives of both runs.
COMPARED = ("ack_p50_ms", "ack_p95_ms", "ack_p99_ms", "projector_p95_ms")


def report(figures: dict) -> None:
    def ms(name: str) -> str:
        return " ".join(f"{p} {figures[f'{name}_{p}_ms']} ms" for p in ("p50", "p95", "p99"))

    window = figures["window_s"]
    sending = figures["sending_s"]
    print(f"tags sent          {figures['sent']} ({figures['sent'] / sending:.0f} a second for {sending} s)")
    print(f"tags acked         {figures['acked']}" + (f"  refused: {figures['refused']}" if figures["refused"] else ""))
    print(f"tags stored        {figures['stored']}  lost {figures['lost']}")
    print(f"tag-to-ack         {ms('ack')}")
    print(f"tag-to-projector   {ms('projector')}  (never shown: {figures['projector_missed']})")
    if figures["server_cpu_s"] is not None:
        print(
            f"server             {figures['server_cpu_s']} CPU s in the {window} s window "
            f"({figures['server_cpu_s'] / window:.0%} of a core), peak RSS {figures['server_rss_mb']} MB "
            f"over {figures['processes']} process(es) {figures['server_rss_mb_each']}; "
            f"ready to run but waiting for a core {figures['server_waited_for_a_core_s']} s"
        )
    cores = figures["machine_cores"]
    busy = busy_share(figures["machine_busy_cpu_s"], window, cores)
    lag = f"p50 {figures['generator_lag_p50_ms']} ms p95 {figures['generator_lag_p95_ms']} ms"
    print(
        f"load generator     {figures['generator_cpu_s']} CPU s; its own delay {lag}; "
        f"the machine was {busy:.0%} busy ({cores} cores)"
    )
    if figures["alongside"] != "nothing":
        failed = f"  failed: {figures['alongside_failed']}" if figures["alongside_failed"] else ""
        print(
            f"alongside          {figures['alongside']}: {figures['alongside_done']} done, "
            f"p50 {figures['alongside_p50_ms']} ms each{failed}"
        )
    if "alone" in figures:
        alone = figures["alone"]
        print(
            f"compared           the room alone: ack p50 {alone['ack_p50_ms']} ms p95 {alone['ack_p95_ms']} ms; "
            f"with {figures['alongside']} alongside: p50 {figures['ack_p50_ms']} ms p95 {figures['ack_p95_ms']} ms; "
            f"p95 {figures['ack_p95_ratio']} times the room alone (target at most {ALONGSIDE_TARGET})"
        )
    if "resynced" in figures:
        print(
            f"crash              killed after {figures['crash_after_s']} s, answering again {figures['restart_s']} s "
            f"later; {figures['resynced']} phones resynced (not: {figures['not_resynced']}) within "
            f"p50 {figures['resync_p50_s']} s p95 {figures['resync_p95_s']} s max {figures['resync_max_s']} s "
            f"of that (target {RESYNC_TARGET} s)"
        )
        print(
            f"                   acknowledged and lost: {figures['acked_tags_lost']} tags, "
            f"{figures['acked_cards_lost']} cards; cards stored twice: {figures['cards_stored_twice']}"
        )
    if figures["ran_out_of_statements"]:
        print("note               the phones ran out of statements to tag: use more phones or a shorter window")
    print(json.dumps(figures))


async def part(arguments: argparse.Namespace) -> dict:
    """--part-of: one generator process of --generators. Joins its phones, says how many, waits for "go",
    tags through the window, and gives every time it measured, for the process that started it to merge."""
    room = RoomLoad(arguments, [url.rstrip("/") for url in arguments.url], token="")
    phones = await room.join_phones(arguments.part_of)
    print(f"joined {len(phones)}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    me = psutil.Process()
    cpu_before = sum(me.cpu_times()[:2])
    lag = asyncio.create_task(room.watch_lag())
    await room.tagging(phones)
    lag.cancel()
    cpu = sum(me.cpu_times()[:2]) - cpu_before
    await asyncio.gather(*(phone.close() for phone in phones))
    return {
        "sent": room.sent,
        "ack_ms": room.ack_ms,
        "acked_tags": room.acked_tags,
        "acked_cards": room.acked_cards,
        "refused": room.refused,
        "others": room.others,
        "lag_ms": room.lag_ms,
        "sending_seconds": room.sending_seconds,
        "ran_out": room.ran_out,
        "waiting": [
            (board_id, statement_id, sent) for (board_id, statement_id), w in room.waiting.items() for sent in w
        ],
        "cpu_s": cpu,
        "rss": me.memory_info().rss,
    }


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    if arguments.part_of:
        print(json.dumps(asyncio.run(part(arguments))))
        return
    with tempfile.TemporaryDirectory(prefix="room-load-") as folder:
        database_url = arguments.database_url or f"sqlite:///{Path(folder) / 'workshop.sqlite3'}"
        token = issue_token(database_url)
        servers = None
        if arguments.url:
            urls = [url.rstrip("/") for url in arguments.url]
        else:
            servers = Servers(
                arguments.processes, database_url, arguments.redis_url, Path(folder), arguments.async_mode
            )
            servers.start()
            urls = servers.urls
        try:
            alone = None
            if arguments.compare:
                by_itself = argparse.Namespace(**{**vars(arguments), "alongside": "nothing", "every": 0})
                alone = asyncio.run(run(by_itself, urls, servers, token, database_url))
            figures = asyncio.run(run(arguments, urls, servers, token, database_url))
            if alone is not None:
                figures = compared(figures, alone)
        finally:
            if servers is not None:
                servers.stop()
    report(figures)


if __name__ == "__main__":
    main()
