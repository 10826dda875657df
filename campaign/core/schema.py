"""Which migration the database is at, and which one the application's migrations end at: what
the readiness check answers and a restore checks (``backups.check``)."""

import enum
import functools

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app

from campaign.extensions import db


class SchemaState(enum.StrEnum):
    AT_HEAD = "at head"
    BEHIND = "behind"  # an older migration of ours: run the upgrade
    AHEAD = "ahead"  # a migration these scripts do not know: a newer release migrated it
    NOT_MIGRATED = "not migrated"  # no alembic_version row at all


@functools.cache
def _scripts(directory: str) -> ScriptDirectory:
    """The migration scripts, read once a process: they do not change while it runs."""
    return ScriptDirectory(directory)


def scripts() -> ScriptDirectory:
    return _scripts(str(current_app.extensions["migrate"].directory))


def migration_head() -> str | None:
    """The newest migration of the application's scripts."""
    return scripts().get_current_head()


def database_revision() -> str | None:
    """The migration the database says it is at (None: not migrated). Raises SQLAlchemyError
    when the database does not answer, or has no ``alembic_version`` table."""
    return db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(revision: str | None, head: str | None) -> SchemaState:
    if revision is None:
        return SchemaState.NOT_MIGRATED
    if revision == head:
        return SchemaState.AT_HEAD
    known = {script.revision for script in scripts().walk_revisions()}
    return SchemaState.BEHIND if revision in known else SchemaState.AHEAD
