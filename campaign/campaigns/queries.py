"""Read side of campaigns: one campaign, which one is current, the tree of them. What a campaign
holds of other areas (events, gifts, activities) is read by ``campaign.overview``."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from campaign.campaigns.models import Campaign
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit

CAMPAIGN_PAGE_OPTIONS = (
    joinedload(Campaign.unit),
    joinedload(Campaign.lead_organization),
    joinedload(Campaign.standing_organization),
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
    """Newest start first, then by the unit's name (the order of :func:`tree_paths`)."""
    return (-campaign.start_date.toordinal(), campaign.unit.sort_key, campaign.id)


def _segment(campaign, unit) -> sa.ColumnElement[str]:
    """A campaign's step in a tree path: the start date inverted (8 digits, so the newest
    sorts first), the unit's sort key, the id; each step ends with a space, which sorts before
    every character of a key, so a campaign comes before those under it."""
    day = campaign.start_date
    newest = 99_999_999 - (
        sa.extract("year", day) * 10_000 + sa.extract("month", day) * 100 + sa.extract("day", day)
    )
    return (
        sa.cast(sa.cast(newest, sa.Integer), sa.String) + unit.sort_key + " "
        + sa.cast(campaign.id, sa.String) + " "
    )  # fmt: skip


def tree_paths() -> sa.CTE:
    """Every campaign's ``id``, ``depth`` and ``path`` in one recursive query: ordered by path
    (byte by byte, as sort keys compare), the tree reads newest first, each campaign followed by
    the campaigns under it. ``services`` refuses a cycle, so every campaign has a root."""
    root = (
        sa.select(Campaign.id, sa.literal_column("0").label("depth"),
                  _segment(Campaign, AdministrativeUnit).label("path"))
        .join(AdministrativeUnit, AdministrativeUnit.id == Campaign.unit_id)
        .where(Campaign.parent_id.is_(None))
        .cte("campaign_tree", recursive=True)
    )  # fmt: skip
    child, unit = aliased(Campaign), aliased(AdministrativeUnit)
    return root.union_all(
        sa.select(child.id, root.c.depth + 1, root.c.path + _segment(child, unit))
        .join(unit, unit.id == child.unit_id)
        .join(root, child.parent_id == root.c.id)
    )  # fmt: skip


def campaign_tree() -> list[TreeRow]:
    """Every campaign, newest first, each followed by the campaigns under it (one query)."""
    tree = tree_paths()
    found = db.session.execute(
        sa.select(Campaign, tree.c.depth)
        .join(tree, tree.c.id == Campaign.id)
        .options(joinedload(Campaign.unit), joinedload(Campaign.lead_organization))
        .order_by(tree.c.path)
    ).all()
    by_id = {campaign.id: campaign for campaign, _depth in found}
    return [TreeRow(campaign, depth, by_id.get(campaign.parent_id)) for campaign, depth in found]
