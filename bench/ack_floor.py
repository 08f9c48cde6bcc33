"""How far the app's acknowledgement is from the floor: the app and a bare echo server under the same clients.

Starts `python -m workshop` (one process; a new SQLite file unless
--database-url says otherwise) and `bench/echo_server.py` (python-socketio on
the same gevent stack, answering at once and storing nothing) on 127.0.0.1.
The same number of phones connect to each with python-socketio's asyncio
client, the app's joined through /join/<code> as in `bench/room_load.py`. Then,
round by round, the phones send tags at the same rate to one server and then
the other, alternating so that a busy machine weighs on both alike. Each side's
tag-to-acknowledgement p50 and p95 and its server's CPU per operation are
printed per round, then the medians over the rounds and the ratios app / echo.

The last line printed is one JSON object, so that runs can be compared by script.

    .venv/bin/python bench/ack_floor.py --phones 200 --rate 100 --seconds 15 --rounds 3
"""

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import room_load
from room_load import Phone, RoomLoad, Servers, free_port, healthy, issue_token, percentile

ECHO_SERVER = Path(__file__).resolve().parent / "echo_server.py"
SIDES = ("echo", "app")


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=200, help="phones on each server (default 200)")
    parser.add_argument("--rate", type=float, default=100, help="tags a second, from all phones together (default 100)")
    parser.add_argument("--seconds", type=float, default=15, help="length of each side's window (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="windows on each side, alternating (default 3)")
    parser.add_argument("--database-url", help="the app's database (default: a new SQLite file)")
    arguments = parser.parse_args(argv)
    if min(arguments.phones, arguments.rounds) < 1 or arguments.rate <= 0 or arguments.seconds <= 0:
        parser.error("--phones, --rate, --seconds and --rounds must be positive")
    return arguments


class EchoPhone(Phone):
    """A phone of the echo server: nothing to join, statements of its own making."""

    async def join(self, code: str, group: str) -> None:
        await self.client.connect(self.url, wait_timeout=room_load.ACK_TIMEOUT)
        self.to_tag = [(1, statement_id) for statement_id in range(1, 27)]


class EchoRoom(RoomLoad):
    phone_class = EchoPhone


class EchoServer:
    def __init__(self, folder: Path):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = folder / "echo.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        with self.log.open("w") as log:
            port = self.url.rsplit(":", 1)[1]
            self.process = subprocess.Popen([sys.executable, str(ECHO_SERVER), port], stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while not healthy(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"The echo server did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


async def window(phones: list[Phone], server: psutil.Process, rate: float, seconds: float) -> dict:
    """Tags at the rate for the time from phones chosen at random; what they took, and the server's CPU."""
    ack_ms: list[float] = []
    unanswered = 0
    tasks: set[asyncio.Task] = set()
    # Each phone goes round its statements, changing its tag each time: every operation is stored.
    place = {id(phone): random.randrange(len(phone.to_tag)) for phone in phones}

    async def tag(phone: Phone) -> None:
        nonlocal unanswered
        place[id(phone)] = (place[id(phone)] + 1) % len(phone.to_tag)
        board_id, statement_id = phone.to_tag[place[id(phone)]]
        value = random.choice(("borrow", "adapt", "ignore"))
        sent = time.monotonic()
        ack = await phone.send({"kind": "tag", "board_id": board_id, "statement_id": statement_id, "value": value})
        if ack and ack.get("ok"):
            ack_ms.append((time.monotonic() - sent) * 1000)
        else:
            unanswered += 1

    cpu_before = sum(server.cpu_times()[:2])
    started, sent = time.monotonic(), 0
    while (elapsed := time.monotonic() - started) < seconds:
        for _ in range(int(elapsed * rate) - sent):
            sent += 1
            task = asyncio.create_task(tag(random.choice(phones)))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.sleep(0.005)
    if tasks:
        await asyncio.wait(tasks)
    cpu = sum(server.cpu_times()[:2]) - cpu_before
    return {
        "sent": sent,
        "acked": len(ack_ms),
        "unanswered": unanswered,
        "p50_ms": percentile(ack_ms, 0.50),
        "p95_ms": percentile(ack_ms, 0.95),
        "cpu_ms_per_op": round(cpu * 1000 / max(1, len(ack_ms)), 2),
    }


async def run(arguments: argparse.Namespace, app_url: str, app_pid: int, echo: EchoServer, token: str) -> dict:
    load_arguments = room_load.parse_arguments(["--phones", str(arguments.phones)])
    room = RoomLoad(load_arguments, [app_url], token)
    workshop = await room.create_workshop()
    phones = {"app": await room.join_phones(workshop["code"])}
    phones["echo"] = await EchoRoom(load_arguments, [echo.url], token).join_phones("")
    servers = {"app": psutil.Process(app_pid), "echo": psutil.Process(echo.process.pid)}
    print(f"phones connected   app {len(phones['app'])}, echo {len(phones['echo'])} of {arguments.phones} each")

    rounds: dict[str, list[dict]] = {side: [] for side in SIDES}
    for number in range(1, arguments.rounds + 1):
        for side in SIDES:
            figures = await window(phones[side], servers[side], arguments.rate, arguments.seconds)
            rounds[side].append(figures)
            print(
                f"round {number} {side:<5} acked {figures['acked']} of {figures['sent']}: "
                f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
                f"{figures['cpu_ms_per_op']} CPU ms an operation"
            )
    for side in SIDES:
        await asyncio.gather(*(phone.close() for phone in phones[side]))

    def median(side: str, key: str) -> float:
        return round(statistics.median(figures[key] for figures in rounds[side]), 2)

    summary = {side: {key: median(side, key) for key in ("p50_ms", "p95_ms", "cpu_ms_per_op")} for side in SIDES}
    ratios = {key: round(summary["app"][key] / summary["echo"][key], 2) for key in summary["app"]}
    return {
        "phones": arguments.phones,
        "rate": arguments.rate,
        "seconds": arguments.seconds,
        "rounds": arguments.rounds,
        "unanswered": sum(figures["unanswered"] for side in SIDES for figures in rounds[side]),
        "median": summary,
        "app_over_echo": ratios,
        "machine_cores": psutil.cpu_count(),
    }


def report(figures: dict) -> None:
    print()
    print(f"medians of {figures['rounds']} rounds   p50 ms   p95 ms   CPU ms an operation")
    for side in SIDES:
        values = figures["median"][side]
        print(f"  {side:<20} {values['p50_ms']:>6}   {values['p95_ms']:>6}   {values['cpu_ms_per_op']:>6}")
    ratios = figures["app_over_echo"]
    print(f"  {'app / echo':<20} {ratios['p50_ms']:>5}x   {ratios['p95_ms']:>5}x   {ratios['cpu_ms_per_op']:>5}x")
    print(json.dumps(figures))


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    with tempfile.TemporaryDirectory(prefix="ack-floor-") as folder:
        database_url = arguments.database_url or f"sqlite:///{Path(folder) / 'workshop.sqlite3'}"
        token = issue_token(database_url)
        app = Servers(1, database_url, None, Path(folder), None)
        echo = EchoServer(Path(folder))
        app.start()
        try:
            echo.start()
            figures = asyncio.run(run(arguments, app.urls[0], app.pids[0], echo, token))
        finally:
            echo.stop()
            app.stop()
    report(figures)


if __name__ == "__main__":
    main()
