"""What the big screen shows, driven by the facilitator: one statement in focus, moved with next and
previous, back to every statement; kept in the database and told to every screen."""

import html
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.extensions import db, socketio
from workshop.live.broadcast import broadcaster
from workshop.live.focus import focus_order
from workshop.live.results import agreement
from workshop.live.workshops import create_workshop, set_stage
from workshop.models import Comment, Statement, Workshop


@pytest.fixture
def workshop(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Focus", charter_slugs=["warwickshire", "stockport"])
    set_stage(workshop, "review")
    session.commit()
    return workshop


@pytest.fixture
def console(app, facilitator):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True
    return client


def control(console, workshop, status=200, **values):
    response = console.post(f"/api/workshops/{workshop.id}/control", json=values)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def stored(app, workshop_id) -> dict:
    """The focus as another process would read it: from the database, in a session of its own."""
    with app.app_context(), Session(db.engine) as other:
        row = other.get(Workshop, workshop_id)
        return {"view": row.projector_view, "board_id": row.focus_board_id, "statement_id": row.focus_statement_id}


def test_the_focus_moves_statement_by_statement_is_stored_and_reaches_every_screen(app, session, console, workshop):
    board = workshop.boards[0]
    order = [(shown.id, statement.id) for shown, _theme, statement in focus_order(workshop)]
    # The first board open only: the big screen shows it, and the focus keeps to it.
    control(console, workshop, action="open_board", board_id=board.id)
    session.expire_all()
    order = [(shown.id, statement.id) for shown, _theme, statement in focus_order(session.get(Workshop, workshop.id))]
    assert {board_id for board_id, _ in order} == {board.id} and len(order) == 26
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    projector.get_received()

    answer = control(console, workshop, action="next")
    assert answer["workshop"]["projector"] == {
        "view": "focus",
        "board_id": board.id,
        "statement_id": order[0][1],
        "easy_read": False,
    }
    assert [event["args"][0] for event in projector.get_received() if event["name"] == "focus"] == [
        answer["workshop"]["projector"]
    ]
    control(console, workshop, action="next")
    control(console, workshop, action="next")
    control(console, workshop, action="previous")
    assert stored(app, workshop.id) == {"view": "focus", "board_id": board.id, "statement_id": order[1][1]}

    # A projector that connects now is drawn with the statement in focus.
    page = app.test_client().get(f"/projector/{workshop.code}/{workshop.projector_key}").get_data(as_text=True)
    text = session.get(type(board.charter.current_statements[0]), order[1][1]).text
    assert f'<h1 class="app-focus__text">{text}</h1>' in page
    assert "Statement 2 of 26" in page

    # Straight to a statement, then back to every statement.
    control(console, workshop, action="focus", board_id=board.id, statement_id=order[-1][1])
    refused = control(console, workshop, status=400, action="next")
    assert refused["error"] == "no_more_statements"
    assert stored(app, workshop.id)["statement_id"] == order[-1][1]
    control(console, workshop, action="focus", statement_id=None)
    assert stored(app, workshop.id) == {"view": "overview", "board_id": None, "statement_id": None}
    # From every statement, previous starts at the last.
    control(console, workshop, action="previous")
    assert stored(app, workshop.id)["statement_id"] == order[-1][1]


def test_the_consoles_buttons_answer_its_script_with_the_parts_they_change_and_plain_forms_with_the_page(
    app, session, console, workshop
):
    path = f"/workshops/{workshop.id}/control"
    as_script = {"Accept": "application/json"}
    first = focus_order(workshop)[0][2]
    # The console's script: the new state, and the parts of the console drawn as the page draws them.
    answer = console.post(path, data={"action": "next", "return_to": "#big-screen"}, headers=as_script)
    assert answer.status_code == 200
    assert answer.get_json()["workshop"]["projector"]["statement_id"] == first.id
    parts = answer.get_json()["parts"]
    assert f"one statement, large</strong>: “{html.escape(first.text, quote=False)}”" in parts
    assert 'data-console-part="big-screen"' in parts and "Every statement" in parts

    # Another console hears of it and asks for the same parts; the page draws them alike. (Each form's
    # token is signed with the time it was drawn: the same token, drawn a second apart, reads differently.)
    def drawn(html):
        return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)

    assert drawn(console.get(f"/workshops/{workshop.id}/console-parts").get_data(as_text=True)) == drawn(parts)
    page = drawn(console.get(f"/workshops/{workshop.id}").get_data(as_text=True))
    big_screen = drawn(parts[parts.index('<div data-console-part="big-screen">') :].rsplit("</div>", 1)[0])
    assert big_screen in page

    # A refusal, as JSON, says why and changes nothing; an unreadable form likewise.
    refused = console.post(path, data={"action": "previous"}, headers=as_script)
    assert refused.status_code == 400
    assert refused.get_json() == {
        "error": "no_more_statements",
        "message": "The big screen already shows the first statement.",
    }
    unreadable = console.post(path, data={"action": "focus", "statement_id": "first"}, headers=as_script)
    assert unreadable.status_code == 400 and unreadable.get_json()["error"] == "invalid_form"
    assert stored(app, workshop.id)["statement_id"] == first.id

    # Without scripts the same form changes the room and goes back to the console.
    plain = console.post(path, data={"action": "summary", "return_to": "#big-screen"})
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"/workshops/{workshop.id}#big-screen")
    assert stored(app, workshop.id)["view"] == "summary"


def test_a_statement_not_on_the_workshops_boards_is_refused_and_changes_nothing(app, session, console, workshop):
    other = create_workshop(session, workshop.owner, title="Other", charter_slugs=["cheshire-east"])
    session.commit()
    elsewhere = other.boards[0].charter.current_statements[0].id
    refused = control(console, workshop, status=400, action="focus", statement_id=elsewhere)
    assert refused["error"] == "unknown_statement"
    statement = workshop.boards[0].charter.current_statements[0].id
    refused = control(
        console, workshop, status=400, action="focus", board_id=other.boards[0].id, statement_id=statement
    )
    assert refused["error"] == "unknown_board"
    assert stored(app, workshop.id) == {"view": "overview", "board_id": None, "statement_id": None}


def test_the_statement_in_focus_shows_its_words_but_never_hidden_ones(app, session, console, workshop):
    board = workshop.boards[0]
    statement = board.charter.current_statements[0]
    browser = app.test_client()
    assert browser.post(f"/join/{workshop.code}", data={"group": "parent_carer"}).status_code == 302
    phone = socketio.test_client(
        app, flask_test_client=browser, auth={"workshop": workshop.code, "role": "participant"}
    )
    control(console, workshop, action="focus", board_id=board.id, statement_id=statement.id)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    snapshot = next(event["args"][0] for event in projector.get_received() if event["name"] == "snapshot")
    assert snapshot["focus"]["text"] == statement.text and snapshot["focus"]["comments"] == []
    assert snapshot["focus"]["counts"] is None and snapshot["focus"]["tagged"] == 0

    on_it = {"board_id": board.id, "statement_id": statement.id}
    for number, text in enumerate(["Say who is in the room", "Something unkind"]):
        ack = phone.emit(
            "operation", {"id": f"focus-comment-{number}", "kind": "comment", "text": text, **on_it}, callback=True
        )
        assert ack["ok"], ack
    with app.app_context():
        broadcaster.flush()
    words = [event["args"][0] for event in projector.get_received() if event["name"] == "words"]
    assert [word["text"] for word in words[-1]["comments"]] == ["Say who is in the room", "Something unkind"]

    unkind = session.scalar(select(Comment).where(Comment.text == "Something unkind"))
    control(console, workshop, action="hide", kind="comment", item_id=unkind.id)
    with app.app_context():
        broadcaster.flush()
    received = projector.get_received()
    assert {"kind": "comment", "id": unkind.id, "hidden": True} in [
        e["args"][0] for e in received if e["name"] == "hidden"
    ]
    words = [event["args"][0] for event in received if event["name"] == "words"]
    assert [word["text"] for word in words[-1]["comments"]] == ["Say who is in the room"]
    page = app.test_client().get(f"/projector/{workshop.code}/{workshop.projector_key}").get_data(as_text=True)
    assert "Say who is in the room" in page and "Something unkind" not in page


def test_where_the_room_agrees_comes_from_the_counts_ties_going_to_the_first_read():
    statements = [{"board_id": 1, "id": number, "text": f"Statement {number}"} for number in range(1, 7)]

    def counted(borrow, adapt, ignore):
        return {"total": {"borrow": borrow, "adapt": adapt, "ignore": ignore}, "by_group": {}, "skipped": 0}

    counts = {
        1: {
            1: counted(4, 0, 0),  # all borrow, of four
            2: counted(9, 1, 0),  # nearly all borrow, of ten
            3: counted(1, 1, 1),  # split three ways
            4: counted(0, 0, 2),  # all ignore
            5: counted(2, 2, 0),  # split two ways, as many as 6 but read first
            6: counted(2, 2, 0),
        }
    }
    summary = agreement(statements, counts, top=3)
    named = {part: [entry["statement_id"] for entry in entries] for part, entries in summary.items()}
    assert named == {
        "borrow": [1, 2, 5],
        "adapt": [5, 6, 3],
        "ignore": [4, 3],
        "split": [3, 5, 6],
    }
    assert summary["borrow"][1] | {"total": None} == {
        "board_id": 1,
        "statement_id": 2,
        "text": "Statement 2",
        "choice": "borrow",
        "count": 9,
        "tagged": 10,
        "share": 90,
        "total": None,
    }
    assert summary["split"][0]["share"] == 33
    # Nobody has tagged anything: nothing to name.
    assert agreement(statements, {}) == {"borrow": [], "adapt": [], "ignore": [], "split": []}


def test_phones_follow_the_big_screen_only_when_the_facilitator_asks_and_every_phone_is_told(
    app, session, console, workshop
):
    browser = app.test_client()
    assert browser.post(f"/join/{workshop.code}", data={"group": "parent_carer"}).status_code == 302
    phone = socketio.test_client(
        app, flask_test_client=browser, auth={"workshop": workshop.code, "role": "participant"}
    )
    snapshot = next(event["args"][0] for event in phone.get_received() if event["name"] == "snapshot")
    assert snapshot["workshop"]["phones_follow_focus"] is False

    answer = control(console, workshop, action="phones_follow")
    assert answer["workshop"]["phones_follow_focus"] is True
    states = [event["args"][0] for event in phone.get_received() if event["name"] == "state"]
    assert [state["phones_follow_focus"] for state in states] == [True]
    with app.app_context(), Session(db.engine) as other:
        assert other.get(Workshop, workshop.id).phones_follow_focus is True

    # The phones hear where the big screen goes, as the projector does.
    control(console, workshop, action="next")
    focus = [event["args"][0] for event in phone.get_received() if event["name"] == "focus"]
    assert focus == [control(console, workshop, action="phones_stay")["workshop"]["projector"]]
    with app.app_context(), Session(db.engine) as other:
        assert other.get(Workshop, workshop.id).phones_follow_focus is False
    # Following or not, a value sent with the action changes nothing more.
    answer = control(console, workshop, action="phones_stay", statement_id=1)
    assert answer["workshop"]["phones_follow_focus"] is False


def test_the_facilitator_can_put_the_statement_in_focus_up_in_easy_read(app, session, console, workshop):
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    projector.get_received()
    address = f"/projector/{workshop.code}/{workshop.projector_key}"
    answer = control(console, workshop, action="next")
    statement = session.get(Statement, answer["workshop"]["projector"]["statement_id"])
    assert statement.easy_read
    page = html.unescape(app.test_client().get(address).get_data(as_text=True))
    assert f'<h1 class="app-focus__text">{statement.text}</h1>' in page
    assert statement.easy_read not in page
    assert "Show easy read on the big screen" in console.get(f"/workshops/{workshop.id}").get_data(as_text=True)

    answer = control(console, workshop, action="easy_read_on")
    assert answer["workshop"]["projector"]["easy_read"] is True
    assert [event["args"][0] for event in projector.get_received() if event["name"] == "focus"][-1] == answer[
        "workshop"
    ]["projector"]
    with app.app_context(), Session(db.engine) as other:
        assert other.get(Workshop, workshop.id).focus_easy_read is True
    page = html.unescape(app.test_client().get(address).get_data(as_text=True))
    assert f'<h1 class="app-focus__text app-focus__text--easy" lang="en-GB">{statement.easy_read}</h1>' in page
    assert f"The original words:</span> {statement.text}</p>" in page
    console_page = html.unescape(console.get(f"/workshops/{workshop.id}").get_data(as_text=True))
    assert "Show the original words on the big screen" in console_page

    # It stays on as the focus moves, until the facilitator turns it off.
    answer = control(console, workshop, action="next")
    assert answer["workshop"]["projector"]["easy_read"] is True
    following = session.get(Statement, answer["workshop"]["projector"]["statement_id"])
    page = html.unescape(app.test_client().get(address).get_data(as_text=True))
    assert following.easy_read in page
    answer = control(console, workshop, action="easy_read_off")
    assert answer["workshop"]["projector"]["easy_read"] is False
    page = html.unescape(app.test_client().get(address).get_data(as_text=True))
    assert f'<h1 class="app-focus__text">{following.text}</h1>' in page
    assert following.easy_read not in page


def test_a_statement_without_an_easy_read_version_is_shown_in_its_own_words(app, session, console, workshop):
    answer = control(console, workshop, action="next")
    statement = session.get(Statement, answer["workshop"]["projector"]["statement_id"])
    statement.easy_read = None
    session.commit()
    control(console, workshop, action="easy_read_on")
    page = html.unescape(
        app.test_client().get(f"/projector/{workshop.code}/{workshop.projector_key}").get_data(as_text=True)
    )
    assert f'<h1 class="app-focus__text">{statement.text}</h1>' in page
    assert "The original words:" not in page
