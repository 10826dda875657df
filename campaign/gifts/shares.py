"""A programme's district shares, as every gift action counts them: which share a woman belongs
to, how many places proposals and approvals take, the row locks that serialise changes to one
programme, and the one scope rule (her commune in the user's districts)."""

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
        _("%(name)s does not live in one of your districts.", name=beneficiary.full_name),
        403,
    )


def ensure_in_scope(user: User, beneficiary: Beneficiary) -> None:
    if not unit_in_scope(user, beneficiary.unit_id):
        raise out_of_scope(beneficiary)
