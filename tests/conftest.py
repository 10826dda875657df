"""Fixtures: an app on a fresh database per test, on SQLite and (when configured) PostgreSQL.

``TEST_DATABASE_URL`` names a PostgreSQL database (``postgresql+psycopg://…``); every test that
uses the ``app`` fixture then runs once on each engine. CI sets it and refuses to run without it.
The schema is built once per engine with the migrations, so the tests exercise the same schema
production runs on.
"""

import html
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from campaign import create_app
from campaign.extensions import db

POSTGRESQL_URL = os.environ.get("TEST_DATABASE_URL")
ENGINES = ["sqlite", "postgresql"] if POSTGRESQL_URL else ["sqlite"]
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true" and not POSTGRESQL_URL:
        raise pytest.UsageError("CI must set TEST_DATABASE_URL: every test runs on PostgreSQL too")


def pytest_report_header(config: pytest.Config) -> str:
    return "databases: " + ", ".join(ENGINES)


def postgresql_schema_url(schema: str) -> str:
    """The test database URL with its connections confined to ``schema``."""
    url = sa.engine.make_url(POSTGRESQL_URL)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def reset_postgresql_schema(schema: str) -> None:
    engine = sa.create_engine(POSTGRESQL_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()


def make_app(database_url: str, **settings) -> Flask:
    return create_app(
        {
            "CAMPAIGN_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET_KEY,
            "SQLALCHEMY_DATABASE_URI": database_url,
            **settings,
        }
    )


@pytest.fixture(scope="session", params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def migrated_database(engine_name, tmp_path_factory) -> str:
    """A database at the newest migration: a template file (SQLite) or a schema (PostgreSQL)."""
    if engine_name == "sqlite":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("template") / "template.sqlite3")
    else:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        schema = f"campaign_test_{worker}"
        reset_postgresql_schema(schema)
        url = postgresql_schema_url(schema)
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def app(engine_name, migrated_database, tmp_path) -> Iterator[Flask]:
    """The application on an empty, migrated database of its own."""
    if engine_name == "sqlite":
        template = Path(sa.engine.make_url(migrated_database).database)
        copy = tmp_path / "campaign.sqlite3"
        shutil.copyfile(template, copy)
        application = make_app(f"sqlite:///{copy}")
    else:
        application = make_app(migrated_database)
    yield application
    with application.app_context():
        db.session.remove()
        if engine_name == "postgresql":
            _truncate_all(application)
        db.engine.dispose()


def _truncate_all(application: Flask) -> None:
    """Empty the tables a test wrote to and restart every id at 1. TRUNCATE cost most of a
    second per test; most tests write a handful of rows to a handful of tables."""
    tables = db.metadata.sorted_tables
    probe = " UNION ALL ".join(
        f"SELECT '{table.name}' WHERE EXISTS (SELECT 1 FROM \"{table.name}\")" for table in tables
    )
    restart = ", ".join(
        f"setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), 1, false)"
        for table in tables
        if "id" in table.c
    )
    with db.engine.begin() as connection:
        written = [f'"{name}"' for (name,) in connection.exec_driver_sql(probe)]
        if written:  # a superuser's cleanup: no triggers, so no append-only audit, no FK checks
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for name in written:
                connection.exec_driver_sql(f"DELETE FROM {name}")
        connection.exec_driver_sql(f"SELECT {restart}")


@pytest.fixture
def app_context(app) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a page hands out, as a browser would read it from the form."""
    match = CSRF_INPUT.search(client.get(path, follow_redirects=True).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


PAGER_LINK = re.compile(r'<a class="page-link" rel="(\w+)" href="([^"]+)"')


def pager_link(page_html: str, rel: str) -> str | None:
    """The address of the pager's ``rel`` link ("first", "prev", "next", "last"), if shown."""
    links = {found: html.unescape(href) for found, href in PAGER_LINK.findall(page_html)}
    return links.get(rel)


@contextmanager
def counted_queries(application: Flask) -> Iterator[list[str]]:
    """Collects the SQL statements the app's engine runs inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            statements.append(statement)

    with application.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def reference_data(app) -> None:
    """Every administrative unit, the succession and the scenario's organizations."""
    from campaign.reference.services import load_reference_data

    with app.app_context():
        load_reference_data()
        db.session.commit()


@pytest.fixture
def demo(app, reference_data):
    """The 2022 Hanoi launch, as ``flask seed-demo`` loads it; returns the demo passwords."""
    from campaign.demo.scenario import load_demo

    with app.app_context():
        result = load_demo()
        db.session.commit()
    return result


def sign_in(app: Flask, client: FlaskClient, role: str = "organizer", units=()) -> int:
    """Create a user of ``role`` (with district scope ``units``) and sign the client in as it."""
    from campaign.accounts.models import Role
    from tests import factories

    with app.app_context():
        user = factories.user(Role(role), units=[db.session.merge(u) for u in units])
        user_id, username = user.id, user.username
        db.session.commit()
    response = client.post(
        "/login",
        data={"username": username, "password": factories.PASSWORD,
              "csrf_token": csrf_token(client, "/login")},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    return user_id


@pytest.fixture
def as_organizer(app, client) -> int:
    return sign_in(app, client, "organizer")


@pytest.fixture
def as_admin(app, client) -> int:
    return sign_in(app, client, "admin")


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The app on 127.0.0.1 at a free port, over plain http as ``make run`` serves it (cookies
    without Secure, which Python's cookie jar would not send back); yields its base URL."""
    app.config["SESSION_COOKIE_SECURE"] = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
