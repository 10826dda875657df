"""Engine settings each database needs (docs/architecture.md, "Two databases"): SQLite's pragmas,
write transactions that begin IMMEDIATE, and bounded waits: no request waits for a lock or a
statement longer than the settings say (``config.DEFAULT_LOCK_TIMEOUT_SECONDS``)."""

import sqlite3

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(engine: Engine, config) -> None:
    lock_ms = round(config["CAMPAIGN_DB_LOCK_TIMEOUT_SECONDS"] * 1000)
    statement_ms = round(config["CAMPAIGN_DB_STATEMENT_TIMEOUT_SECONDS"] * 1000)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda connection, _record: _sqlite_connect(
            connection, lock_ms))  # fmt: skip
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "begin", lambda connection: _postgresql_begin(
            connection, lock_ms, statement_ms))  # fmt: skip


def _postgresql_begin(connection, lock_ms: int, statement_ms: int) -> None:
    """A request's transaction waits at most ``lock_ms`` for a lock and runs no statement
    longer than ``statement_ms`` (``set_config(…, true)`` is ``SET LOCAL``: for this
    transaction only; one statement for both). Commands and
    migrations are not bounded: building an index on a nation's table takes longer."""
    if has_request_context():
        connection.exec_driver_sql(
            f"SELECT set_config('lock_timeout', '{lock_ms}', true), "
            f"set_config('statement_timeout', '{statement_ms}', true)"
        )


def _sqlite_connect(dbapi_connection: sqlite3.Connection, busy_ms: int) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it otherwise).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def writes_on_read(view):
    """Declare a GET view that writes too (an audit entry for a record viewed or exported)."""
    view.writes_on_read = True
    return view


def reads_only_from_now_on() -> None:
    """Declare that the rest of this request only reads: a download streamed after its audit
    entry was committed must not hold SQLite's write lock while the client reads it."""
    g.reads_only_from_now_on = True


def _sqlite_begin(connection) -> None:
    """Reads begin DEFERRED; anything that may write takes the write lock up front.

    A deferred transaction that reads and then writes cannot wait for a busy lock (SQLite
    answers "database is locked" at once), so every request that can change data — any
    method but GET, HEAD and OPTIONS, and the GET views marked :func:`writes_on_read` — and
    every command-line run begins IMMEDIATE and queues behind the busy timeout instead.
    """
    if not has_request_context():
        reading_only = False
    else:
        view = current_app.view_functions.get(request.endpoint)
        reading_only = g.get("reads_only_from_now_on", False) or (
            request.method in SAFE_METHODS and not getattr(view, "writes_on_read", False)
        )
    connection.exec_driver_sql("BEGIN" if reading_only else "BEGIN IMMEDIATE")


BULK_LOAD_ROWS = 1_000
"""From how many rows an insert is a bulk load the planner must hear of at once."""


def refresh_planner_statistics(
    session: Session, *tables: sa.Table, rows_added: int = BULK_LOAD_ROWS
) -> None:
    """ANALYZE ``tables`` on PostgreSQL, in the session's transaction, after a bulk load (of at
    least :data:`BULK_LOAD_ROWS`): until autovacuum comes round the planner plans for the tables
    as they were (empty), and nests loops of sequential scans over thousands of rows, for
    minutes. SQLite needs none."""
    if rows_added >= BULK_LOAD_ROWS and session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("ANALYZE " + ", ".join(f'"{table.name}"' for table in tables)))


BUSY_SQLSTATES = frozenset({"55P03", "57014"})
"""PostgreSQL's lock_not_available (lock_timeout) and query_canceled (statement_timeout)."""


def is_busy(error: sa.exc.DBAPIError) -> bool:
    """Whether the database refused because it was busy (a lock held too long, a statement cut
    at its timeout), rather than because something is wrong: the request can be tried again."""
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return "database is locked" in str(original)
    return getattr(original, "sqlstate", None) in BUSY_SQLSTATES
