"""This year's campaign on the new map, tried as a newcomer would right after ``make run``.

The issue's acceptance: the demo ward official of Phường Sơn Tây registers a woman of her ward and
nominates her for the 2026 gift programme; the organizer, at her own computer, approves her; the
official records the handover on the ceremony screen; the programme's shares, the ceremony's
counter and the home page's gift figure each move by one. Every page is checked with axe.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser

CAMPAIGN = (
    "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2026"
)
PROGRAMME = "Trao quà cho phụ nữ có hoàn cảnh khó khăn năm 2026"
WARD = "Phường Sơn Tây"
WOMAN = "Nguyễn Thị Thu Hường"


def share_row(page: Page):
    """The ward's row of the programme's shares: allocated, proposed, approved, given, left."""
    return page.get_by_role("table", name="Phân bổ theo xã, phường, đặc khu").get_by_role(
        "row", name=re.compile(f"^{WARD}")
    )


def test_a_ward_official_nominates_a_woman_the_organizer_approves_and_she_receives_her_gift(
    page: Page, second_page: Page, live_server: str, demo
):
    official, organizer = page, second_page
    passwords = demo.new_passwords

    # Home: this year's campaign, on the new map, with its gifts so far.
    sign_in(official, live_server + "/", "demo.ward", passwords["demo.ward"])
    expect(official.get_by_role("heading", level=1)).to_have_text(CAMPAIGN)
    expect(official.get_by_text("16/66", exact=True)).to_be_visible()
    row = official.get_by_role("table", name=PROGRAMME).get_by_role(
        "row", name=re.compile(f"^{WARD}")
    )
    expect(row.locator("td")).to_have_text([WARD, "10", "2"])
    check_accessibility(official)

    # She registers a woman of her ward.
    official.get_by_role("link", name="Đối tượng thụ hưởng").click()
    expect(official.get_by_text(f"địa bàn bạn phụ trách: {WARD}")).to_be_visible()
    check_accessibility(official)
    official.get_by_role("link", name="Đăng ký người nhận").click()
    official.get_by_label("Họ và tên").fill(WOMAN)
    official.get_by_label("Năm sinh").fill("1968")
    official.get_by_label("Xã, phường", exact=True).fill(WARD)
    official.get_by_label("Mẹ đơn thân").check()
    official.get_by_label("Hộ nghèo").check()
    official.get_by_label("Chị đã đồng ý để lưu thông tin").check()
    check_accessibility(official)
    official.get_by_role("button", name="Lưu").click()
    expect(official.get_by_role("status")).to_have_text(f"Đã đăng ký {WOMAN}.")
    expect(official.get_by_role("heading", level=1)).to_have_text(WOMAN)
    check_accessibility(official)

    # From the home page to the programme, and she nominates her.
    official.get_by_role("link", name="Trang chủ").click()
    official.get_by_role("link", name=PROGRAMME).click()
    expect(share_row(official).locator("td")).to_have_text([WARD, "10", "7", "5", "2", "8"])
    check_accessibility(official)
    programme_url = official.url
    official.get_by_role("link", name="Đề xuất người nhận").click()
    official.get_by_label("Tên hoặc xã, phường").fill("nguyen thi thu huong")
    official.get_by_role("button", name="Tìm kiếm").click()
    official.get_by_label(WOMAN).check()
    check_accessibility(official)
    official.get_by_role("button", name="Đề xuất những người đã chọn").click()
    expect(official.get_by_role("status")).to_have_text("Đã đề xuất 1 người.")
    expect(official.get_by_role("row", name=re.compile(WOMAN))).to_contain_text("Đã đề xuất")
    check_accessibility(official)

    # The organizer, at her own computer, approves her.
    sign_in(
        organizer, programme_url + "/nominations", "demo.organizer", passwords["demo.organizer"]
    )
    check_accessibility(organizer)
    organizer.get_by_role("checkbox", name=f"Chọn {WOMAN}").check()
    organizer.get_by_role("button", name="Duyệt những người đã chọn", exact=True).click()
    expect(organizer.get_by_role("status")).to_have_text("Đã duyệt 1 người được đề xuất.")
    check_accessibility(organizer)
    organizer.goto(programme_url)
    expect(share_row(organizer).locator("td")).to_have_text([WARD, "10", "8", "6", "2", "8"])
    check_accessibility(organizer)

    # The ceremony: the official finds her and records the gift.
    official.goto(programme_url)
    official.get_by_role("link", name="Trao quà", exact=True).click()
    ward_counter = official.locator(".list-group-item", has_text=WARD).locator(".fw-semibold")
    expect(ward_counter).to_have_text("2 / 10")
    check_accessibility(official)
    official.get_by_label("Tên hoặc số thứ tự trong danh sách").fill("thu huong")
    official.get_by_label("Tên hoặc số thứ tự trong danh sách").press("Enter")
    found = official.get_by_role("table", name="Người đã duyệt tìm thấy").locator("tbody tr")
    expect(found).to_have_count(1)
    expect(found).to_contain_text(WOMAN)
    check_accessibility(official)
    found.get_by_role("button", name="Đã nhận").click()
    expect(official.get_by_role("status")).to_have_text(
        re.compile(rf"^Đã ghi nhận: {WOMAN} \(số \d+\) đã nhận quà\.$")
    )
    expect(ward_counter).to_have_text("3 / 10")
    expect(official.locator("[data-counter=programme]")).to_have_text("Đã trao 17/66 phần quà.")
    check_accessibility(official)

    # Every counter moved by one: the shares, and the home page.
    official.goto(programme_url)
    expect(share_row(official).locator("td")).to_have_text([WARD, "10", "8", "6", "3", "7"])
    official.get_by_role("link", name="Trang chủ").click()
    expect(official.get_by_text("17/66", exact=True)).to_be_visible()
    expect(row.locator("td")).to_have_text([WARD, "10", "3"])
    check_accessibility(official)
