"""The app served for real, as `make run` serves it, in a process of its own, and the browser.

Used by the tests that need the network: real Socket.IO clients, browsers,
several processes, a restart in the middle of a workshop; and by the benchmarks.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from workshop.jobs import AT_MOST_WAITING_FOR_A_CORE, Limits

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless, and quiet: no background requests of Chromium's own among the page's.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def new_facilitator(database_url: str, email: str, password: str = "a long enough password") -> str:
    """A facilitator account made in the database of an app served on it (which sees it at once); their API token."""
    from sqlalchemy.orm import Session

    from workshop.auth.accounts import create_facilitator, issue_api_token
    from workshop.database import make_engine

    engine = make_engine(database_url)
    with Session(engine) as session:
        token = issue_api_token(session, create_facilitator(session, email, password))
        session.commit()
    engine.dispose()
    return token


def api(url: str, token: str, body: dict | None = None) -> dict:
    """The JSON answer of the app's API at `url`, as a facilitator's script asks: a GET, or a POST of `body`."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def launch_chromium(playwright):
    """Debian's Chromium, as the browser tests and bench/page_weight.py drive it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# How long a download may take a served app, in ms: its worker runs at the lowest priority and, on a
# busy machine, may wait for a core as long as the server lets it.
DOCUMENT_TIMEOUT = Limits().seconds * AT_MOST_WAITING_FOR_A_CORE * 1000
# What the server's log says once its worker process for imports and downloads is ready (workshop/jobs.py).
JOBS_READY = "The worker process for imports and downloads is ready"


class ServedApp:
    """`python -m workshop` on 127.0.0.1 with the given database; can be stopped and started again."""

    def __init__(self, folder: Path, database_url: str, port: int | None = None, **environment: str):
        self.folder = folder
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = environment
        self.log_path = folder / f"server-{self.port}.log"
        self.process: subprocess.Popen | None = None

    # Generous: on a busy shared machine importing the app alone can take many seconds.
    def start(self, timeout: float = 120) -> "ServedApp":
        env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "HOST")}
        env.update(DATABASE_URL=self.database_url, PORT=str(self.port), SECRET_KEY="served-test-secret")
        env.update(PYTHONUNBUFFERED="1", **self.environment)
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "workshop"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_healthy(timeout)
        return self

    def wait_for_jobs(self, timeout: float = 180) -> None:
        """Until the worker process for imports and downloads (workshop/jobs.py), started with the server, is ready.

        It gets ready below the server (niced), in seconds of CPU: on a machine kept busy, by the
        other tests running beside, that can be a minute, which a test's first download must not wait."""
        deadline = time.monotonic() + timeout
        while JOBS_READY not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The worker process for jobs was not ready within {timeout} seconds:\n{self.log()}")
            time.sleep(0.1)  # polling the log for the line, not waiting for it to be likely

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def _wait_until_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The app stopped while starting:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"The app did not answer {self.url}/healthz within {timeout} seconds:\n{self.log()}")
