"""A campaign's indicators, printed and exported: baseline, target, actual with its date and
source, the assessment and last year's value."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.activities.indicators import Reading, readings
from campaign.campaigns.models import Campaign, CampaignIndicator
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.formatting import day_text
from campaign.core.labels import label
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=5), Column(_l("Indicator"), width=31),
    Column(_l("Unit of measure"), width=8), Column(_l("Baseline"), Kind.NUMBER, width=8),
    Column(_l("Target"), Kind.NUMBER, width=8), Column(_l("Result"), Kind.NUMBER, width=8),
    Column(_l("Assessment"), width=10), Column(_l("Last year"), Kind.NUMBER, width=8),
    Column(_l("Source"), width=14),
)  # fmt: skip


def indicator_list(campaign: Campaign, signer: str | None) -> Report:
    """The rows are the indicators' own columns; what is worked out (the actual, linked
    figures, last year's) is read once for the campaign's few indicators and joined by id
    (an indicator added meanwhile shows none)."""
    worked_out = {reading.indicator.id: _worked_out(reading) for reading in readings(campaign)}
    order = (CampaignIndicator.position, CampaignIndicator.id)
    statement = (
        sa.select(sa.func.row_number().over(order_by=order), CampaignIndicator.name,
                  CampaignIndicator.measure_unit, CampaignIndicator.baseline_value,
                  CampaignIndicator.target_value, CampaignIndicator.id)
        .where(CampaignIndicator.campaign_id == campaign.id)
        .order_by(*order)
    )  # fmt: skip

    def shape(row: Sequence[Any]) -> tuple:
        *columns, indicator_id = row
        actual, assessment, last_year, source = worked_out.get(indicator_id, (None, "", None, ""))
        return (*columns, actual, assessment, last_year, source)

    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(campaign, _("Gender-equality indicators"),
                               [Sheet([Table(COLUMNS, rows)])], code="BC", signer=signer,
                               subtitles=[campaign.name], landscape=True)  # fmt: skip

    return Report(
        name="indicators", title=_("Gender-equality indicators"), columns=COLUMNS,
        statement=statement, shape=shape, document=document,
        filename=f"indicators-{campaign.id}", filters={"campaign": campaign.id},
        entity_type="campaign", entity_id=campaign.id,
    )  # fmt: skip


def _worked_out(reading: Reading) -> tuple:
    """What a row adds to the indicator's own columns, as plain values (the rows are written
    after the request's audit entry is committed, when the ORM objects have expired)."""
    indicator, latest = reading.indicator, reading.latest
    if indicator.linked_figure:
        source = label(indicator.linked_figure)
    else:
        source = f"{latest.source}, {day_text(latest.recorded_on)}" if latest else ""
    return reading.actual, label(reading.assessment), reading.last_year, source
