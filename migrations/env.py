"""Alembic environment: the app's engine and metadata, batch mode for SQLite."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy.types import TypeDecorator

from campaign.core.search import is_search_index

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

database = current_app.extensions["migrate"].db


def skip_empty_autogenerate(migration_context, revision, directives) -> None:
    """`flask db migrate` with no schema change writes no empty revision file."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def render_item(type_, obj, autogen_context):
    """Write the app's column types as their plain SQLAlchemy type, so that old revisions never
    import application code."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl.__class__.__name__}()"
    return False


def include_name(name, type_, parent_names) -> bool:
    """Autogenerate leaves the search indexes alone: the models cannot state them."""
    return not is_search_index(name, type_)


def run_migrations_offline() -> None:
    context.configure(
        url=database.engine.url.render_as_string(hide_password=False),
        target_metadata=database.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    arguments = dict(current_app.extensions["migrate"].configure_args)
    arguments.setdefault("process_revision_directives", skip_empty_autogenerate)
    arguments.setdefault("compare_type", True)
    arguments.setdefault("render_item", render_item)
    arguments.setdefault("include_name", include_name)
    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, enabled=False)
        context.configure(connection=connection, target_metadata=database.metadata, **arguments)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                _refuse_broken_references(connection)
        if sqlite:
            _sqlite_foreign_keys(connection, enabled=True)


def _sqlite_foreign_keys(connection, enabled: bool) -> None:
    """Batch mode rebuilds a SQLite table by copy, drop and rename; with foreign keys enforced,
    dropping a table that other rows point at fails. The pragma only works outside a
    transaction, hence the driver connection (in autocommit, see core.engine)."""
    connection.connection.driver_connection.execute(
        f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}"
    )


def _refuse_broken_references(connection) -> None:
    """With enforcement off during the migration, check every reference before committing."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left broken references: {broken[:10]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
