"""Events on either map: the pickers offer the campaign's map within its unit, the rules refuse a
unit of the other map or outside the campaign, the unit filter names the map of its units."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from campaign.audit.services import COMMAND_LINE
from campaign.campaigns.models import Campaign
from campaign.core.errors import DomainError
from campaign.events import services
from campaign.events.models import Event, EventKind
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from tests import factories
from tests.conftest import sign_in
from tests.events.test_views import post_form, text

NEW = UnitScheme.POST_2025
OLD_MAP = "bản đồ hành chính trước ngày 01/7/2025 (3 cấp)"
NEW_MAP = "bản đồ hành chính từ ngày 01/7/2025 (2 cấp)"
OLD_WORDS = ("quận", "huyện", "Quận", "Huyện", "district", "District")


@pytest.fixture
def new_map(app):
    """New-map Hà Nội with two wards and its 2026 campaign; new-map Hải Phòng with a ward;
    old-map Hà Nội's Sơn Tây district (its 2022 campaign)."""
    with app.app_context():
        hanoi = factories.unit("Hà Nội", UnitLevel.PROVINCE, scheme=NEW,
                               full_name="Thành phố Hà Nội")  # fmt: skip
        wards = [factories.unit(name, UnitLevel.COMMUNE, parent=hanoi, scheme=NEW,
                                full_name=f"Phường {name}") for name in ("Sơn Tây", "Tùng Thiện")]  # fmt: skip
        hai_phong = factories.unit("Hải Phòng", UnitLevel.PROVINCE, scheme=NEW,
                                   full_name="Thành phố Hải Phòng")  # fmt: skip
        le_chan = factories.unit("Lê Chân", UnitLevel.COMMUNE, parent=hai_phong, scheme=NEW,
                                 full_name="Phường Lê Chân")  # fmt: skip
        old_hanoi = factories.unit("Hà Nội", UnitLevel.PROVINCE, full_name="Thành phố Hà Nội")
        son_tay = factories.unit("Sơn Tây", parent=old_hanoi, full_name="Thị xã Sơn Tây")
        factories.keyed_as_loaded(hanoi, *wards, hai_phong, le_chan, old_hanoi, son_tay)
        old = factories.campaign(name="Tháng hành động 2022", unit=old_hanoi)
        campaign = factories.campaign(name="Tháng hành động 2026", unit=hanoi, year=2026,
                                      start_date=dt.date(2026, 11, 15),
                                      end_date=dt.date(2026, 12, 15))  # fmt: skip
        db.session.commit()
        return {"campaign": campaign.id, "old": old.id, "hanoi": hanoi.id,
                "wards": [w.id for w in wards], "le_chan": le_chan.id,
                "son_tay": son_tay.id}  # fmt: skip


@pytest.fixture
def organizer(app, client):
    sign_in(app, client, "organizer")
    return client


def ward_launch(new_map, **changes) -> dict:
    return {
        "campaign": str(new_map["campaign"]), "kind": "launch_ceremony",
        "title": "Lễ phát động Tháng hành động năm 2026", "start_date": "14/11/2026",
        "start_time": "08:00", "end_date": "", "end_time": "11:00", "venue": "Phường Sơn Tây",
        "host_unit": str(new_map["wards"][0]), "organizer": "",
        "units": [str(ward) for ward in new_map["wards"]], "expected_attendance": "",
        "description": "", **changes,
    }  # fmt: skip


def events(app) -> list[Event]:
    with app.app_context():
        return db.session.scalars(sa.select(Event)).all()


def test_a_new_map_campaign_registers_an_event_of_its_wards(app, organizer, new_map):
    form = text(organizer.get(f"/events/new?campaign={new_map['campaign']}"))
    units = re.search(r'<select[^>]*name="units".*?</select>', form, re.S).group(0)
    assert "Phường Sơn Tây" in units and "Phường Tùng Thiện" in units
    assert "Phường Lê Chân" not in units and "Thị xã Sơn Tây" not in units
    assert NEW_MAP in form
    assert "Thêm cả các xã, phường, đặc khu của tỉnh, thành phố đã chọn" in form
    assert not any(word in form for word in OLD_WORDS)
    url = f"/events/new?campaign={new_map['campaign']}"
    response = post_form(organizer, url, ward_launch(new_map))
    assert response.status_code == 302
    [event] = events(app)
    with app.app_context():
        event = db.session.get(Event, event.id)
        assert event.host_unit_id == new_map["wards"][0]
        assert {unit.id for unit in event.units} == set(new_map["wards"])
    page = text(organizer.get(response.headers["Location"]))
    assert "Phường Tùng Thiện" in page


def test_the_form_follows_the_campaign_it_is_sent_for(app, organizer, new_map):
    """A form sent for the old campaign checks its units against that campaign's choices."""
    response = post_form(
        organizer, "/events/new", ward_launch(new_map, campaign=str(new_map["old"]))
    )
    assert response.status_code == 422
    assert "Hãy chọn một mục trong danh sách." in text(response)
    assert events(app) == []


def details(unit_ids: list[int], host_id: int | None = None) -> services.EventDetails:
    starts_at = dt.datetime(2026, 11, 14, 1, 0, tzinfo=dt.UTC)
    return services.EventDetails(
        title="Tập huấn", kind=EventKind.TRAINING, starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3), venue=None,
        host_unit=db.session.get(AdministrativeUnit, host_id) if host_id else None,
        organizer=None, units=[db.session.get(AdministrativeUnit, i) for i in unit_ids],
        include_communes=False, expected_attendance=None, description=None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("units", "host", "code", "message"),
    [
        ("son_tay", None, "wrong_map", "Thị xã Sơn Tây là đơn vị hành chính theo " + OLD_MAP),
        (None, "son_tay", "wrong_map", "Thị xã Sơn Tây là đơn vị hành chính theo " + OLD_MAP),
        ("le_chan", None, "unit_outside", "Phường Lê Chân không thuộc địa bàn Thành phố Hà Nội"),
        (None, "le_chan", "host_outside", "Phường Lê Chân không thuộc địa bàn Thành phố Hà Nội"),
    ],
)
def test_the_rules_refuse_a_unit_of_the_other_map_or_outside_the_campaign(
    app, new_map, units, host, code, message
):
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "vi"}):
        campaign = db.session.get(Campaign, new_map["campaign"])
        wanted = details([new_map[units]] if units else [], new_map[host] if host else None)
        with pytest.raises(DomainError) as refusal:
            services.create_event(COMMAND_LINE, campaign, wanted)
        assert refusal.value.code == code and message in refusal.value.message
        db.session.rollback()
    assert events(app) == []


def test_editing_an_event_refuses_a_unit_outside_its_campaign(app, new_map):
    with app.app_context(), app.test_request_context():
        campaign = db.session.get(Campaign, new_map["campaign"])
        event = services.create_event(COMMAND_LINE, campaign, details(new_map["wards"]))
        db.session.commit()
        with pytest.raises(DomainError) as refusal:
            services.update_event(COMMAND_LINE, event, campaign, details([new_map["le_chan"]]))
        assert refusal.value.code == "unit_outside"
        db.session.rollback()
        kept = db.session.get(Event, event.id)
        assert {unit.id for unit in kept.units} == set(new_map["wards"])


def test_the_unit_filter_names_the_map_of_its_units_and_keeps_to_the_campaign(
    app, organizer, new_map
):
    with app.app_context():
        ward = db.session.get(AdministrativeUnit, new_map["wards"][0])
        son_tay = db.session.get(AdministrativeUnit, new_map["son_tay"])
        factories.event(campaign=db.session.get(Campaign, new_map["campaign"]), host_unit=ward,
                        title="Truyền thông ở phường")  # fmt: skip
        factories.event(campaign=db.session.get(Campaign, new_map["old"]), units=[son_tay],
                        title="Truyền thông ở thị xã")  # fmt: skip
        db.session.commit()
    both = organizer.get("/events/?unit=son+tay")  # namesakes on the two maps: choose one
    assert both.status_code == 400
    candidates = re.findall(r'<button type="submit"[^>]*name="unit" value="([^"]+)"', text(both))
    assert candidates == [f"Thị xã Sơn Tây, Thành phố Hà Nội — {OLD_MAP}",
                          f"Phường Sơn Tây, Thành phố Hà Nội — {NEW_MAP}"]  # fmt: skip
    chosen = text(organizer.get("/events/", query_string={"unit": candidates[0]}))
    assert "Truyền thông ở thị xã" in chosen and "Truyền thông ở phường" not in chosen
    one_campaign = organizer.get(f"/events/?campaign={new_map['campaign']}&unit=son+tay")
    page = text(one_campaign)
    assert one_campaign.status_code == 200 and "Truyền thông ở phường" in page
    assert 'value="Phường Sơn Tây, Thành phố Hà Nội"' in page  # one map: no map named
    assert f'<input type="hidden" name="campaign" value="{new_map["campaign"]}">' in page
    assert "Sự kiện của Tháng hành động 2026." in page  # kept when the filters change
    assert f"scheme=post2025&amp;within={new_map['hanoi']}" in page  # the suggestions too
    form = re.search(r'<form method="get".*?</form>', page, re.S).group(0)
    assert not any(word in re.sub(r'(name|id|for|list)="unit[^"]*"', "", form)
                   for word in OLD_WORDS)  # fmt: skip
    outside = organizer.get(f"/events/?campaign={new_map['campaign']}&unit=le+chan")
    assert outside.status_code == 400 and "Không tìm thấy kết quả nào" in text(outside)


def test_the_pickers_are_bounded_with_the_real_registry(app, organizer, reference_data):
    with app.app_context():
        hanoi = db.session.scalars(
            sa.select(AdministrativeUnit).filter_by(scheme=NEW, level="province", code="01")
        ).one()
        campaign = factories.campaign(name="2026", unit=hanoi, year=2026,
                                      start_date=dt.date(2026, 11, 15),
                                      end_date=dt.date(2026, 12, 15))  # fmt: skip
        db.session.commit()
        campaign_id = campaign.id
    page = text(organizer.get(f"/events/new?campaign={campaign_id}"))
    units = re.search(r'<select[^>]*name="units".*?</select>', page, re.S).group(0)
    assert 100 < units.count("<option") < 150  # Hà Nội and its 126 communes and wards
    assert "Phường Lê Chân" not in units
