"""Ordinary faults of a server's life, survived: a connection the database dropped costs no
request (PostgreSQL), and a lock held by another transaction makes a request answer "busy, try
again" (503 with Retry-After) within the configured wait, nothing half-written, and the same
request succeeds once the lock is released (both engines)."""

import time

import pytest
import sqlalchemy as sa

from campaign.events.models import Event
from campaign.extensions import db
from tests.conftest import make_app, sign_in
from tests.events.test_views import launch_form, post_form, setting  # noqa: F401 (the fixture)

LOCK_SECONDS = 1


def test_a_dropped_connection_costs_no_request(app, client, engine_name):
    if engine_name != "postgresql":
        pytest.skip("SQLite has no server to drop a connection")
    sign_in(app, client, "organizer")
    assert client.get("/events/").status_code == 200
    with app.app_context():
        with db.engine.connect() as connection:  # the pool's one connection, back from the page
            pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        killer = sa.create_engine(db.engine.url)
    try:
        with killer.connect() as connection:
            assert connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    finally:
        killer.dispose()
    assert client.get("/events/").status_code == 200  # the dead connection was not handed out


@pytest.fixture
def impatient(app):
    """The same database served by an app that waits at most a second for a lock."""
    application = make_app(app.config["SQLALCHEMY_DATABASE_URI"],
                           CAMPAIGN_DB_LOCK_TIMEOUT_SECONDS=LOCK_SECONDS)  # fmt: skip
    yield application
    with application.app_context():
        db.engine.dispose()


def hold_the_events_table(app):
    """Another transaction that holds what writing an event needs: SQLite's write lock, or an
    exclusive lock on PostgreSQL's ``events``. Returns its connection and engine."""
    with app.app_context():
        other = sa.create_engine(db.engine.url)
    connection = other.connect()
    if other.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
    return connection, other


def test_a_held_lock_answers_busy_in_time_and_the_request_succeeds_after(
    impatient, setting  # noqa: F811
):
    client = impatient.test_client()
    sign_in(impatient, client, "organizer")
    connection, other = hold_the_events_table(impatient)
    try:
        started = time.monotonic()
        response = post_form(client, "/events/new", launch_form(setting))
        waited = time.monotonic() - started
    finally:
        connection.rollback()
        connection.close()
        other.dispose()
    assert response.status_code == 503, response.get_data(as_text=True)[-500:]
    assert response.headers["Retry-After"] == "5"
    assert "Cơ sở dữ liệu đang bận" in response.get_data(as_text=True)
    assert waited < LOCK_SECONDS + 4
    with impatient.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
    again = post_form(client, "/events/new", launch_form(setting))
    assert again.status_code == 302
    with impatient.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
