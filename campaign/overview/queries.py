"""The figures of a campaign across every area: the home page's overview and the campaign hub,
each in a fixed number of queries whatever the size of the campaign."""

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.activities.models import Activity, ActivityKind
from campaign.campaigns.models import Campaign
from campaign.campaigns.queries import newest_first
from campaign.core.dates import utcnow
from campaign.events.models import Event, EventKind, EventStatus, Participation, event_units
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme
from campaign.officials.models import OfficialPosition
from campaign.overview.across import (
    EarlierYear,
    OldShare,
    ReformComparison,
    earlier_years,
    reform_comparison,
    shares_now,
)
from campaign.places.lookup import UnitLookup
from campaign.places.models import AdministrativeUnit

RELEVANT_EVENTS = 5
"""Upcoming events, and latest past ones, an overview shows; the rest is the event list's."""
UNITS_SHOWN = 12
"""Units taking part that an overview names; it counts them all."""


@dataclass
class EventDigest:
    """A campaign's events in figures, and the few an overview shows: the launch ceremony, the
    next ones to come, the latest held."""

    total: int = 0
    by_kind: dict[EventKind, int] = field(default_factory=dict)
    by_status: dict[EventStatus, int] = field(default_factory=dict)
    by_kind_and_status: dict[tuple[EventKind, EventStatus], int] = field(default_factory=dict)
    unit_count: int = 0
    """the units that host or take part in one of the events"""
    participations: int = 0
    units: list[tuple[AdministrativeUnit, str]] = field(default_factory=list)
    """the first :data:`UNITS_SHOWN` of them by name, each with its label in the event list's
    unit filter"""
    launch: Event | None = None
    upcoming: list[Event] = field(default_factory=list)
    recent: list[Event] = field(default_factory=list)
    """latest first"""


def _event_ids(campaign_id: int, *conditions, order=(), limit: int) -> sa.Select:
    subquery = (
        sa.select(Event.id)
        .where(Event.campaign_id == campaign_id, *conditions)
        .order_by(*order)
        .limit(limit)
        .subquery()
    )
    return sa.select(subquery.c.id)


def event_digest(campaign: Campaign, now: dt.datetime, officials: bool = False) -> EventDigest:
    """The digest of ``campaign``'s events at ``now``, in three statements whatever their
    number (four with the launch's ``officials``)."""
    digest = EventDigest()
    of_campaign = Event.campaign_id == campaign.id
    units = sa.union(
        sa.select(event_units.c.unit_id)
        .join(Event, Event.id == event_units.c.event_id)
        .where(of_campaign),
        sa.select(Event.host_unit_id).where(of_campaign, Event.host_unit_id.is_not(None)),
    ).subquery()
    unit_count = sa.select(sa.func.count()).select_from(units).scalar_subquery()
    participations = (
        sa.select(sa.func.count(Participation.id))
        .join(Event, Event.id == Participation.event_id)
        .where(of_campaign)
        .scalar_subquery()
    )  # both are 0 without events, when the grouped query has no row
    for kind, status, count, digest.unit_count, digest.participations in db.session.execute(
        sa.select(Event.kind, Event.status, sa.func.count(), unit_count, participations)
        .where(of_campaign)
        .group_by(Event.kind, Event.status)
    ):
        digest.total += count
        digest.by_kind_and_status[kind, status] = count
        digest.by_kind[kind] = digest.by_kind.get(kind, 0) + count
        digest.by_status[status] = digest.by_status.get(status, 0) + count
    digest.by_kind = _in_declared_order(EventKind, digest.by_kind)
    digest.by_status = _in_declared_order(EventStatus, digest.by_status)
    named = UnitLookup(frozenset({campaign.scheme}))
    digest.units = [
        (unit, named.label(unit))
        for unit in db.session.scalars(
            sa.select(AdministrativeUnit)
            .where(AdministrativeUnit.id.in_(sa.select(units.c.unit_id)))
            .options(joinedload(AdministrativeUnit.parent).joinedload(AdministrativeUnit.parent))
            .order_by(AdministrativeUnit.sort_key, AdministrativeUnit.id)
            .limit(UNITS_SHOWN)
        )
    ]
    relevant = sa.union_all(
        _event_ids(campaign.id, Event.kind == EventKind.LAUNCH_CEREMONY,
                   order=(Event.starts_at, Event.id), limit=1),
        _event_ids(campaign.id, Event.starts_at >= now, order=(Event.starts_at, Event.id),
                   limit=RELEVANT_EVENTS),
        _event_ids(campaign.id, Event.starts_at < now,
                   order=(Event.starts_at.desc(), Event.id.desc()), limit=RELEVANT_EVENTS),
    )  # fmt: skip
    statement = sa.select(Event).where(Event.id.in_(relevant)).order_by(Event.starts_at, Event.id)
    if officials:
        statement = statement.options(
            selectinload(Event.participations).joinedload(Participation.official),
            selectinload(Event.participations)
            .joinedload(Participation.official_position)
            .joinedload(OfficialPosition.organization),
        )
    events = db.session.scalars(statement).all()
    digest.launch = next((e for e in events if e.kind == EventKind.LAUNCH_CEREMONY), None)
    digest.upcoming = [e for e in events if e.starts_at >= now][:RELEVANT_EVENTS]
    digest.recent = [e for e in reversed(events) if e.starts_at < now][:RELEVANT_EVENTS]
    return digest


@dataclass
class CampaignOverview:
    campaign: Campaign
    events: EventDigest
    programmes: list[GiftProgramme] = field(default_factory=list)
    activities_by_kind: dict[ActivityKind, int] = field(default_factory=dict)
    earlier: list[EarlierYear] = field(default_factory=list)

    @property
    def gift_quota(self) -> int:
        return sum(programme.quota for programme in self.programmes)

    @property
    def gifts_given(self) -> int:
        return sum(programme.given_count for programme in self.programmes)


def _in_declared_order(enum_class, counts: dict) -> dict:
    """``counts`` keyed by the members of ``enum_class``, in the order the enum declares them."""
    return {member: counts[member] for member in enum_class if member in counts}


def programmes_of(campaign: Campaign) -> list[GiftProgramme]:
    """The campaign's gift programmes with their shares and the shares' units, oldest first."""
    return list(db.session.scalars(
        sa.select(GiftProgramme)
        .where(GiftProgramme.campaign_id == campaign.id)
        .options(selectinload(GiftProgramme.allocations).joinedload(GiftAllocation.unit))
        .order_by(GiftProgramme.id)
    ))  # fmt: skip


def campaign_overview(campaign: Campaign) -> CampaignOverview:
    """The home page's campaign: its events in figures with the launch and its officials, gift
    programmes and activities, in a fixed number of queries whatever the size of the campaign."""
    programmes = programmes_of(campaign)
    kinds = db.session.execute(
        sa.select(Activity.kind, sa.func.count())
        .where(Activity.campaign_id == campaign.id)
        .group_by(Activity.kind)
    ).all()
    return CampaignOverview(
        campaign=campaign,
        events=event_digest(campaign, utcnow(), officials=True),
        programmes=programmes,
        activities_by_kind=_in_declared_order(ActivityKind, dict(kinds)),
        earlier=earlier_years(campaign),
    )


@dataclass
class Figures:
    """What a campaign (or a part of the tree) counts: events, gifts, activities."""

    events: int = 0
    gift_quota: int = 0
    gifts_given: int = 0
    activities: int = 0

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.events + other.events,
            self.gift_quota + other.gift_quota,
            self.gifts_given + other.gifts_given,
            self.activities + other.activities,
        )


@dataclass
class ChildRow:
    campaign: Campaign
    figures: Figures
    """the child's own figures and those of every campaign below it"""


@dataclass
class CampaignHub:
    campaign: Campaign
    events: EventDigest
    programmes: list[GiftProgramme]
    activities: list[Activity]
    own: Figures
    children: list[ChildRow]
    earlier: list[EarlierYear] = field(default_factory=list)
    comparison: ReformComparison | None = None
    """new map: an old-map campaign's shares beside those of the communes that took them over"""
    shares_now: list[OldShare] = field(default_factory=list)
    """old map: each share with the units of the new map that took it over"""

    @property
    def total(self) -> Figures:
        """The campaign's own figures and those of the whole tree below it."""
        return sum((child.figures for child in self.children), self.own)


def _branches(campaign_id: int):
    """(id, branch) for the campaign (its own branch) and every campaign below it, where
    ``branch`` is the direct child it falls under."""
    tree = (
        sa.select(Campaign.id.label("id"), Campaign.id.label("branch"))
        .where(sa.or_(Campaign.id == campaign_id, Campaign.parent_id == campaign_id))
        .cte("branches", recursive=True)
    )
    return tree.union(
        sa.select(Campaign.id, tree.c.branch).where(
            Campaign.parent_id == tree.c.id, tree.c.id != campaign_id
        )
    )


def _figures_by_branch(campaign_id: int) -> dict[int, Figures]:
    """Events, gifts and activities summed per branch of the tree: three grouped queries."""
    tree = _branches(campaign_id)
    figures: dict[int, Figures] = {}

    def branch(branch_id: int) -> Figures:
        return figures.setdefault(branch_id, Figures())

    events = sa.select(tree.c.branch, sa.func.count(Event.id)).join(
        Event, Event.campaign_id == tree.c.id
    )
    for branch_id, count in db.session.execute(events.group_by(tree.c.branch)):
        branch(branch_id).events = count
    gifts = sa.select(
        tree.c.branch, sa.func.sum(GiftProgramme.quota), sa.func.sum(GiftProgramme.given_count)
    ).join(GiftProgramme, GiftProgramme.campaign_id == tree.c.id)
    for branch_id, quota, given in db.session.execute(gifts.group_by(tree.c.branch)):
        branch(branch_id).gift_quota, branch(branch_id).gifts_given = quota or 0, given or 0
    activities = sa.select(tree.c.branch, sa.func.count(Activity.id)).join(
        Activity, Activity.campaign_id == tree.c.id
    )
    for branch_id, count in db.session.execute(activities.group_by(tree.c.branch)):
        branch(branch_id).activities = count
    return figures


def campaign_hub(campaign: Campaign) -> CampaignHub:
    """Everything the campaign's page shows, in a fixed number of queries whatever the size of
    the tree below it, with what the same area did across the reform."""
    programmes = db.session.scalars(
        sa.select(GiftProgramme)
        .where(GiftProgramme.campaign_id == campaign.id)
        .order_by(GiftProgramme.id)
    ).all()
    activities = db.session.scalars(
        sa.select(Activity)
        .where(Activity.campaign_id == campaign.id)
        .order_by(Activity.planned_start.is_(None), Activity.planned_start, Activity.id)
    ).all()
    children = db.session.scalars(
        sa.select(Campaign)
        .where(Campaign.parent_id == campaign.id)
        .options(joinedload(Campaign.unit))
    ).all()
    figures = _figures_by_branch(campaign.id)
    earlier = earlier_years(campaign)
    return CampaignHub(
        campaign=campaign,
        events=event_digest(campaign, utcnow()),
        programmes=list(programmes),
        activities=list(activities),
        own=figures.get(campaign.id, Figures()),
        children=[
            ChildRow(child, figures.get(child.id, Figures()))
            for child in sorted(children, key=newest_first)
        ],
        earlier=earlier,
        comparison=reform_comparison(campaign, earlier),
        shares_now=shares_now(campaign),
    )
