"""A follow-up activity in a real browser, by two people at two computers: the organizer plans a
training for Ba Vì with a target of 100 participants; Ba Vì's official reports 60; the organizer
sees 60% and sends the report back; the official answers with a new version; the organizer
reads the new totals and the history. Axe checks every page on the way."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.activities.conftest import training  # noqa: F401 (the fixture)
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_plan_report_send_back_answer_and_read_the_totals(
    page: Page, second_page: Page, live_server: str, app, training, monkeypatch,  # noqa: F811
):
    monkeypatch.setattr("campaign.activities.views.local_today", lambda: dt.date(2022, 11, 25))
    organizer, official = page, second_page
    campaign, ba_vi = training["campaign"], training["ba_vi"]
    sign_in(organizer, f"{live_server}/activities/?campaign={campaign}", "to.chuc",
            factories.PASSWORD)  # fmt: skip
    check_accessibility(organizer)
    organizer.get_by_role("link", name="Lập kế hoạch hoạt động").click()
    organizer.fill("#title", "Tập huấn kỹ năng hỗ trợ người bị bạo lực")
    organizer.select_option("#kind", "training")
    organizer.select_option("#units", str(ba_vi))
    check_accessibility(organizer)
    organizer.get_by_role("button", name="Lưu").click()
    expect(organizer.get_by_text("Đã lập kế hoạch hoạt động.")).to_be_visible()
    activity_url = organizer.url
    organizer.get_by_role("link", name="Đặt chỉ tiêu").click()
    organizer.fill(f"#target-{ba_vi}-participants", "100")
    check_accessibility(organizer)
    organizer.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(organizer.get_by_text("Đã lưu chỉ tiêu.")).to_be_visible()

    sign_in(official, activity_url, "can.bo.bavi", factories.PASSWORD)
    official.get_by_role("link", name="Báo cáo tiến độ").click()
    official.fill("#done_on", "20/11/2022")
    official.fill("#figure-participants", "60")
    official.fill("#women", "41")
    official.fill("#note", "Lớp tại xã Tản Lĩnh")
    check_accessibility(official)
    official.get_by_role("button", name="Gửi báo cáo").click()
    expect(official.get_by_text("Đã gửi báo cáo để duyệt.")).to_be_visible()
    expect(official.locator("td", has_text="60 / 100").first).to_be_visible()

    organizer.goto(activity_url)
    expect(organizer.get_by_text("60%").first).to_be_visible()
    check_accessibility(organizer)
    organizer.get_by_placeholder("Nội dung còn thiếu hoặc chưa đúng (khi trả lại)").fill(
        "thiếu danh sách học viên")
    organizer.get_by_role("button", name="Trả lại").click()
    expect(organizer.get_by_text("Đã trả lại báo cáo.")).to_be_visible()

    official.reload()
    expect(official.get_by_text("thiếu danh sách học viên")).to_be_visible()
    official.get_by_role("link", name="Trả lời bằng phiên bản mới").click()
    official.fill("#figure-participants", "64")
    official.fill("#reply", "Đã bổ sung danh sách 64 học viên")
    check_accessibility(official)
    official.get_by_role("button", name="Gửi phiên bản mới").click()
    expect(official.get_by_text("Đã gửi phiên bản mới để duyệt.")).to_be_visible()

    organizer.goto(activity_url)
    expect(organizer.get_by_text("phiên bản 2")).to_be_visible()
    expect(organizer.get_by_text("Đã được thay bằng phiên bản mới")).to_be_visible()
    expect(organizer.locator("td", has_text="64 / 100").first).to_be_visible()
    organizer.get_by_role("button", name="Chấp nhận").click()
    expect(organizer.get_by_text("Đã chấp nhận báo cáo.")).to_be_visible()
    check_accessibility(organizer)
    organizer.goto(f"{live_server}/activities/?campaign={campaign}")
    row = organizer.get_by_role("row").filter(has_text="Tập huấn kỹ năng hỗ trợ người bị bạo lực")
    expect(row).to_contain_text(re.compile(r"64\s*%"))
    check_accessibility(organizer)
