"""Fixtures in the Flask tutorial's style: app, client, runner.

Every test that uses `app` runs twice: on SQLite, and on the PostgreSQL
server at TEST_POSTGRES_URL (default: the one on 127.0.0.1). Where that
server is not reachable the PostgreSQL run is skipped, with a line saying so,
except in CI (CI=true), where a missing PostgreSQL is a failure.
"""

import copy
import os
import secrets
import shutil
from dataclasses import dataclass

import pytest
import redis
import requests
import sqlalchemy as sa
from servers import new_facilitator
from sqlalchemy.orm import Session

from workshop import create_app, jobs
from workshop.database import make_engine, upgrade
from workshop.export.archive import export_workshop, import_workshop
from workshop.extensions import db
from workshop.models import Base, Facilitator, Workshop

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() == "true"
# A Redis channel and rate-limit key prefix of this test process's own, for the apps the tests make and
# the servers they start (which inherit it): runs side by side, and pytest-xdist's workers (`make test`
# runs two), never hear each other's events nor count each other's guesses, whatever REDIS_URL says.
os.environ["SOCKETIO_CHANNEL"] = f"charter-workshop-test-{os.getpid()}-{secrets.token_hex(4)}"


def _postgres_reachable() -> str | None:
    """None if PostgreSQL answers, otherwise why not."""
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0]
    return None


_POSTGRES_PROBLEM = _postgres_reachable()


# The tests that load the machine on purpose (benchmarks' small runs, a server killed under load, hostile
# files read while a room goes on) and time the answers: with pytest-xdist they run one after another on
# one worker (`--dist loadgroup`), never two of them at once.
UNDER_LOAD = (
    "test_bench_pages_and_export.py",
    "test_bench_smoke.py",
    "test_crash_under_load.py",
    "test_hostile_export.py",
    "test_hostile_files.py",
    "test_several_processes.py",
)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in UNDER_LOAD:
            item.add_marker(pytest.mark.xdist_group("under_load"))


def pytest_report_header(config):
    if _POSTGRES_PROBLEM is None:
        return f"PostgreSQL: {POSTGRES_URL} is reachable; the suite runs on SQLite and PostgreSQL"
    return f"PostgreSQL: not reachable at {POSTGRES_URL} ({_POSTGRES_PROBLEM}); the PostgreSQL run is skipped"


@pytest.fixture(scope="session", autouse=True)
def jobs_worker_process():
    """The worker process for imports and downloads (workshop/jobs.py) started as the run starts, as
    `python -m workshop` starts it: the first test that makes a download in the test process finds it
    ready, rather than waiting for its seconds of imports, niced, a minute on a busy machine."""
    jobs.start()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """An SQLite file migrated once, copied for each test (much faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "workshop.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database():
    """A database of its own for this test run, so that runs side by side do not meet."""
    if _POSTGRES_PROBLEM is not None:
        message = f"PostgreSQL is not reachable at {POSTGRES_URL} ({_POSTGRES_PROBLEM})"
        if IN_CI:
            pytest.fail(f"{message}; CI needs it.")
        pytest.skip(f"{message}: the PostgreSQL run is skipped")
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"workshop_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_engine(POSTGRES_URL).url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _empty_postgres(url: str) -> None:
    """Every table emptied and every id starting again at 1, as in a fresh copy of the SQLite template.

    DELETE rather than TRUNCATE: TRUNCATE makes each table a new file, over a second for the lot
    on a busy machine, and the suite does this for every test on PostgreSQL; DELETE of the few
    rows a test leaves takes milliseconds. The foreign keys' checks are off while everything goes,
    cycles too (a workshop's current board)."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in reversed(Base.metadata.sorted_tables):
            connection.exec_driver_sql(f'DELETE FROM "{table.name}"')
        connection.exec_driver_sql("SELECT setval(oid::regclass, 1, false) FROM pg_class WHERE relkind = 'S'")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        path = tmp_path / "workshop.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_database")
    _empty_postgres(url)
    return url


@pytest.fixture
def redis_url():
    """The Redis at TEST_REDIS_URL (default: the one on 127.0.0.1); skipped where unreachable, except in CI."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL} ({error})"
        if IN_CI:
            pytest.fail(f"{message}; CI needs it.")
        pytest.skip(f"{message}: the tests that need it are skipped")
    return REDIS_URL


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "MIGRATE_ON_START": False,
            "SEED_ON_START": False,
            "WTF_CSRF_ENABLED": False,
            "LIVE_UPDATES": False,
        }
    )
    yield app
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A database session of the test's own, outside any app context.

    Keeping an app context open for the whole test would make every `client`
    request share it, and with it Flask-Login's current user.
    """
    with Session(db.engine) as session:
        yield session


@pytest.fixture
def seeded(app, session):
    """The example charters from seed_charters/ loaded into the library."""
    from workshop.charters.seeding import seed_library

    report = seed_library(session, app.config["SEED_CHARTERS_DIR"])
    session.commit()
    assert not report.errors, report.errors
    return report


@pytest.fixture
def facilitator(session):
    """A facilitator account, not signed in anywhere."""
    facilitator = Facilitator(email="lead@example.org", password_hash="unused")
    session.add(facilitator)
    session.commit()
    return facilitator


@pytest.fixture(scope="session")
def api_session():
    """api_session(database_url): a requests session with the API token of a new facilitator (lead@example.org)
    made in that database, for the app served on it (tests/servers.py)."""

    def signed_in(database_url: str, email: str = "lead@example.org") -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {new_facilitator(database_url, email)}"
        return session

    return signed_in


@dataclass
class Restored:
    """A workshop restored from its JSON export into a database of its own, and what it exports in turn."""

    session: Session
    owner: Facilitator
    workshop: Workshop
    export: dict


@pytest.fixture
def restore_elsewhere(tmp_path, sqlite_template):
    """Restore a JSON export into a fresh, migrated database, for a new facilitator; its session stays open
    until the test ends, for the test to look into."""
    path = tmp_path / "restored.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    sessions = []

    def restore(export: dict) -> Restored:
        fresh = Session(engine)
        sessions.append(fresh)
        owner = Facilitator(email="new@example.org", password_hash="unused")
        fresh.add(owner)
        fresh.flush()
        workshop = import_workshop(fresh, copy.deepcopy(export), owner)
        fresh.commit()
        return Restored(fresh, owner, workshop, export_workshop(fresh, workshop))

    yield restore
    for fresh in sessions:
        fresh.close()
    engine.dispose()
