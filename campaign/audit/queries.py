"""Reading the audit log with the filters of the audit page."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from campaign.audit.models import AuditEntry
from campaign.core.dates import local_midnight
from campaign.extensions import db


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    action: str | None = None
    entity_type: str | None = None
    since: dt.date | None = None  # local dates, both ends included
    until: dt.date | None = None


def audit_entries(criteria: AuditFilter) -> sa.Select:
    """Entries matching the filter, newest first."""
    statement = (
        sa.select(AuditEntry)
        .options(joinedload(AuditEntry.user))
        .order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
    )
    if criteria.user_id:
        statement = statement.where(AuditEntry.user_id == criteria.user_id)
    if criteria.action:
        statement = statement.where(AuditEntry.action == criteria.action)
    if criteria.entity_type:
        statement = statement.where(AuditEntry.entity_type == criteria.entity_type)
    if criteria.since:
        statement = statement.where(AuditEntry.occurred_at >= local_midnight(criteria.since))
    if criteria.until:
        end = local_midnight(criteria.until + dt.timedelta(days=1))
        statement = statement.where(AuditEntry.occurred_at < end)
    return statement


def distinct_values(column) -> list[str]:
    return list(db.session.scalars(sa.select(column).distinct().order_by(column)))
