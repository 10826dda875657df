"""Gift programmes: the quota and its split into shares by district, or by commune and ward."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.audit.services import Actor, changes, record
from campaign.campaigns.models import Campaign
from campaign.campaigns.services import ensure_open
from campaign.core.errors import DomainError
from campaign.events.models import Event
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover, Nomination
from campaign.gifts.shares import lock, nominated_counts
from campaign.places.maps import SHARE_LEVEL, ensure_on_map, words
from campaign.places.models import AdministrativeUnit
from campaign.places.queries import within


@dataclass(frozen=True)
class ProgrammeDetails:
    name: str
    event: Event | None
    package_description: str | None
    unit_value: int | None
    quota: int


def _check_programme(campaign: Campaign, details: ProgrammeDetails) -> None:
    ensure_open(campaign)
    if details.event is not None and details.event.campaign_id != campaign.id:
        raise DomainError(
            "event_of_other_campaign", _("Choose an event of the same campaign."), 422
        )


def _programme_snapshot(programme: GiftProgramme) -> dict:
    return {
        "name": programme.name,
        "event": programme.event.title if programme.event else None,
        "package_description": programme.package_description,
        "unit_value": programme.unit_value,
        "quota": programme.quota,
    }


def create_programme(actor: Actor, campaign: Campaign, details: ProgrammeDetails):
    _check_programme(campaign, details)
    programme = GiftProgramme(campaign=campaign, given_count=0)
    _apply_programme(programme, details)
    db.session.add(programme)
    db.session.flush()
    record(actor, "create", "gift_programme", programme.id, programme.name)
    return programme


def update_programme(actor: Actor, programme: GiftProgramme, details: ProgrammeDetails) -> None:
    """Change a programme; its quota never drops below the gifts given or its shares."""
    _check_programme(programme.campaign, details)
    lock(GiftProgramme, [programme.id])
    db.session.refresh(programme)
    shared = sum(allocation.quota for allocation in programme.allocations)
    if details.quota < max(shared, programme.given_count):
        raise DomainError(
            "quota_below_shares",
            _("The quota cannot be lower than the shares (%(shared)s) or the gifts already given"
              " (%(given)s).", shared=shared, given=programme.given_count),
            422,
        )  # fmt: skip
    before = _programme_snapshot(programme)
    _apply_programme(programme, details)
    diff = changes(before, _programme_snapshot(programme))
    if diff:
        record(actor, "update", "gift_programme", programme.id, programme.name, diff)


def _apply_programme(programme: GiftProgramme, details: ProgrammeDetails) -> None:
    programme.name = details.name
    programme.event = details.event
    programme.package_description = details.package_description
    programme.unit_value = details.unit_value
    programme.quota = details.quota


def set_allocations(actor: Actor, programme: GiftProgramme, shares: dict[int, int]) -> list[str]:
    """Share the quota between units (unit id → number of gifts); returns warnings.

    A share goes to a unit of the campaign's map at its share level (a district on the old map,
    a commune or ward on the new one) inside the campaign's unit. The shares never add up to
    more than the quota, and a unit's share never drops below what it has already given; a unit
    that nobody was ever proposed for can be taken off with a share of 0. A share below the
    women already proposed or approved is allowed (the issue lets a share go down to what was
    given) but said: not all of them can receive.
    """
    ensure_open(programme.campaign)
    lock(GiftProgramme, [programme.id])
    db.session.refresh(programme)
    current = {allocation.unit_id: allocation for allocation in programme.allocations}
    added = {unit_id: _shareable(programme.campaign, unit_id) for unit_id in shares
             if unit_id not in current}  # fmt: skip
    total = sum(shares.get(unit_id, a.quota) for unit_id, a in current.items()) + sum(
        quota for unit_id, quota in shares.items() if unit_id not in current
    )
    if total > programme.quota:
        raise DomainError(
            "shares_over_quota",
            _("The shares add up to %(total)s, more than the quota of %(quota)s.",
              total=total, quota=programme.quota),
            422,
        )  # fmt: skip
    nominated = nominated_counts(programme.id)
    warnings = []
    before = {a.unit.full_name: a.quota for a in current.values()}
    for unit_id, quota in shares.items():
        allocation = current.get(unit_id)
        if allocation is None:
            if quota > 0:
                db.session.add(
                    GiftAllocation(programme=programme, unit=added[unit_id], quota=quota)
                )
            continue
        moved = db.session.execute(
            sa.update(GiftAllocation)
            .where(GiftAllocation.id == allocation.id, GiftAllocation.given_count <= quota)
            .values(quota=quota)
        ).rowcount
        if not moved:
            db.session.refresh(allocation)
            raise DomainError(
                "share_below_given",
                _("%(unit)s has already given %(given)s gifts; its share cannot be lower.",
                  unit=allocation.unit.full_name, given=allocation.given_count),
                409,
            )  # fmt: skip
        if quota < nominated[allocation.id]:
            warnings.append(
                _("%(unit)s has %(count)s women proposed or approved for a share of %(quota)s:"
                  " only %(quota)s of them can receive a gift.",
                  unit=allocation.unit.full_name, count=nominated[allocation.id], quota=quota)
            )  # fmt: skip
        if quota == 0 and not _in_use(allocation):
            db.session.delete(allocation)
    db.session.flush()
    db.session.expire(programme, ["allocations"])
    after = {a.unit.full_name: a.quota for a in programme.allocations}
    diff = changes(before, after)
    if diff:
        record(actor, "reallocate", "gift_programme", programme.id, programme.name, diff)
    return warnings


def _shareable(campaign: Campaign, unit_id: int) -> AdministrativeUnit:
    """The unit a new share goes to, if the campaign's map and area allow it a share."""
    unit = db.session.get(AdministrativeUnit, unit_id)
    if unit is None:
        raise DomainError("unknown_unit", _("This administrative unit does not exist."), 422)
    ensure_on_map([unit], campaign.scheme)
    level = SHARE_LEVEL[campaign.scheme]
    if unit.level != level:
        raise DomainError(
            "wrong_share_level",
            _("A share goes to %(kind)s; %(unit)s is not one.",
              kind=words(campaign.scheme).in_sentence, unit=unit.full_name),
            422,
        )  # fmt: skip
    inside = sa.select(sa.literal(unit.id).in_(within([campaign.unit_id])))
    if not db.session.scalar(inside):
        raise DomainError(
            "share_outside_campaign",
            _("%(unit)s is not in %(area)s, where this programme's campaign runs.",
              unit=unit.full_name, area=campaign.unit.full_name),
            422,
        )  # fmt: skip
    return unit


def _in_use(allocation: GiftAllocation) -> bool:
    """Whether any nomination (rejected ones too) or gift points at the share."""
    return any(
        db.session.scalar(sa.select(table.id).where(table.allocation_id == allocation.id).limit(1))
        is not None
        for table in (Nomination, Handover)
    )
