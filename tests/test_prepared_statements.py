"""Statements run straight on the driver's cursor (workshop/database.py's PreparedStatement) store and read
what SQLAlchemy's own execution would, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from workshop.database import DriverTransaction, PreparedStatement
from workshop.extensions import db
from workshop.live.participants import join_workshop
from workshop.live.workshops import create_workshop
from workshop.models import AppliedOperation, Comment, as_utc

applied_table, comment_table = AppliedOperation.__table__, Comment.__table__
RECORD = PreparedStatement(applied_table.insert().returning(applied_table.c.id, applied_table.c.created_at))
READ = PreparedStatement(
    select(applied_table.c.result, applied_table.c.created_at, applied_table.c.operation_id).where(
        applied_table.c.id == bindparam("id")
    )
)


@pytest.fixture
def participant(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Refreshing our charter", charter_slugs=["warwickshire"])
    participant, _ = join_workshop(session, workshop)
    session.commit()
    return participant


def test_values_go_through_their_columns_types_and_the_row_comes_back_through_them(session, participant):
    moment = datetime(2026, 11, 30, 9, 30, 15, 250, tzinfo=UTC)
    result = {"statement_id": 7, "value": "adapt", "text": "Für alle – “everyone”"}
    with Session(db.engine) as writing:
        stored_id, stored_at = RECORD.first(
            writing,
            dict(participant_id=participant.id, operation_id="operation-0001", result=result, created_at=moment),
        )
        writing.commit()
    assert as_utc(stored_at) == moment
    # Read back by SQLAlchemy's own execution, and by the prepared statement: the same values.
    stored = session.get(AppliedOperation, stored_id)
    assert (stored.result, stored.operation_id) == (result, "operation-0001")
    assert as_utc(stored.created_at) == moment
    with Session(db.engine) as reading:
        read_result, read_at, operation_id = READ.first(reading, {"id": stored_id})
    assert (read_result, operation_id) == (result, "operation-0001")
    assert as_utc(read_at) == moment


def test_a_column_left_out_of_an_insert_gets_its_python_default(session, participant):
    board = participant.workshop.boards[0]
    statement = board.charter.current_statements[0]
    insert = PreparedStatement(comment_table.insert().returning(comment_table.c.id))
    before = datetime.now(UTC)
    with Session(db.engine) as writing:
        (comment_id,) = insert.first(
            writing,
            {"board_id": board.id, "statement_id": statement.id, "participant_id": participant.id, "text": "Who?"},
        )
        writing.commit()
    comment = session.get(Comment, comment_id)
    assert comment.text == "Who?" and comment.hidden is False
    assert as_utc(comment.created_at) >= before
    assert as_utc(comment.updated_at) >= before


def test_a_value_the_statement_names_must_be_given(session, participant):
    with Session(db.engine) as reading, pytest.raises(KeyError, match="'id'"):
        READ.first(reading, {})


def test_a_statement_that_finds_nothing_returns_none(session, participant):
    with Session(db.engine) as reading:
        assert READ.first(reading, {"id": 10**9}) is None


def test_a_driver_transaction_keeps_what_it_committed_and_drops_what_it_did_not(session, participant):
    def record(operation_id: str, commit: bool) -> int:
        with DriverTransaction(db.engine) as transaction:
            (stored_id, _at) = RECORD.first(
                transaction,
                dict(participant_id=participant.id, operation_id=operation_id, result={}, created_at=datetime.now(UTC)),
            )
            if commit:
                transaction.commit()
        return stored_id

    kept, dropped = record("operation-0001", commit=True), record("operation-0002", commit=False)
    assert session.get(AppliedOperation, kept).operation_id == "operation-0001"
    assert session.get(AppliedOperation, dropped) is None
