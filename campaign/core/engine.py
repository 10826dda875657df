"""Engine settings each database needs (docs/architecture.md, "Two databases"): SQLite's pragmas,
and write transactions that begin IMMEDIATE."""

import sqlite3

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, connection_record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it otherwise).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
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
