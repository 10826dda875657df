"""The campaign summary report and the dashboard: events by kind and status and over time,
gifts by unit, the women who received one by circumstance (a sensitive count below five shown
as "< 5"), follow-up activities by status and the indicators — in a fixed number of grouped
statements whatever the size of the campaign. Its spreadsheet rows are the gifts by unit."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.activities.indicators import Reading, readings
from campaign.activities.models import Activity, ActivityKind, ActivityStatus
from campaign.activities.queries import Progress, progress_by_unit_and_kind
from campaign.beneficiaries.models import BeneficiaryCircumstance, Circumstance
from campaign.beneficiaries.privacy import circulated_count
from campaign.campaigns.models import Campaign
from campaign.core.columns import local_month
from campaign.core.dates import utcnow
from campaign.core.documents import Column, Figure, Kind, Sheet, Table
from campaign.core.formatting import date_text, number_text
from campaign.core.labels import label
from campaign.core.money import amount_in_words, money_text
from campaign.events.models import Event, EventKind, EventStatus
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover, HandoverStatus
from campaign.overview.queries import EventDigest, event_digest, programmes_of
from campaign.places.models import AdministrativeUnit
from campaign.reports.charts import Chart, bar_chart
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

GIFT_COLUMNS = (
    Column(_l("Gift programme"), width=30), Column(_l("Unit"), width=26),
    Column(_l("Allocated"), Kind.NUMBER, width=13), Column(_l("Given"), Kind.NUMBER, width=13),
    Column(_l("Value"), Kind.MONEY, width=18),
)  # fmt: skip


@dataclass
class CampaignSummary:
    campaign: Campaign
    events: EventDigest
    months: dict[str, dict[EventKind, int]] = field(default_factory=dict)
    """"YYYY-MM" (in Vietnam) → events of each kind that month, months in order"""
    programmes: list[GiftProgramme] = field(default_factory=list)
    recipients: int = 0
    """women who received a gift of the campaign (each counted once)"""
    by_circumstance: dict[Circumstance, int] = field(default_factory=dict)
    activities_by_status: dict[ActivityStatus, int] = field(default_factory=dict)
    progress: list[tuple[AdministrativeUnit, ActivityKind, Progress]] = field(default_factory=list)
    """planned against actual of the campaign's activities by target unit and kind"""
    indicators: list[Reading] = field(default_factory=list)

    def circulated(self) -> list[tuple[Circumstance, int | str]]:
        """The recipients by circumstance as a circulated document shows them."""
        return [(category, circulated_count(count, category))
                for category, count in self.by_circumstance.items()]  # fmt: skip


def campaign_summary(campaign: Campaign) -> CampaignSummary:
    summary = CampaignSummary(campaign, event_digest(campaign, utcnow()))
    month = local_month(Event.starts_at)
    for when, kind, count in db.session.execute(
        sa.select(month, Event.kind, sa.func.count()).where(Event.campaign_id == campaign.id)
        .group_by(month, Event.kind).order_by(month)
    ):  # fmt: skip
        summary.months.setdefault(when, {})[kind] = count
    summary.programmes = programmes_of(campaign)
    given = (
        sa.select(Handover.beneficiary_id)
        .join(GiftProgramme, GiftProgramme.id == Handover.programme_id)
        .where(GiftProgramme.campaign_id == campaign.id, Handover.status == HandoverStatus.GIVEN)
        .distinct()
        .subquery()
    )
    summary.recipients = db.session.scalar(sa.select(sa.func.count()).select_from(given))
    counts = dict(db.session.execute(
        sa.select(BeneficiaryCircumstance.category, sa.func.count())
        .where(BeneficiaryCircumstance.beneficiary_id.in_(sa.select(given.c.beneficiary_id)))
        .group_by(BeneficiaryCircumstance.category)
    ).all())  # fmt: skip
    summary.by_circumstance = {c: counts[c] for c in Circumstance if c in counts}
    statuses = dict(db.session.execute(
        sa.select(Activity.status, sa.func.count()).where(Activity.campaign_id == campaign.id)
        .group_by(Activity.status)
    ).all())  # fmt: skip
    summary.activities_by_status = {s: statuses[s] for s in ActivityStatus if s in statuses}
    summary.progress = _progress_rows(campaign)
    summary.indicators = readings(campaign)
    return summary


def _progress_rows(campaign: Campaign) -> list[tuple[AdministrativeUnit, ActivityKind, Progress]]:
    """Progress by unit (in name order) and kind, for the pairs that have a target."""
    found = {key: progress for key, progress in progress_by_unit_and_kind(campaign).items()
             if progress.share is not None}  # fmt: skip
    units = {unit.id: unit for unit in db.session.scalars(sa.select(AdministrativeUnit).where(
        AdministrativeUnit.id.in_({unit_id for unit_id, _kind in found})))}  # fmt: skip
    kinds = list(ActivityKind)
    return [(units[unit_id], kind, progress) for (unit_id, kind), progress in sorted(
        found.items(), key=lambda item: (units[item[0][0]].sort_key, kinds.index(item[0][1])))]


def summary_charts(summary: CampaignSummary, inline_style: bool = False) -> list[Chart]:
    """The dashboard's charts, which the summary's PDF prints too."""
    digest = summary.events
    kinds = list(digest.by_kind)
    statuses = list(digest.by_status)
    charts = [bar_chart(
        "events-by-kind", _("Events by kind and status"),
        _("%(total)s events, by kind; each bar split by status.", total=digest.total),
        [label(kind) for kind in kinds],
        [(label(status), [digest.by_kind_and_status.get((kind, status), 0) for kind in kinds])
         for status in statuses],
        stacked=True, inline_style=inline_style,
    )]  # fmt: skip
    months = list(summary.months)
    month_kinds = [kind for kind in EventKind if any(kind in m for m in summary.months.values())]
    charts.append(bar_chart(
        "events-by-month", _("Events over time by kind"),
        _("Events of each kind per month, from %(first)s to %(last)s.",
          first=_month(months[0]) if months else "—", last=_month(months[-1]) if months else "—"),
        [_month(month) for month in months],
        [(label(kind), [summary.months[month].get(kind, 0) for month in months])
         for kind in month_kinds],
        stacked=True, inline_style=inline_style,
    ))  # fmt: skip
    for programme in summary.programmes:
        shares = _shares(programme)
        charts.append(bar_chart(
            f"gifts-{programme.id}", _("Gifts given against shares: %(programme)s",
                                       programme=programme.name),
            _("%(given)s of %(quota)s gifts given, by unit.",
              given=programme.given_count, quota=programme.quota),
            [allocation.unit.full_name for allocation in shares],
            [(_("Allocated"), [allocation.quota for allocation in shares]),
             (_("Given"), [allocation.given_count for allocation in shares])],
            horizontal=True, inline_style=inline_style,
        ))  # fmt: skip
    if summary.activities_by_status:
        charts.append(bar_chart(
            "activities", _("Follow-up activities by status"),
            _("%(count)s follow-up activities, by status.",
              count=sum(summary.activities_by_status.values())),
            [label(status) for status in summary.activities_by_status],
            [(_("Activities"), list(summary.activities_by_status.values()))],
            inline_style=inline_style,
        ))  # fmt: skip
    if summary.progress:
        units = list(dict.fromkeys(unit for unit, _kind, _progress in summary.progress))
        kinds = [kind for kind in ActivityKind if any(k == kind for _u, k, _p in summary.progress)]
        percent = {(unit.id, kind): progress.percent for unit, kind, progress in summary.progress}
        charts.append(bar_chart(
            "activity-progress", _("Progress of the activities by unit and kind"),
            _("Per cent of the targets reached, by unit; one bar per kind of activity."),
            [unit.full_name for unit in units],
            [(label(kind), [percent.get((unit.id, kind), 0) for unit in units]) for kind in kinds],
            horizontal=True, inline_style=inline_style,
        ))  # fmt: skip
    return charts


def _month(month: str) -> str:
    year, number = month.split("-")
    return f"{number}/{year}"


def _shares(programme: GiftProgramme) -> list[GiftAllocation]:
    return sorted(programme.allocations, key=lambda a: (a.unit.sort_key, a.id))


def _gift_rows(campaign: Campaign) -> sa.Select:
    """One row per share of each programme of the campaign: the report's spreadsheet rows."""
    value = GiftAllocation.given_count * GiftProgramme.unit_value
    return (
        sa.select(GiftProgramme.name, AdministrativeUnit.full_name, GiftAllocation.quota,
                  GiftAllocation.given_count, value)
        .join(GiftAllocation, GiftAllocation.programme_id == GiftProgramme.id)
        .join(AdministrativeUnit, AdministrativeUnit.id == GiftAllocation.unit_id)
        .where(GiftProgramme.campaign_id == campaign.id)
        .order_by(GiftProgramme.id, AdministrativeUnit.sort_key, AdministrativeUnit.id)
    )  # fmt: skip


def summary_report(campaign: Campaign, signer: str | None) -> Report:
    return Report(
        name="campaign-summary",
        title=_("Campaign summary report"),
        columns=GIFT_COLUMNS,
        statement=_gift_rows(campaign),
        document=lambda rows: _document(campaign_summary(campaign), rows, signer),
        filename=f"campaign-summary-{campaign.id}",
        filters={"campaign": campaign.id},
        entity_type="campaign",
        entity_id=campaign.id,
    )


def _document(summary: CampaignSummary, rows: list[Sequence[Any]], signer: str | None):
    campaign = summary.campaign
    charts = {chart.key: chart for chart in summary_charts(summary, inline_style=True)}
    given = sum(programme.given_count for programme in summary.programmes)
    quota = sum(programme.quota for programme in summary.programmes)
    value = sum(row[4] or 0 for row in rows)
    facts = [
        _("Period: %(start)s – %(end)s. Unit: %(unit)s.", start=date_text(campaign.start_date),
          end=date_text(campaign.end_date), unit=campaign.unit.full_name),
        _("%(events)s events; %(given)s of %(quota)s gifts given to %(women)s women.",
          events=number_text(summary.events.total), given=number_text(given),
          quota=number_text(quota), women=number_text(summary.recipients)),
    ]  # fmt: skip
    if campaign.theme:
        facts.insert(0, _("Theme: %(theme)s", theme=campaign.theme))
    blocks: list[Table | Figure] = [
        _events_table(summary.events), Figure(charts["events-by-kind"].image()),
        Figure(charts["events-by-month"].image(), _("Events over time by kind")),
        Table(GIFT_COLUMNS, rows, caption=_("Gifts by unit"),
              total=[_("Total"), "", number_text(quota), number_text(given), money_text(value)],
              after=[_("In words: %(words)s.", words=amount_in_words(value))] if value else []),
        *(Figure(charts[f"gifts-{p.id}"].image(), charts[f"gifts-{p.id}"].title)
          for p in summary.programmes),
        Table([Column(_l("Circumstance"), width=70), Column(_l("Women"), Kind.NUMBER, width=30)],
              [(label(category), count) for category, count in summary.circulated()],
              caption=_("Women who received a gift, by circumstance"),
              after=[_("A woman may have several circumstances. A count below 5 in a "
                       "sensitive category is shown as “< 5”.")]),
        Table([Column(_l("Status"), width=70), Column(_l("Activities"), Kind.NUMBER, width=30)],
              [(label(status), count) for status, count in summary.activities_by_status.items()],
              caption=_("Follow-up activities"), empty_text=_("No follow-up activity yet.")),
        *([_progress_table(summary), Figure(charts["activity-progress"].image(),
                                            charts["activity-progress"].title)]
          if summary.progress else []),
        _indicators_table(summary.indicators),
    ]  # fmt: skip
    lead = campaign.lead_organization
    return issued_document(
        campaign, _("Campaign summary report"), [Sheet(blocks, paragraphs=facts)], code="BC",
        signer=signer, subtitles=[campaign.name],
        recipients=[*([lead.name] if lead else []), _("Archive: records.")],
    )  # fmt: skip


def _events_table(digest: EventDigest) -> Table:
    statuses = list(EventStatus)
    columns = [Column(_l("Kind"), width=30),
               *(Column(label(status), Kind.NUMBER, width=14) for status in statuses),
               Column(_l("Total"), Kind.NUMBER, width=14)]  # fmt: skip
    rows = [(label(kind), *(digest.by_kind_and_status.get((kind, s), 0) for s in statuses),
             count) for kind, count in digest.by_kind.items()]  # fmt: skip
    total = [_("Total"), *(number_text(digest.by_status.get(s, 0)) for s in statuses),
             number_text(digest.total)]  # fmt: skip
    return Table(columns, rows, caption=_("Events by kind and status"), total=total,
                 empty_text=_("No event yet."))  # fmt: skip


def _progress_table(summary: CampaignSummary) -> Table:
    columns = [Column(_l("Unit"), width=40), Column(_l("Kind"), width=40),
               Column(_l("Progress (%)"), Kind.NUMBER, width=20)]  # fmt: skip
    rows = [(unit.full_name, label(kind), progress.percent)
            for unit, kind, progress in summary.progress]  # fmt: skip
    return Table(columns, rows, caption=_("Progress of the activities by unit and kind"))


def _indicators_table(indicators: list[Reading]) -> Table:
    columns = [Column(_l("Indicator"), width=40), Column(_l("Unit of measure"), width=10),
               Column(_l("Target"), Kind.NUMBER, width=11),
               Column(_l("Result"), Kind.NUMBER, width=11),
               Column(_l("Assessment"), width=16),
               Column(_l("Last year"), Kind.NUMBER, width=12)]  # fmt: skip
    rows = [(r.indicator.name, r.indicator.measure_unit, r.indicator.target_value,
             r.circulated_actual,
             label(r.assessment), r.last_year) for r in indicators]  # fmt: skip
    return Table(columns, rows, caption=_("Indicators"), empty_text=_("No indicator yet."))
