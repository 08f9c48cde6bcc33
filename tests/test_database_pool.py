"""The PostgreSQL pool checks a connection only after it has lain idle (workshop/database.py), on the real server.

A connection that dies in the pool (the server restarted, an administrator
ended it) is replaced before anyone uses it, without the caller seeing an
error; one in use a moment ago is not checked on every checkout, which would
cost a round trip on every tap.
"""

import time

import pytest
from sqlalchemy import exc, text

from workshop.database import PING_AFTER_IDLE_SECONDS, make_engine

# Short, for the tests: how long a connection must lie idle before it is checked.
IDLE = 0.5
# What the psycopg dialect sends to check a connection: an empty statement.
PING = ";"


@pytest.fixture
def admin(postgres_database):
    engine = make_engine(postgres_database)
    yield engine
    engine.dispose()


def last_statement(admin, pid: int) -> str | None:
    """What the server last ran for that backend (pg_stat_activity, seen afresh), or None if it has ended."""
    with admin.connect() as connection:
        return connection.scalar(text("SELECT query FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid})


def end_on_the_server(admin, pid: int) -> None:
    with admin.connect() as connection:
        assert connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    deadline = time.monotonic() + 10
    with admin.connect() as connection:
        while connection.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}):
            assert time.monotonic() < deadline, f"backend {pid} was not ended"
            connection.rollback()  # a fresh look at pg_stat_activity
            time.sleep(0.05)


def backend(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def test_a_connection_ended_on_the_server_while_idle_is_replaced_without_the_caller_seeing_an_error(
    postgres_database, admin
):
    engine = make_engine(postgres_database, ping_after_idle=IDLE)
    ended = backend(engine)
    end_on_the_server(admin, ended)
    time.sleep(IDLE)  # the connection lies idle in the pool past the threshold
    # Used one at a time, the pool holds one connection, and each checkout gets it.
    replaced = backend(engine)
    assert replaced != ended
    assert last_statement(admin, replaced) is not None
    # And one new connection replaced it, kept in the pool.
    assert engine.pool.checkedin() == 1
    engine.dispose()


def test_without_the_check_the_caller_would_have_seen_the_connection_gone(postgres_database, admin):
    # The same, with a threshold the connection never reaches: what the check saves the caller from.
    engine = make_engine(postgres_database, ping_after_idle=3600)
    end_on_the_server(admin, backend(engine))
    with pytest.raises(exc.OperationalError) as gone:
        backend(engine)
    assert gone.value.connection_invalidated
    engine.dispose()


def test_a_connection_in_use_a_moment_ago_is_not_checked_on_each_checkout_but_one_idle_is(postgres_database, admin):
    assert PING_AFTER_IDLE_SECONDS >= 5
    engine = make_engine(postgres_database)  # the installation's own threshold
    pid = backend(engine)
    before = last_statement(admin, pid)
    assert before not in (None, PING)
    for _ in range(5):
        with engine.connect() as connection:
            assert last_statement(admin, pid) == before  # nothing was sent for the checkout
        assert backend(engine) == pid
        before = last_statement(admin, pid)
    engine.dispose()

    engine = make_engine(postgres_database, ping_after_idle=IDLE)
    pid = backend(engine)
    time.sleep(IDLE)  # idle in the pool past the threshold
    with engine.connect() as connection:
        assert last_statement(admin, pid) == PING  # checked as it left the pool, and kept: it was alive
        assert connection.scalar(text("SELECT pg_backend_pid()")) == pid
    engine.dispose()
