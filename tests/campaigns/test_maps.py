"""A campaign's map: the form offers both maps, the period chooses one, and a campaign that holds
records keeps its map."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from campaign.campaigns.models import Campaign
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from tests import factories
from tests.campaigns.test_views import post, text
from tests.conftest import sign_in

OLD_MAP = "bản đồ hành chính trước ngày 01/7/2025 (3 cấp)"
NEW_MAP = "bản đồ hành chính từ ngày 01/7/2025 (2 cấp)"
NEW = UnitScheme.POST_2025


@pytest.fixture
def maps(app):
    """Old-map Hà Nội (Sơn Tây) with its 2022 campaign; new-map Hà Nội (Sơn Tây ward, Tùng
    Thiện ward) with its 2026 campaign; new-map Hải Phòng (Lê Chân ward) without a campaign."""
    with app.app_context():
        old_hanoi = factories.unit("Hà Nội", UnitLevel.PROVINCE, full_name="Thành phố Hà Nội")
        son_tay = factories.unit("Sơn Tây", parent=old_hanoi, full_name="Thị xã Sơn Tây")
        hanoi = factories.unit("Hà Nội", UnitLevel.PROVINCE, scheme=NEW,
                               full_name="Thành phố Hà Nội")  # fmt: skip
        ward = factories.unit("Sơn Tây", UnitLevel.COMMUNE, parent=hanoi, scheme=NEW,
                              full_name="Phường Sơn Tây")  # fmt: skip
        other_ward = factories.unit("Tùng Thiện", UnitLevel.COMMUNE, parent=hanoi, scheme=NEW,
                                    full_name="Phường Tùng Thiện")  # fmt: skip
        hai_phong = factories.unit("Hải Phòng", UnitLevel.PROVINCE, scheme=NEW,
                                   full_name="Thành phố Hải Phòng")  # fmt: skip
        le_chan = factories.unit("Lê Chân", UnitLevel.COMMUNE, parent=hai_phong, scheme=NEW,
                                 full_name="Phường Lê Chân")  # fmt: skip
        old = factories.campaign(name="Tháng hành động 2022", unit=old_hanoi)
        new = factories.campaign(name="Tháng hành động 2026", unit=hanoi, year=2026,
                                 start_date=dt.date(2026, 11, 15),
                                 end_date=dt.date(2026, 12, 15))  # fmt: skip
        db.session.commit()
        return SimpleNamespace(
            old_hanoi=old_hanoi.id, son_tay=son_tay.id, hanoi=hanoi.id, ward=ward.id,
            other_ward=other_ward.id, hai_phong=hai_phong.id, le_chan=le_chan.id, old=old.id,
            new=new.id,
        )  # fmt: skip


@pytest.fixture
def organizer(app, client):
    sign_in(app, client, "organizer")
    return client


def form_data(maps, **changes) -> dict:
    return {
        "name": "Tháng hành động phường Sơn Tây 2026", "theme": "", "year": "2026",
        "start_date": "15/11/2026", "end_date": "15/12/2026", "unit": str(maps.ward),
        "parent": str(maps.new), "lead_organization": "", "standing_organization": "",
        "description": "", "plan_references": "", **changes,
    }  # fmt: skip


def names(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(sa.select(Campaign.name)))


def test_the_form_offers_both_maps_the_new_first_each_group_naming_its_map(organizer, maps):
    page = text(organizer.get("/campaigns/new"))
    new_group = f'<optgroup label="Thành phố Hà Nội · {NEW_MAP}">'
    old_group = f'<optgroup label="Thành phố Hà Nội · {OLD_MAP}">'
    assert page.index(new_group) < page.index(old_group)
    new_units = re.search(rf"{re.escape(new_group)}(.*?)</optgroup>", page, re.S).group(1)
    assert "Phường Sơn Tây" in new_units and "Phường Tùng Thiện" in new_units
    assert f'<optgroup label="Thành phố Hải Phòng · {NEW_MAP}">' in page  # every province
    assert "Phường Lê Chân" not in page  # no campaign runs in Hải Phòng
    assert "Ngày bắt đầu quyết định bản đồ hành chính" in page


def test_a_sub_campaign_on_the_new_map_is_created(app, organizer, maps):
    response = post(organizer, "/campaigns/new", form_data(maps))
    assert response.status_code == 302
    page = text(organizer.get(response.headers["Location"]))
    assert "Bản đồ hành chính" in page and NEW_MAP in page
    assert "Tháng hành động phường Sơn Tây 2026" in names(app)
    listing = text(organizer.get("/campaigns/"))
    assert NEW_MAP in listing and OLD_MAP in listing


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": "{son_tay}", "parent": "{new}"}, "unit"),  # an old district in 2026
        ({"year": "2022", "start_date": "14/11/2022", "end_date": "15/12/2022",
          "parent": ""}, "unit"),  # a new ward in 2022
    ],
)  # fmt: skip
def test_a_unit_of_the_wrong_map_is_refused_on_its_field(app, organizer, maps, changes, field):
    changes = {key: value.format(**vars(maps)) for key, value in changes.items()}
    before = names(app)
    response = post(organizer, "/campaigns/new", form_data(maps, **changes))
    page = text(response)
    assert response.status_code == 422
    errors = re.search(rf'id="{field}-errors"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert OLD_MAP in errors and NEW_MAP in errors
    assert names(app) == before


def test_a_sub_campaign_must_be_on_its_parents_map(app, organizer, maps):
    data = form_data(maps, parent=str(maps.old))
    response = post(organizer, "/campaigns/new", data)
    assert response.status_code == 422
    errors = re.search(r'id="parent-errors"[^>]*>(.*?)</div>', text(response), re.S).group(1)
    assert f"Tháng hành động cấp trên dùng {OLD_MAP}" in errors
    assert "Tháng hành động phường Sơn Tây 2026" not in names(app)


def edit_data(maps, **changes) -> dict:
    kept = {"name": "Tháng hành động 2022", "year": "2022", "start_date": "15/11/2022",
            "end_date": "15/12/2022", "unit": str(maps.old_hanoi), "parent": ""}  # fmt: skip
    return form_data(maps, **{**kept, **changes})


def moved_to_2026(maps) -> dict:
    return {"year": "2026", "start_date": "15/11/2026", "end_date": "15/12/2026",
            "unit": str(maps.hanoi), "name": "Tháng hành động Hà Nội"}  # fmt: skip


@pytest.mark.parametrize("holding", ["event", "programme", "child"])
def test_a_campaign_that_holds_records_keeps_its_map(app, organizer, maps, holding):
    with app.app_context():
        old = db.session.get(Campaign, maps.old)
        if holding == "event":
            factories.event(campaign=old)
        elif holding == "programme":
            factories.programme(campaign=old)
        else:
            factories.campaign(name="Sơn Tây 2022", parent=old,
                               unit=db.session.get(AdministrativeUnit, maps.son_tay))  # fmt: skip
        db.session.commit()
    url = f"/campaigns/{maps.old}/edit"
    response = post(organizer, url, edit_data(maps, **moved_to_2026(maps)), page=url)
    page = text(response)
    assert response.status_code == 409
    assert f"Tháng hành động này dùng {OLD_MAP} và đã có" in page
    assert f"không thể đổi thời gian hoặc đơn vị để chuyển sang {NEW_MAP}" in page
    assert {"event": "1 sự kiện", "programme": "1 chương trình tặng quà",
            "child": "1 Tháng hành động cấp dưới"}[holding] in page  # fmt: skip
    with app.app_context():
        old = db.session.get(Campaign, maps.old)
        assert (old.unit_id, old.year, old.name) == (maps.old_hanoi, 2022, "Tháng hành động 2022")


def test_a_campaign_that_holds_nothing_may_move_to_the_other_map(app, organizer, maps):
    url = f"/campaigns/{maps.old}/edit"
    response = post(organizer, url, edit_data(maps, **moved_to_2026(maps)), page=url)
    assert response.status_code == 302
    with app.app_context():
        moved = db.session.get(Campaign, maps.old)
        assert (moved.unit_id, moved.scheme, moved.year) == (maps.hanoi, NEW, 2026)


def test_the_unit_picker_is_bounded_with_the_real_registry(app, organizer, reference_data):
    with app.app_context():

        def province(scheme):
            return db.session.scalars(
                sa.select(AdministrativeUnit).filter_by(scheme=scheme, level="province", code="01")
            ).one()

        factories.campaign(name="2022", unit=province(UnitScheme.PRE_2025))
        factories.campaign(name="2026", unit=province(NEW), year=2026,
                           start_date=dt.date(2026, 11, 15), end_date=dt.date(2026, 12, 15))  # fmt: skip
        db.session.commit()
    page = text(organizer.get("/campaigns/new"))
    unit_select = re.search(r'<select[^>]*name="unit".*?</select>', page, re.S).group(0)
    options = unit_select.count("<option")
    # 34 + 63 provinces, Hà Nội's 126 communes and wards and its 30 districts, the blank one
    assert 200 < options < 300
    assert "Phường Lê Chân" not in unit_select  # Hải Phòng runs no campaign
