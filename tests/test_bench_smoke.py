"""Small runs of bench/room_load.py and bench/ack_floor.py, so that the load benchmarks keep working.

Their figures are not checked against targets here (docs/performance.md has
those); only that every tag sent was answered, and in the room stored; and how
room_load.py counts how busy the machine was.
"""

import importlib.util
import json
import subprocess
import sys
from collections import namedtuple

from servers import REPO


def bench(script: str, *arguments: str, timeout: int = 180) -> tuple[dict, str]:
    """Run one benchmark script from the repository: its figures (the last line, JSON) and all it printed."""
    run = subprocess.run(
        [sys.executable, f"bench/{script}", *arguments], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1]), run.stdout


def test_a_small_room_load_run_loses_no_tag():
    figures, printed = bench(
        "room_load.py", *("--phones", "20", "--rate", "20", "--seconds", "5"), *("--alongside", "import")
    )
    assert figures["phones"] == 20
    # The facilitator's imports alongside, as bench/alongside.py has them, were answered.
    assert figures["alongside_done"] >= 1 and figures["alongside_failed"] == {}
    assert figures["sent"] > 50
    assert figures["acked"] == figures["sent"]
    assert figures["stored"] == figures["acked"]
    assert figures["lost"] == 0
    assert figures["projector_missed"] == 0
    assert figures["ack_p95_ms"] is not None and figures["projector_p95_ms"] is not None
    # Its servers' wait for a core is a share of the window, as their CPU is.
    assert 0 <= figures["server_waited_for_a_core_s"] <= figures["window_s"]
    assert "waiting for a core" in printed


def test_a_small_room_load_run_with_word_downloads_alongside_compares_it_with_the_room_alone():
    figures, printed = bench(
        "room_load.py",
        *("--phones", "10", "--rate", "10", "--seconds", "3"),
        *("--alongside", "docx", "--every", "1", "--compare"),
        timeout=300,
    )
    # Both runs, each with every tag answered and stored, and the Word drafts downloaded alongside the second.
    assert figures["alongside"] == "docx" and figures["alongside_every_s"] == 1
    assert figures["alongside_done"] >= 1 and figures["alongside_failed"] == {}
    assert figures["lost"] == 0 and figures["acked"] == figures["sent"] > 10
    assert figures["alone"]["lost"] == 0 and figures["alone"]["sent"] > 10
    assert figures["alone"]["ack_p95_ms"] > 0 and figures["ack_p95_ms"] > 0
    assert figures["ack_p95_ratio"] == round(figures["ack_p95_ms"] / figures["alone"]["ack_p95_ms"], 2)
    assert "compared           the room alone: ack p50" in printed


def test_a_small_ack_floor_run_answers_every_tag_on_both_sides():
    figures, _printed = bench("ack_floor.py", *("--phones", "10", "--rate", "20", "--seconds", "2", "--rounds", "1"))
    assert figures["unanswered"] == 0
    for side in ("app", "echo"):
        assert figures["median"][side]["p50_ms"] > 0 and figures["median"][side]["cpu_ms_per_op"] > 0
    assert figures["app_over_echo"]["p50_ms"] > 0


def test_a_small_room_load_run_over_two_generator_processes_merges_their_figures():
    figures, printed = bench(
        "room_load.py", *("--phones", "20", "--rate", "20", "--seconds", "3", "--generators", "2"), timeout=300
    )
    # Ten phones in each process, their tags and times merged, and the projector's matched to them.
    assert figures["generators"] == 2 and figures["phones"] == 20
    assert figures["sent"] > 30
    assert figures["acked"] == figures["sent"]
    assert figures["stored"] == figures["acked"]
    assert figures["lost"] == 0
    assert figures["projector_missed"] == 0
    assert figures["ack_p95_ms"] > 0 and figures["projector_p95_ms"] > 0
    assert figures["generator_cpu_s"] > 0
    assert "over 2 generator processes" in printed


def room_load():
    spec = importlib.util.spec_from_file_location("room_load", REPO / "bench" / "room_load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# psutil.cpu_times() on Linux: guest and guest_nice are already in user and nice.
CpuTimes = namedtuple("CpuTimes", "user nice system idle iowait irq softirq steal guest guest_nice")


def test_the_machine_is_never_counted_busier_than_its_cores():
    bench_script = room_load()
    before = CpuTimes(100, 10, 50, 500, 5, 0, 1, 0, 20, 0)
    # 10 s on 2 cores: 14 s of user time (6 of them a virtual machine's), 5 of system, 1 idle.
    after = CpuTimes(114, 10, 55, 501, 5, 0, 1, 0, 26, 0)
    busy = bench_script.busy_seconds(after) - bench_script.busy_seconds(before)
    assert busy == 19
    assert bench_script.busy_share(busy, 10, 2) == 0.95
    # Every core working throughout is the whole machine, and no more.
    idle_free = CpuTimes(114, 10, 56, 500, 5, 0, 1, 0, 26, 0)
    assert bench_script.busy_share(bench_script.busy_seconds(idle_free) - bench_script.busy_seconds(before), 10, 2) == 1
