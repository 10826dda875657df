"""A programme's district shares, as every gift action counts them: which share a woman belongs
to (and stays in while she is on a list), how many places proposals and approvals take, the row
locks that serialise changes to one programme, and the one scope rule (her commune in the user's
districts)."""

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
from campaign.places.models import AdministrativeUnit, UnitLevel

TAKING_PLACES = (NominationStatus.PROPOSED, NominationStatus.APPROVED)
"""Nominations that count against a district's share."""


def lock(model, ids: Iterable[int]) -> None:
    """Row locks on PostgreSQL (SQLite's write transaction already serialises writers)."""
    ids = sorted(set(ids))
    if ids:
        db.session.execute(
            sa.select(model.id).where(model.id.in_(ids)).order_by(model.id).with_for_update()
        )


def nominated_counts(programme_id: int) -> Counter:
    """Proposed or approved nominees per district share (allocation id)."""
    rows = db.session.execute(
        sa.select(Nomination.allocation_id, sa.func.count())
        .where(Nomination.programme_id == programme_id, Nomination.status.in_(TAKING_PLACES))
        .group_by(Nomination.allocation_id)
    )
    return Counter({allocation_id: count for allocation_id, count in rows})


def allocation_for(programme: GiftProgramme, unit: AdministrativeUnit) -> GiftAllocation | None:
    """The share a woman of ``unit`` belongs to: her district's, or her commune's own share."""
    by_unit = {allocation.unit_id: allocation for allocation in programme.allocations}
    if unit.id in by_unit:
        return by_unit[unit.id]
    if unit.level == UnitLevel.COMMUNE and unit.parent_id in by_unit:
        return by_unit[unit.parent_id]
    return None


def out_of_scope(beneficiary: Beneficiary) -> DomainError:
    return DomainError(
        "out_of_scope",
        _("%(name)s does not live in the units of your scope.", name=beneficiary.full_name),
        403,
    )


def ensure_in_scope(user: User, beneficiary: Beneficiary) -> None:
    if not unit_in_scope(user, beneficiary.unit_id):
        raise out_of_scope(beneficiary)


def ensure_same_shares(beneficiary: Beneficiary, unit: AdministrativeUnit) -> None:
    """A woman on a programme's list stays in the district share she was proposed under: moving
    her elsewhere would count her gift against the wrong district, out of its officials' sight.
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
                  " list before moving her to another district.",
                  name=beneficiary.full_name, programme=nomination.programme.name,
                  share=nomination.allocation.unit.full_name),
            )  # fmt: skip
