"""The follow-up activities, printed and exported with the list page's filters: each with its
units' planned and done figures in one text, and its progress."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.activities.models import Activity
from campaign.activities.queries import DUE_ORDER, ActivityFilter, matching, overdue
from campaign.campaigns.models import Campaign
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.labels import labeller
from campaign.places.models import Organization
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=5), Column(_l("Activity"), width=28),
    Column(_l("Kind"), width=13), Column(_l("Status"), width=10),
    Column(_l("Overdue"), width=7), Column(_l("Planned start"), Kind.DATE, width=9),
    Column(_l("Due date"), Kind.DATE, width=9), Column(_l("Lead body"), width=19),
)  # fmt: skip


def _shaper():
    named = labeller()
    yes = _("Yes")

    def shape(row: Sequence[Any]) -> tuple:
        number, title, kind, status, late, start, due, lead = row
        return (number, title, named(kind), named(status), yes if late else "", start, due, lead)

    return shape


def activity_list(criteria: ActivityFilter, campaign: Campaign | None, signer: str | None,
                  today) -> Report:  # fmt: skip
    """The activities the list shows for ``criteria``, in its order (soonest due first)."""
    order = DUE_ORDER.by()
    statement = matching(
        sa.select(
            sa.func.row_number().over(order_by=order), Activity.title, Activity.kind,
            Activity.status, overdue(today), Activity.planned_start, Activity.due_date,
            Organization.name,
        ).outerjoin(Organization, Organization.id == Activity.lead_organization_id),
        criteria, today,
    ).order_by(*order)  # fmt: skip

    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(
            campaign, _("List of follow-up activities"), [Sheet([Table(COLUMNS, rows)])],
            signer=signer, subtitles=[campaign.name] if criteria.campaign_id and campaign else [],
            landscape=True,
        )  # fmt: skip

    return Report(
        name="activity-list", title=_("List of follow-up activities"), columns=COLUMNS,
        statement=statement, shape=_shaper(), document=document, filename="activities",
        filters={"kind": criteria.kind, "status": criteria.status, "unit": criteria.unit_id,
                 "overdue": criteria.overdue or None, "campaign": criteria.campaign_id},
        entity_type="activity",
    )  # fmt: skip
