"""The server killed (SIGKILL) in the middle of a room's tagging, and started again: nothing acknowledged is lost.

bench/room_load.py --crash-after does it for real, on SQLite and PostgreSQL:
phones tagging (with a share of What's missing cards, each text its own) at
the same rate per phone as a room of 150 at 300 tags a second, the server
killed and started again on the same port and database. The phones behave as
the phone's page does: reconnecting by themselves after a random wait, and
sending what was not acknowledged again, one at a time, with the same ids.
Every tag sent is stored, none acknowledged is lost, no card is stored
twice, and every phone has its fresh snapshot within 5 seconds of the server
answering again.
"""

import json
import subprocess
import sys

import pytest
from servers import REPO

RESYNC_WITHIN = 5.0


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_crash_under_load_loses_nothing_and_every_phone_resyncs_within_5_s(request, database):
    command = [sys.executable, "bench/room_load.py", "--phones", "30", "--rate", "60", "--seconds", "6"]
    command += ["--crash-after", "2", "--card-share", "0.1"]
    if database == "postgresql":
        command += ["--database-url", request.getfixturevalue("postgres_database")]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    # The figures as the benchmark prints them, with each failure.
    printed = run.stdout
    assert figures["phones"] == 30 and figures["sent"] > 200 and figures["cards_sent"] > 5, printed
    assert (figures["acked"], figures["stored"], figures["lost"]) == (figures["sent"], figures["sent"], 0), printed
    lost = (figures["acked_tags_lost"], figures["acked_cards_lost"], figures["cards_stored_twice"])
    assert lost == (0, 0, 0), printed
    assert figures["cards_acked"] == figures["cards_sent"], printed
    assert (figures["resynced"], figures["not_resynced"]) == (30, 0), printed
    assert figures["resync_max_s"] < RESYNC_WITHIN, printed
