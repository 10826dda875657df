"""Migrations build exactly the schema the models describe, and undo it, on both engines."""

import os

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from campaign import resource_directory
from campaign.core.search import is_search_index
from campaign.extensions import db
from tests.conftest import make_app, postgresql_schema_url, reset_postgresql_schema

SCHEMA = f"campaign_test_migrations_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


@pytest.fixture
def empty_app(engine_name, tmp_path):
    if engine_name == "sqlite":
        application = make_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    else:
        reset_postgresql_schema(SCHEMA)
        application = make_app(postgresql_schema_url(SCHEMA))
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_to_head_then_downgrade_to_base(empty_app):
    flask_migrate.upgrade()
    assert table_names() >= {table.name for table in db.metadata.sorted_tables}
    flask_migrate.downgrade(revision="base")
    assert table_names() == {"alembic_version"}
    flask_migrate.upgrade()
    assert "gift_handovers" in table_names()


def outside_search_indexes(name, type_, parent_names) -> bool:
    return not is_search_index(name, type_)


def test_models_and_migrations_do_not_drift(empty_app):
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": outside_search_indexes}
        )
        assert compare_metadata(context, db.metadata) == []


def test_revision_files_are_named_by_date_revision_and_slug():
    names = [path.name for path in (resource_directory("migrations") / "versions").glob("*.py")]
    assert names
    for name in names:
        date, time, revision, *slug = name.removesuffix(".py").split("_")
        assert len(date) == 8 and date.isdigit(), name
        assert len(time) == 4 and time.isdigit(), name
        assert len(revision) == 12 and slug, name


def test_upgrade_and_downgrade_keep_accounts_that_other_rows_point_at(empty_app):
    """Batch mode rebuilds the users table on SQLite while audit entries and district scopes
    point at its rows: the data must come through both ways."""
    flask_migrate.upgrade(revision="3136af912ac0")
    with db.engine.begin() as connection:
        statements = [
            "INSERT INTO administrative_units (id, scheme, level, code, name, full_name,"
            " division_type, search_key, sort_key) VALUES (1, 'pre2025', 'province', '01',"
            " 'Hà Nội', 'Thành phố Hà Nội', 'thành phố trung ương', 'ha noi', 'k')",
            "INSERT INTO users (id, username, full_name, password_hash, role, active, created_at)"
            " VALUES (1, 'lan', 'Lan', 'x', 'official', :yes, :now)",
            "INSERT INTO user_units (user_id, unit_id) VALUES (1, 1)",
            "INSERT INTO audit_entries (occurred_at, user_id, action, entity_type, summary)"
            " VALUES (:now, 1, 'sign_in', 'user', 'lan')",
        ]
        for statement in statements:
            connection.execute(sa.text(statement), {"yes": True, "now": "2026-11-01 00:00:00"})
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        row = connection.execute(sa.text("SELECT username, must_change_password FROM users")).one()
        assert (row.username, bool(row.must_change_password)) == ("lan", False)
        assert connection.execute(sa.text("SELECT count(*) FROM user_units")).scalar() == 1
    flask_migrate.downgrade(revision="3136af912ac0")
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT username FROM users")).scalar() == "lan"
        assert connection.execute(sa.text("SELECT count(*) FROM audit_entries")).scalar() == 1


def test_upgrade_copies_each_womans_province_and_old_map_district(empty_app):
    """Women registered before their province and district were copied beside their unit get
    them from the migration: an old-map commune's district and province, a district's own
    province, a new-map commune's province (and no district)."""
    flask_migrate.upgrade(revision="5d82b1e00e33")
    units = [  # id, scheme, level, parent
        (1, "pre2025", "province", None), (2, "pre2025", "district", 1),
        (3, "pre2025", "commune", 2), (4, "post2025", "province", None),
        (5, "post2025", "commune", 4),
    ]  # fmt: skip
    with db.engine.begin() as connection:
        for unit_id, scheme, level, parent_id in units:
            connection.execute(sa.text(
                "INSERT INTO administrative_units (id, scheme, level, code, name, full_name,"
                " division_type, parent_id, search_key, sort_key) VALUES (:id, :scheme, :level,"
                " :code, 'X', 'X', 'x', :parent, 'x', 'x')"
            ), {"id": unit_id, "scheme": scheme, "level": level, "code": str(unit_id),
                "parent": parent_id})  # fmt: skip
        for woman_id in (2, 3, 5):  # a woman in each of these units, her id the unit's
            connection.execute(sa.text(
                "INSERT INTO beneficiaries (id, full_name, unit_id, search_key, sort_key,"
                " created_at) VALUES (:id, 'Lan', :id, 'lan', 'lan', '2026-11-01 00:00:00')"
            ), {"id": woman_id})  # fmt: skip
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        placed = connection.execute(
            sa.text("SELECT id, province_id, district_id FROM beneficiaries ORDER BY id")
        ).all()
    assert [tuple(row) for row in placed] == [(2, 1, 2), (3, 1, 2), (5, 4, None)]
    flask_migrate.downgrade(revision="5d82b1e00e33")
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM beneficiaries")).scalar() == 3
