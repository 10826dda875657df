"""Across the reform of 1 July 2025: what the same area did in earlier years, and an old
district's gift share beside those of the communes and wards that took it over. Units of the two
maps are related through the succession table (``places.queries.successions_of``); each function
runs a fixed number of aggregate queries whatever the number of rows."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from campaign.campaigns.models import Campaign
from campaign.events.models import Event
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Nomination, NominationStatus
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme, UnitSuccession
from campaign.places.queries import successions_of

EARLIER_YEARS_SHOWN = 10
"""The most recent earlier campaigns a page lists."""


@dataclass
class EarlierYear:
    """A campaign of an earlier year in the same area, with its own key figures."""

    campaign: Campaign
    events: int
    gift_quota: int
    gifts_given: int
    women_nominated: int


def earlier_area(unit_id: int) -> sa.Select:
    """The ids of ``unit_id``, of the old units it took over and of the districts those old
    communes lay in: the units whose campaigns are this unit's earlier years."""
    old = aliased(AdministrativeUnit)
    return sa.union(
        sa.select(sa.literal(unit_id)),
        sa.select(UnitSuccession.old_unit_id).where(UnitSuccession.new_unit_id == unit_id),
        sa.select(old.parent_id)
        .join(UnitSuccession, UnitSuccession.old_unit_id == old.id)
        .where(UnitSuccession.new_unit_id == unit_id, old.level == UnitLevel.COMMUNE),
    )


def _own(column, campaign_column):
    """A scalar subquery: ``column`` over the rows of the outer query's campaign."""
    return sa.select(column).where(campaign_column == Campaign.id).scalar_subquery()


def earlier_years(campaign: Campaign) -> list[EarlierYear]:
    """The campaigns of earlier years whose unit is this campaign's or one it took over (old
    Hà Nội for new Hà Nội), most recent first, with their own figures: one query."""
    nominated = (
        sa.select(sa.func.count(sa.distinct(Nomination.beneficiary_id)))
        .join(GiftProgramme, Nomination.programme_id == GiftProgramme.id)
        .where(
            GiftProgramme.campaign_id == Campaign.id,
            Nomination.status != NominationStatus.REJECTED,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(
            Campaign,
            _own(sa.func.count(Event.id), Event.campaign_id),
            _own(sa.func.coalesce(sa.func.sum(GiftProgramme.quota), 0), GiftProgramme.campaign_id),
            _own(sa.func.coalesce(sa.func.sum(GiftProgramme.given_count), 0),
                 GiftProgramme.campaign_id),
            nominated,
        )
        .where(Campaign.unit_id.in_(earlier_area(campaign.unit_id)), Campaign.year < campaign.year)
        .options(joinedload(Campaign.unit))
        .order_by(Campaign.year.desc(), Campaign.start_date.desc(), Campaign.parent_id.is_not(None),
                  Campaign.id)
        .limit(EARLIER_YEARS_SHOWN)
    ).all()  # fmt: skip
    return [EarlierYear(*row) for row in rows]


@dataclass
class SuccessorShare:
    """A unit of the new map that took over (part of) an old one, and its share now."""

    unit: AdministrativeUnit
    quota: int = 0
    given: int = 0
    also_under: bool = False
    """it took over parts of several of the old units listed, and is counted under each"""


@dataclass
class OldShare:
    """An old unit's share in an earlier campaign beside the shares of its successors."""

    unit: AdministrativeUnit
    quota: int
    given: int
    successor_quota: int = 0
    successor_given: int = 0
    successors: list[SuccessorShare] = field(default_factory=list)


@dataclass
class ReformComparison:
    """The shares of an old-map campaign of this area beside this campaign's shares."""

    earlier: Campaign
    rows: list[OldShare]

    @property
    def shared_successors(self) -> bool:
        return any(s.also_under for row in self.rows for s in row.successors)


def _shares(campaign_id: int, name: str):
    """Per unit, the quota and gifts given of a campaign's shares summed over its programmes."""
    return (
        sa.select(
            GiftAllocation.unit_id.label("unit_id"),
            sa.func.sum(GiftAllocation.quota).label("quota"),
            sa.func.sum(GiftAllocation.given_count).label("given"),
        )
        .join(GiftProgramme, GiftAllocation.programme_id == GiftProgramme.id)
        .where(GiftProgramme.campaign_id == campaign_id)
        .group_by(GiftAllocation.unit_id)
        .subquery(name)
    )


def _old_shares(earlier_id: int, pairs, shares_now=None) -> dict[int, OldShare]:
    """The earlier campaign's shares by unit, with the sums of their successors' shares now
    when ``shares_now`` is given: one query."""
    old = _shares(earlier_id, "old_shares")
    columns = [AdministrativeUnit, old.c.quota, old.c.given]
    statement = sa.select(*columns).join(old, old.c.unit_id == AdministrativeUnit.id)
    if shares_now is not None:
        statement = (
            statement.add_columns(sa.func.sum(shares_now.c.quota), sa.func.sum(shares_now.c.given))
            .outerjoin(pairs, pairs.c.old_id == old.c.unit_id)
            .outerjoin(shares_now, shares_now.c.unit_id == pairs.c.new_id)
            .group_by(AdministrativeUnit.id, old.c.quota, old.c.given)
        )
    return {
        unit.id: OldShare(unit, quota, given, *(value or 0 for value in sums))
        for unit, quota, given, *sums in db.session.execute(
            statement.order_by(AdministrativeUnit.sort_key, AdministrativeUnit.id)
        )
    }


def _attach_successors(rows: dict[int, OldShare], pairs, shares_now=None) -> None:
    """List under each old share the new units that took it over (those with a share now, when
    ``shares_now`` is given), marking those listed under several: one query."""
    new = aliased(AdministrativeUnit)
    statement = sa.select(pairs.c.old_id, new).join(new, new.id == pairs.c.new_id)
    if shares_now is not None:
        statement = statement.add_columns(shares_now.c.quota, shares_now.c.given).join(
            shares_now, shares_now.c.unit_id == pairs.c.new_id
        )
    listed: dict[int, list[SuccessorShare]] = {}
    for old_id, unit, *figures in db.session.execute(statement.order_by(new.sort_key, new.id)):
        share = SuccessorShare(unit, *figures)
        rows[old_id].successors.append(share)
        listed.setdefault(unit.id, []).append(share)
    for shares in listed.values():
        for share in shares:
            share.also_under = len(shares) > 1


def reform_comparison(campaign: Campaign, earlier: list[EarlierYear]) -> ReformComparison | None:
    """For a new-map campaign: the shares of the most recent old-map campaign of ``earlier``
    that had gifts, each old unit beside the communes and wards that took it over and their
    shares in this campaign (three queries); None when there is nothing to compare."""
    if campaign.scheme != UnitScheme.POST_2025:
        return None
    before = next(
        (row.campaign for row in earlier
         if row.campaign.scheme == UnitScheme.PRE_2025 and row.gift_quota),
        None,
    )  # fmt: skip
    if before is None:
        return None
    old_units = sa.select(_shares(before.id, "old_units").c.unit_id)
    pairs = successions_of(old_units).subquery("pairs")
    shares_now = _shares(campaign.id, "shares_now")
    rows = _old_shares(before.id, pairs, shares_now)
    _attach_successors(rows, pairs, shares_now)
    return ReformComparison(before, list(rows.values()))


def shares_now(campaign: Campaign) -> list[OldShare]:
    """For an old-map campaign: its shares by unit, each with the units of the new map that
    took it over (two queries); empty on the new map."""
    if campaign.scheme != UnitScheme.PRE_2025:
        return []
    pairs = successions_of(sa.select(_shares(campaign.id, "units").c.unit_id)).subquery("pairs")
    rows = _old_shares(campaign.id, pairs)
    _attach_successors(rows, pairs)
    return list(rows.values())
