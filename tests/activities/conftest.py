"""The activities tests' campaign: Hà Nội's 2022 Month of Action (15/11–15/12/2022, reports
until 30/12), a training of Ba Vì and Sơn Tây with 100 participants each to reach, an official of
each district and two organizers."""

import datetime as dt

import pytest

from campaign.accounts.models import Role
from campaign.extensions import db
from tests import factories

TODAY = dt.date(2022, 11, 25)


@pytest.fixture
def training(app):
    with app.app_context():
        son_tay, ba_vi, _le_loi, _tan_linh = factories.two_districts()
        campaign = factories.campaign(unit=son_tay.parent, name="Tháng hành động 2022")
        activity = factories.activity(campaign, [ba_vi, son_tay], title="Tập huấn phòng chống bạo lực gia đình")
        users = {
            "ba_vi": factories.user(Role.OFFICIAL, username="can.bo.bavi", units=[ba_vi]),
            "son_tay": factories.user(Role.OFFICIAL, username="can.bo.sontay", units=[son_tay]),
            "organizer": factories.user(Role.ORGANIZER, username="to.chuc"),
            "other_organizer": factories.user(Role.ORGANIZER, username="to.chuc.2"),
        }
        db.session.commit()
        return {"activity": activity.id, "campaign": campaign.id, "ba_vi": ba_vi.id,
                "son_tay": son_tay.id, "hanoi": son_tay.parent_id,
                **{f"user_{key}": user.id for key, user in users.items()}}  # fmt: skip
