"""The rules of shares, nominations and handovers, called as the views call them."""

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role
from campaign.audit.services import Actor
from campaign.beneficiaries import services as beneficiary_services
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.gifts import handovers, nominations, programmes
from campaign.gifts.models import (
    GiftAllocation,
    Handover,
    Nomination,
    NominationStatus,
    ReceiptMode,
)
from tests import factories

IN_PERSON = handovers.Receipt(ReceiptMode.IN_PERSON)


@pytest.fixture
def day(app_context):
    """A quota of 10: Sơn Tây has 2 and Ba Vì 1; two organizers and a Sơn Tây official."""
    son_tay, ba_vi, le_loi, tan_linh = factories.two_districts()
    programme = factories.programme(quota=10)
    shares = {"son_tay": factories.allocation(programme, son_tay, quota=2),
              "ba_vi": factories.allocation(programme, ba_vi, quota=1)}  # fmt: skip
    users = {"first": factories.user(Role.ORGANIZER), "second": factories.user(Role.ORGANIZER),
             "official": factories.user(Role.OFFICIAL, units=[son_tay])}  # fmt: skip
    women = [factories.beneficiary(f"Nguyễn Thị {name}", unit=le_loi) for name in ("A", "B", "C")]
    db.session.commit()
    return {"programme": programme, "shares": shares, "users": users, "women": women,
            "tan_linh": tan_linh, "le_loi": le_loi}  # fmt: skip


def actor(user) -> Actor:
    return Actor(user.id)


def propose(day, *women, by="official") -> list[Nomination]:
    user = day["users"][by]
    nominations.nominate(actor(user), user, day["programme"], list(women))
    ids = [w.id for w in women]
    return db.session.scalars(sa.select(Nomination).where(Nomination.beneficiary_id.in_(ids))).all()


def test_a_share_of_zero_keeps_a_district_whose_proposal_was_rejected(day):
    mai = factories.beneficiary("Phùng Thị Mai", unit=day["tan_linh"])
    [nomination] = propose(day, mai, by="first")
    nominations.decide(actor(day["users"]["second"]), day["users"]["second"], [nomination],
                    approve=False, reason="Không đủ điều kiện")  # fmt: skip
    ba_vi = day["shares"]["ba_vi"]
    programmes.set_allocations(actor(day["users"]["first"]), day["programme"], {ba_vi.unit_id: 0})
    db.session.commit()
    assert db.session.get(GiftAllocation, ba_vi.id).quota == 0  # kept: a nomination points at it


def test_a_share_below_the_women_on_the_list_is_saved_with_a_warning(day):
    propose(day, *day["women"][:2])
    son_tay = day["shares"]["son_tay"]
    warnings = programmes.set_allocations(
        actor(day["users"]["first"]), day["programme"], {son_tay.unit_id: 1}
    )
    assert len(warnings) == 1 and "Sơn Tây" in warnings[0]


def test_the_shares_are_summed_with_those_not_sent(day):
    with pytest.raises(DomainError) as refused:
        programmes.set_allocations(actor(day["users"]["first"]), day["programme"],
                                 {day["shares"]["son_tay"].unit_id: 10})  # fmt: skip
    assert refused.value.code == "shares_over_quota"  # 10 + Ba Vì's 1 > 10


def test_a_proposal_is_decided_once(day):
    [nomination] = propose(day, day["women"][0])
    second = day["users"]["second"]
    nominations.decide(actor(second), second, [nomination], approve=True, reason=None)
    with pytest.raises(DomainError) as refused:
        nominations.decide(actor(day["users"]["first"]), day["users"]["first"], [nomination],
                        approve=False, reason="Trùng")  # fmt: skip
    assert refused.value.code == "already_decided"
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.APPROVED


def test_an_approved_nominee_leaves_the_list_only_by_an_organizer_and_before_her_gift(day):
    official, organizer = day["users"]["official"], day["users"]["first"]
    proposed = propose(day, *day["women"][:2])
    nominations.decide(actor(organizer), organizer, proposed, approve=True, reason=None)
    first, second = proposed
    with pytest.raises(DomainError):
        nominations.withdraw(actor(official), official, first)
    handovers.record_handover(actor(official), official, second, IN_PERSON)
    with pytest.raises(DomainError) as refused:
        nominations.withdraw(actor(organizer), organizer, second)
    assert refused.value.code == "already_received"
    nominations.withdraw(actor(organizer), organizer, first)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Nomination)) == 1


def test_a_district_share_runs_out_before_the_quota(day):
    organizer = day["users"]["first"]
    mai, hoa = (
        factories.beneficiary(n, unit=day["tan_linh"]) for n in ("Phùng Thị Mai", "Kiều Thị Hoa")
    )
    [mai_nomination] = propose(day, mai, by="second")
    nominations.decide(actor(organizer), organizer, [mai_nomination], approve=True, reason=None)
    handovers.record_handover(actor(organizer), organizer, mai_nomination, IN_PERSON)
    day["shares"]["ba_vi"].quota = 2  # a second Ba Vì woman is approved, then the share shrinks
    [hoa_nomination] = propose(day, hoa, by="second")
    nominations.decide(actor(organizer), organizer, [hoa_nomination], approve=True, reason=None)
    programmes.set_allocations(
        actor(organizer), day["programme"], {day["shares"]["ba_vi"].unit_id: 1}
    )
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        handovers.record_handover(actor(organizer), organizer, hoa_nomination, IN_PERSON)
    assert refused.value.code == "share_reached"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Handover)) == 1


def test_a_nominee_cannot_move_to_a_district_outside_her_share(day):
    organizer = day["users"]["first"]
    woman = day["women"][0]
    propose(day, woman)
    details = beneficiary_services.BeneficiaryDetails(
        full_name=woman.full_name, birth_year=None, unit=day["tan_linh"], address=None,
        phone=None, national_id=None, circumstances=frozenset(), circumstance_note=None,
        nominating_organization=None,
    )  # fmt: skip
    with pytest.raises(DomainError) as refused:
        beneficiary_services.update(actor(organizer), organizer, woman, details)
    assert refused.value.code == "on_a_list"
