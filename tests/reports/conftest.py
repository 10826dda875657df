"""The reports tests' programme: two districts' shares, approved nominees with an ID number, a
phone and a sensitive circumstance each, some of whom received their gift."""

import datetime as dt

import pytest

from campaign.beneficiaries.models import BeneficiaryCircumstance, Circumstance
from campaign.extensions import db
from campaign.gifts.models import HandoverStatus, ReceiptMode
from tests import factories

CEREMONY = dt.datetime(2022, 11, 14, 3, 0, tzinfo=dt.UTC)  # 10:00 in Hà Nội


@pytest.fixture
def programme(app):
    """Sơn Tây (women 1–3, numbers 1–3; 1 in person, 2 by proxy, 3 not yet) and Ba Vì (woman
    4, number 4, voided then given again); 500.000 đ a gift. Woman 2's name would be a formula
    in a spreadsheet."""
    with app.app_context():
        son_tay, ba_vi, le_loi, tan_linh = factories.two_districts()
        campaign = factories.campaign(unit=son_tay.parent)
        gifts = factories.programme(quota=40, campaign=campaign, name="Trao quà 2022",
                                    unit_value=500_000)  # fmt: skip
        son_tay_share = factories.allocation(gifts, son_tay, quota=20)
        ba_vi_share = factories.allocation(gifts, ba_vi, quota=20)
        names = ["Nguyễn Thị Lan", '=HYPERLINK("http://x","y")', "Trần Thị Ơn", "Lê Thị Ưng"]
        women = []
        for number, name in enumerate(names, start=1):
            share = son_tay_share if number <= 3 else ba_vi_share
            woman = factories.beneficiary(
                name, unit=le_loi if number <= 3 else tan_linh, birth_year=1960 + number,
                address=f"Thôn {number}", national_id=f"00118300{number:04d}",
                phone=f"091234{number:04d}",
            )  # fmt: skip
            db.session.add(BeneficiaryCircumstance(beneficiary=woman,
                                                   category=Circumstance.SURVIVOR_OF_VIOLENCE))
            factories.nomination(share, woman, list_number=number)
            women.append(woman)
        factories.handover(son_tay_share, women[0], handed_over_at=CEREMONY)
        factories.handover(son_tay_share, women[1], handed_over_at=CEREMONY,
                           receipt_mode=ReceiptMode.PROXY, proxy_name="Phạm Văn Bình",
                           proxy_relationship="chồng")  # fmt: skip
        factories.handover(ba_vi_share, women[3], handed_over_at=CEREMONY,
                           status=HandoverStatus.VOIDED, voided_at=CEREMONY,
                           void_reason="Ghi nhầm người")  # fmt: skip
        factories.handover(ba_vi_share, women[3], handed_over_at=CEREMONY)
        son_tay_share.given_count, ba_vi_share.given_count, gifts.given_count = 2, 1, 3
        db.session.commit()
        return {"id": gifts.id, "son_tay": son_tay, "ba_vi": ba_vi,
                "son_tay_code": son_tay.code, "ba_vi_code": ba_vi.code}  # fmt: skip
