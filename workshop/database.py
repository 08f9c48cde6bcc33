"""The database connection, its sessions and its migrations."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# Any fixed number will do: it only has to be the same for every process.
MIGRATION_LOCK_ID = 74_201_311
# A PostgreSQL connection back from the pool is checked first only when it has lain idle this long.
PING_AFTER_IDLE_SECONDS = 10.0


def normalise_url(url: str) -> str:
    """Let DATABASE_URL say plain postgresql:// and still use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, ping_after_idle: float = PING_AFTER_IDLE_SECONDS) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # One process runs one greenlet at a time: 20 connections cover its waits on the
    # database, and three processes stay well inside PostgreSQL's default of 100.
    engine = create_engine(url, pool_size=10, max_overflow=10)
    _ping_after_idle(engine, ping_after_idle)
    return engine


def _ping_after_idle(engine: Engine, seconds: float) -> None:
    """Check a connection as it leaves the pool only when it has been idle `seconds` or more.

    A connection can die while it waits in the pool (the server restarted, a
    proxy or firewall dropped it, an administrator ended it). `pool_pre_ping`
    would check each one on every checkout, a round trip on every tap; a
    connection in use a moment ago is alive, so only one idle for a while is
    checked. One found dead is the pool's to replace: the checkout event
    raises `DisconnectionError`, and the pool connects afresh and tries again
    (SQLAlchemy's pessimistic disconnect handling, with pool events), so the
    caller never sees it. A connection's `info` is emptied when it is replaced,
    so a new one is never checked.
    """

    @event.listens_for(engine, "checkin")
    def idle_from(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def check_if_idle_long(dbapi_connection, record, _proxy):
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError(f"a pooled connection had gone: {error}") from error


def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers carry on while a tag is written; the busy timeout makes
    # a second writer wait its turn instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class PreparedStatement:
    """A Core statement compiled once for each database and run straight on the driver's cursor.

    For what a tap runs, several times a second for each person in the room:
    SQLAlchemy's execution of a statement made once and run with new values
    costs more than the query itself (docs/performance.md). The values still go
    through their columns' types as SQLAlchemy would send them, a column left
    out of an insert gets its Python default, and the row read back goes
    through its columns' types, so what is stored and read is the same.
    """

    def __init__(self, statement):
        self.statement = statement
        self._compiled: dict[tuple, _Compiled] = {}

    def first(self, on: "Session | DriverTransaction", values: dict) -> tuple | None:
        """Run in the session's or driver transaction's transaction; the first row, if the statement returns rows."""
        if isinstance(on, DriverTransaction):
            dialect, driver_connection = on.dialect, on.driver_connection
        else:
            connection = on.connection()
            dialect, driver_connection = connection.dialect, connection.connection.driver_connection
        key = (dialect.name, *values)
        compiled = self._compiled.get(key) or self._compile(key, dialect, values)
        sent = {}
        for bind in compiled.binds:
            value = values[bind.key] if bind.key in values else bind.default()
            sent[bind.name] = bind.process(value) if bind.process else value
        cursor = driver_connection.cursor()
        try:
            cursor.execute(compiled.sql, list(sent.values()) if compiled.positional else sent)
            row = cursor.fetchone() if compiled.readers is not None else None
        finally:
            cursor.close()
        if row is None:
            return None
        return tuple(read(value) if read else value for read, value in zip(compiled.readers, row, strict=True))

    def _compile(self, key: tuple, dialect, values: dict) -> "_Compiled":
        compiled = self.statement.compile(dialect=dialect, column_keys=list(values))
        if compiled.update_prefetch:
            raise ValueError("an UPDATE's Python-side defaults are not filled in: give every value")
        defaults = {column.key: column.default for column in compiled.insert_prefetch}
        binds = []
        for name in compiled.positiontup if compiled.positional else compiled.binds:
            bind = compiled.binds[name]
            default = defaults.get(bind.key)
            binds.append(
                _Bind(
                    name,
                    bind.key,
                    bind.type.dialect_impl(dialect).bind_processor(dialect),
                    _default_maker(default) if default is not None else _missing(bind.key),
                )
            )
        columns = self.statement.exported_columns
        readers = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns]
        found = self._compiled[key] = _Compiled(compiled.string, compiled.positional, binds, readers or None)
        return found


class DriverTransaction:
    """One transaction straight on a pooled connection, for statements run with PreparedStatement.

    What a tap needs and no more: an ORM Session's own bookkeeping for one
    short transaction cost as much as the tap's three statements. As a context
    manager it gives the connection back to the pool at the end, which rolls
    back whatever was not committed.
    """

    def __init__(self, engine: Engine):
        self._engine = engine
        self.dialect = engine.dialect
        self._pooled = engine.raw_connection()
        self.driver_connection = self._pooled.driver_connection

    def get_bind(self) -> Engine:
        return self._engine

    def commit(self) -> None:
        self._pooled.commit()

    def close(self) -> None:
        self._pooled.close()

    def __enter__(self) -> "DriverTransaction":
        return self

    def __exit__(self, *_exception) -> None:
        self.close()


@dataclass(frozen=True)
class _Bind:
    name: str
    key: str
    process: Callable | None
    default: Callable[[], object]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positional: bool
    binds: list[_Bind]
    readers: list | None


def _default_maker(default) -> Callable[[], object]:
    if default.is_callable:
        return lambda: default.arg(None)
    return lambda: default.arg


def _missing(key: str) -> Callable[[], object]:
    def missing():
        raise KeyError(f"no value given for {key!r}")

    return missing


class Database:
    """One engine and one thread-local session factory per app."""

    def __init__(self):
        self.engine: Engine | None = None
        self.session = scoped_session(sessionmaker(expire_on_commit=False))

    def init_app(self, app):
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.session.configure(bind=self.engine)

        @app.teardown_appcontext
        def remove_session(_exc):
            self.session.remove()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema up to date; several processes starting at once take turns."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def session_for(url: str) -> Iterator[Session]:
    """A session on an engine of its own, for a process that is not the server (a job's worker)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
