"""Writing the audit log. Services call :func:`record`; nothing ever updates or deletes an entry
(the database refuses it too: see the append-only triggers in ``audit.models``), except that
:func:`erase_words` erases the personal words of the entries about a woman who is anonymised."""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from campaign.audit.models import ERASED, AuditEntry
from campaign.core.dates import utcnow
from campaign.core.transactions import keep_even_if_request_fails
from campaign.extensions import db

REDACTED = "•••"


@dataclass(frozen=True)
class Actor:
    """Who acts and from where; ``user_id`` is None for the command line and unknown users."""

    user_id: int | None
    remote_address: str | None = None


COMMAND_LINE = Actor(user_id=None, remote_address=None)


def record(
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: int | None,
    summary: str,
    changes: dict[str, list[Any]] | None = None,
    *,
    keep_on_failure: bool = False,
) -> AuditEntry:
    """Append an entry. With ``keep_on_failure`` it survives the request's rollback: refused
    access and failed sign-ins are answered with an error status, and must still be logged."""
    entry = AuditEntry(
        user_id=actor.user_id,
        remote_address=actor.remote_address,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        changes=changes or None,
    )
    if keep_on_failure:
        keep_even_if_request_fails(entry)
    else:
        db.session.add(entry)
    return entry


def record_many(actor: Actor, action: str, entity_type: str, entries: list[tuple[int, str]]):
    """Append one entry per (entity id, summary) in a single statement: for imports of
    thousands of rows, where one ORM object each would cost seconds."""
    if entries:
        now = utcnow()
        db.session.execute(
            sa.insert(AuditEntry),
            [
                {"occurred_at": now, "user_id": actor.user_id,
                 "remote_address": actor.remote_address, "action": action,
                 "entity_type": entity_type, "entity_id": entity_id, "summary": summary}
                for entity_id, summary in entries
            ],
        )  # fmt: skip


def changes(
    before: dict[str, Any], after: dict[str, Any], sensitive: frozenset[str] = frozenset()
) -> dict[str, list[Any]]:
    """Field → [old, new] for the fields that differ; sensitive values are redacted. Built from
    snapshots, not SQLAlchemy's attribute history: the log keeps what a reader understands (a
    unit's name, a date as text) while history holds related objects and is reset at flush."""
    diff = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old != new:
            diff[field] = [REDACTED, REDACTED] if field in sensitive else [old, new]
    return diff


def erase_words(entity_type: str, entity_ids) -> None:
    """Erase the summary and changes of the entries about these records (ids, or a SELECT of
    them), the one change the append-only log allows: they may hold a woman's name or what she
    said, while who did what to which record, and when, stays."""
    db.session.execute(
        sa.update(AuditEntry)
        .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id.in_(entity_ids),
               sa.or_(AuditEntry.summary != ERASED, AuditEntry.changes.is_not(None)))
        .values(summary=ERASED, changes=sa.null())
        .execution_options(synchronize_session=False)
    )  # fmt: skip
