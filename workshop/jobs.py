"""Work that could hold up the room, done in a worker process of its own.

Reading an uploaded charter takes CPU time in proportion to what it is given.
Done in the request, on the event loop that also answers every phone, one
large or hostile file would stall every live workshop on the server. So it
runs here instead. `run_job` hands the job to a small fork server, a
process of its own that has the readers imported already
(`python -m workshop.jobs`, started with the server by `start`, or by the
first job where nothing started it), which forks a worker for it in
milliseconds. The worker limits its own CPU time and memory, runs
below the server's priority so that the room's acknowledgements come first,
and leaves its answer in the job's folder. The server waits for the worker
to end without holding anything else up (under gevent the wait is
cooperative) and stops it when it takes too long.

The job and its answer are pickled (plain values, bytes, the project's own
dataclasses and schemas) and pass through files, not pipes, so passing a large
upload or document never waits on the worker. A refusal inside the job (a
`DomainError`) comes back as the same refusal; a job stopped at a limit comes
back as a `DomainError` saying which, in words the caller gives, so the
facilitator knows what to do next.
"""

import contextlib
import ctypes
import importlib
import json
import logging
import os
import pickle
import resource
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app, has_app_context

from .errors import DomainError

# What the workers are forked from: every module a job needs, imported once (the Word draft's
# similarity of wordings needs scikit-learn, which takes seconds to import).
PRELOADED = (
    "workshop.charters.importing",
    "workshop.api.downloads",
    "workshop.export.paper_pdf",
    "sklearn.feature_extraction.text",
    "sklearn.metrics.pairwise",
)
# And what they need done once: (module, function). Drawing a first picture loads matplotlib and its fonts, and
# drawing a first paper tag sheet fpdf2's.
WARM_UPS = (("workshop.export.chart", "warm_up"), ("workshop.export.paper_pdf", "warm_up"))
# At most this many jobs at once in one server process; more wait their turn, cooperatively.
AT_ONCE = 2
# A job's time waiting for a core is not counted against its limit by the clock, up to this many times it.
AT_MOST_WAITING_FOR_A_CORE = 5
# The fork server gets ready below the server; each worker then runs at the lowest priority there is,
# so that the room's acknowledgements always come first and a job has only what the room leaves.
NICENESS = 10
WORKER_NICENESS = 19


@dataclass(frozen=True)
class Limits:
    """How long a job may take, by the clock and in CPU time, and how much memory it may hold."""

    seconds: int = 20
    cpu_seconds: int = 15
    memory_bytes: int = 1024 * 1024 * 1024
    # Linux's SCHED_IDLE as well: the worker runs only on a core nothing else wants (JOB_SCHED_IDLE).
    idle: bool = False


@dataclass(frozen=True)
class Refusal:
    """What a job stopped at a limit is refused as: `what` ("Reading the file"), then what to do next."""

    code: str
    what: str
    next_step: str
    status: int = 400


# prctl's option for the signal a process gets when its parent ends; and what asks the fork server for it.
PR_SET_PDEATHSIG = 1
END_WITH_THE_SERVER = "--end-with-the-server"
# Where `python -m workshop.jobs` finds the package, wherever the server was started.
_PROJECT = Path(__file__).resolve().parent.parent
_turns = threading.BoundedSemaphore(AT_ONCE)
_forking = threading.Lock()
_fork_server: subprocess.Popen | None = None


def installation_limits() -> Limits:
    """The limits every job runs within: the installation's settings (JOB_SECONDS and so on), in an app."""
    return current_app.config["JOB_LIMITS"] if has_app_context() else Limits()


def run_job(function, *args, refusal: Refusal, limits: Limits | None = None, **keywords):
    """Call `function` (a module's own function, pickled by its name) in a worker and return what it returns."""
    limits = limits or installation_limits()
    with _turns, tempfile.TemporaryDirectory(prefix="workshop-job-") as folder:
        Path(folder, "job").write_bytes(pickle.dumps((function, args, keywords)))
        pid = _fork(folder, limits)
        if not _ended(pid, limits.seconds):
            _stop(pid)
            raise _stopped(refusal, f"took longer than {limits.seconds} seconds, so it was stopped")
        answer_file = Path(folder, "answer")
        answer = pickle.loads(answer_file.read_bytes()) if answer_file.exists() else ("stopped",)
    kind, *rest = answer
    if kind == "done":
        return rest[0]
    if kind == "refused":
        code, message, status = rest
        raise DomainError(code, message, status)
    if kind == "memory":
        raise _stopped(refusal, "needed more memory than it should, so it was stopped")
    if kind == "stopped":
        # Ended with no answer: stopped by its CPU-time limit.
        raise _stopped(refusal, "took longer than it should, so it was stopped")
    raise RuntimeError(f"{function.__module__}.{function.__name__} failed in its worker:\n{rest[0]}")


def _stopped(refusal: Refusal, why: str) -> DomainError:
    return DomainError(refusal.code, f"{refusal.what} {why}. {refusal.next_step}", refusal.status)


def start() -> None:
    """Start the fork server now, without waiting for it, so that the first job finds it ready.

    The serving process calls this as it starts (workshop/__main__.py): the fork
    server's imports take seconds of CPU, many more on a busy machine, and
    started by the first job they were all that job's wait.
    """
    with _forking:
        _running_fork_server(END_WITH_THE_SERVER)


def _running_fork_server(*options: str) -> subprocess.Popen:
    """The fork server, started (or started again) if it is not running; with `_forking` held."""
    global _fork_server
    if _fork_server is None or _fork_server.poll() is not None:
        _fork_server = subprocess.Popen(
            [sys.executable, "-m", "workshop.jobs", *options],
            cwd=_PROJECT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            # A process group of its own, so that a terminal's Ctrl-C is the server's alone; but the
            # server's session, since where the kernel groups CPU time by session (autogroup, as in
            # Debian's kernels) a new session would share the CPU evenly with the server, whatever its nice.
            process_group=0,
        )
    return _fork_server


def _fork(folder: str, limits: Limits) -> int:
    """A worker for the job in `folder`, forked by the fork server (started, or started again, as need be)."""
    global _fork_server
    request = json.dumps({"folder": folder, "limits": asdict(limits)}) + "\n"
    with _forking:
        for _attempt in range(2):
            _running_fork_server()
            try:
                _fork_server.stdin.write(request)
                _fork_server.stdin.flush()
                pid = _fork_server.stdout.readline()
            except BrokenPipeError:
                pid = ""
            if pid:
                return int(pid)
            _fork_server = None
    raise RuntimeError("the fork server for jobs did not start")


def _ended(pid: int, seconds: int) -> bool:
    """Whether the worker ended within `seconds`, not counting its waits for a core; under gevent, `select`
    waits cooperatively.

    The worker runs at the lowest priority on purpose, so on a busy machine it
    waits its turn for a core behind the room (and behind everything else).
    That wait is not the job's doing, and is not counted, up to `seconds`
    times `AT_MOST_WAITING_FOR_A_CORE` by the clock in all: the limit stops
    jobs that hang, and the CPU-time limit those that compute too long.
    """
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True  # already ended, and reaped
    try:
        started = time.monotonic()
        latest = started + seconds * AT_MOST_WAITING_FOR_A_CORE
        deadline = started + seconds
        while (remaining := min(deadline, latest) - time.monotonic()) > 0:
            readable, _, _ = select.select([handle], [], [], remaining)
            if readable:
                return True
            deadline = started + seconds + waited_for_a_core(pid)
        return False
    finally:
        os.close(handle)


def waited_for_a_core(pid: int) -> float:
    """The seconds the process has spent ready to run but waiting for a core (Linux's schedstat), or 0."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0  # ended just now, or no schedstat: the clock alone


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended just now
        os.kill(pid, signal.SIGKILL)


# --- The fork server and its workers ----------------------------------------------


def _serve() -> None:
    """`python -m workshop.jobs`: import what jobs need, then fork a worker for each job the server asks for."""
    started = time.monotonic()
    if END_WITH_THE_SERVER in sys.argv[1:]:
        _end_with_the_server()
    # Below the server, from the start, and so is every worker forked from here.
    os.nice(NICENESS)
    for module in PRELOADED:
        importlib.import_module(module)
    for module, function in WARM_UPS:
        getattr(importlib.import_module(module), function)()
    # In the server's log (this process writes to the server's own standard error).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("workshop.jobs").info(
        "The worker process for imports and downloads is ready, in %.1f s (pid %d)",
        time.monotonic() - started,
        os.getpid(),
    )
    # Workers are reaped as they end; the server watches them by their pid.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _work(job["folder"], Limits(**job["limits"]))
        print(pid, flush=True)


def _end_with_the_server() -> None:
    """Stopped (SIGTERM) when the server ends, even while still getting ready, not seconds of CPU later (Linux).

    Only when `start` started it, from the server's main thread: the kernel sends the signal when the
    thread that started it ends, and a first job in a thread of its own would end it at once.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _work(folder: str, limits: Limits) -> None:
    """In the worker: limit this process, run the job, leave what happened in the job's folder, end."""
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.nice(WORKER_NICENESS - os.nice(0))
    if limits.idle:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        function, args, keywords = pickle.loads(Path(folder, "job").read_bytes())
        answer = ("done", function(*args, **keywords))
    except DomainError as refused:
        answer = ("refused", refused.code, refused.message, refused.status)
    except MemoryError:
        answer = ("memory",)
    except Exception:  # sent back whole, so the server logs what went wrong
        answer = ("failed", traceback.format_exc())
    try:
        written = pickle.dumps(answer)
    except MemoryError:
        written = pickle.dumps(("memory",))
    # Whole or not at all: the server reads "answer" only once it is complete.
    Path(folder, "answer.part").write_bytes(written)
    os.rename(Path(folder, "answer.part"), Path(folder, "answer"))
    os._exit(0)


if __name__ == "__main__":
    _serve()
