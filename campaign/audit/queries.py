"""Reading the audit log with the filters of the audit page."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from campaign.accounts.models import User
from campaign.audit.models import AuditEntry
from campaign.core.columns import utc_minute
from campaign.core.dates import local_midnight
from campaign.core.pagination import Order

NEWEST = Order((AuditEntry.occurred_at, AuditEntry.id), descending=True)
"""The log's order, served by an index for each filter (``audit.models``)."""


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    action: str | None = None
    entity_type: str | None = None
    since: dt.date | None = None  # local dates, both ends included
    until: dt.date | None = None


def _filtered(statement: sa.Select, criteria: AuditFilter) -> sa.Select:
    if criteria.user_id:
        statement = statement.where(AuditEntry.user_id == criteria.user_id)
    if criteria.action:
        statement = statement.where(AuditEntry.action == criteria.action)
    if criteria.entity_type:
        statement = statement.where(AuditEntry.entity_type == criteria.entity_type)
    if criteria.since:
        statement = statement.where(AuditEntry.occurred_at >= local_midnight(criteria.since))
    if criteria.until:
        statement = statement.where(AuditEntry.occurred_at < end_of_day(criteria.until))
    return statement


def end_of_day(day: dt.date) -> dt.datetime:
    """The moment local ``day`` ends (the next midnight, excluded)."""
    return local_midnight(day + dt.timedelta(days=1))


def audit_entries(criteria: AuditFilter) -> sa.Select:
    """Entries matching the filter with their user, for a page in :data:`NEWEST` order."""
    return _filtered(sa.select(AuditEntry).options(joinedload(AuditEntry.user)), criteria)


def last_moment_of(day: dt.date) -> tuple[dt.datetime]:
    """The key prefix of a jump to ``day``: its last entries first, then older ones."""
    return (end_of_day(day) - dt.timedelta(microseconds=1),)


EXPORT_COLUMNS = (
    utc_minute(AuditEntry.occurred_at).label("occurred_at"),
    User.username,
    AuditEntry.remote_address,
    AuditEntry.action,
    AuditEntry.entity_type,
    AuditEntry.entity_id,
    AuditEntry.summary,
    # as stored, and none for JSON null: no JSON decoding for the entries without changes
    sa.func.nullif(sa.cast(AuditEntry.changes, sa.Text), "null").label("changes"),
)


def export_rows(criteria: AuditFilter) -> sa.Select:
    """The matching entries as plain columns (no ORM objects), newest first: what its printed and
    exported copies hold (``reports.audit_log``)."""
    statement = sa.select(*EXPORT_COLUMNS).outerjoin(User, AuditEntry.user_id == User.id)
    return _filtered(statement, criteria).order_by(*NEWEST.by())
