"""The list pages' print and export links: the event list with its filters and order; a list too
long to print says so and offers the spreadsheets."""

import csv
import datetime as dt
import io

import openpyxl

from campaign.events.models import EventKind, EventStatus
from campaign.extensions import db
from campaign.reports import outputs
from tests import factories
from tests.conftest import sign_in


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True)[1:])))


def events(app) -> int:
    with app.app_context():
        campaign = factories.campaign()
        for day, kind in ((16, EventKind.TRAINING), (14, EventKind.LAUNCH_CEREMONY),
                          (20, EventKind.TRAINING)):  # fmt: skip
            factories.event(campaign=campaign, kind=kind, title=f"Sự kiện ngày {day}",
                            venue="Hội trường", status=EventStatus.HELD, actual_attendance=day,
                            starts_at=dt.datetime(2022, 11, day, 1, 0, tzinfo=dt.UTC))  # fmt: skip
        db.session.commit()
        return campaign.id


def test_the_event_list_exports_with_its_filters_and_order(app, client):
    events(app)
    sign_in(app, client, "staff")
    page = client.get("/events/?kind=training&sort=-date").get_data(as_text=True)
    assert "/reports/events?kind=training&amp;sort=-date&amp;format=xlsx" in page
    rows = csv_rows(client.get("/reports/events?kind=training&sort=-date&format=csv"))
    assert [row[1] for row in rows[1:]] == ["Sự kiện ngày 20", "Sự kiện ngày 16"]
    assert rows[1][2:5] == ["Tập huấn", "Đã tổ chức", "08:00 20/11/2022"]
    assert rows[1][9] == "20"
    printed = client.get("/reports/events?kind=training&format=print").get_data(as_text=True)
    assert "DANH SÁCH SỰ KIỆN" in printed.upper() and "Sự kiện ngày 14" not in printed
    assert client.get("/reports/events?kind=nothing&format=csv").status_code == 400


def test_a_list_too_long_to_print_offers_the_spreadsheets(app, client, monkeypatch):
    events(app)
    sign_in(app, client, "staff")
    monkeypatch.setattr(outputs, "PRINT_LIMIT", 2)
    response = client.get("/reports/events?format=pdf&sort=title")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "nhiều hơn 2 dòng" in text and "/reports/events?sort=title&amp;format=xlsx" in text
    assert client.get("/reports/events?format=csv").status_code == 200


def test_the_nominees_export_with_the_status_filter_and_the_readers_scope(app, client, programme):
    sign_in(app, client, "official", units=[programme["son_tay"]])
    pid = programme["id"]
    page = client.get(f"/gifts/{pid}/nominations?status=approved").get_data(as_text=True)
    assert f"/reports/programmes/{pid}/nominations?status=approved&amp;format=csv" in page
    rows = csv_rows(client.get(f"/reports/programmes/{pid}/nominations?status=approved&format=csv"))
    assert rows[0][:6] == ["STT", "Họ và tên", "Năm sinh", "Xã/phường", "Chỉ tiêu của", "Trạng thái"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]  # Ba Vì's nominee is not hers
    assert {row[5] for row in rows[1:]} == {"Đã duyệt"}
    bad = client.get(f"/reports/programmes/{pid}/nominations?status=lost&format=csv")
    assert bad.status_code == 400 and "Hãy chọn một mục" in bad.get_data(as_text=True)


def test_the_officials_registry_exports_with_its_search(app, client):
    with app.app_context():
        body = factories.organization(name="Ủy ban nhân dân thị xã Sơn Tây")
        factories.official("Lê Đại Thăng", organization_=body)
        factories.official("Chử Xuân Dũng", title="Trưởng ban", organization_=body)
        db.session.commit()
    sign_in(app, client, "staff")
    rows = csv_rows(client.get("/reports/officials?q=thang&format=csv"))
    assert rows[1:] == [["1", "Lê Đại Thăng", "Phó Chủ tịch, Ủy ban nhân dân thị xã Sơn Tây"]]
    assert "/reports/officials?q=thang&amp;format=pdf" in client.get(
        "/officials/?q=thang").get_data(as_text=True)


def test_the_reference_lists_export_with_their_filters(app, client):
    with app.app_context():
        son_tay, *_others = factories.two_districts()
        factories.organization(name="Ủy ban nhân dân thị xã Sơn Tây", unit=son_tay)
        db.session.commit()
    sign_in(app, client, "staff")
    rows = csv_rows(client.get("/reports/units?scheme=pre2025&level=commune&format=csv"))
    assert [row[2:] for row in rows[1:]] == [["Phường Lê Lợi", "Xã, phường, thị trấn", "Thị xã Sơn Tây"],
                                             ["Xã Tản Lĩnh", "Xã, phường, thị trấn", "Huyện Ba Vì"]]
    organizations = csv_rows(client.get("/reports/organizations?q=son+tay&format=csv"))
    assert [row[1] for row in organizations[1:]] == ["Ủy ban nhân dân thị xã Sơn Tây"]
    assert "/reports/units?scheme=pre2025&amp;format=xlsx" in client.get(
        "/places/?scheme=pre2025").get_data(as_text=True)


def test_only_administrators_export_the_accounts(app, client):
    sign_in(app, client, "admin")
    rows = csv_rows(client.get("/reports/users?role=admin&format=csv"))
    assert rows[0][1:] == ["Tên đăng nhập", "Họ và tên", "Vai trò", "Trạng thái", "Phạm vi"]
    assert {row[3] for row in rows[1:]} == {"Quản trị hệ thống"}
    assert all("password" not in ",".join(row).lower() for row in rows)


def test_the_campaign_tree_exports_in_the_order_the_page_shows_it(app, client):
    with app.app_context():
        son_tay, ba_vi, le_loi, _tan_linh = factories.two_districts()
        older = factories.campaign(name="Tháng hành động 2021", unit=son_tay.parent, year=2021,
                                   start_date=dt.date(2021, 11, 15),
                                   end_date=dt.date(2021, 12, 15))  # fmt: skip
        city = factories.campaign(name="Tháng hành động 2022", unit=son_tay.parent)
        factories.campaign(name="Sơn Tây 2022", unit=son_tay, parent=city)
        ward = factories.campaign(name="Lê Lợi 2022", unit=le_loi, parent=city)
        factories.campaign(name="Ba Vì 2022", unit=ba_vi, parent=city)
        ward.parent = db.session.get(type(city), city.id + 1)  # under Sơn Tây
        db.session.commit()
        assert older.id < city.id
    sign_in(app, client, "staff")
    assert "/reports/campaigns?format=xlsx" in client.get("/campaigns/").get_data(as_text=True)
    rows = csv_rows(client.get("/reports/campaigns?format=csv"))
    assert [row[1] for row in rows[1:]] == [
        "Tháng hành động 2022", "– Ba Vì 2022", "– Sơn Tây 2022", "– – Lê Lợi 2022",
        "Tháng hành động 2021",
    ]  # fmt: skip
    assert rows[1][2:4] == ["15/11/2022", "15/12/2022"]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/reports/campaigns?format=xlsx").data))
    cells = list(sheet.active.iter_rows(values_only=True))
    first = next(row for row in cells if row[1] == "Tháng hành động 2022")
    assert first[2] == dt.datetime(2022, 11, 15)  # a date cell, not a text
    printed = client.get("/reports/campaigns?format=print").get_data(as_text=True)
    assert "Danh sách Tháng hành động" in printed
    assert "– – Lê Lợi 2022" in printed


def test_the_audit_log_prints_and_exports_with_its_filters(app, client):
    from campaign.audit.services import COMMAND_LINE, record

    with app.app_context():
        record(COMMAND_LINE, "update", "beneficiary", 7, "=đổi địa chỉ",
               {"address": ["Thôn 1", "Thôn Đông Sàng"]})  # fmt: skip
        record(COMMAND_LINE, "create", "event", 3, "sự kiện mới")
        db.session.commit()
    sign_in(app, client, "admin")
    page = client.get("/admin/audit/?entity_type=beneficiary").get_data(as_text=True)
    assert "/reports/audit?entity_type=beneficiary&amp;format=pdf" in page
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get("/reports/audit?entity_type=beneficiary&format=xlsx").data)).active  # fmt: skip
    cells = list(sheet.iter_rows(values_only=True))
    entry = next(row for row in cells if row[6] == "=đổi địa chỉ")
    assert entry[3:6] == ("Sửa đổi", "Đối tượng thụ hưởng", 7)
    assert isinstance(entry[0], dt.datetime) and "Thôn Đông Sàng" in entry[7]
    assert not any(row[6] == "sự kiện mới" for row in cells)
    printed = client.get("/reports/audit?entity_type=beneficiary&format=print")
    assert printed.status_code == 200 and "Thôn Đông Sàng" in printed.get_data(as_text=True)
    assert client.get("/reports/audit?since=2026-13-45&format=csv").status_code == 400
    sign_in(app, client, "staff")
    assert client.get("/reports/audit?format=csv").status_code == 403
