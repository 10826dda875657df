"""Read side of activities: the filtered list, planned against actual by unit and measure, the
board of one unit, a report's history, and the roll-up of a campaign's sub-campaigns. Each is a
fixed number of aggregate queries whatever the number of activities and reports."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.activities.models import (
    CURRENT_REPORT_STATUSES,
    MEASURES_OF_KIND,
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    ActivityStatus,
    ActivityTarget,
    Measure,
    ProgressFigure,
    ProgressReport,
    ReportStatus,
    activity_units,
)
from campaign.campaigns.models import Campaign
from campaign.core.pagination import KeysetPage, Order, keyset_page
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit

DUE_ORDER = Order((Activity.due_date, Activity.id))
"""The list's order, soonest due first: served by ``ix_activities_due_order`` (and by
``ix_activities_campaign_due_order`` within a campaign)."""


@dataclass(frozen=True)
class ActivityFilter:
    kind: ActivityKind | None = None
    status: ActivityStatus | None = None
    unit_id: int | None = None
    overdue: bool = False
    campaign_id: int | None = None


def overdue(today: dt.date) -> sa.ColumnElement[bool]:
    """Past its due date and neither done nor cancelled, in SQL (``Activity.overdue_on``)."""
    return sa.and_(Activity.status.in_(OPEN_STATUSES), Activity.due_date < today)


def matching(statement: sa.Select, criteria: ActivityFilter, today: dt.date) -> sa.Select:
    """``statement`` (which reads ``Activity``) limited as the list is by ``criteria``."""
    if criteria.kind:
        statement = statement.where(Activity.kind == criteria.kind)
    if criteria.status:
        statement = statement.where(Activity.status == criteria.status)
    if criteria.campaign_id:
        statement = statement.where(Activity.campaign_id == criteria.campaign_id)
    if criteria.unit_id:
        statement = statement.where(
            Activity.id.in_(
                sa.select(activity_units.c.activity_id).where(
                    activity_units.c.unit_id == criteria.unit_id
                )
            )
        )
    if criteria.overdue:
        statement = statement.where(overdue(today))
    return statement


def activity_page(criteria: ActivityFilter, args, today: dt.date) -> KeysetPage:
    statement = matching(
        sa.select(Activity).options(joinedload(Activity.campaign),
                                    joinedload(Activity.lead_organization)),
        criteria, today,
    )  # fmt: skip
    return keyset_page(
        db.session, statement, DUE_ORDER, key=lambda a: (a.due_date, a.id), args=args
    )


# --- Planned against actual -------------------------------------------------------------------


@dataclass
class Tally:
    """Planned and done for one measure."""

    target: int = 0
    actual: int = 0
    baseline: int | None = None
    women: int = 0

    @property
    def share(self) -> float | None:
        """Done over planned (1.0 is met), None without a target."""
        return self.actual / self.target if self.target else None


@dataclass
class Progress:
    """Planned against actual by measure, for one unit or a total."""

    tallies: dict[Measure, Tally] = field(default_factory=dict)

    def tally(self, measure: Measure) -> Tally:
        return self.tallies.setdefault(measure, Tally())

    @property
    def share(self) -> float | None:
        """The furthest-behind targeted measure's share: done only when every target is met."""
        shares = [t.share for t in self.tallies.values() if t.share is not None]
        return min(shares) if shares else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    def add(self, other: "Progress") -> None:
        for measure, tally in other.tallies.items():
            mine = self.tally(measure)
            mine.target += tally.target
            mine.actual += tally.actual
            mine.women += tally.women
            if tally.baseline is not None:
                mine.baseline = (mine.baseline or 0) + tally.baseline


@dataclass
class ActivityProgress:
    """An activity's progress by unit and in total."""

    by_unit: dict[int, Progress] = field(default_factory=dict)
    pending: int = 0  # reports waiting for review

    @property
    def total(self) -> Progress:
        total = Progress()
        for progress in self.by_unit.values():
            total.add(progress)
        return total


def current_figures() -> sa.Select:
    """(activity, unit, measure, done, of whom women) summed over the reports that count."""
    return (
        sa.select(
            ProgressReport.activity_id, ProgressReport.unit_id, ProgressFigure.measure,
            sa.func.sum(ProgressFigure.value),
            sa.func.coalesce(sa.func.sum(ProgressFigure.women), 0),
        )
        .join(ProgressFigure, ProgressFigure.report_id == ProgressReport.id)
        .where(ProgressReport.status.in_(CURRENT_REPORT_STATUSES))
        .group_by(ProgressReport.activity_id, ProgressReport.unit_id, ProgressFigure.measure)
    )  # fmt: skip


def progress_of(activity_ids: Iterable[int]) -> dict[int, ActivityProgress]:
    """Each activity's targets and current figures by unit: three queries for any number."""
    ids = list(activity_ids)
    found = {activity_id: ActivityProgress() for activity_id in ids}
    if not ids:
        return found
    targets = db.session.execute(
        sa.select(ActivityTarget.activity_id, ActivityTarget.unit_id, ActivityTarget.measure,
                  ActivityTarget.target, ActivityTarget.baseline)
        .where(ActivityTarget.activity_id.in_(ids))
    )  # fmt: skip
    for activity_id, unit_id, measure, target, baseline in targets:
        tally = found[activity_id].by_unit.setdefault(unit_id, Progress()).tally(measure)
        tally.target, tally.baseline = target, baseline
    for activity_id, unit_id, measure, done, women in db.session.execute(
        current_figures().where(ProgressReport.activity_id.in_(ids))
    ):
        tally = found[activity_id].by_unit.setdefault(unit_id, Progress()).tally(measure)
        tally.actual, tally.women = done, women
    pending = db.session.execute(
        sa.select(ProgressReport.activity_id, sa.func.count())
        .where(ProgressReport.activity_id.in_(ids),
               ProgressReport.status == ReportStatus.SUBMITTED)
        .group_by(ProgressReport.activity_id)
    )  # fmt: skip
    for activity_id, count in pending:
        found[activity_id].pending = count
    return found


def activity_with_everything(activity_id: int) -> Activity | None:
    """One activity with its campaign, units, targets and events loaded."""
    return db.session.scalars(
        sa.select(Activity)
        .where(Activity.id == activity_id)
        .options(
            joinedload(Activity.campaign).joinedload(Campaign.unit),
            joinedload(Activity.lead_organization),
            selectinload(Activity.units), selectinload(Activity.events),
            selectinload(Activity.targets),
        )
    ).first()  # fmt: skip


def reports_of(activity: Activity, unit_ids: set[int] | None = None) -> list[ProgressReport]:
    """The activity's reports, every version, newest first within each unit (an activity has
    one report per session at most: dozens, not thousands)."""
    statement = (
        sa.select(ProgressReport)
        .where(ProgressReport.activity_id == activity.id)
        .options(selectinload(ProgressReport.figures), joinedload(ProgressReport.unit),
                 joinedload(ProgressReport.reported_by), joinedload(ProgressReport.reviewed_by),
                 joinedload(ProgressReport.event))
        .order_by(ProgressReport.done_on.desc(), ProgressReport.id.desc())
    )  # fmt: skip
    if unit_ids is not None:
        statement = statement.where(ProgressReport.unit_id.in_(unit_ids))
    return list(db.session.scalars(statement))


# --- One unit's board ---------------------------------------------------------------------------


def board_page(unit: AdministrativeUnit, campaign_id: int | None, args) -> KeysetPage:
    """The activities ``unit`` carries out (of one campaign, or of all), soonest due first."""
    statement = (
        sa.select(Activity)
        .join(activity_units, activity_units.c.activity_id == Activity.id)
        .where(activity_units.c.unit_id == unit.id)
        .options(joinedload(Activity.campaign))
    )
    if campaign_id:
        statement = statement.where(Activity.campaign_id == campaign_id)
    return keyset_page(
        db.session, statement, DUE_ORDER, key=lambda a: (a.due_date, a.id), args=args
    )


# --- Sums along the campaign tree ---------------------------------------------------------------


@dataclass
class RollUp:
    """What a campaign and each campaign directly under it (with everything under that) planned
    and did, by kind and measure."""

    own: dict[tuple[ActivityKind, Measure], Tally] = field(default_factory=dict)
    branches: dict[int, dict[tuple[ActivityKind, Measure], Tally]] = field(default_factory=dict)
    branch_campaigns: dict[int, Campaign] = field(default_factory=dict)


def _branches(campaign_id: int) -> sa.CTE:
    """Each campaign under ``campaign_id`` with the child of it whose branch it is in."""
    children = (
        sa.select(Campaign.id.label("id"), Campaign.id.label("branch"))
        .where(Campaign.parent_id == campaign_id)
        .cte("branches", recursive=True)
    )
    return children.union_all(
        sa.select(Campaign.id, children.c.branch).where(Campaign.parent_id == children.c.id)
    )


def roll_up(campaign: Campaign) -> RollUp:
    """The campaign's own activities and each branch's under it, summed by kind and measure:
    four queries whatever the size of the tree."""
    branches = _branches(campaign.id)
    rolled = RollUp()
    place = sa.case((Activity.campaign_id == campaign.id, sa.literal(0)), else_=branches.c.branch)
    scope = sa.or_(Activity.campaign_id == campaign.id, branches.c.id.is_not(None))

    def summed(statement: sa.Select) -> sa.Select:
        return (
            statement.add_columns(place.label("place"), Activity.kind)
            .outerjoin(branches, branches.c.id == Activity.campaign_id)
            .where(scope)
        )

    targets = summed(
        sa.select(ActivityTarget.measure, sa.func.sum(ActivityTarget.target))
        .join(Activity, Activity.id == ActivityTarget.activity_id)
    ).group_by(ActivityTarget.measure, place, Activity.kind)  # fmt: skip
    for measure, target, where, kind in db.session.execute(targets):
        _tally(rolled, where, kind, measure).target = target
    figures = summed(
        sa.select(ProgressFigure.measure, sa.func.sum(ProgressFigure.value))
        .join(ProgressReport, ProgressReport.id == ProgressFigure.report_id)
        .join(Activity, Activity.id == ProgressReport.activity_id)
        .where(ProgressReport.status.in_(CURRENT_REPORT_STATUSES))
    ).group_by(ProgressFigure.measure, place, Activity.kind)  # fmt: skip
    for measure, done, where, kind in db.session.execute(figures):
        _tally(rolled, where, kind, measure).actual = done
    if rolled.branches:
        rolled.branch_campaigns = {
            child.id: child
            for child in db.session.scalars(
                sa.select(Campaign).where(Campaign.id.in_(list(rolled.branches)))
                .options(joinedload(Campaign.unit))
            )
        }  # fmt: skip
    return rolled


def _tally(rolled: RollUp, where: int, kind: ActivityKind, measure: Measure) -> Tally:
    sums = rolled.own if not where else rolled.branches.setdefault(where, {})
    return sums.setdefault((kind, measure), Tally())


def kind_measures() -> list[tuple[ActivityKind, Measure]]:
    """Every (kind, measure) pair in the order tables list them."""
    return [(kind, measure) for kind, measures in MEASURES_OF_KIND.items() for measure in measures]


def progress_by_unit_and_kind(campaign: Campaign) -> dict[tuple[int, ActivityKind], Progress]:
    """Planned against actual of the campaign's own activities, by target unit and kind: what
    the summary report and the dashboard chart (two queries)."""
    found: dict[tuple[int, ActivityKind], Progress] = defaultdict(Progress)
    targets = db.session.execute(
        sa.select(ActivityTarget.unit_id, Activity.kind, ActivityTarget.measure,
                  sa.func.sum(ActivityTarget.target))
        .join(Activity, Activity.id == ActivityTarget.activity_id)
        .where(Activity.campaign_id == campaign.id)
        .group_by(ActivityTarget.unit_id, Activity.kind, ActivityTarget.measure)
    )  # fmt: skip
    for unit_id, kind, measure, target in targets:
        found[unit_id, kind].tally(measure).target = target
    figures = db.session.execute(
        sa.select(ProgressReport.unit_id, Activity.kind, ProgressFigure.measure,
                  sa.func.sum(ProgressFigure.value))
        .join(ProgressReport, ProgressReport.id == ProgressFigure.report_id)
        .join(Activity, Activity.id == ProgressReport.activity_id)
        .where(Activity.campaign_id == campaign.id,
               ProgressReport.status.in_(CURRENT_REPORT_STATUSES))
        .group_by(ProgressReport.unit_id, Activity.kind, ProgressFigure.measure)
    )  # fmt: skip
    for unit_id, kind, measure, done in figures:
        found[unit_id, kind].tally(measure).actual = done
    return dict(found)
