"""Campaign rules: the period, the place in the tree across levels, one name per unit, and the
closed state that makes a campaign read-only. Every change is audited."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError

from campaign.audit.services import Actor, changes, record
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.campaigns.queries import descendant_ids
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.places.maps import ensure_on_map, scheme_for, words
from campaign.places.models import AdministrativeUnit, Organization
from campaign.places.queries import within


@dataclass
class CampaignDetails:
    """What the campaign form says, with the records it names already loaded."""

    name: str
    year: int
    start_date: dt.date
    end_date: dt.date
    unit: AdministrativeUnit
    parent: Campaign | None = None
    lead_organization: Organization | None = None
    standing_organization: Organization | None = None
    theme: str | None = None
    description: str | None = None
    plan_references: str | None = None


HOLDINGS: list[tuple[sa.ColumnElement, Callable[[int], str]]] = []
"""What higher areas hold of a campaign on its map (events, gift programmes, activities): the
column that names the campaign, and how to say a number of them ("2 events"). ``create_app``
registers them."""


def count_holdings_with(campaign_column: sa.ColumnElement, say: Callable[[int], str]) -> None:
    """Register a higher area's records of a campaign: their ``campaign_id`` column, and
    ``say(count)``, the words for ``count`` of them."""
    if not any(column is campaign_column for column, _say in HOLDINGS):  # create_app runs often
        HOLDINGS.append((campaign_column, say))


def holdings(campaign: Campaign) -> list[str]:
    """What the campaign holds that is tied to its map, in words: its sub-campaigns and every
    registered area's records, one query each."""
    counted = [(Campaign.parent_id, _sub_campaigns), *HOLDINGS]
    held = []
    for column, say in counted:
        count = db.session.scalar(sa.select(sa.func.count()).where(column == campaign.id))
        if count:
            held.append(say(count))
    return held


def _sub_campaigns(count: int) -> str:
    return ngettext("%(num)d sub-campaign", "%(num)d sub-campaigns", count)


def ensure_open(campaign: Campaign) -> None:
    """Refuse any change to a closed campaign (or to what belongs to it)."""
    if campaign.status == CampaignStatus.CLOSED:
        raise DomainError(
            "campaign_closed",
            _("This campaign is closed; reopen it to change it."),
            409,
        )


def ensure_in_area(campaign: Campaign, units, code: str) -> None:
    """Refuse the first of ``units`` that is not on the campaign's map or not within its unit
    (``code``: the refusal's code, naming which units of a form are meant)."""
    ensure_on_map(units, campaign.scheme)
    inside = set(
        db.session.scalars(
            sa.select(AdministrativeUnit.id).where(
                AdministrativeUnit.id.in_([unit.id for unit in units]),
                AdministrativeUnit.id.in_(within([campaign.unit_id])),
            )
        )
    )
    for unit in units:
        if unit.id not in inside:
            raise DomainError(
                code,
                _("%(unit)s is not within %(area)s, the unit of the campaign %(campaign)s.",
                  unit=unit.full_name, area=campaign.unit.full_name, campaign=campaign.name),
                422,
            )  # fmt: skip


def _check_period(details: CampaignDetails) -> None:
    if details.end_date < details.start_date:
        raise DomainError("period_order", _("The end date cannot be before the start date."), 422)
    if details.year != details.start_date.year:
        raise DomainError(
            "year_mismatch",
            _("The year must be the year the campaign starts: %(year)s.",
              year=details.start_date.year),
            422,
        )  # fmt: skip


def _check_map(details: CampaignDetails) -> None:
    """The unit must be on the map in force when the campaign starts."""
    ensure_on_map([details.unit], scheme_for(details.start_date))


def _check_map_kept(campaign: Campaign, details: CampaignDetails) -> None:
    """A campaign that holds records tied to its map's units keeps its map: its dates or unit
    may not move it to the other one."""
    kept = campaign.scheme
    if scheme_for(details.start_date) == kept and details.unit.scheme == kept:
        return
    held = holdings(campaign)
    if held:
        other = next(s for s in (details.unit.scheme, scheme_for(details.start_date)) if s != kept)
        raise DomainError(
            "map_change",
            _("This campaign works on %(map)s and already holds %(held)s there; its dates and "
              "unit cannot move it to %(other)s. Create a new campaign for that period instead.",
              map=words(kept).map_name, held=", ".join(held), other=words(other).map_name),
            409,
        )  # fmt: skip


def _ancestor_ids(unit: AdministrativeUnit) -> set[int]:
    ancestors, current = set(), unit.parent
    while current is not None and current.id not in ancestors:
        ancestors.add(current.id)
        current = current.parent
    return ancestors


def _check_parent(campaign: Campaign | None, details: CampaignDetails) -> None:
    parent = details.parent
    if parent is None:
        return
    if campaign is not None and (
        parent.id == campaign.id or parent.id in descendant_ids(campaign.id)
    ):
        raise DomainError(
            "parent_cycle",
            _("A campaign cannot come under itself or under one of its own sub-campaigns."),
            422,
        )
    if parent.status == CampaignStatus.CLOSED and (campaign is None or campaign.parent != parent):
        raise DomainError(
            "parent_closed", _("The parent campaign is closed; reopen it first."), 409
        )
    if parent.scheme != details.unit.scheme:
        raise DomainError(
            "parent_map",
            _("The parent campaign works on %(map)s; a campaign under it must be on the same map, "
              "with a unit of that map and a period in it.", map=words(parent.scheme).map_name),
            422,
        )  # fmt: skip
    if parent.unit_id not in _ancestor_ids(details.unit):
        raise DomainError(
            "parent_level",
            _("The parent campaign must belong to a higher-level unit that contains "
              "%(unit)s.", unit=details.unit.full_name),
            422,
        )  # fmt: skip


def _check_children(campaign: Campaign, details: CampaignDetails) -> None:
    """A campaign's new unit must still contain the units of its sub-campaigns."""
    for child in campaign.children:
        if details.unit.id not in _ancestor_ids(child.unit):
            raise DomainError(
                "children_outside",
                _("The sub-campaign %(name)s belongs to %(unit)s, which this unit does not "
                  "contain.", name=child.name, unit=child.unit.full_name),
                422,
            )  # fmt: skip


def _name_taken() -> DomainError:
    return DomainError("name_taken", _("This unit already has a campaign with this name."), 409)


def _check_unique(campaign: Campaign | None, details: CampaignDetails) -> None:
    statement = sa.select(Campaign.id).where(
        Campaign.unit_id == details.unit.id, Campaign.name == details.name
    )
    if campaign is not None:
        statement = statement.where(Campaign.id != campaign.id)
    if db.session.scalar(statement.limit(1)) is not None:
        raise _name_taken()


def _check(campaign: Campaign | None, details: CampaignDetails) -> None:
    _check_period(details)
    if campaign is not None:
        _check_map_kept(campaign, details)
    _check_map(details)
    _check_parent(campaign, details)
    _check_unique(campaign, details)


def _apply(campaign: Campaign, details: CampaignDetails) -> None:
    campaign.name = details.name
    campaign.theme = details.theme
    campaign.year = details.year
    campaign.start_date = details.start_date
    campaign.end_date = details.end_date
    campaign.unit = details.unit
    campaign.parent = details.parent
    campaign.lead_organization = details.lead_organization
    campaign.standing_organization = details.standing_organization
    campaign.description = details.description
    campaign.plan_references = details.plan_references


def _snapshot(campaign: Campaign) -> dict:
    def named(record_):
        return record_.name if record_ is not None else None

    return {
        "name": campaign.name,
        "theme": campaign.theme,
        "year": campaign.year,
        "start_date": campaign.start_date.isoformat() if campaign.start_date else None,
        "end_date": campaign.end_date.isoformat() if campaign.end_date else None,
        "unit": campaign.unit.full_name if campaign.unit else None,
        "parent": named(campaign.parent),
        "lead_organization": named(campaign.lead_organization),
        "standing_organization": named(campaign.standing_organization),
        "description": campaign.description,
        "plan_references": campaign.plan_references,
        "status": campaign.status.value if campaign.status else None,
    }


def _flush_unique() -> None:
    """Flush; a name another request took meanwhile is a conflict, not a crash."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise _name_taken() from error


def create_campaign(actor: Actor, details: CampaignDetails) -> Campaign:
    """A new campaign, checked against every rule; audited."""
    _check(None, details)
    campaign = Campaign(status=CampaignStatus.ACTIVE)
    _apply(campaign, details)
    db.session.add(campaign)
    _flush_unique()
    summary = f"{campaign.name} ({campaign.unit.full_name}, {campaign.year})"
    record(actor, "create", "campaign", campaign.id, summary, changes({}, _snapshot(campaign)))
    return campaign


def update_campaign(actor: Actor, campaign: Campaign, details: CampaignDetails) -> None:
    """Change an open campaign; audited with what changed."""
    ensure_open(campaign)
    _check(campaign, details)
    _check_children(campaign, details)
    before = _snapshot(campaign)
    _apply(campaign, details)
    after = _snapshot(campaign)
    if before == after:
        return
    _flush_unique()
    record(actor, "update", "campaign", campaign.id, campaign.name, changes(before, after))


def _set_status(actor: Actor, campaign: Campaign, status: CampaignStatus) -> bool:
    if campaign.status == status:
        return False
    before = campaign.status.value
    campaign.status = status
    record(actor, "update", "campaign", campaign.id, campaign.name,
           changes({"status": before}, {"status": status.value}))  # fmt: skip
    return True


def close_campaign(actor: Actor, campaign: Campaign) -> bool:
    """Make the campaign read-only; False when it was closed already."""
    return _set_status(actor, campaign, CampaignStatus.CLOSED)


def reopen_campaign(actor: Actor, campaign: Campaign) -> bool:
    """Make a closed campaign changeable again; False when it was open already."""
    if campaign.status != CampaignStatus.CLOSED:
        return False
    return _set_status(actor, campaign, CampaignStatus.ACTIVE)
