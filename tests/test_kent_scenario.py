"""The Kent scenario, end to end, as the people in the room and the facilitator would do it.

Three example charters reviewed by phones in several groups, merged into
Kent's five themes on the merge page, exported as a Word document that is
opened again and checked, and the whole workshop exported as JSON and
restored.
"""

import io
import time

import docx
import pytest
from markupsafe import escape
from sqlalchemy import select
from test_export_data import normalised

from workshop.auth.accounts import issue_api_token
from workshop.draft.suggestions import suggestions
from workshop.extensions import socketio
from workshop.live.events import ACTIONS_PER_SECOND
from workshop.models import Facilitator, Workshop

KENT_THEMES = ["Ambition", "Collaboration", "Inclusivity", "Communication", "Accountability"]
GROUPS = [
    "parent_carer",
    "parent_carer",
    "young_person",
    "young_person",
    "education",
    "health",
    "social_care",
    "health",
]
ADAPTED = "We will be transparent"
REWORDING = "We will be open and honest about what we are doing and why"
COMMENT = "Say what 'transparent' means here"
CARD = "A one-page 'cut out and keep' version for families"


@pytest.fixture
def console(app, facilitator):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True
    return client


def control(console, workshop_id, **values):
    response = console.post(f"/api/workshops/{workshop_id}/control", json=values)
    assert response.status_code == 200, response.get_json()


def phone_joins(app, code, group):
    browser = app.test_client()
    assert browser.post(f"/join/{code}", data={"group": group}).status_code == 302
    phone = socketio.test_client(app, flask_test_client=browser, auth={"workshop": code, "role": "participant"})
    snapshot = next(event["args"][0] for event in phone.get_received() if event["name"] == "snapshot")
    return phone, snapshot


class Phone:
    def __init__(self, app, code, group, number):
        self.socket, self.snapshot = phone_joins(app, code, group)
        self.number = number
        self.sent = 0

    def do(self, kind, **fields):
        """Send one operation as the phone's queue (static/js/live/queue.js) does: told to slow down, resend."""
        self.sent += 1
        operation = {"id": f"phone-{self.number}-{self.sent:04d}", "kind": kind, **fields}
        ack = self.socket.emit("operation", operation, callback=True)
        while ack.get("error") == "too_fast":
            time.sleep(1 / ACTIONS_PER_SECOND)
            ack = self.socket.emit("operation", operation, callback=True)
        assert ack["ok"], ack
        return ack["result"]


def choice(board_slug, statement_text, person):
    """How this person tags: Stockport mostly borrowed, one adapted; the others mostly ignored."""
    if board_slug == "stockport":
        if statement_text == ADAPTED:
            return "adapt" if person % 4 else "borrow"
        return "ignore" if person == 7 else "borrow"
    return "borrow" if person % 3 == 0 else "ignore"


def test_kent_reviews_three_charters_merges_into_five_themes_and_exports(app, session, seeded, console, facilitator):
    created = console.post(
        "/api/workshops",
        json={
            "title": "Refreshing Kent's co-production charter",
            "area": "Kent",
            "charters": ["stockport", "cheshire-east", "south-gloucestershire"],
            # Eight people in five groups: groups of two are shown, the lowest minimum allowed.
            "min_group_size": 2,
        },
    )
    assert created.status_code == 201
    workshop_id, code = created.get_json()["id"], created.get_json()["code"]
    control(console, workshop_id, action="stage", stage="review")
    control(console, workshop_id, action="open_board", board_id="all")

    # The room tags every statement of the three charters from their phones.
    phones = [Phone(app, code, group, number) for number, group in enumerate(GROUPS)]
    boards = phones[0].socket.emit("snapshot", callback=True)["snapshot"]["boards"]
    assert [board["charter"]["slug"] for board in boards] == ["stockport", "cheshire-east", "south-gloucestershire"]
    for board in boards:
        for theme in board["themes"]:
            for statement in theme["statements"]:
                for person, phone in enumerate(phones):
                    value = choice(board["charter"]["slug"], statement["text"], person)
                    phone.do("tag", board_id=board["id"], statement_id=statement["id"], value=value)
    stockport = boards[0]
    adapted = next(s for t in stockport["themes"] for s in t["statements"] if s["text"] == ADAPTED)
    # Five people give the same rewording, one of them with a full stop and a capital letter of their own.
    for phone in phones[1:5]:
        phone.do("reword", board_id=stockport["id"], statement_id=adapted["id"], text=REWORDING)
    phones[5].do("reword", board_id=stockport["id"], statement_id=adapted["id"], text=REWORDING.upper() + ".")
    phones[6].do("reword", board_id=stockport["id"], statement_id=adapted["id"], text="We will be clear")
    for phone in phones[6:8]:
        phone.do("comment", board_id=stockport["id"], statement_id=adapted["id"], text=COMMENT)
    phones[2].do("note", board_id=stockport["id"], column="borrow", text="The action plan")
    phones[3].do("note", board_id=boards[2]["id"], column="ignore", text="Very plain visually")

    control(console, workshop_id, action="stage", stage="missing")
    card = phones[0].do("add_card", text=CARD)["card_id"]
    for phone in phones[1:6]:
        phone.do("support", card_id=card)
    control(console, workshop_id, action="reveal")
    control(console, workshop_id, action="stage", stage="merge")

    # The facilitator merges on the merge page, from the room's suggestions.
    assert console.post(f"/workshops/{workshop_id}/draft", data={"theme_set": "kent"}).status_code == 302
    draft = console.get(f"/api/workshops/{workshop_id}/draft").get_json()
    assert [theme["title"] for theme in draft["themes"]] == KENT_THEMES
    theme_ids = {theme["title"]: theme["id"] for theme in draft["themes"]}

    workshop = session.get(Workshop, workshop_id)
    suggested = suggestions(session, workshop)
    borrowed = [s for s in suggested["borrowed"] if s["charter"]["slug"] == "stockport"]
    assert len(borrowed) == 17  # every Stockport statement but the adapted one
    assert {s["charter"]["slug"] for s in suggested["parked"]} == {"cheshire-east", "south-gloucestershire"}
    [wanted] = suggested["adapted"]
    assert wanted["text"] == ADAPTED
    assert wanted["counts"]["total"] == {"borrow": 2, "adapt": 6, "ignore": 0}
    assert wanted["counts"]["by_group"]["parent_carer"] == {"borrow": 1, "adapt": 1, "ignore": 0}
    top = wanted["rewordings"][0]
    assert top["text"] == REWORDING and top["support"] == 5
    # The merge page and the console list the five once, as the Word document does (below).
    merge_page = console.get(f"/workshops/{workshop_id}/draft").get_data(as_text=True)
    assert merge_page.count(f"{REWORDING}</label>") == 1 and "Given by 5 people" in merge_page
    console_page = " ".join(console.get(f"/workshops/{workshop_id}").get_data(as_text=True).split())
    assert console_page.count("5 people suggested:</strong>") == 1
    assert f"2 people commented:</strong> <span data-said>{escape(COMMENT)}</span>" in console_page
    assert suggested["missing"][0]["text"] == CARD and suggested["missing"][0]["support"] == 5

    # Stockport's themes are Kent's: each statement goes under the theme it came from.
    def place(**fields):
        response = console.post(f"/workshops/{workshop_id}/draft/place", data=fields)
        assert response.status_code == 302
        follow = console.get(response.headers["Location"]).get_data(as_text=True)
        assert "Placed under" in follow

    for suggestion in borrowed:
        place(theme_id=theme_ids[suggestion["theme"]], statement_id=suggestion["statement_id"])
    place(theme_id=theme_ids[wanted["theme"]], statement_id=wanted["statement_id"], rewording_id=top["id"])
    place(theme_id=theme_ids["Inclusivity"], card_id=suggested["missing"][0]["card_id"])
    draft = console.get(f"/api/workshops/{workshop_id}/draft").get_json()
    placed = {s["text"]: s for theme in draft["themes"] for s in theme["statements"]}
    assert len(placed) == 19
    assert placed[REWORDING]["source"]["kind"] == "adapted"
    assert placed[REWORDING]["question"] == "Were we open and honest about what we were doing and why?"
    assert placed["We will do what we say we will do or explain clearly why we cannot"]["question"] == (
        "Did we do what we said we would do or explain clearly why we could not?"
    )

    # The Word document: opened again, every section, statement, count and provenance.
    response = console.get(f"/api/workshops/{workshop_id}/draft.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    assert document.core_properties.title == draft["title"]
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    texts = [text for _style, text in paragraphs]
    assert "Draft for consultation" in texts
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    for section in ("How we will know", "Cut out and keep", "Appendix: What you said", *KENT_THEMES):
        assert section in headings, section
    listed = [text for style, text in paragraphs if style.startswith("List")]
    for statement in placed.values():
        assert statement["text"] in listed
        assert statement["question"] in listed
    table_text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "The action plan" in table_text and "Very plain visually" in table_text
    # The statement the room's words were on, as the heading of its words.
    assert ADAPTED in texts
    # Each wording once, with how many gave it: the rewording of five, then the comment of two.
    words = [text for text in listed if "suggested" in text and REWORDING.casefold() in text.casefold()]
    assert words == [f"5 people suggested: \u201c{REWORDING}\u201d"]
    assert f"2 people commented: \u201c{COMMENT}\u201d" in listed
    assert "1 person suggested: \u201cWe will be clear\u201d" in listed
    # The results as a picture, with its description.
    [picture] = document.inline_shapes
    assert picture._inline.docPr.get("descr").startswith("Bar chart of how the room tagged each statement")
    results = console.get(f"/api/workshops/{workshop_id}/results").get_json()
    counts = next(s for s in results["boards"][0]["statements"] if s["text"] == ADAPTED)["counts"]
    assert counts == {"borrow": 2, "adapt": 6, "ignore": 0}
    # The counts by group are in the document when asked for, as the picture's figures are.
    response = console.get(f"/api/workshops/{workshop_id}/draft.docx?include=counts")
    with_counts = docx.Document(io.BytesIO(response.data))
    rows = [[cell.text for cell in row.cells] for table in with_counts.tables for row in table.rows]
    assert any(row[0] == ADAPTED and row[1] == "2/6/0" for row in rows)
    assert not with_counts.inline_shapes
    assert any(ADAPTED in comment.text for comment in document.comments)

    # The whole workshop as JSON, restored as a new workshop, exports the same again.
    exported = console.get(f"/api/workshops/{workshop_id}/export.json").get_json()
    token = issue_api_token(session, session.get(Facilitator, facilitator.id))
    session.commit()
    restored = console.post("/api/workshops/import", json=exported, headers={"Authorization": f"Bearer {token}"})
    assert restored.status_code == 201, restored.get_json()
    again = console.get(f"/api/workshops/{restored.get_json()['id']}/export.json").get_json()
    assert normalised(again) == normalised(exported)
    assert session.scalar(select(Workshop.code).where(Workshop.id == restored.get_json()["id"])) != code
