"""The list of a programme's nominees: proposals within each share, their approval by another
organizer, and withdrawal."""

import sqlalchemy as sa
from flask_babel import gettext as _

from campaign.accounts.models import User
from campaign.accounts.permissions import Permission, role_may
from campaign.accounts.scope import scope_unit_ids
from campaign.audit.services import Actor, record, record_many
from campaign.beneficiaries.models import Beneficiary
from campaign.beneficiaries.services import ensure_not_anonymised
from campaign.campaigns.services import ensure_open
from campaign.core.dates import utcnow
from campaign.core.engine import refresh_planner_statistics
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.gifts.handovers import already_received, given_handover
from campaign.gifts.models import GiftProgramme, Nomination, NominationStatus
from campaign.gifts.shares import (
    allocation_for,
    ensure_in_scope,
    ensure_on_programme_map,
    lock,
    nominated_counts,
    out_of_scope,
)


def nominate(actor: Actor, user: User | None, programme: GiftProgramme, women: list[Beneficiary]):
    """Propose women of the user's area, each within her share and on the campaign's map;
    returns how many were proposed. One statement for all, so that a list of thousands stays
    quick."""
    ensure_open(programme.campaign)
    lock(GiftProgramme, [programme.id])
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
            raise out_of_scope(woman)
        ensure_not_anonymised(woman)
        if woman.id in already:
            raise DomainError(
                "already_nominated",
                _("%(name)s is already on this programme's list.", name=woman.full_name),
            )
        ensure_on_programme_map(programme, woman)
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
    refresh_planner_statistics(db.session, Nomination.__table__, rows_added=len(ids))
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
    """Take a woman off the list, freeing her place in her share: a proposal not decided yet, or,
    for those who approve, an approved nominee who has not received her gift (she moved away)."""
    ensure_open(nomination.programme.campaign)
    ensure_in_scope(user, nomination.beneficiary)
    lock(GiftProgramme, [nomination.programme_id])  # the handover takes it too: one at a time
    removable = [NominationStatus.PROPOSED]
    if role_may(user.role, Permission.APPROVE_NOMINATIONS):
        removable.append(NominationStatus.APPROVED)
    if given_handover(nomination.programme_id, nomination.beneficiary_id) is not None:
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
