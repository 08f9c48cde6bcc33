"""The priorities board and the action plan in the Word document, the JSON export and restore, the CSVs and the API.

Kent's workshop (test_export_data's) goes on to its priorities board: three of
Kent's outcomes, cards from four people, three votes each, three priorities
chosen, one card hidden, and an action plan of three actions, one linked to a
chosen priority and one to a draft statement.
"""

import io
import shutil
import subprocess

import pytest
from docx import Document
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from test_export_data import NAMES, Room, api_headers, build_kent_workshop, normalised, read_csv
from test_export_docx import TODAY, cell_texts, paragraphs, sections, tables

from workshop.auth.accounts import issue_api_token
from workshop.draft.drafting import load_draft
from workshop.export.archive import export_workshop, import_workshop
from workshop.export.csv import actions_csv, priorities_csv
from workshop.export.docx import draft_document
from workshop.live.actions import add_action
from workshop.live.moderation import set_hidden
from workshop.live.priorities import add_outcome_set, choose_priority, set_priorities_phase
from workshop.live.workshops import set_stage
from workshop.models import Facilitator, Participant, PriorityVote

SCHOOL = "Reviewing school inclusion, including behaviour, policies"
TRAVEL = "Developing and introducing travel training"
SHORT_BREAKS = "Reviewing the Short Breaks offer"
BARRIER = "Schools worry about their capacity to be inclusive"
UNSUITABLE = "Something unsuitable on the board"
ACTIONS = [
    ("CDC will share co-production training and e-learning", "CDC", "January 2027"),
    ("Kent will hold a consultation via the Comms and Engagement group", "Kent", "Once the draft is complete"),
    ("Match the pledges with Kent's strategic outcomes", "CDC", "December 2026"),
]


def add_priorities(session: Session, workshop) -> dict:
    """The board and the plan on top of Kent's workshop; the cards' ids by their text."""
    room = Room(session)
    # Past the operation ids the phones sent during the review.
    room.count = 100_000
    people = list(
        session.scalars(
            select(Participant)
            .where(Participant.workshop_id == workshop.id, Participant.removed.is_(False))
            .order_by(Participant.number)
        )
    )
    add_outcome_set(session, workshop, "kent")
    set_stage(workshop, "priorities")
    session.commit()
    outcomes = {outcome.title: outcome.id for outcome in workshop.outcomes}
    school = outcomes["Being the best I can be at school, college or work"]
    cards = {}
    for person, outcome, column, text in (
        (people[0], school, "help", SCHOOL),
        (people[1], school, "barrier", BARRIER),
        (people[2], outcomes["My safety"], "help", TRAVEL),
        (people[3], outcomes["My quality of life"], "help", SHORT_BREAKS),
        (people[4], outcomes["My community"], "barrier", UNSUITABLE),
    ):
        done = room.do(person, "add_priority_card", outcome_id=outcome, column=column, text=text)
        cards[text] = done.result["card_id"]
    for person in people[4:8]:
        room.do(person, "support_priority_card", card_id=cards[SCHOOL])
    set_hidden(session, workshop, "priority_card", cards[UNSUITABLE], True)
    set_priorities_phase(workshop, "voting")
    session.commit()
    for number, person in enumerate(people):
        for text in (SCHOOL, TRAVEL, SHORT_BREAKS) if number % 2 else (SCHOOL, TRAVEL, BARRIER):
            room.do(person, "vote", card_id=cards[text])
    for text in (SCHOOL, TRAVEL, SHORT_BREAKS):
        choose_priority(session, workshop, cards[text], True)
    draft = load_draft(session, workshop.id)
    statement = draft.themes[0].statements[0]
    links = [f"priority:{cards[SCHOOL]}", "", f"statement:{statement.id}"]
    for (what, who, due), link in zip(ACTIONS, links, strict=True):
        add_action(session, workshop, what=what, who=who, due=due, link=link)
    session.commit()
    return cards | {"statement": statement.text}


@pytest.fixture
def kent_priorities(session, seeded):
    workshop = build_kent_workshop(session)
    return workshop, add_priorities(session, workshop)


def test_the_word_document_has_the_priorities_and_the_action_plan(session, kent_priorities, tmp_path):
    workshop, cards = kent_priorities
    data = draft_document(session, workshop, load_draft(session, workshop.id), TODAY)
    document = Document(io.BytesIO(data))
    found = sections(document)
    order = list(found)
    assert order.index("How we will know") < order.index("Our co-production priorities") < order.index("Action plan")
    assert order.index("Action plan") < order.index("Cut out and keep")

    priorities = found["Our co-production priorities"]
    # Eight people (one was removed), three votes each: school and travel training had all eight.
    assert paragraphs(priorities, "List Bullet") == [
        f"{SCHOOL} (Being the best I can be at school, college or work; 8 votes)",
        f"{TRAVEL} (My safety; 8 votes)",
        f"{SHORT_BREAKS} (My quality of life; 4 votes)",
    ]
    (outcomes,) = tables(priorities)
    assert cell_texts(outcomes.rows[0]) == ["Outcome", "Barriers", "How co-production could help"]
    rows = {cell_texts(row)[0]: cell_texts(row)[1:] for row in outcomes.rows[1:]}
    assert len(rows) == 7
    assert rows["Being the best I can be at school, college or work"] == [
        f"{BARRIER} (4 votes; no support yet)",
        f"{SCHOOL} (8 votes; supported by 4 people)",
    ]
    assert rows["My community"] == ["No cards", "No cards"]

    (plan,) = tables(found["Action plan"])
    assert [cell_texts(row) for row in plan.rows] == [
        ["Action", "Who", "By when", "What it is for"],
        [*ACTIONS[0], f"Priority: {SCHOOL}"],
        [*ACTIONS[1], ""],
        [*ACTIONS[2], f"Statement: {cards['statement']}"],
    ]
    text = "\n".join(p.text for p in document.paragraphs) + repr(
        [cell_texts(r) for t in document.tables for r in t.rows]
    )
    assert UNSUITABLE not in text
    for name in NAMES:
        assert name not in text

    if shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "kent.docx").write_bytes(data)
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "kent.docx")],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    rendered = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "kent.pdf"), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "Our co-production priorities" in rendered and "Action plan" in rendered
    assert "What we agreed to do, who will do it and by when." in rendered
    assert "The priorities the room chose:" in rendered


def test_a_round_trip_restores_the_board_and_the_plan_exactly(session, kent_priorities, restore_elsewhere):
    workshop, cards = kent_priorities
    first = export_workshop(session, workshop)
    assert first["workshop"]["priorities_phase"] == "voting" and first["workshop"]["votes_per_person"] == 3
    assert len(first["outcomes"]) == 7 and len(first["priority_cards"]) == 5
    assert len(first["priority_votes"]) == session.scalar(select(func.count(PriorityVote.id))) == 24
    assert [action["draft_statement"] for action in first["actions"]] == [None, None, [0, 0]]
    second = restore_elsewhere(first).export

    def comparable(export):
        data = normalised(export)
        cards_by_id = {card["id"]: index for index, card in enumerate(data["priority_cards"])}
        outcomes_by_id = {outcome["id"]: index for index, outcome in enumerate(data["outcomes"])}
        people = {person: index for index, person in enumerate(p["id"] for p in export["participants"])}
        for card in data["priority_cards"]:
            card["id"], card["outcome"] = cards_by_id[card["id"]], outcomes_by_id[card["outcome"]]
            card["participant"] = people[card["participant"]]
        for outcome in data["outcomes"]:
            outcome["id"] = outcomes_by_id[outcome["id"]]
        for key in ("priority_supports", "priority_votes"):
            for mark in data[key]:
                mark["card"], mark["participant"] = cards_by_id[mark["card"]], people[mark["participant"]]
        for action in data["actions"]:
            if action["priority_card"] is not None:
                action["priority_card"] = cards_by_id[action["priority_card"]]
        return data

    assert comparable(second) == comparable(first)


def test_a_file_whose_action_points_nowhere_is_refused(session, kent_priorities):
    workshop, _cards = kent_priorities
    broken = export_workshop(session, workshop)
    broken["actions"][2]["draft_statement"] = [9, 0]
    owner = session.get(Facilitator, workshop.owner_id)
    with pytest.raises(Exception, match="not the place of a statement in the draft"):
        import_workshop(session, broken, owner)
    session.rollback()


def test_the_csvs_and_the_api_give_the_board_and_the_plan_without_names(client, session, kent_priorities):
    workshop, cards = kent_priorities
    rows = read_csv(priorities_csv(session, workshop))
    assert list(rows[0]) == ["outcome", "column", "card", "supports", "votes", "chosen"]
    assert {row["card"]: (row["votes"], row["chosen"]) for row in rows} == {
        SCHOOL: ("8", "yes"),
        BARRIER: ("4", "no"),
        TRAVEL: ("8", "yes"),
        SHORT_BREAKS: ("4", "yes"),
    }
    assert rows[0]["column"] == "How co-production could help" and rows[0]["outcome"] == "My quality of life"
    plan = read_csv(actions_csv(session, workshop))
    assert [row["action"] for row in plan] == [action[0] for action in ACTIONS]
    assert plan[0]["for"] == f"Priority: {SCHOOL}" and plan[1]["by_when"] == "Once the draft is complete"

    headers = api_headers(session, workshop)
    board = client.get(f"/api/workshops/{workshop.id}/priorities", headers=headers).json
    assert [card["text"] for card in board["chosen"]] == [SCHOOL, TRAVEL, SHORT_BREAKS]
    assert [card["hidden"] for card in board["ranking"] if card["text"] == UNSUITABLE] == [True]
    actions = client.get(f"/api/workshops/{workshop.id}/actions", headers=headers).json["actions"]
    assert actions[0]["linked"] == {"kind": "priority", "text": SCHOOL, "id": cards[SCHOOL]}
    for path in ("priorities", "actions", "priorities.csv", "actions.csv"):
        response = client.get(f"/api/workshops/{workshop.id}/{path}", headers=headers)
        assert response.status_code == 200
        for name in NAMES:
            assert name not in response.get_data(as_text=True)
        assert client.get(f"/api/workshops/{workshop.id}/{path}").status_code == 401
    stranger = Facilitator(email="stranger@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    token = issue_api_token(session, stranger)
    session.commit()
    for path in ("priorities", "actions", "priorities.csv", "actions.csv"):
        answer = client.get(f"/api/workshops/{workshop.id}/{path}", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 404
