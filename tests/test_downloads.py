"""Every download, and the workshop file's import, made in a worker process (workshop/api/downloads.py).

The routes answer as they always did (docs/api.md); what changed is where the
work is done: each route hands it to the same job runner, workshop/jobs.py, and
nothing else. (tests/test_hostile_files.py has a download stopped at a limit.)
"""

import pytest
from full_workshop import fill_workshop
from test_forms import signed_in

from workshop.api import downloads
from workshop.jobs import run_job
from workshop.live.workshops import create_workshop
from workshop.models import Facilitator, Workshop

# The spreadsheets start with a byte-order mark, so that Excel reads them as UTF-8.
BOM = "\ufeff".encode()
# Each download, and how its file starts.
DOWNLOADS = [
    ("draft.docx", b"PK"),
    ("draft.docx?include=", b"PK"),
    ("report.docx", b"PK"),
    ("results.csv", BOM + b"board,"),
    ("priorities.csv", BOM + b"outcome,"),
    ("actions.csv", BOM + b"action,"),
    ("tags.csv?per_person=yes", BOM + b"participant,"),
    ("export.json", b"{"),
]


@pytest.fixture
def room(session, seeded, facilitator):
    helper = Facilitator(email="helper@example.org", password_hash="unused")
    session.add(helper)
    session.commit()
    return fill_workshop(session, facilitator, helper, "Downloaded")


@pytest.fixture
def jobs(monkeypatch):
    """The jobs the routes ran, by the function each ran in its worker."""
    ran = []

    def running(function, *args, **keywords):
        ran.append(function.__name__)
        return run_job(function, *args, **keywords)

    monkeypatch.setattr(downloads, "run_job", running)
    return ran


def address(room, path: str) -> str:
    workshop = f"/api/workshops/{room['workshop'].id}"
    if path == "report.docx":
        return f"{workshop}/reviews/{room['draft'].reviews[0].id}/report.docx"
    return f"{workshop}/{path}"


@pytest.mark.parametrize(("path", "starts"), DOWNLOADS, ids=[path for path, _ in DOWNLOADS])
def test_every_download_is_made_in_a_worker_and_answered_as_before(client, room, facilitator, jobs, path, starts):
    response = signed_in(client, facilitator).get(address(room, path))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.data.startswith(starts)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="kent-')
    assert jobs == ["_made"]


def test_the_workshop_file_is_imported_in_a_worker(client, session, room, facilitator, jobs):
    client = signed_in(client, facilitator)
    exported = client.get(address(room, "export.json")).get_json()
    response = client.post("/api/workshops/import", json=exported)
    assert response.status_code == 201, response.get_json()
    assert session.get(Workshop, response.get_json()["id"]).title == "Downloaded"
    assert jobs == ["_made", "_imported"]


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"{not json", {"Content-Type": "application/json"}),
        (b"[]", {"Content-Type": "application/json"}),
        (b"{}", {"Content-Type": "text/plain"}),
        (b"[" * 100_000, {"Content-Type": "application/json"}),
    ],
    ids=["not json", "a list", "not said to be json", "nested too deeply"],
)
def test_a_workshop_file_that_is_not_a_json_object_is_refused(client, room, facilitator, body, headers):
    response = signed_in(client, facilitator).post("/api/workshops/import", data=body, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"


def test_a_refusal_in_the_worker_is_answered_as_the_route_always_did(client, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="No draft yet", charter_slugs=["stockport"])
    session.commit()
    response = signed_in(client, facilitator).get(f"/api/workshops/{workshop.id}/draft.docx")
    assert response.status_code == 409
    assert response.get_json()["error"] == "no_draft"
