"""Backups that restore (docs/architecture.md, "Backups"): SQLite through its online backup API
(safe while the application serves), PostgreSQL through ``pg_dump -Fc`` (restored by
``pg_restore``); a restore refuses a database that holds data unless told to replace it, and
then checks what it restored: the engine's own integrity checks, the schema at the expected
migration, every table's rows, and the quota counters equal to the handover rows."""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.core.errors import DomainError
from campaign.core.schema import database_revision, migration_head
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover, HandoverStatus

BOOKKEEPING = frozenset({"alembic_version"})
"""Tables a migrated but empty database already has rows in."""


@dataclass
class Restored:
    """What a restore brought back, and what its checks found."""

    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _url() -> sa.engine.URL:
    return db.engine.url


def _libpq(url: sa.engine.URL) -> str:
    """The URL as PostgreSQL's own tools read it (no driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _schema() -> str:
    return db.session.execute(sa.text("SELECT current_schema()")).scalar()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise DomainError(
            "tool_missing",
            _("%(tool)s is not installed: install the PostgreSQL client (apt-get install "
              "postgresql-client).", tool=name),
        )  # fmt: skip
    return found


def backup(output: Path) -> None:
    """Write a backup of the database to ``output`` (which must not exist yet)."""
    if output.exists():
        raise DomainError("output_exists", _("%(file)s exists already: choose a new file name.",
                                               file=output))  # fmt: skip
    url = _url()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        target = sqlite3.connect(output)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    schema = _schema()
    db.session.rollback()
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--schema={schema}",
         f"--file={output}", f"--dbname={_libpq(url)}"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def holds_data() -> bool:
    """Whether any table but the migrations' bookkeeping has a row."""
    names = sa.inspect(db.session.connection()).get_table_names()
    tables = [name for name in names if name not in BOOKKEEPING]
    return any(db.session.execute(sa.text(f'SELECT 1 FROM "{t}" LIMIT 1')).first()
               for t in tables)  # fmt: skip


def restore(source: Path, replace: bool = False) -> Restored:
    """Bring the database back to the backup ``source``; refused while it holds data unless
    ``replace``. Returns what the checks found (``problems`` empty: all is well)."""
    if not source.is_file():
        raise DomainError("no_backup", _("There is no backup file %(file)s.", file=source))
    if holds_data() and not replace:
        raise DomainError(
            "target_holds_data",
            _("The database holds data; nothing was restored. To replace it with the backup, "
              "add --replace."),
        )  # fmt: skip
    url = _url()
    db.session.rollback()
    if url.get_backend_name() == "sqlite":
        # The copy is made by connections of its own; the pool's are closed around it, so that
        # none reads the file as it was before.
        db.session.close()
        db.engine.dispose()
        backup_copy, target = sqlite3.connect(source), sqlite3.connect(url.database)
        try:
            backup_copy.backup(target)
        finally:
            target.close()
            backup_copy.close()
        db.engine.dispose()
    else:
        schema = _schema()
        db.session.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        db.session.commit()  # the search indexes' operator class: outside the dumped schema
        db.engine.dispose()
        subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--schema={schema}", f"--dbname={_libpq(url)}", str(source)],
            check=True, capture_output=True, text=True, env={**os.environ},
        )  # fmt: skip
    return check()


def check() -> Restored:
    """The restored database's checks: integrity (SQLite), the migration it is at, each
    table's row count, and every quota counter against the handover rows."""
    problems = []
    if db.engine.dialect.name == "sqlite":
        integrity = db.session.execute(sa.text("PRAGMA integrity_check")).scalar()
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        broken = db.session.execute(sa.text("PRAGMA foreign_key_check")).all()
        if broken:
            problems.append(f"foreign_key_check: {len(broken)} broken references")
    revision, head = database_revision(), migration_head()
    if revision != head:
        problems.append(f"schema at {revision}, the application expects {head}")
    tables = sorted(sa.inspect(db.session.connection()).get_table_names())
    rows = {t: db.session.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
    problems += _counters_against_rows()
    return Restored(revision=revision, rows=rows, problems=problems)


def _counters_against_rows() -> list[str]:
    given = sa.and_(Handover.status == HandoverStatus.GIVEN)
    found = []
    for model, column in ((GiftProgramme, Handover.programme_id),
                          (GiftAllocation, Handover.allocation_id)):  # fmt: skip
        counted = (sa.select(sa.func.count()).where(column == model.id, given)
                   .correlate(model).scalar_subquery())  # fmt: skip
        wrong = db.session.execute(
            sa.select(model.id).where(model.given_count != counted)
        ).scalars().all()  # fmt: skip
        if wrong:
            found.append(f"{model.__tablename__}: given_count differs from the handovers "
                         f"for ids {wrong[:10]}")  # fmt: skip
    return found
