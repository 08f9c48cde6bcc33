"""Erasing someone at their request: everything they said and did goes, unlike removing them, which
keeps their words and only stops what they tagged and supported from counting."""

import io
from datetime import date

import pytest
from docx import Document
from full_workshop import every_row, fill_workshop, place_words_of

from workshop.draft.drafting import load_draft
from workshop.export.archive import export_workshop, import_workshop
from workshop.export.docx import draft_document
from workshop.extensions import socketio
from workshop.live.snapshots import draft_snapshot, get_draft
from workshop.models import DOCUMENT_PARTS, Base, Facilitator, Participant, Workshop


@pytest.fixture
def room(session, seeded, facilitator):
    helper = Facilitator(email="helper@example.org", password_hash="unused")
    session.add(helper)
    session.commit()
    room = fill_workshop(session, facilitator, helper, "Ours")
    room["made_from"] = place_words_of(session, room, room["people"][0])[:2]
    return room


def signed_in(app, facilitator_id):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator_id)
    return client


def control(app, room, **values):
    client = signed_in(app, room["workshop"].owner_id)
    return client.post(f"/workshops/{room['workshop'].id}/control", data=values, follow_redirects=True)


def their_words(room, person) -> list[str]:
    number = room["people"].index(person)
    return [
        f"says {number}",
        f"Comment {number}",
        f"Note {number}",
        f"Card {number}",
        f"Barrier {number}",
        person.display_name,
    ]


def cells_holding(rows: dict[str, set[tuple]], texts: list[str]) -> set[tuple[str, int]]:
    """(table, row id) of every row with one of the texts anywhere in it, a JSON column's too."""
    columns = {table.name: [column.name for column in table.columns] for table in Base.metadata.sorted_tables}
    return {
        (name, row[columns[name].index("id")])
        for name, found in rows.items()
        for row in found
        if any(text in str(cell) for cell in row for text in texts)
    }


def test_erasing_deletes_everything_they_said_and_did_and_nothing_of_anyone_else(app, session, room):
    person, others = room["people"][0], room["people"][1:]
    person_id, words = person.id, their_words(room, person)
    others_names = {other.id: other.display_name for other in others}
    before = every_row(session)
    # Their words are in their own rows, in what their phone sent, and in the draft's provenance.
    assert {name for name, _id in cells_holding(before, words)} == {
        "participant",
        "rewording",
        "comment",
        "board_note",
        "missing_card",
        "priority_card",
        "applied_operation",
        "draft_statement",
        "action",
    }

    page = control(app, room, action="erase_participant", participant_id=person_id).get_data(as_text=True)
    assert "Participant 1 has been removed, and everything they said and did erased." in page
    assert "2 statements of the draft came from their words: kept as your wording, no longer linked to them." in page

    after = every_row(session)
    assert session.get(Participant, person_id) is None
    # Nothing refers to them any more ...
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "participant":
                held = {row[list(table.columns).index(key.parent)] for row in after[table.name]}
                assert person_id not in held, table.name
    # ... and their words are left only as the wording of the draft statements made from them.
    assert cells_holding(after, words) == {("draft_statement", statement_id) for statement_id in room["made_from"]}
    # Nobody else's rows were touched: rows went (theirs, and the support for their card), none came or changed,
    # but for the draft statements made from their words and the action linked to their priority card.
    for name in after:
        changed = after[name] - before[name]
        assert not changed or name in ("draft_statement", "action"), name
    actions = Base.metadata.tables["action"].columns.keys()
    (action,) = after["action"]
    assert action[actions.index("what")] == "Share the training" and action[actions.index("linked_kind")] is None
    assert {row[0] for row in after["draft_statement"] - before["draft_statement"]} == set(room["made_from"])
    assert {other_id: session.get(Participant, other_id).display_name for other_id in others_names} == others_names


def test_the_draft_says_where_a_statement_came_from_without_their_words(app, session, room):
    control(app, room, action="erase_participant", participant_id=room["people"][0].id)
    workshop = session.get(Workshop, room["workshop"].id)
    draft = draft_snapshot(session, get_draft(session, workshop), for_facilitator=True)
    placed = {statement["id"]: statement for statement in draft["themes"][0]["statements"] + draft["parked"]}
    adapted, from_card = (placed[statement_id] for statement_id in room["made_from"])
    assert adapted["text"] == "We will listen, says 0"
    assert adapted["source"]["rewording_text"] is None and "rewording chosen" not in adapted["provenance"]
    assert from_card["provenance"] == "From a What's missing card, since erased."
    assert from_card["source"]["card_id"] is None and from_card["edits"] == []
    # The downloads still work, and hold their words only as the draft's wording.
    # Every part of the Word draft, where each statement came from too.
    draft_ = load_draft(session, workshop.id)
    document = Document(io.BytesIO(draft_document(session, workshop, draft_, date.today(), DOCUMENT_PARTS)))
    text = "\n".join(
        [paragraph.text for paragraph in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "Card 1" in text and "Comment 1" in text
    assert "Comment 0" not in text and "Note 0" not in text and "The card said: “Card 0”" not in text
    exported = export_workshop(session, workshop)
    assert len(exported["participants"]) == 2
    assert import_workshop(session, exported, session.get(Facilitator, workshop.owner_id)).id != workshop.id


def test_removing_keeps_their_words_and_erasing_does_not(app, session, room):
    person = room["people"][1]
    words = room["words"][person.id]
    api = signed_in(app, room["workshop"].owner_id)
    url = f"/api/workshops/{room['workshop'].id}"
    removed = api.post(f"{url}/control", json={"action": "remove_participant", "participant_id": person.id})
    assert removed.status_code == 200 and "erased" not in removed.get_json()
    cards = api.get(f"{url}/cards").get_json()
    assert words["card"] in {card["id"] for card in cards["cards"]}
    assert words["comment"] in {comment["id"] for comment in cards["comments"]}
    # Their support no longer counts, but it is kept.
    supported = {card["id"]: card["supports"] for card in cards["cards"]}
    assert supported[room["words"][room["people"][2].id]["card"]] == 0

    erased = api.post(f"{url}/control", json={"action": "erase_participant", "participant_id": person.id})
    assert erased.status_code == 200
    assert erased.get_json()["erased"] == {"number": 2, "draft_statements": 0}
    cards = api.get(f"{url}/cards").get_json()
    assert words["card"] not in {card["id"] for card in cards["cards"]}
    assert words["comment"] not in {comment["id"] for comment in cards["comments"]}
    again = api.post(f"{url}/control", json={"action": "erase_participant", "participant_id": person.id})
    assert again.status_code == 400 and again.get_json()["error"] == "unknown_participant"


def test_their_phone_is_told_and_can_do_nothing_more(app, session, room):
    workshop = room["workshop"]
    browser = app.test_client()
    assert browser.post(f"/join/{workshop.code}", data={"display_name": "Asks to be forgotten"}).status_code == 302
    phone = socketio.test_client(
        app, flask_test_client=browser, auth={"workshop": workshop.code, "role": "participant"}
    )
    me = phone.get_received()[0]["args"][0]["me"]
    person = session.query(Participant).filter_by(workshop_id=workshop.id, number=me["number"]).one()
    control(app, room, action="erase_participant", participant_id=person.id)
    assert [event["name"] for event in phone.get_received()] == ["removed"]
    operation = {"id": "after-erasing-1", "kind": "add_card", "text": "Still here?"}
    assert phone.emit("operation", operation, callback=True)["ok"] is False
    # The phone's token went with them: the page asks them to join again, as someone new.
    assert browser.get(f"/w/{workshop.code}").status_code == 302
