"""An activity's planned against done by unit and measure, and a unit's board (what it committed
to and did, activity by activity), printed and exported."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.activities.models import (
    CURRENT_REPORT_STATUSES,
    Activity,
    ActivityTarget,
    Measure,
    ProgressFigure,
    ProgressReport,
    activity_units,
)
from campaign.activities.queries import DUE_ORDER, overdue
from campaign.campaigns.models import Campaign
from campaign.core.documents import Column, Document, Kind, Sheet, Table
from campaign.core.labels import labeller
from campaign.places.models import AdministrativeUnit
from campaign.reports.letterhead import issued_document
from campaign.reports.report import Report

PROGRESS_COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=7), Column(_l("Unit"), width=30),
    Column(_l("Measure"), width=23), Column(_l("Baseline"), Kind.NUMBER, width=10),
    Column(_l("Target"), Kind.NUMBER, width=10), Column(_l("Achieved"), Kind.NUMBER, width=10),
    Column(_l("Progress (%)"), Kind.NUMBER, width=10),
)  # fmt: skip
BOARD_COLUMNS = (
    Column(_l("No."), Kind.YEAR, width=5), Column(_l("Activity"), width=27),
    Column(_l("Kind"), width=13), Column(_l("Status"), width=10), Column(_l("Overdue"), width=7),
    Column(_l("Due date"), Kind.DATE, width=9), Column(_l("Measure"), width=13),
    Column(_l("Target"), Kind.NUMBER, width=8), Column(_l("Achieved"), Kind.NUMBER, width=8),
)  # fmt: skip


def _done(activity_id, unit_id, measure) -> sa.ScalarSelect:
    """What the reports that count add up to for one activity, unit and measure."""
    return (
        sa.select(sa.func.coalesce(sa.func.sum(ProgressFigure.value), 0))
        .join(ProgressReport, ProgressReport.id == ProgressFigure.report_id)
        .where(ProgressReport.activity_id == activity_id, ProgressReport.unit_id == unit_id,
               ProgressFigure.measure == measure,
               ProgressReport.status.in_(CURRENT_REPORT_STATUSES))
        .scalar_subquery()
    )  # fmt: skip


def _percent(target, done) -> int | None:
    return round(done * 100 / target) if target else None


def activity_progress(activity: Activity, signer: str | None) -> Report:
    """One row per target (unit and measure), in the units' name order and the kind's order of
    measures."""
    in_kind_order = sa.case({m: n for n, m in enumerate(activity.measures)},
                            value=ActivityTarget.measure)  # fmt: skip
    order = (AdministrativeUnit.sort_key, AdministrativeUnit.id, in_kind_order)
    statement = (
        sa.select(sa.func.row_number().over(order_by=order), AdministrativeUnit.full_name,
                  ActivityTarget.measure, ActivityTarget.baseline, ActivityTarget.target,
                  _done(ActivityTarget.activity_id, ActivityTarget.unit_id, ActivityTarget.measure))
        .join(AdministrativeUnit, AdministrativeUnit.id == ActivityTarget.unit_id)
        .where(ActivityTarget.activity_id == activity.id)
        .order_by(*order)
    )  # fmt: skip
    named = labeller()

    def shape(row: Sequence[Any]) -> tuple:
        number, unit, measure, baseline, target, done = row
        return (number, unit, named(Measure(measure)), baseline, target, done,
                _percent(target, done))  # fmt: skip

    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(
            activity.campaign, _("Progress of %(title)s", title=activity.title),
            [Sheet([Table(PROGRESS_COLUMNS, rows)])], code="BC", signer=signer,
            subtitles=[activity.campaign.name],
        )  # fmt: skip

    return Report(
        name="activity-progress", title=_("Progress of the activity"), columns=PROGRESS_COLUMNS,
        statement=statement, shape=shape, document=document,
        filename=f"activity-{activity.id}", entity_type="activity", entity_id=activity.id,
    )  # fmt: skip


def unit_board(unit: AdministrativeUnit, campaign: Campaign | None, signer: str | None,
               today) -> Report:  # fmt: skip
    """One row per activity the unit carries out and measure it has a target for (an activity
    without a target: one row), soonest due first."""
    order = (*DUE_ORDER.by(), ActivityTarget.measure)
    statement = (
        sa.select(sa.func.row_number().over(order_by=order), Activity.title, Activity.kind,
                  Activity.status, overdue(today), Activity.due_date, ActivityTarget.measure,
                  ActivityTarget.target, _done(Activity.id, unit.id, ActivityTarget.measure))
        .join(activity_units, activity_units.c.activity_id == Activity.id)
        .outerjoin(ActivityTarget, sa.and_(ActivityTarget.activity_id == Activity.id,
                                           ActivityTarget.unit_id == unit.id))
        .where(activity_units.c.unit_id == unit.id)
        .order_by(*order)
    )  # fmt: skip
    if campaign is not None:
        statement = statement.where(Activity.campaign_id == campaign.id)
    named = labeller()
    yes = _("Yes")

    def shape(row: Sequence[Any]) -> tuple:
        number, title, kind, status, late, due, measure, target, done = row
        what = named(Measure(measure)) if measure else ""
        return (number, title, named(kind), named(status), yes if late else "", due, what,
                target, done if measure else None)  # fmt: skip

    def document(rows: list[Sequence[Any]]) -> Document:
        return issued_document(
            campaign, _("Activities of %(unit)s", unit=unit.full_name),
            [Sheet([Table(BOARD_COLUMNS, rows)])], signer=signer,
            subtitles=[campaign.name] if campaign else [], landscape=True,
        )  # fmt: skip

    return Report(
        name="unit-board", title=_("Activities of %(unit)s", unit=unit.full_name),
        columns=BOARD_COLUMNS, statement=statement, shape=shape, document=document,
        filename=f"activities-{unit.code}",
        filters={"unit": unit.id, "campaign": campaign.id if campaign else None},
        entity_type="administrative_unit", entity_id=unit.id,
    )  # fmt: skip
