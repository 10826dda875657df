"""Read side of campaigns: which one is current, and its figures at a glance."""

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.activities.models import Activity, ActivityKind
from campaign.campaigns.models import Campaign
from campaign.events.models import Event, EventKind, Participation
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme
from campaign.officials.models import OfficialPosition
from campaign.places.models import AdministrativeUnit


def current_campaign(today: dt.date) -> Campaign | None:
    """The campaign running today, else the one that started last; the higher level first."""
    running = Campaign.start_date <= today
    return db.session.scalars(
        sa.select(Campaign)
        .options(
            joinedload(Campaign.unit),
            joinedload(Campaign.lead_organization),
            joinedload(Campaign.standing_organization),
            selectinload(Campaign.indicators),
        )
        .order_by(
            sa.case((sa.and_(running, Campaign.end_date >= today), 0), else_=1),
            sa.case((running, 0), else_=1),
            Campaign.start_date.desc(),
            Campaign.parent_id.is_not(None),
            Campaign.id,
        )
        .limit(1)
    ).first()


@dataclass
class CampaignOverview:
    campaign: Campaign
    events: list[Event]
    districts: list[AdministrativeUnit] = field(default_factory=list)
    programmes: list[GiftProgramme] = field(default_factory=list)
    activities_by_kind: dict[ActivityKind, int] = field(default_factory=dict)

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
    )
