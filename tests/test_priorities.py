"""The priorities board: the facilitator's outcomes and phases, the phones' cards, support and votes, and who may."""

import pytest
from sqlalchemy import select
from test_live_events import control, join, received, sign_in

from workshop.errors import DomainError
from workshop.extensions import socketio
from workshop.labels import OUTCOME_SETS
from workshop.live.broadcast import broadcaster
from workshop.live.priorities import priorities_board, set_priorities_phase
from workshop.live.workshops import create_workshop
from workshop.models import Facilitator, PriorityCard, PriorityVote

KENT_OUTCOMES = list(OUTCOME_SETS["kent"][1])


@pytest.fixture
def workshop(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent", area="Kent", charter_slugs=["stockport"])
    session.commit()
    return workshop


@pytest.fixture
def console(app, facilitator):
    client = app.test_client()
    sign_in(client, facilitator)
    return client


def act(phone, kind, number, **fields):
    return phone.emit("operation", {"id": f"priorities-{kind}-{number:04}", "kind": kind, **fields}, callback=True)


def board_of(session, workshop):
    session.expire_all()
    return priorities_board(session, workshop, include_hidden=True)


def test_the_facilitator_lists_kents_outcomes_once_and_their_own(session, workshop, console):
    control(console, workshop, action="outcome_set", kind="kent")
    control(console, workshop, action="outcome_set", kind="kent")
    control(console, workshop, action="add_outcome", title="  Being heard at home  ")
    control(console, workshop, action="add_outcome", title="my future")
    titles = [outcome["title"] for outcome in board_of(session, workshop)["outcomes"]]
    assert titles == [*KENT_OUTCOMES, "Being heard at home"]
    page = console.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Being the best I can be at school, college or work" in page


def test_the_room_adds_supports_and_votes_with_three_votes_each(app, session, workshop, console):
    control(console, workshop, action="outcome_set", kind="kent")
    control(console, workshop, action="stage", stage="priorities")
    outcome = board_of(session, workshop)["outcomes"][4]["id"]
    phones = [join(app, workshop)[1] for _ in range(3)]
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    assert received(projector, "snapshot")[0]["priorities"]["outcomes"][4]["title"] == KENT_OUTCOMES[4]

    texts = ["School inclusion", "Bullying", "Travel training", "Short breaks", "Forums for young people"]
    cards = []
    for number, text in enumerate(texts):
        column = "barrier" if number < 2 else "help"
        answer = act(phones[number % 3], "add_priority_card", number, outcome_id=outcome, column=column, text=text)
        assert answer["ok"], answer
        cards.append(answer["result"]["card_id"])
    again = act(phones[0], "add_priority_card", 0, outcome_id=outcome, column="barrier", text=texts[0])
    assert again["result"]["card_id"] == cards[0]
    assert act(phones[1], "support_priority_card", 10, card_id=cards[0])["ok"]
    assert act(phones[2], "support_priority_card", 10, card_id=cards[0])["ok"]
    assert act(phones[2], "support_priority_card", 11, card_id=cards[0], supported=False)["ok"]

    # Voting has not started: no vote yet, and once it has, no new cards.
    early = act(phones[0], "vote", 20, card_id=cards[0])
    assert early["error"] == "voting_not_started"
    control(console, workshop, action="priorities_phase", kind="voting")
    late = act(phones[0], "add_priority_card", 21, outcome_id=outcome, column="help", text="Late")
    assert late["error"] == "voting_started"

    for phone, chosen in zip(phones, ([0, 2, 3], [0, 2, 4], [0, 3, 2]), strict=True):
        for number, index in enumerate(chosen):
            assert act(phone, "vote", 30 + number, card_id=cards[index])["ok"]
    fourth = act(phones[0], "vote", 40, card_id=cards[1])
    assert fourth["error"] == "no_votes_left"
    # Taking one back frees it.
    assert act(phones[0], "vote", 41, card_id=cards[3], supported=False)["ok"]
    assert act(phones[0], "vote", 42, card_id=cards[1])["ok"]

    board = board_of(session, workshop)
    ranking = [(card["text"], card["votes"]) for card in board["ranking"]]
    assert ranking == [
        ("School inclusion", 3),
        ("Travel training", 3),
        ("Bullying", 1),
        ("Short breaks", 1),
        ("Forums for young people", 1),
    ]
    assert board["ranking"][0]["supports"] == 1
    assert session.scalar(select(PriorityVote.id).where(PriorityVote.card_id == cards[1])) is not None

    broadcaster.flush()
    shown = received(projector, "priorities")[-1]
    assert [card["votes"] for card in shown["ranking"]][:2] == [3, 3]
    assert all("participant_id" not in card for card in shown["ranking"])

    control(console, workshop, action="choose_priority", item_id=cards[0])
    control(console, workshop, action="choose_priority", item_id=cards[2])
    chosen = [card["text"] for card in board_of(session, workshop)["chosen"]]
    assert chosen == ["School inclusion", "Travel training"]
    assert received(projector, "priorities")[-1]["chosen"][0]["text"] == "School inclusion"


def test_hidden_cards_leave_the_room_and_removed_peoples_votes_stop_counting(app, session, workshop, console):
    control(console, workshop, action="add_outcome", title="My safety")
    control(console, workshop, action="stage", stage="priorities")
    outcome = board_of(session, workshop)["outcomes"][0]["id"]
    _browser, phone = join(app, workshop)
    card = act(phone, "add_priority_card", 1, outcome_id=outcome, column="barrier", text="Unsuitable")["result"]
    control(console, workshop, action="priorities_phase", kind="voting")
    assert act(phone, "vote", 2, card_id=card["card_id"])["ok"]
    control(console, workshop, action="hide", kind="priority_card", item_id=card["card_id"])
    session.expire_all()
    assert priorities_board(session, workshop)["ranking"] == []
    assert act(phone, "vote", 3, card_id=card["card_id"], supported=False)["error"] == "unknown_card"
    control(console, workshop, action="restore", kind="priority_card", item_id=card["card_id"])
    participant_id = session.scalar(select(PriorityCard.participant_id))
    control(console, workshop, action="remove_participant", participant_id=participant_id)
    assert board_of(session, workshop)["ranking"][0]["votes"] == 0


def test_only_the_writer_removes_a_card_and_only_while_cards_are_added(app, session, workshop, console):
    control(console, workshop, action="add_outcome", title="My health")
    control(console, workshop, action="stage", stage="priorities")
    outcome = board_of(session, workshop)["outcomes"][0]["id"]
    _b, writer = join(app, workshop)
    _b, other = join(app, workshop)
    card = act(writer, "add_priority_card", 1, outcome_id=outcome, column="help", text="Forums")["result"]["card_id"]
    assert act(other, "remove_priority_card", 1, card_id=card)["error"] == "not_yours"
    # An outcome with cards stays.
    response = console.post(
        f"/api/workshops/{workshop.id}/control", json={"action": "remove_outcome", "item_id": outcome}
    )
    assert response.status_code == 400 and response.json["error"] == "outcome_has_cards"
    assert act(writer, "remove_priority_card", 2, card_id=card)["ok"]
    assert board_of(session, workshop)["outcomes"][0]["cards"] == []
    assert (
        console.post(
            f"/api/workshops/{workshop.id}/control", json={"action": "remove_outcome", "item_id": outcome}
        ).status_code
        == 200
    )
    assert board_of(session, workshop)["outcomes"] == []


def test_cards_are_only_added_at_the_priorities_stage_under_the_workshops_own_outcomes(
    app, session, seeded, workshop, console, facilitator
):
    control(console, workshop, action="add_outcome", title="My community")
    outcome = board_of(session, workshop)["outcomes"][0]["id"]
    _b, phone = join(app, workshop)
    fields = {"outcome_id": outcome, "column": "barrier", "text": "Transport"}
    assert act(phone, "add_priority_card", 1, **fields)["error"] == "wrong_stage"
    control(console, workshop, action="stage", stage="priorities")
    assert act(phone, "add_priority_card", 2, **{**fields, "column": "borrow"})["error"] == "invalid_column"
    other = create_workshop(session, facilitator, title="Elsewhere", charter_slugs=["stockport"])
    session.commit()
    sign_in(console, facilitator)
    control(console, other, action="add_outcome", title="Theirs")
    theirs = board_of(session, other)["outcomes"][0]["id"]
    assert act(phone, "add_priority_card", 3, **{**fields, "outcome_id": theirs})["error"] == "unknown_outcome"
    assert act(phone, "add_priority_card", 4, **{**fields, "text": "  "})["error"] == "empty_text"
    assert act(phone, "add_priority_card", 5, **fields)["ok"]


def test_the_votes_each_person_has_are_the_facilitators_to_set_within_bounds(session, workshop, console):
    for votes, accepted in (("5", True), ("0", False), ("21", False), ("three", False), ("1", True)):
        before = board_of(session, workshop)["votes_per_person"]
        console.post(f"/workshops/{workshop.id}/control", data={"action": "votes_per_person", "votes": votes})
        assert board_of(session, workshop)["votes_per_person"] == (int(votes) if accepted else before)
    response = console.post(f"/api/workshops/{workshop.id}/control", json={"action": "votes_per_person", "votes": 3})
    assert response.status_code == 200 and response.json["workshop"]["votes_per_person"] == 3
    for phase in ("voting", "cards"):
        console.post(f"/workshops/{workshop.id}/control", data={"action": "priorities_phase", "kind": phase})
        assert board_of(session, workshop)["phase"] == phase
    with pytest.raises(DomainError):
        set_priorities_phase(workshop, "counting")


def test_nobody_else_may_change_the_board(app, session, workshop, console):
    stranger = Facilitator(email="stranger@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    other = app.test_client()
    sign_in(other, stranger)
    for path, kwargs in (
        (f"/workshops/{workshop.id}/control", {"data": {"action": "outcome_set", "kind": "kent"}}),
        (f"/api/workshops/{workshop.id}/control", {"json": {"action": "outcome_set", "kind": "kent"}}),
    ):
        assert other.post(path, **kwargs).status_code == 404
        assert app.test_client().post(path, **kwargs).status_code in (302, 401)
    assert board_of(session, workshop)["outcomes"] == []
    # A projector only watches: it cannot send an operation.
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    answer = projector.emit("operation", {"id": "projector-0001", "kind": "vote", "card_id": 1}, callback=True)
    assert answer["error"] == "not_allowed"
