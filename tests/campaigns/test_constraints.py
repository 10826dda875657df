import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from campaign.extensions import db
from tests import factories

pytestmark = pytest.mark.usefixtures("app_context")


def test_a_campaign_period_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError):
        factories.campaign(start_date=dt.date(2022, 12, 15), end_date=dt.date(2022, 11, 15))


def test_campaigns_form_a_tree_across_levels():
    city = factories.campaign(name="Tháng hành động Thành phố")
    district = factories.campaign(name="Tháng hành động thị xã Sơn Tây", parent=city,
                                  unit=factories.unit("Sơn Tây"))  # fmt: skip
    db.session.expire_all()
    assert district.parent is city
    assert city.children == [district]


def test_a_campaign_cannot_be_its_own_parent():
    campaign = factories.campaign()
    campaign.parent_id = campaign.id
    with pytest.raises(IntegrityError):
        db.session.flush()
