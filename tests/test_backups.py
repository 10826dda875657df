"""Backup and restore with the demo data, on each engine: the restored database holds every
table exactly as it was; a restore into a database that holds data refuses without
``--replace``; the checks find a quota counter that disagrees with the handover rows."""

import gc
import os

import pytest
import sqlalchemy as sa

from campaign.extensions import db
from tests.conftest import POSTGRESQL_URL, make_app


def every_row(url: str) -> dict[str, list[tuple]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            tables = sorted(sa.inspect(connection).get_table_names())
            return {
                table: sorted(map(tuple, connection.execute(sa.text(f'SELECT * FROM "{table}"'))),
                              key=repr)
                for table in tables
            }  # fmt: skip
    finally:
        engine.dispose()


@pytest.fixture
def empty_target(engine_name, tmp_path):
    """A database with nothing in it, for the restore: a new SQLite file, or a new PostgreSQL
    database whose search path names the source's schema (``pg_restore`` keeps the schema)."""
    if engine_name == "sqlite":
        yield lambda _schema: f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restore_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = sa.create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def url(schema: str) -> str:
        target = sa.engine.make_url(POSTGRESQL_URL).set(database=name)
        engine = sa.create_engine(target)
        with engine.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        engine.dispose()
        return target.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)  # fmt: skip

    yield url
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def run(app, *arguments) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=list(arguments), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_backup_restores_every_table_exactly_and_refuses_to_overwrite(
    app, demo, tmp_path, empty_target
):
    source_url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        schema = db.session.execute(sa.text("SELECT current_schema()")).scalar() \
            if db.engine.dialect.name == "postgresql" else None  # fmt: skip
    backup_file = tmp_path / "campaign.backup"
    code, output = run(app, "backup", "--output", str(backup_file))
    assert code == 0, output
    assert backup_file.stat().st_size > 0
    code, output = run(app, "backup", "--output", str(backup_file))
    assert code != 0 and "đã có" in output

    target = make_app(empty_target(schema))
    code, output = run(target, "restore", str(backup_file))
    assert code == 0, output
    assert "Kiểm tra đạt" in output and "gift_handovers:" in output
    assert every_row(target.config["SQLALCHEMY_DATABASE_URI"]) == every_row(source_url)

    code, output = run(target, "restore", str(backup_file))
    assert code != 0 and "--replace" in output
    with target.app_context():
        db.session.execute(sa.text("UPDATE gift_programmes SET given_count = given_count - 1 "
                                   "WHERE given_count > 0"))  # fmt: skip
        db.session.commit()
    code, output = run(target, "restore", str(backup_file), "--replace")
    assert code == 0, output
    assert every_row(target.config["SQLALCHEMY_DATABASE_URI"]) == every_row(source_url)
    with target.app_context():
        db.session.execute(sa.text("UPDATE gift_programmes SET given_count = given_count - 1 "
                                   "WHERE given_count > 0"))  # fmt: skip
        db.session.commit()
        from campaign.backups import check

        assert any("given_count differs" in problem for problem in check().problems)
        db.engine.dispose()
    gc.collect()  # connections dropped with their pools by the restores are reclaimed here
