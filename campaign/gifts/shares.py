"""A programme's shares (by district on the old map, by commune or ward on the new one), as every
gift action counts them: which share a woman belongs to (and stays in while she is on a list),
how many places proposals and approvals take, the row locks that serialise changes to one
programme, the one scope rule (her commune in the user's area) and the one map rule (her commune
on the campaign's map)."""

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.accounts.models import User
from campaign.accounts.scope import unit_in_scope
from campaign.beneficiaries.models import Beneficiary
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, Nomination, NominationStatus
from campaign.places.maps import words
from campaign.places.models import AdministrativeUnit, UnitLevel

TAKING_PLACES = (NominationStatus.PROPOSED, NominationStatus.APPROVED)
"""Nominations that count against a share."""


def lock(model, ids: Iterable[int]) -> None:
    """Row locks on PostgreSQL (SQLite's write transaction already serialises writers)."""
    ids = sorted(set(ids))
    if ids:
        db.session.execute(
            sa.select(model.id).where(model.id.in_(ids)).order_by(model.id).with_for_update()
        )


def nominated_counts(programme_id: int) -> Counter:
    """Proposed or approved nominees per share (allocation id)."""
    rows = db.session.execute(
        sa.select(Nomination.allocation_id, sa.func.count())
        .where(Nomination.programme_id == programme_id, Nomination.status.in_(TAKING_PLACES))
        .group_by(Nomination.allocation_id)
    )
    return Counter({allocation_id: count for allocation_id, count in rows})


def allocation_for(programme: GiftProgramme, unit: AdministrativeUnit) -> GiftAllocation | None:
    """The share a woman of ``unit`` belongs to: her commune's own share (the new map's
    shares), or her commune's district's (the old map's)."""
    by_unit = {allocation.unit_id: allocation for allocation in programme.allocations}
    if unit.id in by_unit:
        return by_unit[unit.id]
    if unit.level == UnitLevel.COMMUNE and unit.parent_id in by_unit:
        return by_unit[unit.parent_id]
    return None


def out_of_scope(beneficiary: Beneficiary) -> DomainError:
    return DomainError(
        "out_of_scope",
        _("%(name)s does not live in your area.", name=beneficiary.full_name),
        403,
    )


def ensure_on_programme_map(programme: GiftProgramme, beneficiary: Beneficiary) -> None:
    """A woman registered in a unit of the other map (in 2022, say) has no share of a programme
    whose campaign works on this one: her commune must be changed first."""
    scheme = programme.campaign.scheme
    if beneficiary.unit.scheme != scheme:
        raise DomainError(
            "wrong_map",
            _("%(name)s lives in %(unit)s, a unit of %(its_map)s; this programme's campaign"
              " works on %(map)s: change her commune first.",
              name=beneficiary.full_name, unit=beneficiary.unit.full_name,
              its_map=words(beneficiary.unit.scheme).map_name, map=words(scheme).map_name),
            422,
        )  # fmt: skip


def ensure_in_scope(user: User, beneficiary: Beneficiary) -> None:
    if not unit_in_scope(user, beneficiary.unit_id):
        raise out_of_scope(beneficiary)


def ensure_same_shares(beneficiary: Beneficiary, unit: AdministrativeUnit) -> None:
    """A woman on a programme's list stays in the share she was proposed under: moving her
    elsewhere would count her gift against the wrong share, out of its officials' sight.
    Asked by ``beneficiaries.services.update`` (``create_app`` registers it there)."""
    nominations = db.session.scalars(
        sa.select(Nomination).where(
            Nomination.beneficiary_id == beneficiary.id,
            Nomination.status.in_(TAKING_PLACES),
        )
    )
    for nomination in nominations:
        if allocation_for(nomination.programme, unit) is not nomination.allocation:
            raise DomainError(
                "on_a_list",
                _("%(name)s is on the list of “%(programme)s” for %(share)s; take her off that"
                  " list before moving her out of that share.",
                  name=beneficiary.full_name, programme=nomination.programme.name,
                  share=nomination.allocation.unit.full_name),
            )  # fmt: skip
