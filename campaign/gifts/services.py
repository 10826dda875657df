"""Gift programmes: quota and district shares, nominations and their approval, the handover.

The quota holds under concurrent requests because the database holds it (docs/architecture.md,
"Where a rule goes"):
recording a gift moves ``given_count`` on the programme and on the district's share with a
conditional UPDATE each (``given_count < quota``), then inserts the handover, which a partial
unique index allows once per woman and programme. Voiding does the reverse in one transaction.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.accounts.models import User
from campaign.accounts.permissions import Permission, role_may
from campaign.accounts.scope import scope_unit_ids, unit_in_scope
from campaign.audit.services import Actor, changes, record, record_many
from campaign.beneficiaries.models import Beneficiary
from campaign.campaigns.models import Campaign
from campaign.campaigns.services import ensure_open
from campaign.core.dates import utcnow
from campaign.core.errors import DomainError
from campaign.events.models import Event
from campaign.extensions import db
from campaign.gifts.models import (
    GiftAllocation,
    GiftProgramme,
    Handover,
    HandoverStatus,
    Nomination,
    NominationStatus,
    ReceiptMode,
)
from campaign.places.models import AdministrativeUnit, UnitLevel

TAKING_PLACES = (NominationStatus.PROPOSED, NominationStatus.APPROVED)
"""Nominations that count against a district's share."""


@dataclass(frozen=True)
class ProgrammeDetails:
    name: str
    event: Event | None
    package_description: str | None
    unit_value: int | None
    quota: int


def _lock(model, ids: Iterable[int]) -> None:
    """Row locks on PostgreSQL (SQLite's write transaction already serialises writers)."""
    ids = sorted(set(ids))
    if ids:
        db.session.execute(
            sa.select(model.id).where(model.id.in_(ids)).order_by(model.id).with_for_update()
        )


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
    """Change a programme; its quota never drops below the gifts given or the districts' shares."""
    _check_programme(programme.campaign, details)
    _lock(GiftProgramme, [programme.id])
    db.session.refresh(programme)
    shared = sum(allocation.quota for allocation in programme.allocations)
    if details.quota < max(shared, programme.given_count):
        raise DomainError(
            "quota_below_shares",
            _("The quota cannot be lower than the districts' shares (%(shared)s) or the gifts"
              " already given (%(given)s).", shared=shared, given=programme.given_count),
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
    """Share the quota between districts (unit id → number of gifts); returns warnings.

    The shares never add up to more than the quota, and a district's share never drops below
    what it has already given; a district that nobody was ever proposed for can be taken off
    with a share of 0. A share below the women already proposed or approved is allowed (the
    issue lets a share go down to what was given) but said: not all of them can receive.
    """
    ensure_open(programme.campaign)
    _lock(GiftProgramme, [programme.id])
    db.session.refresh(programme)
    current = {allocation.unit_id: allocation for allocation in programme.allocations}
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
                unit = db.session.get(AdministrativeUnit, unit_id)
                db.session.add(GiftAllocation(programme=programme, unit=unit, quota=quota))
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


def _in_use(allocation: GiftAllocation) -> bool:
    """Whether any nomination (rejected ones too) or gift points at the share."""
    return any(
        db.session.scalar(sa.select(table.id).where(table.allocation_id == allocation.id).limit(1))
        is not None
        for table in (Nomination, Handover)
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


def _out_of_scope(beneficiary: Beneficiary) -> DomainError:
    return DomainError(
        "out_of_scope",
        _("%(name)s does not live in one of your districts.", name=beneficiary.full_name),
        403,
    )


def _ensure_in_scope(user: User, beneficiary: Beneficiary) -> None:
    if not unit_in_scope(user, beneficiary.unit_id):
        raise _out_of_scope(beneficiary)


def nominate(actor: Actor, user: User | None, programme: GiftProgramme, women: list[Beneficiary]):
    """Propose women of the user's districts, each within her district's share; returns how
    many were proposed. One statement for all, so that a list of thousands stays quick."""
    ensure_open(programme.campaign)
    _lock(GiftProgramme, [programme.id])
    already = set(
        db.session.scalars(
            sa.select(Nomination.beneficiary_id).where(Nomination.programme_id == programme.id)
        )
    )
    nominated = nominated_counts(programme.id)
    next_number = (
        db.session.scalar(
            sa.select(sa.func.max(Nomination.list_number)).where(
                Nomination.programme_id == programme.id
            )
        )
        or 0
    ) + 1
    scope = scope_unit_ids(user)
    proposed_at = utcnow()
    rows = []
    for number, woman in enumerate(women, start=next_number):
        if scope is not None and woman.unit_id not in scope:
            raise _out_of_scope(woman)
        if woman.id in already:
            raise DomainError(
                "already_nominated",
                _("%(name)s is already on this programme's list.", name=woman.full_name),
            )
        allocation = allocation_for(programme, woman.unit)
        if allocation is None:
            raise DomainError(
                "no_share",
                _("%(name)s lives in %(unit)s, which has no share of this programme.",
                  name=woman.full_name, unit=woman.unit.full_name),
                422,
            )  # fmt: skip
        if nominated[allocation.id] >= allocation.quota:
            raise DomainError(
                "share_full",
                _("%(unit)s has a share of %(quota)s and %(count)s women are already proposed"
                  " or approved.",
                  unit=allocation.unit.full_name, quota=allocation.quota,
                  count=nominated[allocation.id]),
            )  # fmt: skip
        nominated[allocation.id] += 1
        already.add(woman.id)
        rows.append({
            "programme_id": programme.id, "beneficiary_id": woman.id,
            "allocation_id": allocation.id, "list_number": number,
            "proposed_by_id": user.id if user else None, "proposed_at": proposed_at,
            "status": NominationStatus.PROPOSED,
        })  # fmt: skip
    if not rows:
        return 0
    ids = db.session.scalars(
        sa.insert(Nomination).returning(Nomination.id, sort_by_parameter_order=True), rows
    ).all()
    names = [
        (nomination_id, woman.full_name) for nomination_id, woman in zip(ids, women, strict=True)
    ]
    record_many(actor, "nominate", "nomination", names)
    return len(ids)


def _already_decided(nomination: Nomination) -> DomainError:
    return DomainError(
        "already_decided",
        _("%(name)s has already been decided on.", name=nomination.beneficiary.full_name),
    )


def decide(
    actor: Actor, user: User, nominations: list[Nomination], approve: bool, reason: str | None
) -> None:
    """Approve or reject proposals; the one who proposed a woman does not decide on her. Two
    organizers deciding at once: the conditional UPDATE lets the first one through."""
    if not approve and not reason:
        raise DomainError("reason_needed", _("Say why the proposal is rejected."), 422)
    status = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
    for nomination in nominations:
        ensure_open(nomination.programme.campaign)
        if nomination.proposed_by_id == user.id:
            raise DomainError(
                "four_eyes",
                _("You proposed %(name)s; another organizer must decide on her.",
                  name=nomination.beneficiary.full_name),
                403,
            )  # fmt: skip
        decided = db.session.execute(
            sa.update(Nomination)
            .where(Nomination.id == nomination.id, Nomination.status == NominationStatus.PROPOSED)
            .values(status=status, decided_by_id=user.id, decided_at=utcnow(),
                    rejection_reason=None if approve else reason)
            .execution_options(synchronize_session=False)
        ).rowcount  # fmt: skip
        if not decided:
            raise _already_decided(nomination)
        db.session.expire(nomination)
        record(
            actor, "approve" if approve else "reject", "nomination", nomination.id,
            nomination.beneficiary.full_name if approve else reason,
        )  # fmt: skip


def withdraw(actor: Actor, user: User, nomination: Nomination) -> None:
    """Take a woman off the list, freeing her district's place: a proposal not decided yet, or,
    for those who approve, an approved nominee who has not received her gift (she moved away)."""
    ensure_open(nomination.programme.campaign)
    _ensure_in_scope(user, nomination.beneficiary)
    _lock(GiftProgramme, [nomination.programme_id])  # the handover takes it too: one at a time
    removable = [NominationStatus.PROPOSED]
    if role_may(user.role, Permission.APPROVE_NOMINATIONS):
        removable.append(NominationStatus.APPROVED)
    if _given_handover(nomination.programme_id, nomination.beneficiary_id) is not None:
        raise already_received(nomination.beneficiary.full_name)
    name = nomination.beneficiary.full_name
    removed = db.session.execute(
        sa.delete(Nomination)
        .where(Nomination.id == nomination.id, Nomination.status.in_(removable))
        .execution_options(synchronize_session=False)
    ).rowcount
    if not removed:
        raise _already_decided(nomination)
    db.session.expunge(nomination)
    record(actor, "withdraw", "nomination", nomination.id, name)


@dataclass(frozen=True)
class Receipt:
    """How she received the gift: in person, or through someone named with their relationship."""

    mode: ReceiptMode
    proxy_name: str | None = None
    proxy_relationship: str | None = None


def already_received(name: str) -> DomainError:
    return DomainError("already_received", _("%(name)s has already received her gift.", name=name))


def _take_a_place(table, row_id: int) -> bool:
    """The guard: one more gift on this row if, and only if, its quota allows it."""
    result = db.session.execute(
        sa.update(table)
        .where(table.id == row_id, table.given_count < table.quota)
        .values(given_count=table.given_count + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def record_handover(
    actor: Actor,
    user: User,
    nomination: Nomination,
    receipt: Receipt,
) -> Handover:
    """Record that an approved nominee received her gift."""
    woman = nomination.beneficiary
    _ensure_in_scope(user, woman)
    ensure_open(nomination.programme.campaign)
    not_approved = DomainError(
        "not_approved",
        _("%(name)s is not an approved nominee; only approved nominees receive a gift.",
          name=woman.full_name),
    )  # fmt: skip
    if nomination.status != NominationStatus.APPROVED:
        raise not_approved
    if receipt.mode == ReceiptMode.PROXY and not (
        receipt.proxy_name and receipt.proxy_relationship
    ):
        raise DomainError(
            "proxy_unnamed", _("Write who received it for her and their relationship to her."), 422
        )
    if _given_handover(nomination.programme_id, woman.id) is not None:
        raise already_received(woman.full_name)
    try:
        with db.session.begin_nested():
            if not _take_a_place(GiftProgramme, nomination.programme_id):
                raise DomainError(
                    "quota_reached",
                    _("All %(quota)s gifts of the programme have been given.",
                      quota=nomination.programme.quota),
                )  # fmt: skip
            if not _still_approved(nomination):  # read again, now that the programme is locked
                raise not_approved
            if not _take_a_place(GiftAllocation, nomination.allocation_id):
                raise DomainError(
                    "share_reached",
                    _("%(unit)s has given all %(quota)s gifts of its share.",
                      unit=nomination.allocation.unit.full_name,
                      quota=nomination.allocation.quota),
                )  # fmt: skip
            handover = Handover(
                programme_id=nomination.programme_id,
                beneficiary_id=woman.id,
                allocation_id=nomination.allocation_id,
                recorded_by=user,
                receipt_mode=receipt.mode,
                proxy_name=receipt.proxy_name if receipt.mode == ReceiptMode.PROXY else None,
                proxy_relationship=receipt.proxy_relationship
                if receipt.mode == ReceiptMode.PROXY else None,
            )  # fmt: skip
            db.session.add(handover)
            db.session.flush()
    except IntegrityError as error:
        raise already_received(woman.full_name) from error
    record(actor, "hand_over", "handover", handover.id, woman.full_name)
    return handover


def _still_approved(nomination: Nomination) -> bool:
    status = db.session.scalar(sa.select(Nomination.status).where(Nomination.id == nomination.id))
    return status == NominationStatus.APPROVED


def _given_handover(programme_id: int, beneficiary_id: int) -> Handover | None:
    return db.session.scalar(
        sa.select(Handover).where(
            Handover.programme_id == programme_id,
            Handover.beneficiary_id == beneficiary_id,
            Handover.status == HandoverStatus.GIVEN,
        )
    )


def void_handover(actor: Actor, user: User, handover: Handover, reason: str | None) -> None:
    """Undo a wrong record, keeping it with the reason; the place it took is free again."""
    if not reason:
        raise DomainError("reason_needed", _("Say why the record is wrong."), 422)
    _ensure_in_scope(user, handover.beneficiary)
    ensure_open(handover.programme.campaign)
    voided = db.session.execute(
        sa.update(Handover)
        .where(Handover.id == handover.id, Handover.status == HandoverStatus.GIVEN)
        .values(
            status=HandoverStatus.VOIDED, voided_at=utcnow(), voided_by_id=user.id,
            void_reason=reason,
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # fmt: skip
    if not voided:
        raise DomainError("already_voided", _("This record has already been voided."))
    for table, row_id in (
        (GiftProgramme, handover.programme_id),
        (GiftAllocation, handover.allocation_id),
    ):
        db.session.execute(
            sa.update(table).where(table.id == row_id)
            .values(given_count=table.given_count - 1)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
    db.session.expire(handover)
    record(actor, "void", "handover", handover.id, reason)
