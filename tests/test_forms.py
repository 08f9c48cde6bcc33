"""The page forms, checked by WTForms: what a page says when a form is wrong, or was tampered with."""

from sqlalchemy import func, select

from workshop.draft.drafting import start_draft
from workshop.live.workshops import create_workshop, set_stage
from workshop.models import DraftTheme, Tag, Workshop


def signed_in(client, facilitator):
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True
    return client


def test_a_new_workshop_form_says_every_problem_then_stores_what_it_was_told(client, session, seeded, facilitator):
    signed_in(client, facilitator)
    response = client.post("/workshops/new", data={"title": " ", "held_on": "2026-02-30"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter the date as a real date, for example 2026-12-01" in page
    response = client.post("/workshops/new", data={"title": " ", "held_on": "2026-12-01"})
    assert "Enter a title for the workshop" in response.get_data(as_text=True)

    form = {
        "title": "Kent refresh",
        "held_on": "2026-12-01",
        "charters": ["stockport", "warwickshire"],
        "ask_groups": "no",
        "results_hidden": "yes",
    }
    assert client.post("/workshops/new", data=form).status_code == 302
    workshop = session.scalar(select(Workshop))
    assert workshop.held_on.isoformat() == "2026-12-01"
    assert (workshop.ask_groups, workshop.results_revealed) == (False, False)
    assert [board.charter.slug for board in workshop.boards] == ["stockport", "warwickshire"]


def test_a_tampered_console_button_changes_nothing_and_goes_nowhere_else(client, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", charter_slugs=["stockport"])
    session.commit()
    signed_in(client, facilitator)
    console = f"/workshops/{workshop.id}"
    for sent in ({"action": "remove_participant", "participant_id": "1; drop"}, {"action": "hide", "item_id": "-3"}):
        response = client.post(f"{console}/control", data=sent, follow_redirects=True)
        assert "Reload the page and try again" in response.get_data(as_text=True)
    # More digits than Python will read as a number (4,300) is refused like any other wrong size.
    sent = {"action": "min_group_size", "min_group_size": "9" * 5000}
    response = client.post(f"{console}/control", data=sent, follow_redirects=True)
    assert "must be a whole number from 2 to 20" in response.get_data(as_text=True)
    response = client.post(f"{console}/control", data={"action": "lock", "return_to": "//elsewhere.example"})
    assert response.headers["Location"] == console
    response = client.post(f"{console}/control", data={"action": "open_board", "board_id": "all"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Workshop, workshop.id).tagging_locked is True


def test_a_tampered_draft_change_is_refused_with_a_message(client, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", charter_slugs=["stockport"])
    draft = start_draft(session, workshop, "kent")
    session.commit()
    signed_in(client, facilitator)
    changes = f"/workshops/{workshop.id}/draft"
    theme_id = draft.themes[0].id
    for sent in ({"theme_id": "first"}, {"theme_id": theme_id, "direction": "down", "position": "-1"}):
        response = client.post(f"{changes}/move_theme", data=sent, follow_redirects=True)
        assert "Reload the page and try again" in response.get_data(as_text=True)
    client.post(f"{changes}/move_theme", data={"theme_id": theme_id, "direction": "down"})
    session.expire_all()
    assert session.get(DraftTheme, theme_id).position == 1


def test_the_api_control_body_is_checked_by_its_schema(client, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", charter_slugs=["stockport"])
    session.commit()
    signed_in(client, facilitator)
    control = f"/api/workshops/{workshop.id}/control"
    response = client.post(control, json={"action": "hide", "kind": "card", "item_id": "3"})
    assert response.status_code == 400
    assert response.json == {
        "error": "invalid_body",
        "message": "Check what you sent: 'item_id' in the request must be a whole number.",
    }
    response = client.post(control, json={"stage": "review"})
    assert response.json["message"] == "Check what you sent: the request has no 'action'."
    response = client.post(control, json={"action": "open_board", "board_id": "all"})
    assert response.status_code == 200 and response.json["workshop"]["open_board_ids"] == [workshop.boards[0].id]


def test_the_phones_plain_form_is_checked_as_its_script_is(app, client, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", charter_slugs=["stockport"])
    set_stage(workshop, "review")
    session.commit()
    board = workshop.boards[0]
    statement = board.charter.current_statements[0]
    assert client.post(f"/join/{workshop.code}", data={}).status_code == 302
    phone = f"/w/{workshop.code}"
    tag = {"operation_id": "plain-form-0001", "kind": "tag", "board_id": board.id, "statement_id": statement.id}
    for sent, problem in (
        (dict(tag, board_id="9" * 30, value="adapt"), "Reload the page and try again"),
        (dict(tag, statement_id=str(2**31), value="adapt"), "Reload the page and try again"),
        (dict(tag, kind="['tag']", value="adapt"), "&#39;kind&#39; in the action must be one of: tag"),
        (dict(tag, operation_id="short", value="adapt"), "&#39;id&#39; in the action must be 8 characters or more"),
        (dict(tag, value="adapt", supported="maybe"), "Reload the page and try again"),
        (dict(tag, value="a" * 50), "&#39;value&#39; in the action must be 20 characters or fewer"),
    ):
        response = client.post(phone, data=sent, follow_redirects=True)
        assert response.status_code == 200
        assert problem in response.get_data(as_text=True), sent
    assert session.scalar(select(func.count(Tag.id))) == 0

    response = client.post(phone, data=dict(tag, value="adapt", return_to="//elsewhere.example"))
    assert response.headers["Location"] == phone
    response = client.post(phone, data=dict(tag, value="adapt", return_to="#statement-1"))
    assert response.headers["Location"] == f"{phone}#statement-1"
    assert session.scalar(select(Tag.value)) == "adapt"


def test_an_api_body_of_the_wrong_shape_is_a_400_that_says_what_is_wrong(client, session, seeded, facilitator):
    signed_in(client, facilitator)
    for body, message in (
        ({"title": {"a": 1}, "charters": ["stockport"]}, "'title' in the request must be text"),
        ({"title": "Ours", "charters": "stockport"}, "'charters' in the request must be a list"),
        ({"title": "Ours", "charters": [["stockport"]]}, "charters[0] must be text"),
        ({"title": "Ours", "charters": ["stockport"], "date": "Tuesday"}, "must be a date such as 2026-11-23"),
        ({"title": "Ours", "charters": ["stockport"], "min_group_size": 2**40}, "2,147,483,647 or less"),
        ({"title": "Ours", "charters": ["stockport"], "ask_groups": "no"}, "'ask_groups' in the request must be true"),
    ):
        response = client.post("/api/workshops", json=body)
        assert response.status_code == 400, body
        assert response.json["error"] == "invalid_body"
        assert message in response.json["message"], body
    deep = "[" * 100_000 + "]" * 100_000
    for raw in (deep, "{", '"text"', "[]"):
        response = client.post("/api/workshops", data=raw, content_type="application/json")
        assert response.status_code == 400 and response.json["error"] == "invalid_json", raw
    assert session.scalar(select(func.count(Workshop.id))) == 0
    created = client.post("/api/workshops", json={"title": "Ours", "charters": ["stockport"], "date": "2026-12-01"})
    assert created.status_code == 201
