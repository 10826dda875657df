"""A new staff member's reports, in a real browser: from the menu to the receipt list's print
view, its Excel file, the handover register as CSV, the event report and the summary report as
PDF, the dashboard, and the beneficiary list as a de-identified spreadsheet; axe checks every
page on the way."""

import csv
import io

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import check_accessibility, sign_in
from tests.reports.conftest import programme  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


def test_staff_find_reports_print_the_receipt_list_and_download_the_register(
    page: Page, live_server: str, app, programme  # noqa: F811
):
    from campaign.accounts.models import Role
    from campaign.extensions import db
    from campaign.gifts.models import GiftProgramme

    with app.app_context():
        factories.user(Role.STAFF, username="van.phong")
        factories.event(campaign=db.session.get(GiftProgramme, programme["id"]).campaign,
                        title="Lễ phát động Tháng hành động", venue="Sân vận động Sơn Tây")  # fmt: skip
        db.session.commit()
    refused = []  # what the Content-Security-Policy blocked: an inline style or script
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    sign_in(page, live_server + "/", "van.phong", factories.PASSWORD)
    page.get_by_role("link", name="Báo cáo").first.click()
    expect(page.get_by_role("heading", name="Báo cáo", exact=True)).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Danh sách ký nhận").first.click()
    check_accessibility(page)
    page.get_by_role("button", name="Bản in").click()
    expect(page.locator(".national-title")).to_have_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    expect(page.get_by_text("Bằng chữ: Hai triệu đồng.")).to_be_visible()
    expect(page.get_by_role("button", name="In")).to_be_visible()  # shown by static/js/print.js
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (XLSX)").click()
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names[:1] == ["Nguyễn Thị Lan"] and "Lê Thị Ưng" in names

    page.get_by_role("link", name="Quay lại").click()
    page.get_by_role("navigation", name="Đường dẫn trang").get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Sổ theo dõi trao quà").first.click()
    expect(page.get_by_text("Ghi nhầm người")).to_be_visible()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert len(rows) == 5 and rows[1][2] == "Nguyễn Thị Lan"

    page.get_by_role("link", name="Báo cáo").first.click()
    page.get_by_role("link", name="Bảng tổng hợp của Tháng hành động hiện tại").click()
    expect(page.locator("svg.chart").first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Bản in").first.click()
    expect(page.get_by_text("BÁO CÁO TỔNG HỢP", exact=False)).to_be_visible()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    with open(download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    page.get_by_role("link", name="Quay lại").click()
    page.get_by_role("link", name="Báo cáo").first.click()
    page.get_by_role("link", name="Báo cáo kết quả tổ chức", exact=True).first.click()
    expect(page.get_by_text("Sân vận động Sơn Tây").first).to_be_visible()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    page.get_by_role("link", name="Quay lại").click()
    page.get_by_role("link", name="Đối tượng thụ hưởng").first.click()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    with open(download.value.path(), "rb") as file:
        cells = [value for row in openpyxl.load_workbook(io.BytesIO(file.read())).active
                 .iter_rows(values_only=True) for value in row if value]  # fmt: skip
    assert "Trần Thị Ơn" in cells
    assert not any("001183" in str(value) or "091234" in str(value) for value in cells)
    assert refused == []
