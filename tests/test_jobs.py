"""Jobs in a worker process (workshop/jobs.py): answers and refusals come back, and every limit stops a job."""

import os
import time

import pytest

from workshop.charters.importing import parse_pasted_text
from workshop.errors import DomainError
from workshop.jobs import Limits, Refusal, run_job

REFUSAL = Refusal("cannot_import", "Reading the file", "Upload a smaller one.")
CPU_TIME = Limits(seconds=20, cpu_seconds=1)
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
    assert time.monotonic() - started < limits.seconds + 2
