"""The action plan: the facilitator writes actions (what, who, by when, what for); every screen shows them."""

from sqlalchemy import select
from test_live_events import control, join, received, sign_in

from workshop.draft.drafting import place_statement, start_draft
from workshop.extensions import socketio
from workshop.live.actions import action_plan, link_choices
from workshop.live.priorities import add_outcome, choose_priority
from workshop.live.workshops import create_workshop
from workshop.models import Facilitator, PriorityCard, Workshop

SHARE_TRAINING = "CDC will share co-production training and e-learning, including the Wirral slides and training"
CONSULTATION = "Kent will hold a consultation via the Comms and Engagement group"


def test_the_facilitator_writes_the_plan_and_every_screen_sees_it(app, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent", area="Kent", charter_slugs=["stockport"])
    session.commit()
    console = app.test_client()
    sign_in(console, facilitator)
    _browser, phone = join(app, workshop)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    assert received(phone, "snapshot")[0]["actions"] == []

    control(console, workshop, action="add_action", what=SHARE_TRAINING, who="  CDC ", due="March 2027")
    control(console, workshop, action="add_action", what=CONSULTATION, who="Kent", due="Once the draft is complete")
    plan = action_plan(session, session.get(Workshop, workshop.id))
    assert [(action["what"], action["who"], action["due"]) for action in plan] == [
        (SHARE_TRAINING, "CDC", "March 2027"),
        (CONSULTATION, "Kent", "Once the draft is complete"),
    ]
    for screen in (phone, projector):
        assert received(screen, "actions")[-1]["actions"] == plan

    refused = console.post(f"/api/workshops/{workshop.id}/control", json={"action": "add_action", "what": " "})
    assert refused.status_code == 400 and refused.json["error"] == "invalid_action"
    console.post(f"/workshops/{workshop.id}/control", data={"action": "remove_action", "item_id": plan[0]["id"]})
    session.expire_all()
    assert [action["what"] for action in action_plan(session, workshop)] == [CONSULTATION]
    assert received(phone, "actions")[-1]["actions"][0]["what"] == CONSULTATION
    console_page = console.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert CONSULTATION in console_page


def test_an_action_links_to_a_chosen_priority_or_a_draft_statement_and_keeps_their_words(
    app, session, seeded, facilitator
):
    workshop = create_workshop(session, facilitator, title="Kent", area="Kent", charter_slugs=["stockport"])
    outcome = add_outcome(session, workshop, "My safety")
    session.commit()
    _browser, phone = join(app, workshop)
    control_client = app.test_client()
    sign_in(control_client, facilitator)
    control(control_client, workshop, action="stage", stage="priorities")
    adding = {"id": "action-plan-0001", "kind": "add_priority_card", "outcome_id": outcome.id, "column": "help"}
    card = phone.emit("operation", {**adding, "text": "Travel training"}, callback=True)["result"]["card_id"]
    draft = start_draft(session, session.get(Workshop, workshop.id), "kent")
    statement = place_statement(session, draft, draft.themes[0].id, text="We will listen")
    session.commit()
    # Only chosen priorities can be linked to.
    assert [choice["value"] for choice in link_choices(session, workshop)] == [f"statement:{statement.id}"]
    linking = {"action": "add_action", "what": "Do it", "link": f"priority:{card}"}
    refused = control_client.post(f"/api/workshops/{workshop.id}/control", json=linking)
    assert refused.json["error"] == "unknown_link"
    choose_priority(session, session.get(Workshop, workshop.id), card, True)
    session.commit()
    for link in (f"priority:{card}", f"statement:{statement.id}"):
        control(control_client, workshop, action="add_action", what="Do it", link=link)
    session.expire_all()
    plan = action_plan(session, workshop)
    assert [action["linked"] for action in plan] == [
        {"kind": "priority", "text": "Travel training", "id": card},
        {"kind": "statement", "text": "We will listen", "id": statement.id},
    ]
    # The card goes: the action still says what it was for.
    session.delete(session.get(PriorityCard, card))
    session.commit()
    session.expire_all()
    assert action_plan(session, workshop)[0]["linked"] == {"kind": "priority", "text": "Travel training", "id": None}


def test_only_the_workshops_facilitators_write_its_plan(app, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent", charter_slugs=["stockport"])
    stranger = Facilitator(email="stranger@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    other = app.test_client()
    sign_in(other, stranger)
    body = {"action": "add_action", "what": "Take over"}
    assert other.post(f"/api/workshops/{workshop.id}/control", json=body).status_code == 404
    assert other.post(f"/workshops/{workshop.id}/control", data=body).status_code == 404
    assert app.test_client().post(f"/api/workshops/{workshop.id}/control", json=body).status_code == 401
    assert action_plan(session, workshop) == []
    assert session.scalar(select(Workshop.id).where(Workshop.id == workshop.id)) == workshop.id
