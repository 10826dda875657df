"""The campaign pages as an organizer uses them: the tree, the hub, the form, closing, choosing."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from campaign.activities.models import ActivityKind
from campaign.audit.models import AuditEntry
from campaign.campaigns.models import Campaign, CampaignIndicator, CampaignStatus
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit, GovernmentLevel, UnitLevel
from tests import factories
from tests.conftest import counted_queries, csrf_token, sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def world(app):
    """Hà Nội with Sơn Tây and Ba Vì, Hải Phòng with Lê Chân, two bodies, the city campaign."""
    with app.app_context():
        ha_noi = factories.unit("Hà Nội", UnitLevel.PROVINCE, full_name="Thành phố Hà Nội")
        son_tay = factories.unit("Sơn Tây", parent=ha_noi, full_name="Thị xã Sơn Tây")
        ba_vi = factories.unit("Ba Vì", parent=ha_noi, full_name="Huyện Ba Vì")
        hai_phong = factories.unit("Hải Phòng", UnitLevel.PROVINCE, full_name="Thành phố Hải Phòng")
        le_chan = factories.unit("Lê Chân", parent=hai_phong, full_name="Quận Lê Chân")
        lead = factories.organization("Ủy ban nhân dân thành phố Hà Nội", GovernmentLevel.PROVINCE,
                                      unit=ha_noi)  # fmt: skip
        standing = factories.organization("Ban Vì sự tiến bộ phụ nữ Hà Nội",
                                          GovernmentLevel.PROVINCE, unit=ha_noi)  # fmt: skip
        city = factories.campaign(name="Tháng hành động Hà Nội 2022", unit=ha_noi)
        db.session.commit()
        return SimpleNamespace(
            ha_noi=ha_noi.id, son_tay=son_tay.id, ba_vi=ba_vi.id, hai_phong=hai_phong.id,
            le_chan=le_chan.id, lead=lead.id, standing=standing.id, city=city.id,
        )  # fmt: skip


@pytest.fixture
def organizer(app, client):
    sign_in(app, client, "organizer")
    return client


def form_data(world, **changes) -> dict:
    return {
        "name": "Tháng hành động thị xã Sơn Tây 2022",
        "theme": "Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ và trẻ em gái",
        "year": "2022", "start_date": "14/11/2022", "end_date": "15/12/2022",
        "unit": str(world.son_tay), "parent": str(world.city),
        "lead_organization": str(world.lead), "standing_organization": str(world.standing),
        "description": "Lễ phát động tại thị xã Sơn Tây.",
        "plan_references": "Kế hoạch số 250/KH-UBND",
        **changes,
    }  # fmt: skip


def post(client, path, data, page="/campaigns/new"):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


def campaigns(app) -> dict[str, Campaign]:
    with app.app_context():
        return {c.name: c for c in db.session.scalars(sa.select(Campaign))}


def audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEntry)
                .filter_by(action=action, entity_type="campaign")
                .order_by(AuditEntry.id)
            )
        )


def test_the_form_offers_units_grouped_by_province_and_the_bodies(app, organizer, world):
    page = text(organizer.get("/campaigns/new"))
    old_map = "bản đồ hành chính trước ngày 01/7/2025 (3 cấp)"
    group = re.search(rf'<optgroup label="Thành phố Hà Nội · {re.escape(old_map)}">(.*?)</optgroup>',
                      page, re.S).group(1)  # fmt: skip
    assert group.index("Thành phố Hà Nội") < group.index("Huyện Ba Vì") < group.index("Sơn Tây")
    assert page.index('label="Thành phố Hà Nội · ') < page.index('label="Thành phố Hải Phòng · ')
    assert "Ban Vì sự tiến bộ phụ nữ Hà Nội" in page and "Tháng hành động Hà Nội 2022" in page
    assert 'value="15/11/' in page and 'value="15/12/' in page  # the usual period, prefilled
    assert 'name="submission"' in page


def test_create_a_district_campaign_under_the_city(app, organizer, world):
    response = post(organizer, "/campaigns/new", form_data(world))
    assert response.status_code == 302
    created = campaigns(app)["Tháng hành động thị xã Sơn Tây 2022"]
    assert response.headers["Location"] == f"/campaigns/{created.id}"
    assert (created.unit_id, created.parent_id, created.year) == (world.son_tay, world.city, 2022)
    assert (created.start_date, created.end_date) == (dt.date(2022, 11, 14), dt.date(2022, 12, 15))
    assert (created.lead_organization_id, created.standing_organization_id) == (
        world.lead, world.standing,
    )  # fmt: skip
    assert created.status == CampaignStatus.ACTIVE
    [entry] = audit(app, "create")
    assert entry.entity_id == created.id and entry.changes["unit"] == [None, "Thị xã Sơn Tây"]
    page = text(organizer.get(response.headers["Location"]))
    assert "Đã tạo “Tháng hành động thị xã Sơn Tây 2022”." in page
    assert "Kế hoạch số 250/KH-UBND" in page and "Cơ quan thường trực" in page


def test_the_same_form_sent_twice_creates_one_campaign(app, organizer, world):
    data = {**form_data(world), "submission": "one-and-the-same-token"}
    first = post(organizer, "/campaigns/new", data)
    second = post(organizer, "/campaigns/new", data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(campaigns(app)) == 2  # the city's and this one


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"name": ""}, 422, "Vui lòng nhập thông tin này."),
        ({"name": "T" * 256}, 422, "Tối đa 255 ký tự."),
        ({"theme": "x" * 2001}, 422, "Tối đa 2000 ký tự."),
        ({"start_date": ""}, 422, "Vui lòng nhập thông tin này."),
        ({"start_date": "31/02/2022"}, 422, "Nhập ngày theo dạng dd/mm/yyyy"),
        ({"end_date": "ngày mai"}, 422, "Nhập ngày theo dạng dd/mm/yyyy"),
        ({"end_date": "01/11/2022"}, 422, "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"year": "2023"}, 422, "Năm phải trùng với năm bắt đầu Tháng hành động: 2022."),
        ({"year": "hai nghìn"}, 422, "Nhập năm từ 2000 đến 2100."),
        ({"year": "1999"}, 422, "Nhập năm từ 2000 đến 2100."),
        ({"unit": ""}, 422, "Vui lòng nhập thông tin này."),
        ({"unit": "999999"}, 422, "Hãy chọn một mục trong danh sách."),
        ({"parent": "999999"}, 422, "Hãy chọn một mục trong danh sách."),
        ({"lead_organization": "abc"}, 422, "Hãy chọn một mục trong danh sách."),
        ({"standing_organization": "999999"}, 422, "Hãy chọn một mục trong danh sách."),
        ({"name": "<script>alert(1)</script>"}, 422, "không dùng thẻ HTML"),
        ({"description": "Xem <img src=x onerror=alert(1)>"}, 422, "không dùng thẻ HTML"),
        ({"name": "Tháng hành động Hà Nội 2022", "unit": "{ha_noi}", "parent": ""}, 409,
         "Đơn vị này đã có Tháng hành động cùng tên."),
        ({"unit": "{hai_phong}"}, 422,
         "Tháng hành động cấp trên phải thuộc đơn vị hành chính cấp trên có địa bàn bao gồm "
         "Thành phố Hải Phòng."),
        ({"unit": "{le_chan}"}, 422, "Hãy chọn một mục trong danh sách."),  # no campaign there
        ({"unit": "{ha_noi}"}, 422, "phải thuộc đơn vị hành chính cấp trên"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_message_next_to_the_field_and_writes_nothing(
    app, organizer, world, changes, status, message
):
    changes = {key: value.format(**vars(world)) for key, value in changes.items()}
    before = campaigns(app)
    response = post(organizer, "/campaigns/new", form_data(world, **changes))
    page = text(response)
    assert response.status_code == status
    assert message in page and "invalid-feedback" in page
    assert set(campaigns(app)) == set(before)
    assert audit(app, "create") == []
    assert "Đảm bảo an sinh xã hội, tăng quyền năng" in page or "theme" in changes  # kept
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_the_list_shows_the_tree_newest_first(app, organizer, world):
    with app.app_context():
        city = db.session.get(Campaign, world.city)
        factories.campaign(name="Tháng hành động Sơn Tây 2022", parent=city,
                           unit=db.session.get(AdministrativeUnit, world.son_tay))  # fmt: skip
        factories.campaign(
            name="Tháng hành động Hà Nội 2021",
            unit=city.unit,
            year=2021,
            start_date=dt.date(2021, 11, 15),
            end_date=dt.date(2021, 12, 15),
        )
        factories.campaign(name="Tháng hành động Hà Nội 2023", unit=city.unit, year=2023,
                           start_date=dt.date(2023, 11, 15), end_date=dt.date(2023, 12, 15),
                           status=CampaignStatus.CLOSED)  # fmt: skip
        db.session.commit()
    page = text(organizer.get("/campaigns/"))
    order = [page.index(name) for name in ("Hà Nội 2023", "Hà Nội 2022", "Sơn Tây 2022",
                                           "Hà Nội 2021")]  # fmt: skip
    assert order == sorted(order)
    assert re.search(r'<td class="ps-3">\s*<span aria-hidden="true">↳ </span>\s*<a[^>]*>'
                     r"Tháng hành động Sơn Tây 2022", page)  # fmt: skip
    assert "15/11/2022 – 15/12/2022" in page
    assert "Đã kết thúc" in page and "Thành phố Hà Nội" in page
    assert "Thêm Tháng hành động" in page


def test_staff_see_the_list_without_the_buttons_that_change_things(app, client, world):
    sign_in(app, client, "staff")
    assert "Thêm Tháng hành động" not in text(client.get("/campaigns/"))
    page = text(client.get(f"/campaigns/{world.city}"))
    assert "Đặt làm Tháng hành động hiện tại của tôi" in page
    assert "Kết thúc Tháng hành động" not in page and "/edit" not in page
    assert client.get("/campaigns/new").status_code == 403


def _fill(campaign, label: str, given: int = 1) -> None:
    """One event, one programme of 10 gifts with ``given`` handed out, one activity."""
    factories.event(campaign=campaign, title=f"Lễ phát động {label}")
    factories.programme(campaign=campaign, quota=10, given_count=given, name=f"Quà {label}")
    factories.activity(campaign, [], {}, title=f"Tập huấn {label}", kind=ActivityKind.TRAINING)


def _tree(app, world, children: int) -> None:
    """Under the city: ``children`` district campaigns, each with a commune campaign below."""
    with app.app_context():
        city = db.session.get(Campaign, world.city)
        _fill(city, "thành phố", given=5)
        db.session.add(CampaignIndicator(campaign=city, name="Tỷ lệ nữ đại biểu", position=1))
        for number in range(children):
            district = factories.unit(f"Huyện {number}", parent=city.unit)
            child = factories.campaign(name=f"Tháng hành động huyện {number}", parent=city,
                                       unit=district)  # fmt: skip
            _fill(child, f"huyện {number}")
            commune = factories.unit(f"Xã {number}", level="commune", parent=district)
            grandchild = factories.campaign(name=f"Tháng hành động xã {number}", parent=child,
                                            unit=commune)  # fmt: skip
            _fill(grandchild, f"xã {number}", given=2)
        db.session.commit()


def test_the_hub_shows_everything_and_sums_the_tree(app, organizer, world):
    _tree(app, world, children=2)
    page = text(organizer.get(f"/campaigns/{world.city}"))
    for words in (
        "Lễ phát động thành phố",
        "Lễ phát động",
        "Quà thành phố",
        "Tập huấn thành phố",
        "Tỷ lệ nữ đại biểu",
        "Tháng hành động huyện 1",
        "Tháng hành động cấp dưới",
    ):
        assert words in page  # fmt: skip
    assert re.search(r'<a href="/events/\d+">Lễ phát động thành phố</a>', page)
    assert "Lễ phát động huyện 0" not in page  # the children's own events are on their pages
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S)
    assert [re.findall(r'class="text-end">([^<]*)<', row) for row in rows] == [
        ["1", "5/10", "1"],  # the city's own
        ["2", "3/20", "2"],  # each district with its commune
        ["2", "3/20", "2"],
    ]
    total = re.search(r'subtree-total">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="text-end">([^<]*)<', total) == ["5", "11/50", "5"]


@pytest.mark.parametrize("role", ["organizer", "staff"])
def test_the_hub_runs_a_fixed_number_of_queries_whatever_the_tree(app, client, world, role):
    sign_in(app, client, role)
    _tree(app, world, children=1)
    with counted_queries(app) as one_child:
        assert client.get(f"/campaigns/{world.city}").status_code == 200
    with app.app_context():
        city = db.session.get(Campaign, world.city)
        for number in range(4):
            _fill(factories.campaign(name=f"Thêm {number}", parent=city,
                                     unit=factories.unit(f"Quận {number}", parent=city.unit)),
                  str(number))  # fmt: skip
        db.session.commit()
    with counted_queries(app) as five_children:
        page = text(client.get(f"/campaigns/{world.city}"))
    assert page.count('<th scope="row"><a href="/campaigns/') == 5
    # 17: the indicators add theirs, their actuals and last year's (activities.indicators)
    assert len(five_children) == len(one_child) <= 17, five_children


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/campaigns/999"), ("get", "/campaigns/999/edit"), ("post", "/campaigns/999/edit"),
     ("post", "/campaigns/999/close"), ("post", "/campaigns/999/reopen"),
     ("post", "/campaigns/999/choose")],
)  # fmt: skip
def test_a_missing_campaign_is_404(organizer, method, path):
    if method == "get":
        assert organizer.get(path).status_code == 404
    else:
        assert post(organizer, path, {}, page="/campaigns/").status_code == 404


def selected(page: str, field: str) -> str | None:
    """The value of the option selected in the form's ``field``."""
    found = re.search(
        rf'<select [^>]*name="{field}"(?:(?!</select>).)*?<option [^>]*selected value="(\d+)"',
        page,
        re.S,
    )
    return found and found.group(1)


def test_edit_shows_the_stored_values_and_saves_the_changes(app, organizer, world):
    created = post(organizer, "/campaigns/new", form_data(world))
    path = created.headers["Location"] + "/edit"
    page = text(organizer.get(path))
    assert 'value="14/11/2022"' in page
    assert selected(page, "unit") == str(world.son_tay)
    assert selected(page, "parent") == str(world.city)
    response = post(
        organizer,
        path,
        form_data(world, name="Tháng hành động Sơn Tây (sửa)", end_date="20/12/2022", parent=""),
        page=path,
    )
    assert response.status_code == 302, text(response)
    changed = campaigns(app)["Tháng hành động Sơn Tây (sửa)"]
    assert (changed.end_date, changed.parent_id) == (dt.date(2022, 12, 20), None)
    [entry] = audit(app, "update")
    assert entry.changes["end_date"] == ["2022-12-15", "2022-12-20"]
    assert entry.changes["parent"] == ["Tháng hành động Hà Nội 2022", None]
    assert "Đã lưu “Tháng hành động Sơn Tây (sửa)”." in text(
        organizer.get(response.headers["Location"])
    )


def test_a_campaign_cannot_be_put_under_itself_or_its_own_child(app, organizer, world):
    created = post(organizer, "/campaigns/new", form_data(world))
    child_id = int(created.headers["Location"].rsplit("/", 1)[1])
    path = f"/campaigns/{world.city}/edit"
    page = text(organizer.get(path))
    assert f'value="{world.city}"' not in page.split('name="parent"')[1].split("</select>")[0]
    assert f'value="{child_id}"' not in page.split('name="parent"')[1].split("</select>")[0]
    for parent in (world.city, child_id):
        data = form_data(world, name="Tháng hành động Hà Nội 2022", unit=str(world.ha_noi),
                         start_date="15/11/2022", parent=str(parent))  # fmt: skip
        response = post(organizer, path, data, page=path)
        assert response.status_code == 422
        assert "Hãy chọn một mục trong danh sách." in text(response)
    assert campaigns(app)["Tháng hành động Hà Nội 2022"].parent_id is None


def test_a_closed_campaign_is_read_only_until_reopened(app, organizer, world):
    path = f"/campaigns/{world.city}"
    response = post(organizer, f"{path}/close", {}, page=path)
    assert response.status_code == 302 and response.headers["Location"] == path
    page = text(organizer.get(path))
    assert "Đã kết thúc “Tháng hành động Hà Nội 2022”" in page
    assert "Mở lại Tháng hành động" in page and f"{path}/edit" not in page
    closed_message = "Tháng hành động này đã kết thúc; hãy mở lại nếu cần chỉnh sửa."
    form_page = organizer.get(f"{path}/edit")
    assert form_page.status_code == 200 and closed_message in text(form_page)
    assert "<fieldset disabled>" in text(form_page)
    data = form_data(world, name="Tên mới", unit=str(world.ha_noi), parent="",
                     start_date="15/11/2022")  # fmt: skip
    refused = post(organizer, f"{path}/edit", data, page=path)
    assert refused.status_code == 409
    assert closed_message in text(refused) and 'value="Tên mới"' in text(refused)
    assert "Tên mới" not in campaigns(app)
    assert post(organizer, f"{path}/reopen", {}, page=path).status_code == 302
    assert campaigns(app)["Tháng hành động Hà Nội 2022"].status == CampaignStatus.ACTIVE
    assert post(organizer, f"{path}/edit", data, page=path).status_code == 302
    assert [entry.changes.get("status") for entry in audit(app, "update")] == [
        ["active", "closed"], ["closed", "active"], None,
    ]  # fmt: skip


def test_choosing_a_campaign_puts_it_on_the_home_page(app, client, world):
    sign_in(app, client, "staff")
    with app.app_context():
        ha_noi = db.session.get(Campaign, world.city).unit
        older = factories.campaign(name="Tháng hành động Hà Nội 2019", unit=ha_noi, year=2019,
                                   start_date=dt.date(2019, 11, 15),
                                   end_date=dt.date(2019, 12, 15))  # fmt: skip
        db.session.commit()
        older_id = older.id
    assert "Tháng hành động Hà Nội 2022" in text(client.get("/"))
    response = post(client, f"/campaigns/{older_id}/choose", {}, page="/campaigns/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = text(client.get("/"))
    assert "Tháng hành động bạn đã chọn" in home and "Tháng hành động Hà Nội 2019" in home
    assert "Trang chủ của bạn đang hiển thị" in text(client.get(f"/campaigns/{older_id}"))
    with app.app_context():
        db.session.delete(db.session.get(Campaign, older_id))
        db.session.commit()
    home = text(client.get("/"))
    assert "Tháng hành động Hà Nội 2022" in home and "Tháng hành động bạn đã chọn" not in home


def test_a_new_campaign_cannot_go_under_a_closed_one(app, organizer, world):
    post(organizer, f"/campaigns/{world.city}/close", {}, page="/campaigns/")
    response = post(organizer, "/campaigns/new", form_data(world))
    assert response.status_code == 409
    assert "Tháng hành động cấp trên đã kết thúc" in text(response)
    assert 'id="parent-errors"' in text(response) and len(campaigns(app)) == 1
