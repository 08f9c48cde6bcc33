"""The live workshop's domain functions, without Socket.IO."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop.errors import DomainError
from workshop.extensions import db
from workshop.live import operations
from workshop.live.messages import checked_operation
from workshop.live.operations import AlreadyApplied, apply_operation
from workshop.live.participants import join_workshop, participant_for_token, remove_participant
from workshop.live.results import board_counts, card_support_counts
from workshop.live.snapshots import skipped_counts, tagged_counts
from workshop.live.workshops import (
    JOIN_CODE_ALPHABET,
    create_workshop,
    open_board,
    set_stage,
    workshop_by_code,
)
from workshop.models import AppliedOperation, BoardNote, Comment, MissingCard, Tag


@pytest.fixture
def workshop(session, seeded, facilitator):
    workshop = create_workshop(
        session, facilitator, title="Refreshing our charter", area="Kent", charter_slugs=["warwickshire"]
    )
    session.commit()
    return workshop


@pytest.fixture
def reviewing(session, workshop):
    set_stage(workshop, "review")
    session.commit()
    return workshop


def first_statements(workshop, count=3):
    return workshop.boards[0].charter.current_statements[:count]


def operation(number, kind, **fields):
    return {"id": f"operation-{number:04d}", "kind": kind, **fields}


def test_a_workshop_gets_a_code_without_look_alikes(session, workshop):
    assert len(workshop.code) == 6
    assert set(workshop.code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)
    assert workshop_by_code(session, workshop.code.lower()) is workshop
    assert workshop.results_revealed is False
    assert [board.charter.slug for board in workshop.boards] == ["warwickshire"]


def test_a_workshop_needs_a_title_and_known_charters(session, seeded, facilitator):
    with pytest.raises(DomainError, match="title"):
        create_workshop(session, facilitator, title="  ", charter_slugs=["warwickshire"])
    with pytest.raises(DomainError, match="at least one"):
        create_workshop(session, facilitator, title="Ours", charter_slugs=[])
    with pytest.raises(DomainError, match="no-such-charter"):
        create_workshop(session, facilitator, title="Ours", charter_slugs=["no-such-charter"])


def test_joining_gives_a_token_that_finds_the_same_person(session, workshop):
    participant, token = join_workshop(session, workshop, display_name="Sam\x00", group="parent_carer")
    session.commit()
    assert participant.display_name == "Sam"
    assert participant.number == 1
    assert token not in participant.token_hash
    assert participant_for_token(session, workshop.id, token) is participant
    assert participant_for_token(session, workshop.id + 1, token) is None
    second, _ = join_workshop(session, workshop)
    assert second.number == 2


def test_a_group_must_be_one_of_the_list(session, workshop):
    with pytest.raises(DomainError, match="groups listed"):
        join_workshop(session, workshop, group="wizard")


def test_a_tag_is_one_per_person_per_statement_and_changeable(session, reviewing):
    participant, _ = join_workshop(session, reviewing, group="young_person")
    board = reviewing.boards[0]
    statement = first_statements(reviewing, 1)[0]
    apply_operation(
        session, participant.id, operation(1, "tag", board_id=board.id, statement_id=statement.id, value="borrow")
    )
    apply_operation(
        session, participant.id, operation(2, "tag", board_id=board.id, statement_id=statement.id, value="adapt")
    )
    counts = board_counts(session, board.id)
    assert counts[statement.id]["total"] == {"borrow": 0, "adapt": 1, "ignore": 0}
    assert counts[statement.id]["by_group"] == {"young_person": {"borrow": 0, "adapt": 1, "ignore": 0}}


def test_a_resent_operation_is_applied_once(session, reviewing):
    participant, _ = join_workshop(session, reviewing)
    board = reviewing.boards[0]
    statement = first_statements(reviewing, 1)[0]
    comment = operation(7, "comment", board_id=board.id, statement_id=statement.id, text="Say who 'everyone' is")
    first = apply_operation(session, participant.id, comment)
    again = apply_operation(session, participant.id, comment)
    assert again.duplicate and not first.duplicate
    assert again.result == first.result
    assert session.query(AppliedOperation).count() == 1
    assert len(session.query(Tag).all()) == 0


def test_two_copies_arriving_at_once_are_stored_once(app, session, reviewing, monkeypatch):
    """Two copies of one operation, each in its own transaction, the second read before the first is committed."""
    participant, _ = join_workshop(session, reviewing)
    session.commit()
    board = reviewing.boards[0]
    statement = first_statements(reviewing, 1)[0]
    comment = operation(8, "comment", board_id=board.id, statement_id=statement.id, text="Who is 'everyone'?")
    first_copy, second_copy = Session(db.engine), Session(db.engine)
    first = apply_operation(first_copy, participant.id, comment)
    read_actor = operations._actor

    def commit_the_first_copy(*arguments):
        # Once the second copy has checked for an earlier one, and before it writes.
        actor = read_actor(*arguments)
        first_copy.commit()
        return actor

    monkeypatch.setattr(operations, "_actor", commit_the_first_copy)
    with pytest.raises(AlreadyApplied) as raced:
        apply_operation(second_copy, participant.id, comment)
    # As the adapters do: this copy is rolled back, and answered with the first one's result.
    second_copy.rollback()
    assert raced.value.applied.duplicate and raced.value.applied.result == first.result
    assert session.scalar(select(func.count(Comment.id))) == 1
    assert session.scalar(select(func.count(AppliedOperation.id))) == 1
    first_copy.close()
    second_copy.close()


def test_tagging_needs_an_open_board_and_no_lock(session, workshop):
    participant, _ = join_workshop(session, workshop)
    session.commit()
    board = workshop.boards[0]
    statement = first_statements(workshop, 1)[0]
    tag = operation(1, "tag", board_id=board.id, statement_id=statement.id, value="borrow")
    with pytest.raises(DomainError, match="not open"):
        apply_operation(session, participant.id, tag)
    set_stage(workshop, "review")
    workshop.tagging_locked = True
    session.commit()
    with pytest.raises(DomainError, match="paused"):
        apply_operation(session, participant.id, tag)


def test_statements_of_another_charter_are_refused(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Two", charter_slugs=["warwickshire", "stockport"])
    set_stage(workshop, "review")
    open_board(workshop, None)
    session.commit()
    participant, _ = join_workshop(session, workshop)
    warwickshire, stockport = workshop.boards
    foreign = stockport.charter.current_statements[0]
    with pytest.raises(DomainError, match="not on this charter"):
        apply_operation(
            session,
            participant.id,
            operation(1, "tag", board_id=warwickshire.id, statement_id=foreign.id, value="borrow"),
        )


def test_cards_are_supported_once_and_withdrawable(session, reviewing):
    author, _ = join_workshop(session, reviewing)
    supporter, _ = join_workshop(session, reviewing)
    card = apply_operation(session, author.id, operation(1, "add_card", text="A one-page 'cut out and keep' version"))
    card_id = card.result["card_id"]
    apply_operation(session, supporter.id, operation(2, "support", card_id=card_id))
    apply_operation(session, supporter.id, operation(3, "support", card_id=card_id))
    assert card_support_counts(session, reviewing.id) == {card_id: 1}
    apply_operation(session, supporter.id, operation(4, "support", card_id=card_id, supported=False))
    assert card_support_counts(session, reviewing.id) == {}


def test_people_can_only_remove_their_own_words(session, reviewing):
    author, _ = join_workshop(session, reviewing)
    other, _ = join_workshop(session, reviewing)
    card = apply_operation(session, author.id, operation(1, "add_card", text="Motivation for parent carers"))
    with pytest.raises(DomainError, match="only remove"):
        apply_operation(session, other.id, operation(2, "remove_card", card_id=card.result["card_id"]))
    apply_operation(session, author.id, operation(3, "remove_card", card_id=card.result["card_id"]))
    assert card_support_counts(session, reviewing.id) == {}


def test_a_removed_participant_stops_counting(session, reviewing):
    participant, _ = join_workshop(session, reviewing)
    board = reviewing.boards[0]
    statement = first_statements(reviewing, 1)[0]
    apply_operation(
        session, participant.id, operation(1, "tag", board_id=board.id, statement_id=statement.id, value="ignore")
    )
    remove_participant(session, reviewing, participant.id)
    session.commit()
    assert board_counts(session, board.id) == {}
    with pytest.raises(DomainError, match="removed"):
        apply_operation(session, participant.id, operation(2, "add_card", text="More"))


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ({"kind": "tag"}, "the action has no 'id'"),
        ({"id": "short", "kind": "tag"}, "'id' in the action must be 8 characters or more"),
        ({"id": "operation-0001", "kind": "delete_everything"}, "'kind' in the action must be one of: tag, "),
        ({"id": "operation-0001", "kind": ["tag"]}, "'kind' in the action must be one of: tag, "),
        ({"id": "operation-0001", "kind": "tag", "board_id": "1"}, "'board_id' in the action must be a whole number"),
        ({"id": "operation-0001", "kind": "tag", "board_id": 2**31}, "'board_id' in the action must be 2,147,483,647"),
        ({"id": "operation-0001", "kind": "support", "card_id": 0}, "'card_id' in the action must be 1 or more"),
        ({"id": "operation-0001", "kind": "support", "supported": "no"}, "'supported' in the action must be true"),
        ({"id": "operation-0001", "kind": "add_card", "text": {"a": 1}}, "'text' in the action must be text"),
        ({"id": "operation-0001", "kind": "note", "column": 7}, "'column' in the action must be text"),
        ("operation-0001", "Send each action as an object"),
        (None, "Send each action as an object"),
    ],
)
def test_malformed_operations_are_refused_before_the_domain_sees_them(bad, problem):
    with pytest.raises(DomainError) as refused:
        checked_operation(bad)
    assert refused.value.code == "invalid_operation"
    assert problem in refused.value.message


def test_an_operation_checked_is_what_the_domain_reads():
    sent = {"id": "operation-0001", "kind": "tag", "board_id": 3, "statement_id": 4, "value": "adapt", "extra": [[]]}
    assert checked_operation(sent) == {
        "id": "operation-0001",
        "kind": "tag",
        "board_id": 3,
        "statement_id": 4,
        "card_id": None,
        "comment_id": None,
        "note_id": None,
        "outcome_id": None,
        "value": "adapt",
        "column": None,
        "text": None,
        "supported": True,
    }


def test_text_that_cleans_to_nothing_is_refused(session, reviewing):
    participant, _ = join_workshop(session, reviewing)
    with pytest.raises(DomainError, match="Write something first"):
        apply_operation(session, participant.id, operation(1, "add_card", text="\x00\x01 \u200b\u202e"))


def test_not_sure_is_a_choice_of_its_own_counted_apart_from_the_tags(session, reviewing):
    unsure, _ = join_workshop(session, reviewing, group="young_person")
    sure, _ = join_workshop(session, reviewing, group="parent_carer")
    board = reviewing.boards[0]
    first, second = first_statements(reviewing, 2)
    on = dict(board_id=board.id, statement_id=first.id)
    skipped = apply_operation(session, unsure.id, operation(1, "tag", value="skip", **on))
    assert skipped.result == {"statement_id": first.id, "value": "skip"}
    apply_operation(session, sure.id, operation(2, "tag", value="borrow", **on))
    apply_operation(session, unsure.id, operation(3, "tag", value="skip", board_id=board.id, statement_id=second.id))
    counts = board_counts(session, board.id)
    assert counts[first.id] == {
        "total": {"borrow": 1, "adapt": 0, "ignore": 0},
        "by_group": {"parent_carer": {"borrow": 1, "adapt": 0, "ignore": 0}},
        "skipped": 1,
    }
    assert counts[second.id] == {"total": {"borrow": 0, "adapt": 0, "ignore": 0}, "by_group": {}, "skipped": 1}
    assert tagged_counts(counts) == {first.id: 1, second.id: 0}
    assert skipped_counts(counts) == {first.id: 1, second.id: 1}

    # Making up one's mind later replaces the skip, as any new tag replaces the old.
    apply_operation(session, unsure.id, operation(4, "tag", value="adapt", **on))
    counts = board_counts(session, board.id)
    assert counts[first.id]["total"] == {"borrow": 1, "adapt": 1, "ignore": 0}
    assert counts[first.id]["skipped"] == 0
    assert session.query(Tag).filter_by(participant_id=unsure.id).count() == 2


# What each kind of operation gets at each point of a workshop. The words removed were
# written while their board was open; removing them follows the rules of adding them.
STATEMENT_KINDS = ("tag", "skip", "reword", "comment", "note", "remove_comment", "remove_note")
CARD_KINDS = ("add_card", "support", "remove_card")
EVERY_STAGE = {
    "lobby": dict.fromkeys(STATEMENT_KINDS, "board_closed") | dict.fromkeys(CARD_KINDS, "wrong_stage"),
    "review": dict.fromkeys(STATEMENT_KINDS + CARD_KINDS, "ok"),
    "review, paused": dict.fromkeys(STATEMENT_KINDS, "locked") | dict.fromkeys(CARD_KINDS, "ok"),
    "review, another charter open": dict.fromkeys(STATEMENT_KINDS, "board_closed") | dict.fromkeys(CARD_KINDS, "ok"),
    "missing": dict.fromkeys(STATEMENT_KINDS, "board_closed") | dict.fromkeys(CARD_KINDS, "ok"),
    "merge": dict.fromkeys(STATEMENT_KINDS, "board_closed") | dict.fromkeys(CARD_KINDS, "wrong_stage"),
    "closed": dict.fromkeys(STATEMENT_KINDS, "board_closed") | dict.fromkeys(CARD_KINDS, "wrong_stage"),
}


@pytest.mark.parametrize("point", EVERY_STAGE)
def test_every_kind_of_operation_at_every_stage(session, seeded, facilitator, point):
    workshop = create_workshop(session, facilitator, title="Stages", charter_slugs=["warwickshire", "stockport"])
    set_stage(workshop, "review")
    session.commit()
    person, _ = join_workshop(session, workshop)
    other, _ = join_workshop(session, workshop)
    board, other_board = workshop.boards
    statement = board.charter.current_statements[0]
    on = dict(board_id=board.id, statement_id=statement.id)

    def result(number, who, kind, **fields):
        return apply_operation(session, who.id, operation(number, kind, **fields)).result

    comment_id = result(1, person, "comment", text="Who is 'we'?", **on)["comment_id"]
    note_id = result(2, person, "note", board_id=board.id, column="missing", text="Add an age range")["note_id"]
    card_id = result(3, person, "add_card", text="Short breaks")["card_id"]
    others_card_id = result(4, other, "add_card", text="Transport to meetings")["card_id"]

    stage = point.split(",")[0]
    set_stage(workshop, stage)
    workshop.tagging_locked = point.endswith("paused")
    if point.endswith("another charter open"):
        open_board(workshop, other_board.id)
    session.commit()

    attempts = {
        "tag": dict(kind="tag", value="borrow", **on),
        "skip": dict(kind="tag", value="skip", **on),
        "reword": dict(kind="reword", text="We will listen first", **on),
        "comment": dict(kind="comment", text="Plainer, please", **on),
        "note": dict(kind="note", board_id=board.id, column="adapt", text="Very plain visually"),
        "remove_comment": dict(kind="remove_comment", comment_id=comment_id),
        "remove_note": dict(kind="remove_note", note_id=note_id),
        "add_card": dict(kind="add_card", text="A young people's version"),
        "support": dict(kind="support", card_id=others_card_id),
        "remove_card": dict(kind="remove_card", card_id=card_id),
    }
    outcomes = {}
    for number, (name, fields) in enumerate(attempts.items(), start=10):
        try:
            apply_operation(session, person.id, operation(number, **fields))
        except DomainError as refused:
            session.rollback()
            outcomes[name] = refused.code
        else:
            session.commit()
            outcomes[name] = "ok"
    assert outcomes == EVERY_STAGE[point]
    # Whatever was refused is still there: what the export reports does not change afterwards.
    removed = {name for name in ("remove_comment", "remove_note", "remove_card") if outcomes[name] == "ok"}
    assert (session.get(Comment, comment_id) is None) == ("remove_comment" in removed)
    assert (session.get(BoardNote, note_id) is None) == ("remove_note" in removed)
    assert (session.get(MissingCard, card_id) is None) == ("remove_card" in removed)
