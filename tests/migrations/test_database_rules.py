"""The rules only the database sees hold as the models declare them, on both engines.

Alembic's comparison (test_migrations.py) sees tables, columns and indexes, but not the text of
CHECK constraints, the conditions of partial indexes, nor triggers: the quota CHECKs, the
one-gift-each partial unique index and the append-only audit triggers could differ from the
models without it noticing. Here the migrated database is compared with one the models build
(``create_all``), both read back from the engine's own catalogue — pg_constraint, pg_indexes and
pg_trigger on PostgreSQL, sqlite_master on SQLite — so that each engine writes both sides in its
own normal form.
"""

import os

import pytest
import sqlalchemy as sa

from campaign.extensions import db
from tests.conftest import make_app, postgresql_schema_url, reset_postgresql_schema

DECLARED_SCHEMA = f"campaign_test_declared_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

POSTGRESQL_RULES = {
    "check": """
        SELECT cls.relname, con.conname, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class cls ON cls.oid = con.conrelid
        WHERE con.contype = 'c' AND con.connamespace = current_schema()::regnamespace""",
    "index": """
        SELECT tablename, indexname, replace(indexdef, current_schema() || '.', '')
        FROM pg_indexes WHERE schemaname = current_schema()""",
    "trigger": """
        SELECT cls.relname, tg.tgname,
               replace(pg_get_triggerdef(tg.oid), current_schema() || '.', '') || ' ' || fn.prosrc
        FROM pg_trigger tg JOIN pg_class cls ON cls.oid = tg.tgrelid
        JOIN pg_proc fn ON fn.oid = tg.tgfoid
        WHERE NOT tg.tgisinternal AND cls.relnamespace = current_schema()::regnamespace""",
}
SQLITE_RULES = {
    "index": "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    "trigger": "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'",
}


def database_rules(engine: sa.Engine) -> dict[tuple[str, str, str], str]:
    """(kind, table, name) → definition, for every CHECK, index and trigger of the database."""
    rules = {}
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            queries = POSTGRESQL_RULES
        else:
            queries = SQLITE_RULES
            inspector = sa.inspect(connection)  # the CHECKs are inside each table's CREATE text
            for table in inspector.get_table_names():
                for check in inspector.get_check_constraints(table):
                    rules["check", table, check["name"]] = " ".join(check["sqltext"].split())
        for kind, query in queries.items():
            for table, name, definition in connection.exec_driver_sql(query):
                rules[kind, table, name] = " ".join(definition.split())
    return rules


@pytest.fixture
def declared_engine(engine_name, tmp_path):
    """An engine on a database built from the models alone."""
    if engine_name == "sqlite":
        application = make_app(f"sqlite:///{tmp_path / 'declared.sqlite3'}")
    else:
        reset_postgresql_schema(DECLARED_SCHEMA)
        application = make_app(postgresql_schema_url(DECLARED_SCHEMA))
    with application.app_context():
        db.create_all()
        yield db.engine
        db.engine.dispose()


def test_checks_partial_indexes_and_triggers_are_the_models(migrated_database, declared_engine):
    migrated = sa.create_engine(migrated_database)
    try:
        at_head = database_rules(migrated)
    finally:
        migrated.dispose()
    migrations_own = {key for key in at_head if key[1] == "alembic_version"}
    assert {key: at_head[key] for key in at_head.keys() - migrations_own} == database_rules(
        declared_engine
    )


def test_the_rules_that_matter_most_are_among_those_compared(declared_engine):
    rules = database_rules(declared_engine)
    assert (
        "given_count" in rules["check", "gift_programmes", "ck_gift_programmes_given_within_quota"]
    )
    assert "given" in rules["index", "gift_handovers", "uq_gift_handovers_one_gift_each"]
    triggers = [definition for (kind, table, _), definition in rules.items()
                if kind == "trigger" and table == "audit_entries"]  # fmt: skip
    assert triggers and all("append-only" in definition for definition in triggers)
    search = [name for (kind, table, name) in rules if kind in ("trigger", "index")
              and name.startswith(("beneficiaries_search", "ix_beneficiaries_search_key_trgm"))]
    assert search  # the search index is compared too
