"""A supporter tagging with someone: the phone's tags are that person's, in their group, and how many took
part so is shown only as a number ("3 people took part with a supporter"), never who, and never below the
minimum group size (issue 17)."""

import csv
import io

import docx
import pytest

from workshop.export.archive import export_workshop
from workshop.extensions import socketio
from workshop.live.breakdowns import supported_figure
from workshop.live.broadcast import broadcaster
from workshop.live.participants import remove_participant
from workshop.live.workshops import create_workshop
from workshop.models import LOWEST_MIN_GROUP_SIZE, Participant, Workshop

CONSOLE_FIGURE = "people took part with a supporter"


@pytest.fixture
def room(app, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", area="Kent", charter_slugs=["stockport"])
    workshop.min_group_size = 2
    session.commit()
    console = app.test_client()
    with console.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True
    return {"workshop": workshop, "console": console}


def join(app, workshop, **form):
    browser = app.test_client()
    response = browser.post(f"/join/{workshop.code}", data=form)
    return browser, response


def phone(app, workshop, browser):
    return socketio.test_client(app, flask_test_client=browser, auth={"workshop": workshop.code, "role": "participant"})


def control(console, workshop, **values):
    response = console.post(f"/api/workshops/{workshop.id}/control", json=values)
    assert response.status_code == 200, response.get_json()


def test_the_figure_says_how_many_never_below_the_minimum():
    assert supported_figure(0, 3) == {"people": 0, "fewer_than": None, "text": "Nobody took part with a supporter"}
    assert supported_figure(1, 3) == {
        "people": None,
        "fewer_than": 3,
        "text": "Fewer than 3 people took part with a supporter",
    }
    assert supported_figure(3, 3)["text"] == "3 people took part with a supporter"


def test_joining_with_a_supporter_is_checked_and_recorded(app, session, room):
    workshop = room["workshop"]
    for refused in ("maybe", "True", "1", "yes\u202e"):
        _browser, response = join(app, workshop, group="young_person", supported=refused)
        assert response.status_code == 400, refused
        assert "helping someone to take part" in response.get_data(as_text=True)
    assert session.query(Participant).count() == 0
    _browser, response = join(app, workshop, group="young_person", supported="yes")
    assert response.status_code == 302
    _browser, response = join(app, workshop, group="young_person", supported="no")
    assert response.status_code == 302
    _browser, response = join(app, workshop, group="parent_carer")
    assert response.status_code == 302
    assert [(p.group_name, p.supported) for p in session.query(Participant).order_by(Participant.number)] == [
        ("young_person", True),
        ("young_person", False),
        ("parent_carer", False),
    ]
    page = app.test_client().get(f"/join/{workshop.code}").get_data(as_text=True)
    assert 'name="supported" type="checkbox" value="yes"' in page


def test_a_supported_phone_counts_in_its_persons_group_and_in_the_figure_everywhere(app, session, room):
    workshop, console = room["workshop"], room["console"]
    screen = socketio.test_client(
        app, flask_test_client=console, auth={"workshop": workshop.code, "role": "facilitator"}
    )
    assert screen.get_received()[0]["args"][0]["supported"]["text"] == "Nobody took part with a supporter"
    phones = []
    for group, supported in (("young_person", "yes"), ("young_person", ""), ("parent_carer", ""), ("parent_carer", "")):
        browser, response = join(app, workshop, group=group, supported=supported)
        assert response.status_code == 302
        phones.append(phone(app, workshop, browser))
    control(console, workshop, action="stage", stage="review")
    control(console, workshop, action="open_board", board_id="all")
    board = workshop.boards[0]
    on = {"board_id": board.id, "statement_id": board.charter.current_statements[0].id}
    for number, device in enumerate(phones):
        value = "adapt" if number == 0 else "borrow"
        ack = device.emit(
            "operation", {"id": f"supporter-tag-{number}", "kind": "tag", "value": value, **on}, callback=True
        )
        assert ack["ok"], ack

    # The supported phone's tag is the young person's: in their group. One supported is fewer than the minimum.
    results = console.get(f"/api/workshops/{workshop.id}/results").get_json()
    counted = results["boards"][0]["statements"][0]
    assert counted["by_group"]["young_person"] == {"borrow": 1, "adapt": 1, "ignore": 0}
    assert results["supported"] == {
        "people": None,
        "fewer_than": 2,
        "text": "Fewer than 2 people took part with a supporter",
    }

    # A second phone says a supporter is helping, from the phone (an operation); the console hears it.
    screen.get_received()
    for refused in ("yes", 1, None):
        ack = phones[1].emit(
            "operation", {"id": "supporter-set-x", "kind": "set_supported", "supported": refused}, callback=True
        )
        assert not ack["ok"] and ack["error"] == "invalid_operation", ack
    ack = phones[1].emit(
        "operation", {"id": "supporter-set-1", "kind": "set_supported", "supported": True}, callback=True
    )
    assert ack["ok"] and ack["result"] == {"supported": True}, ack
    with app.app_context():
        broadcaster.flush()
    joined = [event["args"][0] for event in screen.get_received() if event["name"] == "joined"]
    assert joined[-1]["supported"] == {"people": 2, "fewer_than": None, "text": "2 people took part with a supporter"}
    assert phones[1].emit("snapshot", callback=True)["snapshot"]["me"]["supported"] is True
    # The projector never hears it.
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    assert "supported" not in projector.get_received()[0]["args"][0]
    assert "supported" not in str(projector.get_received())

    # The console, the API, the CSV and the Word appendix: the number, never who.
    page = " ".join(console.get(f"/workshops/{workshop.id}").get_data(as_text=True).split())
    assert '<p class="govuk-body-s" data-supported>2 people took part with a supporter.</p>' in page
    assert console.get(f"/api/workshops/{workshop.id}/results").get_json()["supported"]["people"] == 2
    rows = list(
        csv.reader(io.StringIO(console.get(f"/api/workshops/{workshop.id}/results.csv").data.decode("utf-8-sig")))
    )
    assert rows[-1] == ["", "", "", "", "Everyone", "", "", "", "", "2 people took part with a supporter"]
    tags = console.get(f"/api/workshops/{workshop.id}/tags.csv?per_person=yes").data.decode("utf-8-sig")
    assert "supporter" not in tags and "supported" not in tags
    control(console, workshop, action="stage", stage="merge")
    started = console.post(f"/api/workshops/{workshop.id}/draft", json={"theme_set": "kent"})
    assert started.status_code == 201, started.get_json()
    document = docx.Document(io.BytesIO(console.get(f"/api/workshops/{workshop.id}/draft.docx").data))
    said = [p.text for p in document.paragraphs if "supporter" in p.text]
    assert said == [
        "2 people took part with a supporter, who used a phone with them; their choices are counted as theirs, "
        "in their group."
    ]

    # The workshop's file keeps who, as the groups are kept, only when at least the minimum took part so.
    exported = export_workshop(session, workshop)
    assert [p["supported"] for p in exported["participants"]] == [True, True, False, False]
    restored = console.post("/api/workshops/import", json=exported)
    assert restored.status_code == 201, restored.get_json()
    again = console.get(f"/api/workshops/{restored.get_json()['id']}/results").get_json()
    assert again["supported"]["people"] == 2
    bad = dict(exported, participants=[dict(exported["participants"][0], supported="yes")])
    refused = console.post("/api/workshops/import", json=bad)
    assert refused.status_code == 400
    assert "'supported' in participants[0] must be true or false" in refused.get_json()["message"]

    # Someone removed no longer counts; below the minimum the file names nobody.
    remove_participant(
        session, workshop, session.query(Participant).filter_by(workshop_id=workshop.id, number=1).one().id
    )
    session.commit()
    assert console.get(f"/api/workshops/{workshop.id}/results").get_json()["supported"]["fewer_than"] == 2
    exported = export_workshop(session, workshop)
    assert not any(p["supported"] for p in exported["participants"])
    # It says only that some did, which a restored workshop says again, as "fewer than" and never more.
    assert exported["workshop"]["supported_fewer_than_minimum"] is True
    restored = console.post("/api/workshops/import", json=exported)
    assert restored.status_code == 201, restored.get_json()
    restored_id = restored.get_json()["id"]
    fewer = {"people": None, "fewer_than": 2, "text": "Fewer than 2 people took part with a supporter"}
    assert console.get(f"/api/workshops/{restored_id}/results").get_json()["supported"] == fewer
    again = export_workshop(session, session.get(Workshop, restored_id))
    assert again["workshop"]["supported_fewer_than_minimum"] is True
    assert not any(p["supported"] for p in again["participants"])
    # Lowered to the lowest minimum, it still says no more than "fewer than".
    control(console, session.get(Workshop, restored_id), action="min_group_size", min_group_size=LOWEST_MIN_GROUP_SIZE)
    shown = console.get(f"/api/workshops/{restored_id}/results").get_json()["supported"]
    assert shown["people"] is None and shown["fewer_than"] == LOWEST_MIN_GROUP_SIZE
    # A file that says both that fewer did and who did is refused.
    both = dict(
        exported, participants=[dict(exported["participants"][1], supported=True), *exported["participants"][2:]]
    )
    refused = console.post("/api/workshops/import", json=both)
    assert refused.status_code == 400
    assert "'supported_fewer_than_minimum' in workshop is true" in refused.get_json()["message"]


def test_a_phone_without_scripts_changes_it_with_its_plain_form(app, session, room):
    workshop = room["workshop"]
    browser, response = join(app, workshop, group="young_person")
    assert response.status_code == 302
    page = browser.get(f"/w/{workshop.code}").get_data(as_text=True)
    assert "This phone is used by the person taking part." in page
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    sent = {"csrf_token": token, "operation_id": "supporter-form-1", "kind": "set_supported", "supported": "yes"}
    assert browser.post(f"/w/{workshop.code}", data=sent).status_code == 302
    assert session.query(Participant).one().supported is True
    page = browser.get(f"/w/{workshop.code}").get_data(as_text=True)
    assert "You are helping someone to take part" in page
    refused = dict(sent, operation_id="supporter-form-2", supported="perhaps")
    assert browser.post(f"/w/{workshop.code}", data=refused).status_code == 302
    assert session.query(Participant).one().supported is True
