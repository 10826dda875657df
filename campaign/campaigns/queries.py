"""Read side of campaigns: one campaign, which one is current, the tree of them. What a campaign
holds of other areas (events, gifts, activities) is read by ``campaign.overview``."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.campaigns.models import Campaign
from campaign.extensions import db

CAMPAIGN_PAGE_OPTIONS = (
    joinedload(Campaign.unit),
    joinedload(Campaign.lead_organization),
    joinedload(Campaign.standing_organization),
    selectinload(Campaign.indicators),
)
"""What a page about one campaign shows of it besides its own columns."""


def campaign_by_id(campaign_id: int) -> Campaign | None:
    """One campaign with its unit, bodies and indicators loaded; None when it does not exist."""
    return db.session.scalars(
        sa.select(Campaign)
        .where(Campaign.id == campaign_id)
        .options(*CAMPAIGN_PAGE_OPTIONS, joinedload(Campaign.parent))
    ).first()


def current_campaign(today: dt.date) -> Campaign | None:
    """The campaign running today, else the one that started last; the higher level first."""
    running = Campaign.start_date <= today
    return db.session.scalars(
        sa.select(Campaign)
        .options(*CAMPAIGN_PAGE_OPTIONS)
        .order_by(
            sa.case((sa.and_(running, Campaign.end_date >= today), 0), else_=1),
            sa.case((running, 0), else_=1),
            Campaign.start_date.desc(),
            Campaign.parent_id.is_not(None),
            Campaign.id,
        )
        .limit(1)
    ).first()


def campaign_unit_ids() -> set[int]:
    """The units that run a campaign: the pickers of the campaign's areas list them first."""
    return set(db.session.scalars(running_units()))


def running_units() -> sa.Select:
    """The ids of the units that run a campaign, as a subquery: the area a picker of campaign
    units is bounded by (``places.choices.unit_choices(area=...)``), on either map."""
    return sa.select(Campaign.unit_id)


def descendant_ids(campaign_id: int) -> set[int]:
    """The ids of every campaign below ``campaign_id`` in the tree, in one query."""
    below = (
        sa.select(Campaign.id).where(Campaign.parent_id == campaign_id).cte("below", recursive=True)
    )
    below = below.union(sa.select(Campaign.id).where(Campaign.parent_id == below.c.id))
    return set(db.session.scalars(sa.select(below.c.id)))


@dataclass
class TreeRow:
    campaign: Campaign
    depth: int
    parent: Campaign | None = None


def newest_first(campaign: Campaign) -> tuple:
    """Newest start first, then by the unit's name."""
    return (-campaign.start_date.toordinal(), campaign.unit.sort_key, campaign.id)


def campaign_tree() -> list[TreeRow]:
    """Every campaign, newest first, each followed by the campaigns under it (one query)."""
    campaigns = db.session.scalars(
        sa.select(Campaign).options(
            joinedload(Campaign.unit), joinedload(Campaign.lead_organization)
        )
    ).all()
    known = {campaign.id for campaign in campaigns}
    below: dict[int | None, list[Campaign]] = {}
    for campaign in sorted(campaigns, key=newest_first):
        parent_id = campaign.parent_id if campaign.parent_id in known else None
        below.setdefault(parent_id, []).append(campaign)
    rows: list[TreeRow] = []
    seen: set[int] = set()

    def walk(parent: Campaign | None, depth: int) -> None:
        for campaign in below.get(parent.id if parent else None, []):
            if campaign.id not in seen:
                seen.add(campaign.id)
                rows.append(TreeRow(campaign, depth, parent))
                walk(campaign, depth + 1)

    walk(None, 0)
    for campaign in sorted(campaigns, key=newest_first):  # a cycle has no root: still list it
        if campaign.id not in seen:
            seen.add(campaign.id)
            rows.append(TreeRow(campaign, 0))
    return rows
