"""The event list, printed and exported with the list page's filters and order."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from campaign.campaigns.models import Campaign
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.labels import labeller
from campaign.events.models import Event
from campaign.events.queries import EventFilter, list_order, matching
from campaign.places.models import AdministrativeUnit
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=4), Column(_l("Event"), width=22),
    Column(_l("Kind"), width=9), Column(_l("Status"), width=8),
    Column(_l("Starts"), Kind.MOMENT, width=9), Column(_l("Ends"), Kind.MOMENT, width=9),
    Column(_l("Where"), width=15), Column(_l("Campaign"), width=14),
    Column(_l("Expected attendance"), Kind.NUMBER, width=5),
    Column(_l("Actual attendance"), Kind.NUMBER, width=5),
)  # fmt: skip


def _shaper():
    """A fetched row as the list shows it: codes as words (each translated once), the venue
    with the host unit."""
    named = labeller()

    def shape(row: Sequence[Any]) -> tuple:
        number, title, kind, status, starts, ends, venue, host, campaign, expected, actual = row
        where = ", ".join(dict.fromkeys(part for part in (venue, host) if part))
        return (number, title, named(kind), named(status), starts, ends, where, campaign,
                expected, actual)  # fmt: skip

    return shape


def event_list(criteria: EventFilter, campaign: Campaign | None, signer: str | None) -> Report:
    """The events the list shows for ``criteria``, in its order; ``campaign`` issues it."""
    host = aliased(AdministrativeUnit)
    order = list_order(criteria).by()
    statement = matching(
        sa.select(
            sa.func.row_number().over(order_by=order), Event.title, Event.kind, Event.status,
            Event.starts_at, Event.ends_at, Event.venue, host.full_name, Campaign.name,
            Event.expected_attendance, Event.actual_attendance,
        )
        .join(Campaign, Campaign.id == Event.campaign_id)
        .outerjoin(host, host.id == Event.host_unit_id),
        criteria,
    ).order_by(*order)  # fmt: skip

    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(
            campaign, _("List of events"), [Sheet([Table(COLUMNS, rows)])], signer=signer,
            subtitles=[campaign.name] if criteria.campaign_id and campaign else [],
            landscape=True,
        )  # fmt: skip

    return Report(
        name="event-list", title=_("List of events"), columns=COLUMNS, statement=statement,
        shape=_shaper(), document=document, filename="events",
        filters={"kind": criteria.kind, "status": criteria.status, "unit": criteria.unit_id,
                 "since": criteria.since.isoformat() if criteria.since else None,
                 "until": criteria.until.isoformat() if criteria.until else None,
                 "campaign": criteria.campaign_id, "sort": criteria.sort},
        entity_type="event",
    )  # fmt: skip
