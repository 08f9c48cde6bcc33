"""Whether an import or a download holds up the room: phones' p95 tag-to-ack with and without one running.

Runs bench/room_load.py --runs times for each of --alongside nothing, import
and export, in turn (so that a busy spell of the machine falls on all three
alike), each with a server of its own, and prints, for each, the median over
the runs of the phones' p95 and p50 time from tag to acknowledgement, and the
ratio of the p95 to the run with nothing alongside; the target is at most 1.5
(docs/performance.md). The last line printed is one JSON object.

    .venv/bin/python bench/alongside.py
    .venv/bin/python bench/alongside.py --runs 5 --phones 150 --rate 100 --seconds 20
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODES = ("nothing", "import", "export")
TARGET_RATIO = 1.5


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--phones", type=int, default=150, help="phones in the room (default 150)")
    parser.add_argument("--rate", type=float, default=100, help="tags a second from all phones (default 100)")
    parser.add_argument("--seconds", type=float, default=20, help="length of each measured window (default 20)")
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs must be positive")
    return arguments


def room_load(arguments: argparse.Namespace, alongside: str) -> dict:
    command = [
        sys.executable,
        str(REPO / "bench" / "room_load.py"),
        *("--phones", str(arguments.phones), "--rate", str(arguments.rate), "--seconds", str(arguments.seconds)),
        *("--alongside", alongside),
    ]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"room_load.py --alongside {alongside} failed:\n{run.stdout}\n{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for number in range(arguments.runs):
        for mode in MODES:
            figures = room_load(arguments, mode)
            runs[mode].append(figures)
            done = f", {figures['alongside_done']} done alongside" if mode != "nothing" else ""
            print(
                f"run {number + 1} {mode:8} ack p50 {figures['ack_p50_ms']} ms p95 {figures['ack_p95_ms']} ms, "
                f"lost {figures['lost']}{done}",
                flush=True,
            )
    summary = {}
    for mode in MODES:
        summary[mode] = {
            "ack_p50_ms": statistics.median(figures["ack_p50_ms"] for figures in runs[mode]),
            "ack_p95_ms": statistics.median(figures["ack_p95_ms"] for figures in runs[mode]),
            "alongside_p50_ms": statistics.median(figures["alongside_p50_ms"] or 0 for figures in runs[mode]),
            "lost": sum(figures["lost"] for figures in runs[mode]),
        }
        summary[mode]["p95_ratio"] = round(summary[mode]["ack_p95_ms"] / summary["nothing"]["ack_p95_ms"], 2)
    print(f"medians over {arguments.runs} run(s) of {arguments.phones} phones at {arguments.rate:g} tags a second:")
    for mode, figures in summary.items():
        each = f"; each {mode} took {figures['alongside_p50_ms']} ms" if mode != "nothing" else ""
        print(
            f"  {mode:8} ack p50 {figures['ack_p50_ms']} ms p95 {figures['ack_p95_ms']} ms, "
            f"p95 {figures['p95_ratio']} times the room alone (target at most {TARGET_RATIO}){each}"
        )
    print(json.dumps({"runs": arguments.runs, "phones": arguments.phones, "rate": arguments.rate, **summary}))


if __name__ == "__main__":
    main()
