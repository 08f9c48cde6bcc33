"""Whether an import or a download holds up the room: phones' p95 tag-to-ack with and without one running.

Runs bench/room_load.py --compare --runs times for each of --modes (a long
Word charter imported, the workshop's JSON and CSV files downloaded, its Word
draft downloaded), in turn, so that a busy spell of the machine falls on each
alike. Each of those runs starts a server of its own and, once its worker
process for imports and downloads is ready, runs the room alone, then the room
with that work alongside (one after another, or one every --every seconds).
It prints, for each mode, the medians over the runs of the phones' p50 and p95
time from tag to acknowledgement alone and with the work alongside, and the
median of each run's ratio of the p95s; the target is at most 1.5
(docs/performance.md). The last line printed is one JSON object.

    .venv/bin/python bench/alongside.py
    .venv/bin/python bench/alongside.py --runs 3 --modes docx import --every 3 --phones 150 --rate 100 --seconds 15
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODES = ("import", "export", "docx")
TARGET_RATIO = 1.5


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES), help="the work alongside")
    parser.add_argument("--every", type=float, default=0, help="one every so many seconds (default: back to back)")
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
        *("--alongside", alongside, "--every", str(arguments.every), "--compare"),
    ]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"room_load.py --alongside {alongside} failed:\n{run.stdout}\n{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    runs: dict[str, list[dict]] = {mode: [] for mode in arguments.modes}
    for number in range(arguments.runs):
        for mode in arguments.modes:
            figures = room_load(arguments, mode)
            runs[mode].append(figures)
            alone = figures["alone"]
            print(
                f"run {number + 1} {mode:7} alone: ack p50 {alone['ack_p50_ms']} ms p95 {alone['ack_p95_ms']} ms; "
                f"alongside: p50 {figures['ack_p50_ms']} ms p95 {figures['ack_p95_ms']} ms; "
                f"ratio {figures['ack_p95_ratio']}; {figures['alongside_done']} done, "
                f"p50 {figures['alongside_p50_ms']} ms each; lost {figures['lost'] + alone['lost']}; "
                f"load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    summary = {}
    for mode, done in runs.items():
        summary[mode] = {
            "alone_ack_p50_ms": statistics.median(figures["alone"]["ack_p50_ms"] for figures in done),
            "alone_ack_p95_ms": statistics.median(figures["alone"]["ack_p95_ms"] for figures in done),
            "ack_p50_ms": statistics.median(figures["ack_p50_ms"] for figures in done),
            "ack_p95_ms": statistics.median(figures["ack_p95_ms"] for figures in done),
            "p95_ratio": statistics.median(figures["ack_p95_ratio"] for figures in done),
            "alongside_p50_ms": statistics.median(figures["alongside_p50_ms"] or 0 for figures in done),
            "alongside_done": sum(figures["alongside_done"] for figures in done),
            "alongside_failed": sum(sum(figures["alongside_failed"].values()) for figures in done),
            "lost": sum(figures["lost"] + figures["alone"]["lost"] for figures in done),
        }
    every = f", one every {arguments.every:g} s" if arguments.every else ", back to back"
    print(
        f"medians over {arguments.runs} run(s) of {arguments.phones} phones at {arguments.rate:g} tags a second{every}:"
    )
    for mode, figures in summary.items():
        print(
            f"  {mode:7} alone: ack p50 {figures['alone_ack_p50_ms']} ms p95 {figures['alone_ack_p95_ms']} ms; "
            f"alongside: p50 {figures['ack_p50_ms']} ms p95 {figures['ack_p95_ms']} ms; "
            f"p95 {figures['p95_ratio']} times the room alone (target at most {TARGET_RATIO}); "
            f"each took {figures['alongside_p50_ms']} ms"
        )
    print(
        json.dumps(
            {
                "runs": arguments.runs,
                "phones": arguments.phones,
                "rate": arguments.rate,
                "every": arguments.every,
                **summary,
            }
        )
    )


if __name__ == "__main__":
    main()
