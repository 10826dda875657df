"""Read side of gift programmes: live counters per district, the lists, the handover search."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from campaign.accounts.models import User
from campaign.beneficiaries.models import Beneficiary
from campaign.beneficiaries.queries import in_scope
from campaign.core.pagination import Order
from campaign.core.routing import record_id_or_none
from campaign.core.search import key_matches
from campaign.extensions import db
from campaign.gifts.models import (
    GiftAllocation,
    GiftProgramme,
    Handover,
    HandoverStatus,
    Nomination,
    NominationStatus,
)
from campaign.gifts.shares import nominated_counts
from campaign.places.models import AdministrativeUnit

SEARCH_LIMIT = 20
LIST_ORDER = Order((Nomination.list_number, Nomination.id))
"""A programme's list in the order of its numbers (the ceremony calls the women so)."""


def list_key(nomination: Nomination) -> tuple[int | None, int]:
    """A nomination's place in :data:`LIST_ORDER`."""
    return nomination.list_number, nomination.id


@dataclass(frozen=True)
class ShareCounts:
    """One district's line on the programme page."""

    allocation: GiftAllocation
    nominated: int
    approved: int

    @property
    def remaining(self) -> int:
        return self.allocation.quota - self.allocation.given_count


def programme_with_shares(programme_id: int) -> GiftProgramme | None:
    return db.session.scalar(
        sa.select(GiftProgramme)
        .where(GiftProgramme.id == programme_id)
        .options(
            joinedload(GiftProgramme.campaign),
            joinedload(GiftProgramme.event),
            selectinload(GiftProgramme.allocations).joinedload(GiftAllocation.unit),
        )
    )


def share_counts(programme: GiftProgramme) -> list[ShareCounts]:
    """Allocated, nominated (proposed or approved), approved, given and remaining per district."""
    counts = {
        (allocation_id, status): count
        for allocation_id, status, count in db.session.execute(
            sa.select(Nomination.allocation_id, Nomination.status, sa.func.count())
            .where(Nomination.programme_id == programme.id)
            .group_by(Nomination.allocation_id, Nomination.status)
        )
    }
    return [
        ShareCounts(
            allocation,
            nominated=counts.get((allocation.id, NominationStatus.PROPOSED), 0)
            + counts.get((allocation.id, NominationStatus.APPROVED), 0),
            approved=counts.get((allocation.id, NominationStatus.APPROVED), 0),
        )
        for allocation in sorted(programme.allocations, key=lambda a: (a.unit.sort_key, a.id))
    ]


NEWEST_PROGRAMMES = Order((GiftProgramme.id,), descending=True)
"""The programme list's order: the newest first, by the primary key."""


def programme_list() -> sa.Select:
    """Every programme with its campaign and event, for a page in :data:`NEWEST_PROGRAMMES`."""
    return sa.select(GiftProgramme).options(
        joinedload(GiftProgramme.campaign), joinedload(GiftProgramme.event)
    )


def programmes_at_event(event_id: int) -> list[GiftProgramme]:
    """The gift programmes handed over at an event, with their district shares: the event page
    shows them (a template global, since events sit below gifts)."""
    return list(
        db.session.scalars(
            sa.select(GiftProgramme)
            .where(GiftProgramme.event_id == event_id)
            .options(selectinload(GiftProgramme.allocations).joinedload(GiftAllocation.unit))
        )
    )


def share_districts() -> sa.Select:
    """The ids of the units with a share of a programme: where women are registered by users
    without a district scope (``beneficiaries.queries.REGISTRATION_AREAS``)."""
    return sa.select(GiftAllocation.unit_id)


def _nominations(programme: GiftProgramme, reader: User) -> sa.Select:
    statement = (
        sa.select(Nomination)
        .join(Nomination.beneficiary)
        .where(Nomination.programme_id == programme.id)
        .options(
            joinedload(Nomination.beneficiary)
            .joinedload(Beneficiary.unit)
            .joinedload(AdministrativeUnit.parent),
            joinedload(Nomination.beneficiary).selectinload(Beneficiary.circumstances),
            joinedload(Nomination.allocation).joinedload(GiftAllocation.unit),
            joinedload(Nomination.proposed_by),
        )
    )
    return in_scope(statement, reader)


def nomination_list(programme: GiftProgramme, reader: User, status: NominationStatus | None):
    """The programme's list within the reader's districts, optionally of one status; unordered
    (pages add :data:`LIST_ORDER`)."""
    statement = _nominations(programme, reader)
    if status is not None:
        statement = statement.where(Nomination.status == status)
    return statement


def nominations_by_id(programme: GiftProgramme, reader: User, ids: list[int]) -> list[Nomination]:
    statement = _nominations(programme, reader).where(Nomination.id.in_(ids))
    return list(db.session.scalars(statement))


def nominable(programme: GiftProgramme, reader: User, query: str | None) -> sa.Select:
    """Registered women of the reader's districts who are not on the programme's list yet,
    found by a few letters of their name or of their commune's; unordered (pages add
    ``beneficiaries.queries.NAME_ORDER``)."""
    listed = sa.exists().where(
        Nomination.programme_id == programme.id, Nomination.beneficiary_id == Beneficiary.id
    )
    statement = (
        sa.select(Beneficiary)
        .where(~listed)
        .options(joinedload(Beneficiary.unit).joinedload(AdministrativeUnit.parent))
    )
    if query:
        communes = sa.select(AdministrativeUnit.id).where(
            key_matches(db.session, AdministrativeUnit.search_key, query)
        )
        statement = statement.where(
            sa.or_(
                key_matches(db.session, Beneficiary.search_key, query),
                Beneficiary.unit_id.in_(communes),
            )
        )
    return in_scope(statement, reader)


def shares_with_places(programme: GiftProgramme) -> list[GiftAllocation]:
    """The district shares that can take one more proposal."""
    nominated = nominated_counts(programme.id)
    return [a for a in programme.allocations if nominated[a.id] < a.quota]


def nominable_with_places(programme: GiftProgramme, reader: User, query: str | None) -> sa.Select:
    """The women ``nominable`` lists, only where their share has places left (the rule of
    ``shares.allocation_for``: her unit's own share, or her commune's district's, read from
    the copy of her district)."""
    units = [allocation.unit_id for allocation in shares_with_places(programme)]
    return nominable(programme, reader, query).where(
        sa.or_(Beneficiary.unit_id.in_(units), Beneficiary.district_id.in_(units))
    )


@dataclass(frozen=True)
class Candidate:
    """An approved nominee as the handover screen shows her."""

    nomination: Nomination
    handover: Handover | None


def handover_candidates(programme: GiftProgramme, reader: User, query: str) -> list[Candidate]:
    """Approved nominees found by her number on the printed list or a few letters of her name
    (no diacritics needed), with her gift if she already has it."""
    given = (
        sa.select(Handover)
        .where(Handover.programme_id == programme.id, Handover.status == HandoverStatus.GIVEN)
        .subquery()
    )
    statement = (
        _nominations(programme, reader)
        .add_columns(given.c.id)
        .outerjoin(given, given.c.beneficiary_id == Nomination.beneficiary_id)
        .where(Nomination.status == NominationStatus.APPROVED)
        .order_by(*LIST_ORDER.by())
        .limit(SEARCH_LIMIT)
    )
    text = query.strip()
    if text.isascii() and text.isdigit():
        statement = statement.where(Nomination.list_number == (record_id_or_none(text) or 0))
    else:
        statement = statement.where(key_matches(db.session, Beneficiary.search_key, text))
    rows = db.session.execute(statement).all()
    handovers = {
        handover.id: handover
        for handover in db.session.scalars(
            sa.select(Handover).where(Handover.id.in_([row[1] for row in rows if row[1]]))
        )
    }
    return [Candidate(nomination, handovers.get(handover_id)) for nomination, handover_id in rows]


def awaiting_handover(programme: GiftProgramme, reader: User) -> sa.Select:
    """Approved nominees of the reader's districts who have not received their gift yet;
    unordered (pages add :data:`LIST_ORDER`: the ceremony calls them so)."""
    given = sa.exists().where(
        Handover.programme_id == Nomination.programme_id,
        Handover.beneficiary_id == Nomination.beneficiary_id,
        Handover.status == HandoverStatus.GIVEN,
    )
    return (
        _nominations(programme, reader)
        .where(Nomination.status == NominationStatus.APPROVED)
        .where(~given)
    )


def gifts_elsewhere(programme: GiftProgramme, beneficiary_ids: list[int]) -> dict[int, list[str]]:
    """For each of these women, the other programmes of the same campaign whose gift she has
    already received (by programme name)."""
    rows = db.session.execute(
        sa.select(Handover.beneficiary_id, GiftProgramme.name)
        .join(GiftProgramme, GiftProgramme.id == Handover.programme_id)
        .where(
            Handover.beneficiary_id.in_(beneficiary_ids),
            Handover.status == HandoverStatus.GIVEN,
            Handover.programme_id != programme.id,
            GiftProgramme.campaign_id == programme.campaign_id,
        )
        .order_by(GiftProgramme.id)
    )
    received: dict[int, list[str]] = {}
    for beneficiary_id, name in rows:
        received.setdefault(beneficiary_id, []).append(name)
    return received


def recent_handovers(programme: GiftProgramme, reader: User, limit: int = 10) -> list[Handover]:
    """The last gifts recorded in the reader's districts, newest first, voided ones too.

    The reader's scope is a correlated EXISTS, not a join: joined, SQLite read every woman of
    a province to sort their gifts (30 ms for Hà Nội's 50,000); this way both engines walk the
    programme's gifts newest first (``ix_gift_handovers_programme_id``) and stop at ``limit``."""
    hers_in_scope = in_scope(
        sa.select(Beneficiary.id).where(Beneficiary.id == Handover.beneficiary_id), reader
    ).exists()
    statement = (
        sa.select(Handover)
        .where(Handover.programme_id == programme.id, hers_in_scope)
        .options(
            joinedload(Handover.beneficiary).joinedload(Beneficiary.unit),
            joinedload(Handover.recorded_by),
        )
        .order_by(Handover.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def gifts_of(beneficiary: Beneficiary) -> list[Candidate]:
    """Her place on each programme's list, with the gift she received there if any: her page
    shows them (a template global, since beneficiaries sit below gifts)."""
    nominations = db.session.scalars(
        sa.select(Nomination)
        .where(Nomination.beneficiary_id == beneficiary.id)
        .options(joinedload(Nomination.programme))
        .order_by(Nomination.id)
    ).all()
    handovers = {
        handover.programme_id: handover
        for handover in db.session.scalars(
            sa.select(Handover).where(
                Handover.beneficiary_id == beneficiary.id, Handover.status == HandoverStatus.GIVEN
            )
        )
    }
    return [
        Candidate(nomination, handovers.get(nomination.programme_id)) for nomination in nominations
    ]
