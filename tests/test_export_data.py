"""The CSV of tags and the whole-workshop JSON, with a realistic Kent workshop to export."""

import copy
import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.auth.accounts import issue_api_token
from workshop.errors import DomainError
from workshop.export.archive import FORMAT, VERSION, export_workshop, import_workshop
from workshop.export.csv import tags_csv
from workshop.live.moderation import set_hidden
from workshop.live.operations import apply_operation
from workshop.live.participants import join_workshop, participant_for_token, remove_participant
from workshop.live.workshops import create_workshop, open_board, set_stage
from workshop.models import (
    DEFAULT_DOCUMENT_PARTS,
    DOCUMENT_PARTS,
    Charter,
    Draft,
    DraftStatement,
    DraftStatementEdit,
    DraftTheme,
    Facilitator,
    Participant,
    Rewording,
    Statement,
    Tag,
    Workshop,
)

# Who came, as they described themselves; the names must never reach an export.
PEOPLE = [
    ("Alice Ashworth", "parent_carer"),
    ("Bola Bankole", "parent_carer"),
    ("Cara Chen", "parent_carer"),
    ("Dev Dhillon", "young_person"),
    ("Esme Evans", "young_person"),
    ("Femi Fashola", "education"),
    ("Gus Greene", "health"),
    ("Hana Hughes", ""),
]
NAMES = [name for name, _ in PEOPLE] + ["Removed Person", "lead@example.org"]
KENT_THEMES = {
    "Ambition": [
        "We will focus on solutions with a 'can do' approach",
        "We will agree desired outcomes together and work towards them together",
    ],
    "Collaboration": [
        "We will agree together who are the right people to be involved and how it is best to work together",
        "We will be timely and allow sufficient time for what we need to do together",
    ],
    "Inclusivity": [
        "We will remember that we are all human beings",
        "We will be flexible to the needs of those involved",
        "We will value contributions equally from all involved",
    ],
    "Communication": [
        "We will listen to each other's views",
        "We will be transparent",
        "We will communicate with each other clearly and accurately in plain English",
    ],
    "Accountability": [
        "We will do what we say we will do or explain clearly why we cannot",
        "We will let people know how we have acted upon what is heard",
    ],
}
ADAPTED = "We will focus on solutions with a 'can do' approach"
CHOSEN_REWORDING = "We will focus on solutions together, with a 'can do' approach"
EDITED = "We will focus on solutions together, with a 'can do' approach, from the start"
FROM_CARD = "We will show our commitment to children, young people and parent carers"


def did_we(text: str) -> str:
    return text.replace("We will ", "Did we ", 1) + "?"


class Room:
    """Numbers each participant's operations, as their phone would."""

    def __init__(self, session):
        self.session = session
        self.count = 0

    def do(self, participant, kind, **fields):
        """As the phone's Socket.IO handler does: apply, then commit."""
        self.count += 1
        applied = apply_operation(
            self.session, participant.id, {"id": f"operation-{self.count:06d}", "kind": kind, **fields}
        )
        self.session.commit()
        return applied


def build_kent_workshop(session: Session) -> Workshop:
    """Kent reviewing Stockport, Cheshire East and South Gloucestershire, with a draft under Kent's five themes."""
    facilitator = Facilitator(email="lead@example.org", password_hash="unused")
    session.add(facilitator)
    workshop = create_workshop(
        session,
        facilitator,
        title="Refreshing Kent's co-production charter",
        area="Kent",
        held_on=date(2026, 11, 23),
        charter_slugs=["stockport", "cheshire-east", "south-gloucestershire"],
    )
    set_stage(workshop, "review")
    open_board(workshop, None)
    session.commit()
    people = [join_workshop(session, workshop, display_name=name, group=group)[0] for name, group in PEOPLE]
    removed = join_workshop(session, workshop, display_name="Removed Person", group="health")[0]
    session.commit()

    room = Room(session)
    stockport, cheshire, south_glos = workshop.boards
    values = ("borrow", "borrow", "adapt", "ignore", "borrow", "adapt", "borrow")
    # Every statement of Stockport, the first few of the others: enough to count, quick to build.
    for board, statements in ((stockport, 99), (cheshire, 2), (south_glos, 2)):
        for index, statement in enumerate(board.charter.current_statements[:statements]):
            for number, person in enumerate(people):
                room.do(
                    person,
                    "tag",
                    board_id=board.id,
                    statement_id=statement.id,
                    value=values[(index + number) % len(values)],
                )
    first = stockport.charter.current_statements[0]
    assert first.text == ADAPTED
    room.do(removed, "tag", board_id=stockport.id, statement_id=first.id, value="ignore")
    chosen = room.do(people[0], "reword", board_id=stockport.id, statement_id=first.id, text=CHOSEN_REWORDING)
    room.do(people[3], "reword", board_id=stockport.id, statement_id=first.id, text="We will find answers together")
    unsuitable = room.do(people[4], "reword", board_id=stockport.id, statement_id=first.id, text="Rubbish, all of it")
    room.do(people[1], "comment", board_id=stockport.id, statement_id=first.id, text="Say who 'we' is")
    room.do(people[5], "comment", board_id=stockport.id, statement_id=first.id, text='=HYPERLINK("x") is not a plan')
    notes = [
        (stockport, "borrow", "Layout and welcoming and engaging appearance"),
        (stockport, "borrow", "Understandable tone, and accessible language"),
        (stockport, "adapt", "Use the word 'challenges' rather than 'weaknesses'"),
        (stockport, "adapt", "Add age range of children and young people"),
        (south_glos, "ignore", "Very plain visually"),
        (south_glos, "borrow", "Names and signatures showing the commitment to the charter"),
        (cheshire, "adapt", "'Working together' to flow through the charter"),
        (stockport, "missing", "'Cut out and keep' - one page version"),
    ]
    for number, (board, column, text) in enumerate(notes):
        room.do(people[number % len(people)], "note", board_id=board.id, column=column, text=text)
    hidden_note = room.do(people[2], "note", board_id=stockport.id, column="ignore", text="A rude remark")
    commitment = room.do(people[6], "add_card", text="Showing the commitment to children, young people and parents")
    motivation = room.do(people[1], "add_card", text="Motivation for engaging with the charter as a parent carer")
    hidden_card = room.do(people[7], "add_card", text="Something unsuitable")
    for person in people[:5]:
        room.do(person, "support", card_id=commitment.result["card_id"])
    room.do(people[2], "support", card_id=motivation.result["card_id"])
    set_hidden(session, workshop, "rewording", unsuitable.result["rewording_id"], True)
    set_hidden(session, workshop, "note", hidden_note.result["note_id"], True)
    set_hidden(session, workshop, "card", hidden_card.result["card_id"], True)
    remove_participant(session, workshop, removed.id)
    set_stage(workshop, "merge")

    by_text = {statement.text: statement for statement in stockport.charter.current_statements}
    draft = Draft(
        workshop=workshop,
        title="Kent Co-production Charter",
        area="Kent",
        signatories=["Kent County Council", "NHS Kent and Medway Integrated Care Board", "Kent PACT"],
        theme_set="kent",
    )
    for theme_position, (title, texts) in enumerate(KENT_THEMES.items()):
        theme = DraftTheme(draft=draft, position=theme_position, title=title)
        for position, text in enumerate(texts):
            source = by_text[text]
            statement = DraftStatement(
                theme=theme,
                position=position,
                text=text,
                did_we_question=did_we(text),
                source_kind="borrowed",
                source_statement_id=source.id,
                source_charter_title=stockport.charter.title,
                original_text=text,
            )
            if text == ADAPTED:
                statement.source_kind = "adapted"
                statement.chosen_rewording_id = chosen.result["rewording_id"]
                statement.chosen_rewording_text = CHOSEN_REWORDING
                statement.text = EDITED
                statement.did_we_question = did_we(EDITED)
                statement.edits = [DraftStatementEdit(previous_text=CHOSEN_REWORDING, new_text=EDITED)]
    parked = by_text["We will seek views from relevant parties"]
    draft.parked = [
        DraftStatement(
            position=0,
            text=parked.text,
            did_we_question=did_we(parked.text),
            source_kind="borrowed",
            source_statement_id=parked.id,
            source_charter_title=stockport.charter.title,
            original_text=parked.text,
        )
    ]
    DraftStatement(
        theme=draft.themes[0],
        position=2,
        text=FROM_CARD,
        did_we_question=did_we(FROM_CARD),
        source_kind="missing_card",
        source_card_id=commitment.result["card_id"],
        original_text="Showing the commitment to children, young people and parents",
    )
    session.add(draft)
    session.commit()
    return workshop


@pytest.fixture
def kent(session, seeded):
    return build_kent_workshop(session)


def api_headers(session, workshop):
    token = issue_api_token(session, session.get(Facilitator, workshop.owner_id))
    session.commit()
    return {"Authorization": f"Bearer {token}"}


# --- CSV ----------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "a byte order mark, so that spreadsheets read it as UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_tag_and_no_names(session, kent):
    data = tags_csv(session, kent)
    rows = read_csv(data)
    assert list(rows[0]) == ["participant", "group", "board", "charter", "theme", "statement", "tag", "time", "counted"]
    assert len(rows) == session.scalar(select(func.count(Tag.id)))
    text = data.decode("utf-8-sig")
    for name in NAMES:
        assert name not in text
    first = [row for row in rows if row["statement"] == ADAPTED]
    assert {row["participant"] for row in first} == {str(n) for n in range(1, 10)}
    # Only the three parent carers are a group big enough to be written against a number.
    assert {row["group"] for row in first} == {"Parent carer", ""}
    assert {row["tag"] for row in rows} == {"borrow", "adapt", "ignore"}
    assert all(row["board"] in ("1", "2", "3") for row in rows)
    assert first[0]["charter"].startswith("Stockport") and first[0]["theme"] == "Ambition"
    assert first[0]["time"].endswith("+00:00")
    removed = [row for row in first if row["participant"] == "9"]
    assert removed[0]["counted"] == "no" and {row["counted"] for row in first if row["participant"] != "9"} == {"yes"}


def test_the_csv_cannot_carry_a_formula(session, seeded):
    facilitator = Facilitator(email="lead@example.org", password_hash="unused")
    session.add(facilitator)
    charter = session.scalar(select(Charter).where(Charter.slug == "stockport"))
    statement = charter.current_statements[0]
    statement.text = "=cmd|' /C calc'!A0"
    charter.title = "@SUM(1+1)"
    charter.themes[0].title = "-2+3"
    workshop = create_workshop(session, facilitator, title="Formulas", charter_slugs=["stockport"])
    set_stage(workshop, "review")
    participant, _ = join_workshop(session, workshop)
    session.commit()
    Room(session).do(participant, "tag", board_id=workshop.boards[0].id, statement_id=statement.id, value="borrow")
    row = read_csv(tags_csv(session, workshop))[0]
    assert row["statement"] == "'=cmd|' /C calc'!A0"
    assert row["charter"] == "'@SUM(1+1)"
    assert row["theme"] == "'-2+3"


def test_the_csv_and_json_downloads_are_for_facilitators_only(app, client, session, kent):
    headers = api_headers(session, kent)
    response = client.get(f"/api/workshops/{kent.id}/tags.csv?per_person=yes", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="kent-tags-')
    assert len(read_csv(response.data)) == session.scalar(select(func.count(Tag.id)))

    response = client.get(f"/api/workshops/{kent.id}/export.json", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["format"] == FORMAT
    assert response.headers["Content-Disposition"].endswith('.json"')

    for path in ("tags.csv?per_person=yes", "results.csv", "export.json", "draft.docx"):
        assert client.get(f"/api/workshops/{kent.id}/{path}").status_code == 401
    stranger = Facilitator(email="stranger@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    strangers = {"Authorization": f"Bearer {issue_api_token(session, stranger)}"}
    session.commit()
    for path in ("tags.csv?per_person=yes", "results.csv", "export.json", "draft.docx"):
        response = client.get(f"/api/workshops/{kent.id}/{path}", headers=strangers)
        assert response.status_code == 404
        assert response.get_json()["error"] == "not_found"
    assert client.post("/api/workshops/import", json={}).status_code == 401


# --- JSON ---------------------------------------------------------------------------------


def normalised(export: dict) -> dict:
    """The export with every id replaced by its place in the file, and without the time of export."""
    data = copy.deepcopy(export)
    del data["exported_at"]
    ids = {}

    def renumber(kind, items):
        ids[kind] = {item["id"]: index for index, item in enumerate(items)}
        for item in items:
            item["id"] = ids[kind][item["id"]]

    def refer(items, key, kind):
        for item in items:
            if item[key] is not None:
                item[key] = ids[kind][item[key]]

    renumber("statement", [s for c in data["charters"] for t in c["themes"] for s in t["statements"]])
    for kind, key in (
        ("board", "boards"),
        ("participant", "participants"),
        ("rewording", "rewordings"),
        ("comment", "comments"),
        ("note", "notes"),
        ("card", "cards"),
    ):
        renumber(kind, data[key])
    refer([data["workshop"]], "current_board", "board")
    for key in ("tags", "rewordings", "comments"):
        refer(data[key], "board", "board")
        refer(data[key], "statement", "statement")
        refer(data[key], "participant", "participant")
    refer(data["notes"], "board", "board")
    refer(data["notes"], "participant", "participant")
    refer(data["cards"], "participant", "participant")
    refer(data["supports"], "card", "card")
    refer(data["supports"], "participant", "participant")
    statements = [s for theme in data["draft"]["themes"] for s in theme["statements"]] + data["draft"]["parked"]
    refer(statements, "source_statement", "statement")
    refer(statements, "source_card", "card")
    refer(statements, "chosen_rewording", "rewording")
    return data


def test_the_export_holds_the_whole_workshop_without_names(session, kent):
    export = export_workshop(session, kent)
    assert export["format"] == FORMAT and export["version"] == VERSION
    assert sorted(charter["slug"] for charter in export["charters"]) == [
        "cheshire-east",
        "south-gloucestershire",
        "stockport",
    ]
    assert [board["charter"] for board in export["boards"]] == ["stockport", "cheshire-east", "south-gloucestershire"]
    assert len(export["participants"]) == 9
    assert all(set(p) == {"id", "number", "group", "removed", "supported", "joined_at"} for p in export["participants"])
    assert sum(p["removed"] for p in export["participants"]) == 1
    assert len(export["tags"]) == session.scalar(select(func.count(Tag.id)))
    assert [r["hidden"] for r in export["rewordings"]] == [False, False, True]
    assert len(export["draft"]["themes"]) == 5
    adapted = export["draft"]["themes"][0]["statements"][0]
    assert adapted["source_kind"] == "adapted" and adapted["edits"][0]["new_text"] == EDITED
    assert export["draft"]["theme_set"] == "kent"
    assert [s["text"] for s in export["draft"]["parked"]] == ["We will seek views from relevant parties"]
    text = repr(export)
    for name in NAMES:
        assert name not in text
    assert kent.code not in text and kent.projector_key not in text


def test_a_round_trip_into_a_fresh_database_restores_it_exactly(session, kent, restore_elsewhere):
    first = export_workshop(session, kent)
    restored = restore_elsewhere(first)
    fresh, workshop = restored.session, restored.workshop
    assert workshop.owner_id == restored.owner.id
    assert len(workshop.code) == 6 and workshop.projector_key != kent.projector_key
    assert fresh.scalar(select(func.count(Charter.id))) == 3
    # No one can act as an imported participant: no token was exported.
    assert fresh.scalar(select(func.count(Participant.id))) == 9
    assert participant_for_token(fresh, workshop.id, "") is None
    assert normalised(restored.export) == normalised(first)


def test_importing_into_the_same_library_reuses_its_charters(session, kent):
    first = export_workshop(session, kent)
    charters = session.scalar(select(func.count(Charter.id)))
    restored = import_workshop(session, first, session.get(Facilitator, kent.owner_id))
    session.commit()
    assert restored.id != kent.id and restored.code != kent.code
    assert session.scalar(select(func.count(Charter.id))) == charters
    assert [board.charter_id for board in restored.boards] == [board.charter_id for board in kent.boards]
    assert normalised(export_workshop(session, restored)) == normalised(first)


def test_a_charter_changed_since_is_restored_beside_it(session, kent):
    first = export_workshop(session, kent)
    stockport = session.scalar(select(Charter).where(Charter.slug == "stockport"))
    stockport.current_statements[1].text = "We will agree outcomes together"
    session.commit()
    restored = import_workshop(session, copy.deepcopy(first), session.get(Facilitator, kent.owner_id))
    session.commit()
    assert [board.charter.slug for board in restored.boards] == [
        "stockport-2",
        "cheshire-east",
        "south-gloucestershire",
    ]
    again = normalised(export_workshop(session, restored))
    expected = normalised(first)
    assert again["tags"] == expected["tags"] and again["draft"] == expected["draft"]


BAD_FILES = [
    (lambda data: data.update(format="something-else"), "not_an_export", "not a workshop exported"),
    (lambda data: data.update(version=99), "unsupported_version", "version 99"),
    (lambda data: data.pop("workshop"), "invalid_export", "has no 'workshop'"),
    (lambda data: data["workshop"].update(title=7), "invalid_export", "'title' in workshop must be text"),
    (lambda data: data["workshop"].update(stage="party"), "invalid_export", "'stage' in workshop must be one of"),
    (lambda data: data["participants"][0].update(number="1"), "invalid_export", "must be a whole number"),
    (lambda data: data["tags"][0].update(participant=123456), "invalid_export", "participant 123456"),
    (lambda data: data["tags"].append(dict(data["tags"][0])), "invalid_export", "a second time"),
    (lambda data: data["boards"][0].update(charter="nowhere"), "invalid_export", "'nowhere'"),
    (lambda data: data["draft"]["themes"][0]["statements"][0].pop("text"), "invalid_export", "has no 'text'"),
    (lambda data: data.update(charters="all of them"), "invalid_export", "'charters' in the file must be a list"),
    (lambda data: data["cards"][0].update(created_at="yesterday"), "invalid_export", "must be a time"),
    (lambda data: data["boards"][0].update(position=True), "invalid_export", "'position' in boards[0] must be a whole"),
    (lambda data: data["participants"][0].update(id=2**40), "invalid_export", "must be 2,147,483,647 or less"),
    (lambda data: data["tags"].__setitem__(0, "borrow"), "invalid_export", "tags[0] must be an object"),
]


def test_a_bad_file_is_refused_and_nothing_is_stored(session, kent):
    export = export_workshop(session, kent)
    # A changed charter would be created anew: it must not stay behind either.
    stockport = next(charter for charter in export["charters"] if charter["slug"] == "stockport")
    stockport["themes"][0]["statements"][0]["text"] = "Changed since"
    counts = {model: session.scalar(select(func.count(model.id))) for model in (Workshop, Charter, Statement, Tag)}
    for change, error, message in BAD_FILES:
        data = copy.deepcopy(export)
        change(data)
        with pytest.raises(DomainError) as refused:
            import_workshop(session, data, session.get(Facilitator, kent.owner_id))
        session.rollback()
        assert (refused.value.code, message in refused.value.message) == (error, True), refused.value.message
        assert {model: session.scalar(select(func.count(model.id))) for model in counts} == counts


def test_the_import_endpoint_restores_a_workshop_or_explains_why_not(client, session, kent):
    headers = api_headers(session, kent)
    export = client.get(f"/api/workshops/{kent.id}/export.json", headers=headers).get_json()
    response = client.post("/api/workshops/import", json=export, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] != kent.id and len(body["code"]) == 6
    assert body["join_url"].endswith(f"/join/{body['code']}")
    assert session.scalar(select(func.count(Rewording.id)).where(Rewording.hidden.is_(True))) == 2

    workshops = session.scalar(select(func.count(Workshop.id)))
    export["rewordings"][0]["hidden"] = "no"
    response = client.post("/api/workshops/import", json=export, headers=headers)
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "invalid_export",
        "message": "This file cannot be imported: 'hidden' in rewordings[0] must be true or false.",
    }
    response = client.post("/api/workshops/import", data="not json", headers=headers)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_json"
    session.expire_all()
    assert session.scalar(select(func.count(Workshop.id))) == workshops


def test_the_console_links_to_every_download(client, session, kent):
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(kent.owner_id)
        flask_session["_fresh"] = True
    page = client.get(f"/workshops/{kent.id}").get_data(as_text=True)
    for path in ("results.csv", "export.json"):
        assert f'href="/api/workshops/{kent.id}/{path}" download' in page
    # The Word draft by a form that says which parts go in, the defaults ticked.
    assert f'action="/api/workshops/{kent.id}/draft.docx"' in page
    assert '<input type="hidden" name="include" value="">' in page
    for part in DOCUMENT_PARTS:
        ticked = " checked" if part in DEFAULT_DOCUMENT_PARTS else ""
        assert f'name="include" type="checkbox" value="{part}"{ticked}>' in page
    # Every tag only by a choice that says what the file holds.
    assert f'action="/api/workshops/{kent.id}/tags.csv"' in page
    assert 'name="per_person" type="checkbox" value="yes" required' in page
    assert "could read one person's every choice" in page
    # A browser signed in as the facilitator can follow them.
    assert client.get(f"/api/workshops/{kent.id}/results.csv").status_code == 200
    assert client.get(f"/api/workshops/{kent.id}/tags.csv?per_person=yes").status_code == 200
    refused = client.get(f"/api/workshops/{kent.id}/tags.csv")
    assert refused.status_code == 400 and refused.get_json()["error"] == "per_person_not_chosen"
