"""Campaign rules without the web: period, tree across levels, one name per unit, closing."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.activities.models import ActivityKind
from campaign.audit.models import AuditEntry
from campaign.audit.services import COMMAND_LINE
from campaign.campaigns import services
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.campaigns.queries import campaign_tree, descendant_ids
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.overview.queries import campaign_hub
from campaign.places.models import UnitLevel
from tests import factories

pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture
def places():
    ha_noi = factories.unit("Hà Nội", UnitLevel.PROVINCE, full_name="Thành phố Hà Nội")
    son_tay = factories.unit("Sơn Tây", parent=ha_noi, full_name="Thị xã Sơn Tây")
    ba_vi = factories.unit("Ba Vì", parent=ha_noi, full_name="Huyện Ba Vì")
    le_loi = factories.unit("Lê Lợi", UnitLevel.COMMUNE, parent=son_tay, full_name="Phường Lê Lợi")
    hai_phong = factories.unit("Hải Phòng", UnitLevel.PROVINCE, full_name="Thành phố Hải Phòng")
    return {"ha_noi": ha_noi, "son_tay": son_tay, "ba_vi": ba_vi, "le_loi": le_loi,
            "hai_phong": hai_phong}  # fmt: skip


def details(unit, **values) -> services.CampaignDetails:
    values = {
        "name": f"Tháng hành động {unit.name} 2022", "year": 2022,
        "start_date": dt.date(2022, 11, 15), "end_date": dt.date(2022, 12, 15), **values,
    }  # fmt: skip
    return services.CampaignDetails(unit=unit, **values)


def refused(code: str, status: int, action, *args) -> DomainError:
    with pytest.raises(DomainError) as caught:
        action(*args)
    assert (caught.value.code, caught.value.status) == (code, status)
    return caught.value


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).filter_by(action=action)))


def test_create_is_audited_with_every_value(places):
    lead = factories.organization("UBND thành phố Hà Nội", "province", unit=places["ha_noi"])
    campaign = services.create_campaign(
        COMMAND_LINE, details(places["ha_noi"], lead_organization=lead, theme="Chủ đề")
    )
    assert campaign.id and campaign.status == CampaignStatus.ACTIVE
    [entry] = entries("create")
    assert entry.entity_type == "campaign" and entry.entity_id == campaign.id
    assert entry.changes["lead_organization"] == [None, "UBND thành phố Hà Nội"]
    assert entry.changes["start_date"] == [None, "2022-11-15"]


def test_the_period_must_be_in_order_and_the_year_its_start(places):
    refused("period_order", 422, services.create_campaign, COMMAND_LINE,
            details(places["ha_noi"], end_date=dt.date(2022, 11, 14)))  # fmt: skip
    error = refused("year_mismatch", 422, services.create_campaign, COMMAND_LINE,
                    details(places["ha_noi"], year=2023))  # fmt: skip
    assert "2022" in error.message
    one_day = details(places["ha_noi"], end_date=dt.date(2022, 11, 15))
    assert services.create_campaign(COMMAND_LINE, one_day).id
    assert entries("create") != []


@pytest.mark.parametrize(
    ("parent_unit", "child_unit", "allowed"),
    [
        ("ha_noi", "son_tay", True),  # a district under its city
        ("ha_noi", "le_loi", True),  # a commune under its city, skipping a level
        ("son_tay", "le_loi", True),  # a commune under its district
        ("ba_vi", "le_loi", False),  # not the district that contains it
        ("hai_phong", "son_tay", False),  # another province
        ("ha_noi", "ha_noi", False),  # the same level: not higher
        ("son_tay", "ha_noi", False),  # a lower level
        ("son_tay", "ba_vi", False),  # a sibling
    ],
)
def test_the_parent_belongs_to_a_higher_unit_containing_the_campaigns(
    places, parent_unit, child_unit, allowed
):
    parent = factories.campaign(name="Cấp trên", unit=places[parent_unit])
    wanted = details(places[child_unit], parent=parent)
    if allowed:
        assert services.create_campaign(COMMAND_LINE, wanted).parent is parent
    else:
        error = refused("parent_level", 422, services.create_campaign, COMMAND_LINE, wanted)
        assert places[child_unit].full_name in error.message


def test_a_campaign_cannot_come_under_itself_or_its_descendants(places):
    city = factories.campaign(unit=places["ha_noi"])
    district = factories.campaign(unit=places["son_tay"], parent=city)
    commune = factories.campaign(unit=places["le_loi"], parent=district)
    assert descendant_ids(city.id) == {district.id, commune.id}
    for parent in (city, district, commune):
        refused("parent_cycle", 422, services.update_campaign, COMMAND_LINE, city,
                details(places["ha_noi"], name=city.name, parent=parent))  # fmt: skip
    db.session.expire_all()
    assert city.parent_id is None and entries("update") == []


def test_a_name_is_unique_within_its_unit(places):
    services.create_campaign(COMMAND_LINE, details(places["ha_noi"], name="Tháng hành động"))
    refused("name_taken", 409, services.create_campaign, COMMAND_LINE,
            details(places["ha_noi"], name="Tháng hành động"))  # fmt: skip
    other = services.create_campaign(
        COMMAND_LINE, details(places["son_tay"], name="Tháng hành động")
    )
    refused("name_taken", 409, services.update_campaign, COMMAND_LINE, other,
            details(places["ha_noi"], name="Tháng hành động"))  # fmt: skip


def test_update_is_audited_with_what_changed_only(places):
    campaign = services.create_campaign(COMMAND_LINE, details(places["ha_noi"]))
    services.update_campaign(COMMAND_LINE, campaign, details(places["ha_noi"]))
    assert entries("update") == []  # nothing changed, nothing logged
    services.update_campaign(
        COMMAND_LINE, campaign, details(places["ha_noi"], end_date=dt.date(2022, 12, 31))
    )
    [entry] = entries("update")
    assert entry.changes == {"end_date": ["2022-12-15", "2022-12-31"]}


def test_a_closed_campaign_refuses_changes_until_reopened(places):
    campaign = services.create_campaign(COMMAND_LINE, details(places["ha_noi"]))
    services.ensure_open(campaign)
    assert services.close_campaign(COMMAND_LINE, campaign) is True
    assert services.close_campaign(COMMAND_LINE, campaign) is False
    error = refused("campaign_closed", 409, services.ensure_open, campaign)
    assert error.message == "Tháng hành động này đã kết thúc; hãy mở lại nếu cần chỉnh sửa."
    refused("campaign_closed", 409, services.update_campaign, COMMAND_LINE, campaign,
            details(places["ha_noi"], name="Tên khác"))  # fmt: skip
    assert services.reopen_campaign(COMMAND_LINE, campaign) is True
    assert services.reopen_campaign(COMMAND_LINE, campaign) is False
    services.update_campaign(COMMAND_LINE, campaign, details(places["ha_noi"], name="Tên khác"))
    assert [e.changes for e in entries("update")][:2] == [
        {"status": ["active", "closed"]}, {"status": ["closed", "active"]},
    ]  # fmt: skip


def test_the_tree_lists_each_campaign_once_newest_first(places):
    old = factories.campaign(
        name="2021",
        unit=places["ha_noi"],
        year=2021,
        start_date=dt.date(2021, 11, 15),
        end_date=dt.date(2021, 12, 15),
    )
    city = factories.campaign(name="2022", unit=places["ha_noi"])
    ba_vi = factories.campaign(name="Ba Vì 2022", unit=places["ba_vi"], parent=city)
    son_tay = factories.campaign(name="Sơn Tây 2022", unit=places["son_tay"], parent=city)
    ward = factories.campaign(name="Lê Lợi 2022", unit=places["le_loi"], parent=son_tay)
    rows = [(row.campaign, row.depth) for row in campaign_tree()]
    assert rows == [(city, 0), (ba_vi, 1), (son_tay, 1), (ward, 2), (old, 0)]  # fmt: skip


def test_the_hub_sums_each_branch_and_the_whole_tree(places):
    city = factories.campaign(unit=places["ha_noi"])
    district = factories.campaign(unit=places["son_tay"], parent=city)
    ward = factories.campaign(unit=places["le_loi"], parent=district)
    other = factories.campaign(unit=places["ba_vi"], parent=city)
    factories.programme(campaign=city, quota=100, given_count=40)
    factories.programme(campaign=ward, quota=10, given_count=3)
    factories.programme(campaign=district, quota=20, given_count=20)
    factories.event(campaign=ward)
    factories.event(campaign=ward)
    factories.activity(other, [], {}, title="Truyền thông", kind=ActivityKind.COMMUNICATION)
    db.session.flush()
    hub = campaign_hub(city)
    assert (hub.own.events, hub.own.gift_quota, hub.own.gifts_given, hub.own.activities) == (
        0, 100, 40, 0,
    )  # fmt: skip
    branches = {row.campaign: row.figures for row in hub.children}
    assert (branches[district].events, branches[district].gift_quota) == (2, 30)
    assert branches[district].gifts_given == 23 and branches[other].activities == 1
    assert (hub.total.events, hub.total.gift_quota, hub.total.gifts_given) == (2, 130, 63)
    leaf = campaign_hub(ward)
    assert leaf.children == [] and leaf.total == leaf.own and leaf.own.events == 2
    assert isinstance(db.session.get(Campaign, city.id), Campaign)


def test_nothing_new_goes_under_a_closed_campaign(places):
    city = factories.campaign(unit=places["ha_noi"])
    under = services.create_campaign(COMMAND_LINE, details(places["son_tay"], parent=city))
    services.close_campaign(COMMAND_LINE, city)
    refused("parent_closed", 409, services.create_campaign, COMMAND_LINE,
            details(places["ba_vi"], parent=city))  # fmt: skip
    services.update_campaign(COMMAND_LINE, under, details(places["son_tay"], parent=city,
                                                          theme="Vẫn trực thuộc"))  # fmt: skip
    assert under.theme == "Vẫn trực thuộc"


def test_a_parent_cannot_move_away_from_its_sub_campaigns(app_context):
    import datetime as dt

    from campaign.audit.services import COMMAND_LINE
    from campaign.campaigns.services import CampaignDetails, update_campaign
    from campaign.core.errors import DomainError
    from tests import factories

    ha_noi = factories.unit("Hà Nội", "province")
    son_tay = factories.unit("Sơn Tây", parent=ha_noi)
    bac_ninh = factories.unit("Bắc Ninh", "province")
    city = factories.campaign(name="Thành phố", unit=ha_noi)
    factories.campaign(name="Thị xã", unit=son_tay, parent=city)
    details = CampaignDetails(
        name="Thành phố", year=2022, theme=None, start_date=dt.date(2022, 11, 15),
        end_date=dt.date(2022, 12, 15), unit=bac_ninh, parent=None, lead_organization=None,
        standing_organization=None, description=None, plan_references=None,
    )  # fmt: skip
    with pytest.raises(DomainError) as refused:
        update_campaign(COMMAND_LINE, city, details)
    assert refused.value.code == "children_outside"
