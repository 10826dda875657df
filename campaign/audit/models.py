"""Audit entries: appended by the application, never changed."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.accounts.models import User
from campaign.core.columns import UTCDateTime
from campaign.core.dates import utcnow
from campaign.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    # The page's order (newest first) with each of its filters: a page or an export reads its
    # rows in index order, whatever the size of the log.
    __table_args__ = (
        sa.Index("ix_audit_entries_entity", "entity_type", "entity_id"),
        sa.Index("ix_audit_entries_occurred_at_id", "occurred_at", "id"),
        sa.Index("ix_audit_entries_user_id_occurred_at_id", "user_id", "occurred_at", "id"),
        sa.Index("ix_audit_entries_action_occurred_at_id", "action", "occurred_at", "id"),
        sa.Index("ix_audit_entries_entity_type_occurred_at_id", "entity_type", "occurred_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"),
        comment="none for the command line and for failed sign-ins of unknown users",
    )
    remote_address: Mapped[str | None] = mapped_column(sa.String(45))
    action: Mapped[str] = mapped_column(sa.String(40), comment="create, update, …")
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(sa.Text)
    changes: Mapped[dict[str, Any] | None] = mapped_column(
        sa.JSON, comment="field → [old, new], sensitive values redacted"
    )

    user: Mapped[User | None] = relationship()


APPEND_ONLY_MESSAGE = "audit_entries is append-only"
ERASED = "(erased)"
"""An entry's summary once the personal data it held was erased (``erase_words``)."""
_UNCHANGED = ("id", "occurred_at", "user_id", "remote_address", "action", "entity_type",
              "entity_id")  # fmt: skip
_ONLY_WORDS_ERASED = (
    f"NEW.summary = '{ERASED}' AND NEW.changes IS NULL AND "
    + " AND ".join(f"NEW.{column} IS NOT DISTINCT FROM OLD.{column}" for column in _UNCHANGED)
)
# Nothing may update or delete an entry, whatever the code above the database does, except
# erasing its words (summary and changes) when the woman they name is anonymised: who did what
# to which record, and when, stays. Migrations create these; tests/migrations/
# test_database_rules.py holds the migrated ones to these.
APPEND_ONLY_TRIGGERS = {
    "postgresql": [
        "CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_OP = 'UPDATE' AND {_ONLY_WORDS_ERASED} THEN RETURN NEW; END IF; "
        f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$",
        "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
    ],
    "sqlite": [
        "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
        f"WHEN NOT ({_ONLY_WORDS_ERASED.replace('IS NOT DISTINCT FROM', 'IS')}) "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END",
        "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END",
    ],
}
for _dialect, _statements in APPEND_ONLY_TRIGGERS.items():
    for _statement in _statements:
        sa.event.listen(
            AuditEntry.__table__, "after_create", sa.DDL(_statement).execute_if(dialect=_dialect)
        )
