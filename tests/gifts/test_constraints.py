"""The database itself refuses what docs/architecture.md ("Where a rule goes") forbids, whatever the code above it does."""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from campaign.extensions import db
from campaign.gifts.models import GiftAllocation, GiftProgramme, HandoverStatus, Nomination
from tests import factories

pytestmark = pytest.mark.usefixtures("app_context")


def refused(statement_or_callable):
    with pytest.raises(IntegrityError):
        if callable(statement_or_callable):
            statement_or_callable()
        else:
            db.session.execute(statement_or_callable)
        db.session.flush()
    db.session.rollback()


def test_second_non_voided_handover_for_the_same_woman_is_refused():
    allocation = factories.allocation(factories.programme())
    woman = factories.beneficiary()
    factories.handover(allocation, woman)
    refused(lambda: factories.handover(allocation, woman))


def test_a_voided_handover_frees_the_place_for_a_new_one():
    allocation = factories.allocation(factories.programme())
    woman = factories.beneficiary()
    wrong = factories.handover(allocation, woman)
    wrong.status = HandoverStatus.VOIDED
    wrong.void_reason = "Ghi nhầm người"
    wrong.voided_at = dt.datetime.now(dt.UTC)
    db.session.flush()
    factories.handover(allocation, woman)
    db.session.flush()


def test_voiding_without_a_reason_is_refused():
    handover = factories.handover(
        factories.allocation(factories.programme()), factories.beneficiary()
    )
    handover.status = HandoverStatus.VOIDED
    handover.voided_at = dt.datetime.now(dt.UTC)
    refused(db.session.flush)


def test_proxy_receipt_must_name_the_proxy():
    allocation = factories.allocation(factories.programme())
    refused(lambda: factories.handover(allocation, factories.beneficiary(), receipt_mode="proxy"))


def test_negative_gift_value_is_refused():
    refused(lambda: factories.programme(unit_value=-1))


def test_given_count_above_the_programme_quota_is_refused():
    programme = factories.programme(quota=100)
    refused(
        sa.update(GiftProgramme).where(GiftProgramme.id == programme.id).values(given_count=101)
    )


def test_given_count_above_the_district_allocation_is_refused():
    allocation = factories.allocation(factories.programme(), quota=20)
    refused(
        sa.update(GiftAllocation).where(GiftAllocation.id == allocation.id).values(given_count=21)
    )


def test_negative_counts_and_quotas_are_refused():
    programme = factories.programme()
    refused(sa.update(GiftProgramme).where(GiftProgramme.id == programme.id).values(given_count=-1))
    refused(lambda: factories.programme(quota=-5))


def test_the_one_who_proposes_cannot_approve():
    programme = factories.programme()
    allocation = factories.allocation(programme)
    official = factories.user()
    nomination = Nomination(
        programme=programme, allocation=allocation, beneficiary=factories.beneficiary(),
        proposed_by=official, decided_by=official, status="approved",
    )  # fmt: skip
    refused(lambda: db.session.add(nomination))


def test_rejection_needs_a_reason():
    programme = factories.programme()
    nomination = Nomination(
        programme=programme, allocation=factories.allocation(programme),
        beneficiary=factories.beneficiary(), status="rejected",
    )  # fmt: skip
    refused(lambda: db.session.add(nomination))


def test_a_woman_is_nominated_once_per_programme():
    programme = factories.programme()
    allocation = factories.allocation(programme)
    woman = factories.beneficiary()
    db.session.add(Nomination(programme=programme, allocation=allocation, beneficiary=woman))
    db.session.flush()
    refused(
        lambda: db.session.add(
            Nomination(programme=programme, allocation=allocation, beneficiary=woman)
        )
    )


def test_unknown_choice_values_are_refused_by_the_database():
    programme = factories.programme()
    allocation = factories.allocation(programme)
    woman = factories.beneficiary()
    refused(
        sa.text(
            "INSERT INTO gift_nominations (programme_id, beneficiary_id, allocation_id, status,"
            " proposed_at) VALUES (:p, :b, :a, 'maybe', :t)"
        ).bindparams(p=programme.id, b=woman.id, a=allocation.id, t=dt.datetime(2022, 11, 1))
    )
