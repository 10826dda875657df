"""Retention: a woman's personal data is anonymised CAMPAIGN_RETENTION_MONTHS after the last
campaign that holds her closes (its end date and reporting window), with a dry run first, an
audit entry each, and her gifts kept so that quotas and counters still add up. The clock is
fixed: every test says which day it is."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.audit.services import COMMAND_LINE, record
from campaign.beneficiaries.models import Beneficiary, BeneficiaryCircumstance, Circumstance
from campaign.extensions import db
from campaign.gifts import retention
from campaign.gifts.models import GiftAllocation, GiftProgramme, Handover, ReceiptMode
from tests import factories

REGISTERED = dt.datetime(2022, 10, 1, 3, 0, tzinfo=dt.UTC)
CEREMONY = dt.datetime(2022, 11, 14, 3, 0, tzinfo=dt.UTC)
CLOSED = dt.date(2022, 12, 30)  # the 2022 campaign's end (15 December) and 15 reporting days


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 12, 4), 24, dt.date(2024, 12, 4)),
    (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),
    (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2025, 1, 15), 1, dt.date(2024, 12, 15)),
    (dt.date(2025, 1, 15), 13, dt.date(2023, 12, 15)),
    (dt.date(2025, 12, 31), 12, dt.date(2024, 12, 31)),
])  # fmt: skip
def test_months_before_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert retention.months_before(day, months) == expected


@pytest.fixture
def women(app):
    """In the 2022 campaign: Lan received her gift in person, Hoa through her husband, Mai was
    nominated only. Ơn is also on a list of 2025 (its campaign closes 2026-01-14). Xuân was
    registered and never nominated; Thu was registered in 2026."""
    with app.app_context():
        son_tay, _ba_vi, le_loi, _tan_linh = factories.two_districts()
        old = factories.programme(quota=10, campaign=factories.campaign(unit=son_tay.parent))
        share = factories.allocation(old, son_tay, quota=10)
        recent_campaign = factories.campaign(
            unit=son_tay.parent, year=2025, start_date=dt.date(2025, 11, 15),
            end_date=dt.date(2025, 12, 15), reporting_days=30,
        )  # fmt: skip
        recent = factories.allocation(factories.programme(campaign=recent_campaign), son_tay)
        ids = {}
        for name in ("Nguyễn Thị Lan", "Trần Thị Hoa", "Lê Thị Mai", "Phạm Thị Ơn",
                     "Đỗ Thị Xuân", "Vũ Thị Thu"):  # fmt: skip
            woman = factories.beneficiary(
                name, unit=le_loi, birth_year=1970, address="Thôn Đông", phone="0912345678",
                national_id=f"0011830{len(ids):05d}", circumstance_note="Chồng mất sớm",
                created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC) if "Thu" in name
                else REGISTERED,
            )  # fmt: skip
            db.session.add(BeneficiaryCircumstance(beneficiary=woman,
                                                   category=Circumstance.SINGLE_MOTHER))
            record(COMMAND_LINE, "create", "beneficiary", woman.id, name)
            ids[name.split()[-1]] = woman.id
            if name.split()[-1] in ("Lan", "Hoa", "Mai", "Ơn"):
                nomination = factories.nomination(share, woman)
                record(COMMAND_LINE, "nominate", "nomination", nomination.id, name)
        lan, hoa, on = (db.session.get(Beneficiary, ids[key]) for key in ("Lan", "Hoa", "Ơn"))
        factories.nomination(recent, on)
        for woman, extra in ((lan, {}), (hoa, {"receipt_mode": ReceiptMode.PROXY,
                                               "proxy_name": "Lê Văn Bình",
                                               "proxy_relationship": "chồng"})):
            handover = factories.handover(share, woman, handed_over_at=CEREMONY, **extra)
            record(COMMAND_LINE, "hand_over", "handover", handover.id, woman.full_name)
        share.given_count = old.given_count = 2
        db.session.commit()
        return ids


def due_ids(today: dt.date, months: int = 24) -> list[int]:
    return [row[0] for row in db.session.execute(retention.due(today, months))]


def test_a_woman_is_due_once_every_campaign_holding_her_has_been_closed_for_the_period(
    app_context, women
):
    day_before = CLOSED.replace(year=2024)  # the cut-off is the close itself: still kept
    assert due_ids(day_before) == [women["Xuân"]]  # on no list: counted from her registration
    expected = sorted(women[name] for name in ("Lan", "Hoa", "Mai", "Xuân"))
    assert due_ids(day_before + dt.timedelta(days=1)) == expected
    # Ơn's 2025 campaign closes 2026-01-14: she is due from 2028-01-15, Thu from 2028-03-02.
    assert women["Ơn"] not in due_ids(dt.date(2028, 1, 14))
    assert women["Ơn"] in due_ids(dt.date(2028, 1, 15))
    assert women["Thu"] not in due_ids(dt.date(2028, 3, 1))
    assert women["Thu"] in due_ids(dt.date(2028, 3, 2))
    assert due_ids(dt.date(2023, 2, 1), months=1) == expected  # the period is configurable


def test_the_dry_run_lists_who_is_due_without_naming_her_and_changes_nothing(app, women):
    runner = app.test_cli_runner()
    with app.app_context():
        entries = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    result = runner.invoke(args=["anonymise", "--dry-run", "--today", "2025-01-01"])
    assert result.exit_code == 0, result.output
    for name in ("Lan", "Hoa", "Mai", "Xuân"):
        assert f"Người thụ hưởng {women[name]}, Phường Lê Lợi" in result.output
    assert "4 chị em sẽ được ẩn danh" in result.output and "không có gì thay đổi" in result.output
    assert "Nguyễn" not in result.output and "Trần" not in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == entries
        assert db.session.scalar(
            sa.select(sa.func.count()).where(Beneficiary.anonymised_at.is_not(None))
        ) == 0


def test_anonymising_erases_what_tells_who_she_is_and_keeps_her_gifts_and_counters(app, women):
    result = app.test_cli_runner().invoke(args=["anonymise", "--today", "2025-01-01"])
    assert result.exit_code == 0, result.output
    assert "4 chị em đã được ẩn danh" in result.output
    with app.app_context():
        lan = db.session.get(Beneficiary, women["Lan"])
        assert lan.anonymised_at is not None
        assert (lan.full_name, lan.birth_year, lan.address, lan.phone, lan.national_id,
                lan.circumstance_note, lan.search_key) == ("", None, None, None, None, None, "")
        assert lan.unit.full_name == "Phường Lê Lợi"
        assert [c.category for c in lan.circumstances] == [Circumstance.SINGLE_MOTHER]
        on = db.session.get(Beneficiary, women["Ơn"])
        assert on.anonymised_at is None and on.full_name == "Phạm Thị Ơn"
        handovers = db.session.scalars(sa.select(Handover).order_by(Handover.id)).all()
        assert [(h.beneficiary_id, h.proxy_name, h.proxy_relationship) for h in handovers] == [
            (women["Lan"], None, None), (women["Hoa"], "", "chồng")]
        for model in (GiftProgramme, GiftAllocation):
            for holder in db.session.scalars(sa.select(model)):
                given = sa.select(sa.func.count()).select_from(Handover).where(
                    (Handover.programme_id if model is GiftProgramme
                     else Handover.allocation_id) == holder.id)  # fmt: skip
                assert holder.given_count == db.session.scalar(given)
        logged = db.session.execute(
            sa.select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.summary)
            .order_by(AuditEntry.id)
        ).all()  # fmt: skip
        text = repr(logged)
        for name in ("Lan", "Hoa", "Mai", "Xuân", "Bình"):
            assert name not in text
        assert "Phạm Thị Ơn" in text and "Vũ Thị Thu" in text
        anonymised = [entity for action, entity, summary in logged if action == "anonymise"]
        assert anonymised == ["beneficiary"] * 4
        assert ("anonymise", "beneficiary", "CAMPAIGN_RETENTION_MONTHS=24") in logged
    again = app.test_cli_runner().invoke(args=["anonymise", "--today", "2025-01-01"])
    assert "0 chị em đã được ẩn danh" in again.output


def test_a_woman_anonymised_can_no_longer_be_corrected_nominated_or_given_a_gift(app, women):
    from campaign.beneficiaries.services import anonymise
    from campaign.core.errors import DomainError
    from campaign.gifts.handovers import Receipt, record_handover
    from campaign.gifts.models import Nomination
    from campaign.gifts.nominations import nominate

    with app.app_context():
        anonymise(COMMAND_LINE, [women["Mai"]], "anonymise", "test")
        db.session.commit()
        mai = db.session.get(Beneficiary, women["Mai"])
        organizer = factories.user(factories.Role.ORGANIZER)
        nomination = db.session.scalar(
            sa.select(Nomination).where(Nomination.beneficiary_id == mai.id))
        with pytest.raises(DomainError) as refused:
            record_handover(COMMAND_LINE, organizer, nomination, Receipt(ReceiptMode.IN_PERSON))
        assert refused.value.code == "anonymised"
        db.session.rollback()
        with pytest.raises(DomainError) as refused:
            nominate(COMMAND_LINE, None, nomination.programme, [mai])
        assert refused.value.code == "anonymised"


@pytest.mark.parametrize("months", [0, -3, 1201, 10**9])
def test_a_retention_outside_one_month_to_a_century_is_refused_at_start(months):
    from campaign.config import ConfigurationError, finalize, from_environment

    config = {**from_environment("/tmp"), "CAMPAIGN_ENV": "testing", "SECRET_KEY": "x" * 40,
              "CAMPAIGN_RETENTION_MONTHS": months}  # fmt: skip
    with pytest.raises(ConfigurationError, match="CAMPAIGN_RETENTION_MONTHS"):
        finalize(config, "/tmp")
