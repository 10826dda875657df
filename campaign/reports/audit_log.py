"""The audit log, printed and exported with the audit page's filters, newest first."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.audit.labels import audit_action, audit_entity, audit_summary, changes_text
from campaign.audit.queries import AuditFilter, export_rows
from campaign.campaigns.models import Campaign
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("Time"), Kind.MOMENT, width=10), Column(_l("User"), width=10),
    Column(_l("Address"), width=9), Column(_l("Action"), width=10),
    Column(_l("Record"), width=10), Column(_l("Record id"), Kind.NUMBER, width=6),
    Column(_l("Summary"), width=20), Column(_l("Changes"), width=25),
)  # fmt: skip


def _shaper():
    """A fetched entry as the page shows it: its minute (``core.columns.utc_minute``) as a UTC
    moment (worked out once for a run of entries in the same minute), the action and the
    record's kind in words (each translated once), the changes with their letters."""
    actions: dict[str, str] = {}
    entities: dict[str, str] = {}
    last: list[Any] = [None, None]

    def shape(row: Sequence[Any]) -> tuple:
        minute, username, address, action, entity, entity_id, summary, changes = row
        if minute != last[0]:
            last[:] = minute, dt.datetime.fromisoformat(f"{minute}+00:00")
        if action not in actions:
            actions[action] = audit_action(action)
        if entity not in entities:
            entities[entity] = audit_entity(entity)
        return (last[1], username, address, actions[action], entities[entity], entity_id,
                audit_summary(summary), changes_text(changes))  # fmt: skip

    return shape


def audit_log(criteria: AuditFilter, campaign: Campaign | None, signer: str | None) -> Report:
    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(campaign, _("Audit log"), [Sheet([Table(COLUMNS, rows)])],
                               signer=signer, landscape=True)  # fmt: skip

    return Report(
        name="audit-log", title=_("Audit log"), columns=COLUMNS, statement=export_rows(criteria),
        shape=_shaper(), document=document, filename="audit-log",
        filters={"user": criteria.user_id, "action": criteria.action,
                 "entity_type": criteria.entity_type,
                 "since": criteria.since.isoformat() if criteria.since else None,
                 "until": criteria.until.isoformat() if criteria.until else None},
        entity_type="audit_entry",
    )  # fmt: skip
