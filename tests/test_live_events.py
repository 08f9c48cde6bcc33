"""Socket.IO handlers, through Flask-SocketIO's test client (handlers, not the network)."""

import pytest
from sqlalchemy import func, select

from workshop.extensions import socketio
from workshop.live import operations
from workshop.live.broadcast import broadcaster
from workshop.live.workshops import create_workshop
from workshop.models import AppliedOperation, BoardNote, Comment, MissingCard, Rewording, Tag


@pytest.fixture
def workshop(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", charter_slugs=["warwickshire", "stockport"])
    session.commit()
    return workshop


def join(app, workshop, name="", group=""):
    """A phone: joins by the page, then connects with its cookie."""
    browser = app.test_client()
    response = browser.post(f"/join/{workshop.code}", data={"display_name": name, "group": group})
    assert response.status_code == 302
    phone = socketio.test_client(
        app, flask_test_client=browser, auth={"workshop": workshop.code, "role": "participant"}
    )
    assert phone.is_connected()
    return browser, phone


def sign_in(client, facilitator):
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True


def reviewing_console(app, workshop, facilitator):
    """The facilitator's console, signed in, with the workshop moved on to review."""
    console = app.test_client()
    sign_in(console, facilitator)
    control(console, workshop, action="stage", stage="review")
    return console


def received(client, name):
    return [event["args"][0] for event in client.get_received() if event["name"] == name]


def control(client, workshop, **values):
    response = client.post(f"/workshops/{workshop.id}/control", data=values)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_phone_gets_a_snapshot_on_connecting(app, workshop):
    _browser, phone = join(app, workshop, name="Ali", group="parent_carer")
    snapshots = received(phone, "snapshot")
    assert len(snapshots) == 1
    assert snapshots[0]["role"] == "participant"
    assert snapshots[0]["me"]["group"] == "parent_carer"
    assert snapshots[0]["workshop"]["stage"] == "lobby"


def test_connections_without_the_right_credentials_are_refused(app, workshop):
    for auth in (
        {"workshop": workshop.code, "role": "participant"},
        {"workshop": workshop.code, "role": "projector", "key": "wrong"},
        {"workshop": workshop.code, "role": "facilitator"},
        {"workshop": "NOCODE", "role": "projector", "key": workshop.projector_key},
        {"workshop": workshop.code, "role": "admin"},
        None,
    ):
        stranger = socketio.test_client(app, auth=auth)
        assert not stranger.is_connected(), auth
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    assert projector.is_connected()
    assert received(projector, "snapshot")[0]["role"] == "projector"


def test_a_tag_is_acknowledged_and_stored_once(app, session, workshop, facilitator):
    reviewing_console(app, workshop, facilitator)
    _browser, phone = join(app, workshop)
    board = workshop.boards[0]
    statement = board.charter.current_statements[0]
    operation = {
        "id": "op-0000-0001",
        "kind": "tag",
        "board_id": board.id,
        "statement_id": statement.id,
        "value": "adapt",
    }
    ack = phone.emit("operation", operation, callback=True)
    assert ack == {"ok": True, "id": "op-0000-0001", "result": {"statement_id": statement.id, "value": "adapt"}}
    assert phone.emit("operation", operation, callback=True) == ack
    assert session.query(Tag).filter_by(board_id=board.id).count() == 1


def test_each_kind_applied_without_the_orm_is_stored_once_and_answered_alike_when_sent_again(
    app, session, workshop, facilitator
):
    """Taps and words go straight to the driver (live/recording.py): stored as the ORM would store them."""
    reviewing_console(app, workshop, facilitator)
    _browser, phone = join(app, workshop)
    board = workshop.boards[0]
    statement = board.charter.current_statements[1]
    on_statement = {"board_id": board.id, "statement_id": statement.id}
    sent = {
        "tag": {**on_statement, "value": "adapt"},
        "reword": {**on_statement, "text": "Everyone, always"},
        "comment": {**on_statement, "text": "Who is 'everyone'?"},
        "note": {"board_id": board.id, "column": "missing", "text": "Young carers"},
        "add_card": {"text": "Transport to meetings"},
    }
    assert set(sent) == operations.WITHOUT_ORM
    for number, (kind, fields) in enumerate(sent.items()):
        operation = {"id": f"op-0000-01{number:02d}", "kind": kind, **fields}
        ack = phone.emit("operation", operation, callback=True)
        assert ack["ok"], ack
        assert phone.emit("operation", operation, callback=True) == ack
    stored = {
        "tag": session.scalars(select(Tag.value).where(Tag.board_id == board.id)).all(),
        "reword": session.scalars(select(Rewording.text).where(Rewording.board_id == board.id)).all(),
        "comment": session.scalars(select(Comment.text).where(Comment.board_id == board.id)).all(),
        "note": session.scalars(select(BoardNote.text).where(BoardNote.board_id == board.id)).all(),
        "add_card": session.scalars(select(MissingCard.text).where(MissingCard.workshop_id == workshop.id)).all(),
    }
    assert stored == {
        "tag": ["adapt"],
        "reword": ["Everyone, always"],
        "comment": ["Who is 'everyone'?"],
        "note": ["Young carers"],
        "add_card": ["Transport to meetings"],
    }
    card = session.scalars(select(MissingCard).where(MissingCard.workshop_id == workshop.id)).one()
    assert card.hidden is False and card.created_at is not None and card.participant_id is not None
    assert session.scalar(select(func.count(AppliedOperation.id))) == len(sent)


def test_refusals_say_why(app, workshop):
    _browser, phone = join(app, workshop)
    board = workshop.boards[0]
    statement = board.charter.current_statements[0]
    ack = phone.emit(
        "operation",
        {"id": "op-0000-0002", "kind": "tag", "board_id": board.id, "statement_id": statement.id, "value": "borrow"},
        callback=True,
    )
    assert ack["ok"] is False
    assert ack["error"] == "board_closed"
    assert "not open" in ack["message"]
    assert phone.emit("operation", "nonsense", callback=True)["error"] == "invalid_operation"


def send_raw(client, encoded: str):
    """A Socket.IO packet as it comes out of Engine.IO, however malformed; its acknowledgement, if any.

    "21[...]" is an event (2) asking for acknowledgement 1.
    """
    client.acks = None
    socketio.server._handle_eio_message(client.eio_sid, encoded)
    return client.acks["args"][0] if client.acks else None


def test_every_malformed_operation_is_answered_invalid_operation_and_changes_nothing(app, session, workshop):
    _browser, phone = join(app, workshop)
    board = workshop.boards[0]
    statement = board.charter.current_statements[0]
    tag = {"id": "op-0000-0009", "kind": "tag", "board_id": board.id, "statement_id": statement.id, "value": "adapt"}
    for payload in (
        dict(tag, kind=["tag"]),
        dict(tag, kind={"tag": 1}),
        dict(tag, board_id=2**63),
        dict(tag, statement_id=2**31),
        dict(tag, statement_id=-1),
        dict(tag, board_id=True),
        dict(tag, value=["adapt"]),
        dict(tag, id={"a": 1}),
        dict(tag, text=["deep"] * 3),
        [tag],
        "",
        None,
    ):
        ack = phone.emit("operation", payload, callback=True)
        assert ack["ok"] is False and ack["error"] == "invalid_operation", payload
        # The operation's id is sent back only when it is text.
        sent_id = payload.get("id") if isinstance(payload, dict) else None
        assert ack["id"] == (sent_id if isinstance(sent_id, str) else None)
    assert phone.emit("operation", callback=True)["error"] == "invalid_operation"
    # Straight off the wire: nested too deep for JSON, not JSON, not an event's [name, ...].
    deep = "[" * 100_000 + "]" * 100_000
    for raw in (f'21["operation",{deep}]', "22[", '23{"kind":"tag"}', "24[]", "25[7]", "26[{}]", '27"x"'):
        ack = send_raw(phone, raw)
        assert ack["ok"] is False and ack["error"] == "invalid_operation", raw
    assert send_raw(phone, '28["delete_everything",{}]')["error"] == "unknown_event"
    assert phone.emit("snapshot", {"unexpected": 1}, callback=True)["ok"] is True
    assert session.query(Tag).count() == 0


def test_a_connection_with_a_malformed_auth_is_refused(app, workshop):
    # What each gets is in test_live_server.py, with a real client: here, that nothing raises.
    for auth in (
        {"workshop": workshop.code, "role": "projector", "key": {"a": 1}},
        {"workshop": workshop.code, "role": "projector", "key": 12345},
        {"workshop": workshop.code, "role": "projector", "key": "k" * 10_000},
        {"workshop": [workshop.code], "role": "projector", "key": workshop.projector_key},
        {"workshop": workshop.code, "role": ["projector"]},
        "projector",
        # Sent as "01.0": read as an acknowledgement id, then JSON that is not JSON.
        1.0,
        7,
    ):
        assert not socketio.test_client(app, auth=auth).is_connected(), auth


def test_the_projector_only_reads(app, workshop):
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    ack = projector.emit("operation", {"id": "op-0000-0003", "kind": "add_card", "text": "x"}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_allowed"


def test_counts_reach_the_facilitator_coalesced_and_the_phones_only_when_revealed(app, workshop, facilitator):
    console = reviewing_console(app, workshop, facilitator)
    facilitator_socket = socketio.test_client(
        app, flask_test_client=console, auth={"workshop": workshop.code, "role": "facilitator"}
    )
    assert facilitator_socket.is_connected()
    _browser, phone = join(app, workshop, group="health")
    board = workshop.boards[0]
    statements = board.charter.current_statements
    for number, statement in enumerate(statements[:5]):
        phone.emit(
            "operation",
            {
                "id": f"op-0000-01{number:02d}",
                "kind": "tag",
                "board_id": board.id,
                "statement_id": statement.id,
                "value": "borrow",
            },
            callback=True,
        )
    facilitator_socket.get_received()
    phone.get_received()
    # One round of the coalescing loop sends one update for the board, not five.
    with app.app_context():
        broadcaster.flush()
    updates = [update for update in received(facilitator_socket, "counts") if update["board_id"] == board.id]
    assert len(updates) == 1
    assert updates[0]["counts"][str(statements[0].id)]["total"]["borrow"] == 1
    first = updates[0]["counts"][str(statements[0].id)]
    # One person in health: not shown by group, but the facilitator has the real figure to show if they choose.
    assert first["by_group"] == {} and first["groups_withheld"] is True
    assert first["real_by_group"] == {"health": {"borrow": 1, "adapt": 0, "ignore": 0}}
    assert received(phone, "counts") == []

    control(console, workshop, action="reveal")
    assert received(phone, "state")[-1]["results_revealed"] is True
    with app.app_context():
        broadcaster.flush()
    assert [update for update in received(phone, "counts") if update["board_id"] == board.id][-1]["counts"][
        str(statements[0].id)
    ]["total"]["borrow"] == 1


def test_how_many_were_not_sure_reaches_the_projector_before_the_results_are_revealed(app, workshop, facilitator):
    reviewing_console(app, workshop, facilitator)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    board = workshop.boards[0]
    first, second = board.charter.current_statements[:2]
    for number, (statement, value) in enumerate(((first, "skip"), (second, "ignore"), (first, "skip"))):
        _browser, phone = join(app, workshop)
        operation = {"board_id": board.id, "statement_id": statement.id, "kind": "tag", "value": value}
        assert phone.emit("operation", {"id": f"op-0000-02{number:02d}", **operation}, callback=True)["ok"]
    projector.get_received()
    with app.app_context():
        broadcaster.flush()
    update = [update for update in received(projector, "counts") if update["board_id"] == board.id][-1]
    # How many tagged and how many were not sure, never how they tagged.
    assert update == {
        "board_id": board.id,
        "counts": {},
        "tagged": {str(first.id): 0, str(second.id): 1},
        "skipped": {str(first.id): 2},
    }
    again = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    assert received(again, "snapshot")[0]["skipped"] == {str(board.id): {str(first.id): 2}}


def test_hiding_a_card_reaches_every_screen(app, workshop, facilitator):
    console = app.test_client()
    sign_in(console, facilitator)
    control(console, workshop, action="stage", stage="missing")
    _browser, phone = join(app, workshop)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    card = phone.emit(
        "operation", {"id": "op-0000-0200", "kind": "add_card", "text": "Add the age range"}, callback=True
    )
    card_id = card["result"]["card_id"]
    projector.get_received()
    control(console, workshop, action="hide", kind="card", item_id=card_id)
    assert {"kind": "card", "id": card_id, "hidden": True} in received(projector, "hidden")
    assert {"kind": "card", "id": card_id, "hidden": True} in received(phone, "hidden")
    ack = phone.emit("snapshot", callback=True)
    assert ack["snapshot"]["cards"] == []


def test_phones_get_only_the_cards_that_changed_and_the_projector_the_whole_list(app, workshop, facilitator):
    console = app.test_client()
    sign_in(console, facilitator)
    control(console, workshop, action="stage", stage="missing")
    _browser, author = join(app, workshop)
    _browser, reader = join(app, workshop)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    first, second = (
        author.emit("operation", {"id": f"op-0000-040{number}", "kind": "add_card", "text": text}, callback=True)[
            "result"
        ]["card_id"]
        for number, text in enumerate(("Transport to meetings", "Interpreters"))
    )
    with app.app_context():
        broadcaster.flush()
    for screen in (author, reader, projector):
        screen.get_received()

    reader.emit("operation", {"id": "op-0000-0410", "kind": "support", "card_id": second}, callback=True)
    with app.app_context():
        broadcaster.flush()
    events = reader.get_received()
    assert [event["args"][0] for event in events if event["name"] == "card_changes"] == [
        {"cards": [{"id": second, "text": "Interpreters", "supports": 1, "hidden": False}], "removed": []}
    ]
    assert [event for event in events if event["name"] == "cards"] == []
    assert [card["id"] for card in received(projector, "cards")[-1]["cards"]] == [second, first]

    control(console, workshop, action="hide", kind="card", item_id=second)
    with app.app_context():
        broadcaster.flush()
    assert received(reader, "card_changes") == [{"cards": [], "removed": [second]}]
    assert [card["id"] for card in received(projector, "cards")[-1]["cards"]] == [first]

    # Removing someone changes who supports what on any card: phones get the whole list again.
    reader_id = max(participant.id for participant in workshop.participants)
    control(console, workshop, action="remove_participant", participant_id=reader_id)
    with app.app_context():
        broadcaster.flush()
    assert [card["id"] for card in received(author, "cards")[-1]["cards"]] == [first]


def test_a_removed_participant_is_told_and_refused(app, session, workshop, facilitator):
    console = app.test_client()
    sign_in(console, facilitator)
    control(console, workshop, action="stage", stage="missing")
    _browser, phone = join(app, workshop)
    participant_id = workshop.participants[0].id
    control(console, workshop, action="remove_participant", participant_id=participant_id)
    assert received(phone, "removed") == [{}]
    ack = phone.emit("operation", {"id": "op-0000-0300", "kind": "add_card", "text": "Still here?"}, callback=True)
    assert ack["error"] == "removed"


def test_a_hidden_rewording_changed_by_its_author_stays_hidden_on_the_console(app, session, workshop, facilitator):
    console = reviewing_console(app, workshop, facilitator)
    facilitator_socket = socketio.test_client(
        app, flask_test_client=console, auth={"workshop": workshop.code, "role": "facilitator"}
    )
    _browser, phone = join(app, workshop)
    board = workshop.boards[0]
    on = {"board_id": board.id, "statement_id": board.charter.current_statements[0].id}
    first = phone.emit(
        "operation", {"id": "op-0000-0501", "kind": "reword", "text": "Unkind words", **on}, callback=True
    )
    rewording_id = first["result"]["rewording_id"]
    with app.app_context():
        broadcaster.flush()
    [group] = received(facilitator_socket, "word_groups")[-1]["word_groups"]
    assert group["hidden"] is False and group["items"][0]["id"] == rewording_id
    control(console, workshop, action="hide", kind="rewording", item_id=rewording_id)

    again = phone.emit(
        "operation", {"id": "op-0000-0502", "kind": "reword", "text": "Still unkind", **on}, callback=True
    )
    assert again["ok"] and again["result"]["rewording_id"] == rewording_id
    with app.app_context():
        broadcaster.flush()
    # The console's lists (live/words.py): hidden, on its own, with its new words.
    assert received(facilitator_socket, "word_groups")[-1]["word_groups"] == [
        {
            "key": f"rewording-hidden-{rewording_id}",
            "kind": "rewording",
            "board_id": board.id,
            "statement_id": on["statement_id"],
            "text": "Still unkind",
            "people": 0,
            "hidden": True,
            "items": [{"id": rewording_id, "text": "Still unkind", "hidden": True}],
        }
    ]
