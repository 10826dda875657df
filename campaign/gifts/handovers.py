"""The handover: an approved nominee receives her gift, once, within the quota; a wrong record
is voided, never deleted.

The quota holds under concurrent requests because the database holds it:
recording a gift moves ``given_count`` on the programme and on the district's share with a
conditional UPDATE each (``given_count < quota``), then inserts the handover, which a partial
unique index allows once per woman and programme. Voiding does the reverse in one transaction.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.accounts.models import User
from campaign.audit.services import Actor, record
from campaign.beneficiaries.services import ensure_not_anonymised
from campaign.campaigns.services import ensure_open
from campaign.core.dates import local_midnight, utcnow
from campaign.core.errors import DomainError
from campaign.core.formatting import date_text
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
from campaign.gifts.shares import ensure_in_scope


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


def _ensure_plausible(when: dt.datetime, now: dt.datetime, campaign) -> None:
    """A handover happens neither in the future nor before its campaign starts."""
    if when > now:
        raise DomainError(
            "handover_in_future", _("The time of the handover cannot be in the future."), 422
        )
    if when < local_midnight(campaign.start_date):
        raise DomainError(
            "handover_before_campaign",
            _("The handover cannot be before the campaign starts (%(date)s).",
              date=date_text(campaign.start_date)),
            422,
        )  # fmt: skip


def record_handover(
    actor: Actor,
    user: User,
    nomination: Nomination,
    receipt: Receipt,
    handed_over_at: dt.datetime | None = None,
) -> Handover:
    """Record that an approved nominee received her gift: now, or at the time given (a ceremony
    recorded afterwards)."""
    woman = nomination.beneficiary
    ensure_in_scope(user, woman)
    ensure_not_anonymised(woman)
    ensure_open(nomination.programme.campaign)
    now = utcnow()
    _ensure_plausible(handed_over_at or now, now, nomination.programme.campaign)
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
    if given_handover(nomination.programme_id, woman.id) is not None:
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
                handed_over_at=handed_over_at or now,
                recorded_at=now,
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


def given_handover(programme_id: int, beneficiary_id: int) -> Handover | None:
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
    ensure_in_scope(user, handover.beneficiary)
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
