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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from campaign import create_app
from campaign.core.engine import refresh_planner_statistics
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


@dataclass
class TemplateDatabase:
    """A database state every test that asks for it starts from (``app`` picks one).

    On SQLite it is a file each test gets a copy of. On PostgreSQL it is one schema per worker,
    put back after each test: the tables a test wrote to are emptied, and those the template had
    rows in (``pristine``: table name → id sequence state) are refilled from a copy kept in the
    ``{schema}_pristine`` schema. Triggers list the pristine tables a test touched in
    ``test_touched_tables``, so a test that only reads the registry costs no refill.
    """

    url: str
    schema: str | None = None
    pristine: dict[str, tuple[int, bool]] = field(default_factory=dict)
    built: Any = None  # what the build of a ``built_from`` template returned


@pytest.fixture(scope="session")
def migrated_database(engine_name, tmp_path_factory) -> str:
    """A database at the newest migration: a template file (SQLite) or a schema (PostgreSQL)."""
    return _migrated(engine_name, tmp_path_factory, "empty").url


@pytest.fixture(scope="session")
def reference_database(engine_name, tmp_path_factory) -> TemplateDatabase:
    """The newest migration with every administrative unit, the succession and the scenario's
    organizations: 3–4 seconds a test when each test loaded its own."""
    from campaign.reference.services import load_reference_data

    template = _migrated(engine_name, tmp_path_factory, "reference")
    application = make_app(template.url)
    with application.app_context():
        load_reference_data()
        db.session.commit()
        if engine_name == "postgresql":
            template.pristine = _keep_pristine_copy(template.schema)
        db.engine.dispose()
    return template


def _worker_schema() -> str:
    return f"campaign_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _migrated(engine_name: str, tmp_path_factory, name: str) -> TemplateDatabase:
    if engine_name == "sqlite":
        path = tmp_path_factory.mktemp(name) / "template.sqlite3"
        template = TemplateDatabase("sqlite:///" + str(path))
    else:
        schema = _worker_schema() if name == "empty" else f"{_worker_schema()}_{name}"
        reset_postgresql_schema(schema)
        template = TemplateDatabase(postgresql_schema_url(schema), schema)
    application = make_app(template.url)
    with application.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return template


def _keep_pristine_copy(schema: str) -> dict[str, tuple[int, bool]]:
    """Copy every table with rows into ``{schema}_pristine``, note its id sequence, watch it."""
    copies = f'"{schema}_pristine"'
    touched = f'"{schema}".test_touched_tables'
    pristine: dict[str, tuple[int, bool]] = {}
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {copies} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {copies}")
        # No unique key: concurrent writers never wait on each other's mark.
        connection.exec_driver_sql(f"CREATE TABLE {touched} (name text NOT NULL)")
        connection.exec_driver_sql(
            f'CREATE FUNCTION "{schema}".test_mark_touched() RETURNS trigger LANGUAGE plpgsql'
            f" AS $$ BEGIN INSERT INTO {touched} VALUES (TG_TABLE_NAME); RETURN NULL; END $$"
        )
        for table in db.metadata.sorted_tables:
            name = table.name
            if not connection.exec_driver_sql(f'SELECT EXISTS (SELECT 1 FROM "{name}")').scalar():
                continue
            connection.exec_driver_sql(f'CREATE TABLE {copies}."{name}" AS TABLE "{name}"')
            connection.exec_driver_sql(
                f"CREATE TRIGGER test_mark_touched AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f' ON "{name}" FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".test_mark_touched()'
            )
            pristine[name] = (0, False)
            if "id" in table.c:
                sequence = connection.exec_driver_sql(f"SELECT {_id_sequence(name)}").scalar()
                last_value, is_called = connection.exec_driver_sql(
                    f"SELECT last_value, is_called FROM {sequence}"
                ).one()
                pristine[name] = (last_value, is_called)
    return pristine


def _id_sequence(table_name: str) -> str:
    return f"pg_get_serial_sequence('\"{table_name}\"', 'id')"


@pytest.fixture(scope="session")
def built_databases(engine_name) -> dict[tuple[Callable, bool], TemplateDatabase]:
    """The templates ``pytest.mark.built_from.with_args(build)`` asks for, built once per worker."""
    return {}


@pytest.fixture
def app(request, engine_name, migrated_database, tmp_path) -> Iterator[Flask]:
    """The application on a migrated database of its own: empty, or holding the reference data
    when the test asks for ``reference_data`` (``demo`` does), plus with
    ``pytest.mark.built_from.with_args(build)`` what ``build`` adds (then the ``built`` fixture);
    ``pytest.mark.settings(NAME=value)`` sets configuration."""
    on_reference_data = "reference_data" in request.fixturenames
    if on_reference_data:
        template = request.getfixturevalue("reference_database")
    elif engine_name == "sqlite":
        template = TemplateDatabase(migrated_database)
    else:
        template = TemplateDatabase(migrated_database, _worker_schema())
    if key := _built_key(request):
        built = request.getfixturevalue("built_databases")
        if key not in built:
            built[key] = _build(engine_name, template, key[0], f"built{len(built)}", request)
        template = built[key]
    marker = request.node.get_closest_marker("settings")
    settings = marker.kwargs if marker else {}
    if engine_name == "sqlite":
        copy = tmp_path / "campaign.sqlite3"
        shutil.copyfile(sa.engine.make_url(template.url).database, copy)
        application = make_app(f"sqlite:///{copy}", **settings)
    else:
        application = make_app(template.url, **settings)
    yield application
    with application.app_context():
        db.session.remove()
        if engine_name == "postgresql":
            _restore(template)
        db.engine.dispose()


def _build(
    engine_name: str, base: TemplateDatabase, build: Callable[[], Any], name: str, request
) -> TemplateDatabase:
    """A template holding ``base``'s rows and what ``build`` (run in an app context) adds."""
    if engine_name == "sqlite":
        path = request.getfixturevalue("tmp_path_factory").mktemp(name) / "template.sqlite3"
        shutil.copyfile(sa.engine.make_url(base.url).database, path)
        template = TemplateDatabase(f"sqlite:///{path}")
    else:
        template = _migrated(engine_name, request.getfixturevalue("tmp_path_factory"), name)
    application = make_app(template.url)
    with application.app_context():
        if engine_name == "postgresql":
            with db.engine.begin() as connection:
                _refill(connection, base, list(base.pristine))
        template.built = build()
        db.session.flush()
        db.session.expunge_all()  # what build() returned keeps its loaded state, unexpired
        refresh_planner_statistics(db.session, *db.metadata.sorted_tables)
        db.session.commit()
        if engine_name == "postgresql":
            template.pristine = _keep_pristine_copy(template.schema)
        db.session.remove()
        db.engine.dispose()
    return template


def _built_key(request) -> tuple[Callable, bool] | None:
    """Which ``built_from`` template the test starts from: its build, on the reference data or
    not; none without the mark."""
    marker = request.node.get_closest_marker("built_from")
    return marker and (marker.args[0], "reference_data" in request.fixturenames)


@pytest.fixture
def built(request, app) -> Any:
    """What the build of the test's ``built_from`` template returned (ids, labels, …)."""
    return request.getfixturevalue("built_databases")[_built_key(request)].built


def _restore(template: TemplateDatabase) -> None:
    """Put the template's rows back and restart every id where the template left it. TRUNCATE
    cost most of a second per test; most tests write a handful of rows to a handful of tables."""
    probe = " UNION ALL ".join(
        f"SELECT '{table.name}' WHERE EXISTS (SELECT 1 FROM \"{table.name}\")"
        for table in db.metadata.sorted_tables
        if table.name not in template.pristine
    )
    with db.engine.begin() as connection:
        written = connection.exec_driver_sql(probe).scalars().all()
        touched = []
        if template.pristine:
            touched = (
                connection.exec_driver_sql("SELECT DISTINCT name FROM test_touched_tables")
                .scalars()
                .all()
            )
        if written or touched:
            _as_superuser(connection)
        for name in [*written, *touched]:
            connection.exec_driver_sql(f'DELETE FROM "{name}"')
        _refill(connection, template, touched)
        if touched:
            connection.exec_driver_sql("DELETE FROM test_touched_tables")


def _as_superuser(connection) -> None:
    """No triggers for the rest of the transaction: no append-only audit, no foreign-key
    checks, no touch marks."""
    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")


def _refill(connection, template: TemplateDatabase, tables: list[str]) -> None:
    """Copy the pristine rows of ``tables`` back; restart every id where the template left it."""
    if tables:
        _as_superuser(connection)
    for name in tables:
        connection.exec_driver_sql(
            f'INSERT INTO "{name}" SELECT * FROM "{template.schema}_pristine"."{name}"'
        )
    restart = ", ".join(
        "setval({}, {}, {})".format(
            _id_sequence(table.name), *template.pristine.get(table.name, (1, False))
        )
        for table in db.metadata.sorted_tables
        if "id" in table.c
    )
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
def counted_queries(application: Flask, with_parameters: bool = False) -> Iterator[list]:
    """Collects the SQL statements the app's engine runs inside the block; with
    ``with_parameters``, as (statement, parameters) pairs, which an EXPLAIN can run again."""
    statements: list = []

    def record(conn, cursor, statement, parameters, context, executemany):
        # the transaction's own setup (its pragmas, its PostgreSQL timeouts) is not the page's
        if not statement.lstrip().upper().startswith(
            ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SELECT SET_CONFIG(")
        ):
            statements.append((statement, parameters) if with_parameters else statement)

    with application.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def reference_data(app) -> None:
    """Every administrative unit, the succession and the scenario's organizations: ``app``
    starts from ``reference_database`` when a test asks for this."""


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
