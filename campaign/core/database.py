"""Engine settings each database needs (DESIGN.md §4)."""

import sqlite3

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

SQLITE_BUSY_TIMEOUT_MS = 30_000
MAX_RECORD_ID = 2**31 - 1  # PostgreSQL's integer; a larger id in a URL is no record: 404


class RecordIdConverter(IntegerConverter):
    """``<int:…>`` in every route: ids beyond what the database can hold answer 404, not 500."""

    def __init__(self, url_map, **kwargs):
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(url_map, **kwargs)


def record_id(value: str) -> int:
    """A record id from a query string (``type=record_id``); out of range counts as absent."""
    number = int(value)
    if not 0 < number <= MAX_RECORD_ID:
        raise ValueError(value)
    return number


def record_id_or_none(value: str | None) -> int | None:
    """:func:`record_id` for text from a form or a search box: None when it is no id."""
    try:
        return record_id(value or "")
    except ValueError:
        return None


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


def _sqlite_begin(connection) -> None:
    """Reads begin DEFERRED; anything that may write takes the write lock up front.

    A deferred transaction that reads and then writes cannot wait for a busy lock (SQLite
    answers "database is locked" at once), so every request that can change data — any
    method but GET, HEAD and OPTIONS, and the GET views marked :func:`writes_on_read` — and
    every command-line run begins IMMEDIATE and queues behind the busy timeout instead.
    """
    reading_only = (
        has_request_context()
        and request.method in SAFE_METHODS
        and not getattr(current_app.view_functions.get(request.endpoint), "writes_on_read", False)
    )
    connection.exec_driver_sql("BEGIN" if reading_only else "BEGIN IMMEDIATE")


def keep_even_if_request_fails(instance) -> None:
    """Add ``instance`` to the request's transaction, and keep it when the rest is rolled back."""
    from campaign.extensions import db

    db.session.add(instance)
    if has_request_context():
        g.setdefault("kept_on_failure", []).append(instance)


def init_app(app) -> None:
    """One transaction per request: committed when the response succeeds, else rolled back
    (keeping only what was marked with :func:`keep_even_if_request_fails`)."""
    from campaign.extensions import db

    @app.after_request
    def commit_or_roll_back(response):
        if response.status_code < 400:
            db.session.commit()
            return response
        db.session.rollback()
        kept = g.pop("kept_on_failure", [])
        if kept:
            db.session.add_all(kept)
            db.session.commit()
        return response
