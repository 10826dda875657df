"""The figures of a campaign across every area: the home page's overview and the campaign hub,
each in a fixed number of queries whatever the size of the campaign."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.activities.models import Activity, ActivityKind
from campaign.campaigns.models import Campaign
from campaign.campaigns.queries import newest_first
from campaign.events.models import Event, EventKind, Participation
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
from campaign.places.models import AdministrativeUnit


@dataclass
class CampaignOverview:
    campaign: Campaign
    events: list[Event]
    districts: list[AdministrativeUnit] = field(default_factory=list)
    programmes: list[GiftProgramme] = field(default_factory=list)
    activities_by_kind: dict[ActivityKind, int] = field(default_factory=dict)
    earlier: list[EarlierYear] = field(default_factory=list)

    @property
    def launch(self) -> Event | None:
        return next((e for e in self.events if e.kind == EventKind.LAUNCH_CEREMONY), None)

    @property
    def gift_quota(self) -> int:
        return sum(programme.quota for programme in self.programmes)

    @property
    def gifts_given(self) -> int:
        return sum(programme.given_count for programme in self.programmes)


def _in_declared_order(enum_class, counts: dict) -> dict:
    """``counts`` keyed by the members of ``enum_class``, in the order the enum declares them."""
    return {member: counts[member] for member in enum_class if member in counts}


def campaign_overview(campaign: Campaign) -> CampaignOverview:
    """Events, districts, gift programmes and activities of one campaign, in a few queries."""
    events = db.session.scalars(
        sa.select(Event)
        .where(Event.campaign_id == campaign.id)
        .options(
            selectinload(Event.units),
            joinedload(Event.host_unit),
            selectinload(Event.participations).joinedload(Participation.official),
            selectinload(Event.participations)
            .joinedload(Participation.official_position)
            .joinedload(OfficialPosition.organization),
        )
        .order_by(Event.starts_at, Event.id)
    ).all()
    programmes = db.session.scalars(
        sa.select(GiftProgramme)
        .where(GiftProgramme.campaign_id == campaign.id)
        .options(selectinload(GiftProgramme.allocations).joinedload(GiftAllocation.unit))
        .order_by(GiftProgramme.id)
    ).all()
    kinds = db.session.execute(
        sa.select(Activity.kind, sa.func.count())
        .where(Activity.campaign_id == campaign.id)
        .group_by(Activity.kind)
    ).all()
    districts = {unit.id: unit for event in events for unit in event.units}
    return CampaignOverview(
        campaign=campaign,
        events=list(events),
        districts=sorted(districts.values(), key=lambda unit: unit.sort_key),
        programmes=list(programmes),
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
    events: list[Event]
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
    events = db.session.scalars(
        sa.select(Event).where(Event.campaign_id == campaign.id).order_by(Event.starts_at, Event.id)
    ).all()
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
        events=list(events),
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
