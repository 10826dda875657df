"""The list pages' print and export links: the event list with its filters and order; a list too
long to print says so and offers the spreadsheets."""

import csv
import datetime as dt
import io

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
