"""Deleting a workshop removes everything in it, from the console, the API and the command line,
and every screen still showing it is told."""

import pytest
from full_workshop import added_since, every_row, fill_workshop, held_by_a_workshop, place_words_of

from workshop.extensions import socketio
from workshop.live.workshops import WORKSHOP_DELETED
from workshop.models import Facilitator, Workshop


@pytest.fixture
def helper(session):
    """A co-facilitator the workshops are shared with."""
    helper = Facilitator(email="helper@example.org", password_hash="unused")
    session.add(helper)
    session.commit()
    return helper


def signed_in(app, facilitator):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
    return client


@pytest.mark.parametrize("how", ["console", "api", "command line"])
def test_deleting_a_workshop_leaves_no_row_of_it_and_changes_nothing_else(
    app, session, seeded, facilitator, helper, how
):
    kept = fill_workshop(session, facilitator, helper, "Kept")
    place_words_of(session, kept, kept["people"][0])
    before = every_row(session)
    doomed = fill_workshop(session, facilitator, helper, "Deleted")
    place_words_of(session, doomed, doomed["people"][0])
    # The workshop has rows in every table that holds what is in a workshop, a table added later too.
    assert set(added_since(before, every_row(session))) == held_by_a_workshop()

    workshop_id = doomed["workshop"].id
    if how == "console":
        client = signed_in(app, helper)
        page = client.get(f"/workshops/{workshop_id}/delete").get_data(as_text=True)
        assert "Delete “Deleted”?" in page and "3 people who joined" in page
        assert "Yes, delete “Deleted”" in page
        response = client.post(f"/workshops/{workshop_id}/delete")
        assert response.status_code == 302 and response.location.endswith("/workshops")
        assert "“Deleted” and everything in it have been deleted." in client.get("/workshops").get_data(as_text=True)
    elif how == "api":
        response = signed_in(app, facilitator).delete(f"/api/workshops/{workshop_id}")
        assert response.status_code == 200
        assert response.get_json() == {"deleted": {"id": workshop_id, "title": "Deleted"}}
    else:
        result = app.test_cli_runner().invoke(args=["workshops", "delete", str(workshop_id)], input="y\n")
        assert result.exit_code == 0, result.output
        assert "Delete “Deleted”" in result.output and "Deleted “Deleted” and everything in it." in result.output

    assert every_row(session) == before


def test_the_command_line_asks_first_and_names_what_it_cannot_find(app, session, seeded, facilitator, helper):
    room = fill_workshop(session, facilitator, helper, "Kept")
    runner = app.test_cli_runner()
    declined = runner.invoke(args=["workshops", "delete", str(room["workshop"].id)], input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert session.get(Workshop, room["workshop"].id) is not None
    missing = runner.invoke(args=["workshops", "delete", "999999", "--yes"])
    assert missing.exit_code == 1 and "There is no workshop with the id 999999." in missing.output


def test_the_console_offers_deleting_and_only_its_facilitators_may(app, session, seeded, facilitator, helper):
    room = fill_workshop(session, facilitator, helper, "Ours")
    workshop_id = room["workshop"].id
    console = signed_in(app, facilitator).get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert f'href="/workshops/{workshop_id}/delete"' in console
    stranger = Facilitator(email="stranger@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    assert signed_in(app, stranger).post(f"/workshops/{workshop_id}/delete").status_code == 404
    refused = signed_in(app, stranger).delete(f"/api/workshops/{workshop_id}")
    assert refused.status_code == 404 and refused.get_json()["error"] == "not_found"
    assert app.test_client().delete(f"/api/workshops/{workshop_id}").status_code == 401
    assert session.get(Workshop, workshop_id) is not None


def test_every_screen_still_showing_it_is_told_and_hears_nothing_more(app, session, seeded, facilitator, helper):
    room = fill_workshop(session, facilitator, helper, "Ours")
    workshop = room["workshop"]
    phone_browser = app.test_client()
    assert phone_browser.post(f"/join/{workshop.code}", data={}).status_code == 302
    auth = {"workshop": workshop.code}
    phone = socketio.test_client(app, flask_test_client=phone_browser, auth={**auth, "role": "participant"})
    projector = socketio.test_client(app, auth={**auth, "role": "projector", "key": workshop.projector_key})
    console = socketio.test_client(app, flask_test_client=signed_in(app, helper), auth={**auth, "role": "facilitator"})
    for screen in (phone, projector, console):
        assert screen.is_connected()
        screen.get_received()

    assert signed_in(app, facilitator).delete(f"/api/workshops/{workshop.id}").status_code == 200

    for screen in (phone, projector, console):
        assert screen.get_received() == [{"name": "deleted", "args": [{"message": WORKSHOP_DELETED}], "namespace": "/"}]
    # A connection left open is refused whatever it sends.
    operation = {"id": "after-deleting-1", "kind": "add_card", "text": "Still here?"}
    assert phone.emit("operation", operation, callback=True)["error"] == "not_allowed"
    assert projector.emit("snapshot", callback=True)["ok"] is False
    reconnecting = socketio.test_client(app, auth={**auth, "role": "projector", "key": workshop.projector_key})
    assert not reconnecting.is_connected()
