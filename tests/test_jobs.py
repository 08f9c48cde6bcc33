"""Jobs in a worker process (workshop/jobs.py): answers and refusals come back, and every limit stops a job."""

import os
import time

import pytest

from workshop.charters.importing import parse_pasted_text
from workshop.errors import DomainError
from workshop.jobs import AT_MOST_WAITING_FOR_A_CORE, Limits, Refusal, run_job

REFUSAL = Refusal("cannot_import", "Reading the file", "Upload a smaller one.")
# A clock far longer than the CPU time: at the lowest priority on a busy machine, a second of CPU can take long.
CPU_TIME = Limits(seconds=120, cpu_seconds=1)
CLOCK = Limits(seconds=2)
MEMORY = Limits(memory_bytes=1024 * 1024 * 1024)


def test_a_job_runs_in_another_process_and_its_answer_comes_back():
    charter = run_job(parse_pasted_text, "# Listening\n- We will listen", title="Ours", refusal=REFUSAL)
    assert (charter.title, [(t.title, t.statements) for t in charter.themes]) == (
        "Ours",
        [("Listening", ["We will listen"])],
    )
    assert run_job(os.getpid, refusal=REFUSAL) != os.getpid()


def test_a_refusal_inside_the_job_comes_back_as_the_same_refusal():
    with pytest.raises(DomainError) as refused:
        run_job(parse_pasted_text, "Nothing to see", refusal=REFUSAL)
    assert (refused.value.code, refused.value.status) == ("cannot_import", 400)
    assert refused.value.message.startswith("We could not find any statements in the pasted text.")


@pytest.mark.parametrize(
    ("function", "argument", "limits", "why"),
    [
        (sum, range(10**12), CPU_TIME, "took longer than it should, so it was stopped"),
        (time.sleep, 30, CLOCK, "took longer than 2 seconds, so it was stopped"),
        (bytearray, 2 * 1024**3, MEMORY, "needed more memory than it should, so it was stopped"),
    ],
    ids=["cpu time", "the clock", "memory"],
)
def test_a_job_past_a_limit_is_stopped_and_refused_saying_which(function, argument, limits, why):
    started = time.monotonic()
    with pytest.raises(DomainError) as refused:
        run_job(function, argument, refusal=REFUSAL, limits=limits)
    assert refused.value.code == "cannot_import"
    assert refused.value.message == f"Reading the file {why}. Upload a smaller one."
    # The worker's waits for a core, at the lowest priority on a busy machine, are not counted against the
    # clock, up to a point.
    assert time.monotonic() - started < limits.seconds * AT_MOST_WAITING_FOR_A_CORE + 2


def test_a_worker_runs_at_the_lowest_priority_and_with_sched_idle_when_asked():
    assert run_job(os.nice, 0, refusal=REFUSAL) == 19
    assert run_job(os.sched_getscheduler, 0, refusal=REFUSAL) == os.SCHED_OTHER
    assert run_job(os.sched_getscheduler, 0, refusal=REFUSAL, limits=Limits(idle=True)) == os.SCHED_IDLE
