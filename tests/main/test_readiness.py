"""GET /readyz: 200 when the database answers and its schema is at the migrations' head, 503
saying what is wrong otherwise (unreachable, never migrated, behind, ahead); on both engines."""

import os

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from campaign.extensions import db
from tests.conftest import make_app, postgresql_schema_url, reset_postgresql_schema

SCHEMA = f"campaign_test_readiness_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def head_and_previous(app) -> tuple[str, str]:
    scripts = ScriptDirectory(app.extensions["migrate"].directory)
    head = scripts.get_revision(scripts.get_current_head())
    return head.revision, head.down_revision


def test_at_head_it_is_ready(app, client):
    head, _previous = head_and_previous(app)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "schema": "at head", "revision": head,
                             "head": head}  # fmt: skip
    assert response.headers["Cache-Control"] == "no-store"


def test_it_needs_no_sign_in_and_says_nothing_else(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and set(response.json) == {
        "database", "schema", "revision", "head"}  # fmt: skip


@pytest.fixture
def throwaway(engine_name, tmp_path):
    """An app on a database of its own, not migrated yet: a new SQLite file, or a new schema."""
    if engine_name == "sqlite":
        application = make_app(f"sqlite:///{tmp_path / 'throwaway.sqlite3'}")
    else:
        reset_postgresql_schema(SCHEMA)
        application = make_app(postgresql_schema_url(SCHEMA))
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def migrate(application, step) -> None:
    with application.app_context():
        step()
        db.session.remove()


def test_not_migrated_behind_and_ahead_are_not_ready(throwaway):
    head, previous = head_and_previous(throwaway)
    client = throwaway.test_client()

    never = client.get("/readyz")
    assert never.status_code == 503
    assert never.json == {"database": "ok", "schema": "not migrated", "revision": None,
                          "head": head}  # fmt: skip

    migrate(throwaway, flask_migrate.upgrade)
    assert client.get("/readyz").status_code == 200

    migrate(throwaway, lambda: flask_migrate.downgrade(revision="-1"))
    behind = client.get("/readyz")
    assert behind.status_code == 503
    assert behind.json == {"database": "ok", "schema": "behind", "revision": previous,
                           "head": head}  # fmt: skip

    migrate(throwaway, flask_migrate.upgrade)
    with throwaway.app_context():
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dfeedbeef'"))
        db.session.commit()
    ahead = client.get("/readyz")
    assert ahead.status_code == 503
    assert ahead.json == {"database": "ok", "schema": "ahead", "revision": "f00dfeedbeef",
                          "head": head}  # fmt: skip


def test_an_unreachable_database_is_not_ready(tmp_path):
    broken = make_app(f"sqlite:///{tmp_path}/missing-folder/campaign.sqlite3")
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    head, _previous = head_and_previous(broken)
    assert response.json == {"database": "unreachable", "schema": "unknown", "revision": None,
                             "head": head}  # fmt: skip


def test_an_unreachable_postgresql_server_is_not_ready(engine_name):
    if engine_name != "postgresql":
        pytest.skip("SQLite has no server")
    url = sa.engine.make_url(os.environ["TEST_DATABASE_URL"]).set(host="127.0.0.1", port=1)
    broken = make_app(url.render_as_string(hide_password=False))
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"
    assert "127.0.0.1" not in response.get_data(as_text=True)  # no setting in the answer
