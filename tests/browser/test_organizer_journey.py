"""A new organizer enters the seed's 2022 launch through the forms alone, then reads it back."""

import re

import pytest
from playwright.sync_api import Page, expect

from campaign.extensions import db
from tests import factories
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser
OLD_MAP = " · bản đồ hành chính trước ngày 01/7/2025 (3 cấp)"
"""How a picker tells the old map's body from its namesake of the new map."""
HANOI = "Ủy ban nhân dân thành phố Hà Nội"
HANOI_COMMITTEE = HANOI + OLD_MAP
NAMESAKES = {HANOI: HANOI_COMMITTEE}
"""The bodies whose name the new map has too: the pickers of bodies name their map."""
DISTRICTS = ["Thị xã Sơn Tây", "Huyện Ba Vì", "Huyện Phúc Thọ", "Huyện Mỹ Đức", "Huyện Ứng Hòa"]
OFFICIALS = [
    ("Lê Đại Thăng", "Phó Chủ tịch", "Ủy ban nhân dân thị xã Sơn Tây", "Phát biểu hưởng ứng"),
    ("Chử Xuân Dũng", "Phó Chủ tịch", HANOI, "Phát biểu chỉ đạo"),
    ("Nguyễn Thị Hà", "Thứ trưởng", "Bộ Lao động - Thương binh và Xã hội", "Đại biểu khách mời"),
]


def save(page: Page) -> None:
    page.get_by_role("button", name="Lưu", exact=True).click()


@pytest.mark.usefixtures("reference_data")
def test_the_2022_launch_entered_through_the_forms_reads_like_the_report(
    page: Page, live_server: str, app
):
    with app.app_context():
        factories.user("organizer", username="ban.to.chuc", full_name="Ban tổ chức")
        db.session.commit()
    page.goto(live_server + "/campaigns/new")
    page.fill("#username", "ban.to.chuc")
    page.fill("#password", factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile("/campaigns/new$"))
    check_accessibility(page)
    page.fill("#name", "Tháng hành động vì bình đẳng giới năm 2022")
    page.fill(
        "#theme", "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái"
    )
    page.fill("#year", "2022")
    page.fill("#start_date", "15/11/2022")
    page.fill("#end_date", "15/12/2022")
    old_hanoi = page.locator('#unit optgroup[label*="trước ngày 01/7/2025"] option',
                             has_text="Thành phố Hà Nội")  # fmt: skip
    page.select_option("#unit", old_hanoi.get_attribute("value"))  # 2022: the old map's
    page.select_option("#lead_organization", label=HANOI_COMMITTEE)
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("năm 2022"))
    check_accessibility(page)

    for name, title, organization, _role in OFFICIALS:
        page.goto(live_server + "/officials/new")
        page.fill("#full_name", name)
        page.fill("#title", title)
        page.select_option("#organization", label=NAMESAKES.get(organization, organization))
        save(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
    check_accessibility(page)

    page.goto(live_server + "/events/new")
    check_accessibility(page)
    page.select_option("#kind", "launch_ceremony")
    page.fill("#title", "Lễ phát động Tháng hành động vì bình đẳng giới năm 2022")
    page.fill("#start_date", "14/11/2022")
    page.fill("#start_time", "08:00")
    page.fill("#end_time", "11:00")
    page.fill("#venue", "Thị xã Sơn Tây")
    page.select_option("#host_unit", label="Thị xã Sơn Tây")
    page.select_option("#organizer", label=HANOI_COMMITTEE)
    page.get_by_label("Tìm đơn vị (gõ không dấu cũng được)").fill("ung hoa")
    expect(page.locator("#units option", has_text="Huyện Ứng Hòa")).to_be_visible()
    expect(page.locator("#units option", has_text="Huyện Ba Vì")).to_be_hidden()
    page.get_by_label("Tìm đơn vị (gõ không dấu cũng được)").fill("")
    page.select_option("#units", label=DISTRICTS)
    save(page)
    expect(page.get_by_text("nằm ngoài thời gian của Tháng hành động")).to_be_visible()
    check_accessibility(page)

    for name, title, organization, role in OFFICIALS:
        page.fill("#official", f"{name} — {title}, {organization}")
        page.select_option("#role", label=role)
        page.locator("#officials").get_by_role("button", name="Thêm").click()
    for time, item, speaker in (("08:00", "Phát biểu phát động Tháng hành động", "Chử Xuân Dũng"),
                                ("08:30", "Phát biểu hưởng ứng", "Lê Đại Thăng")):  # fmt: skip
        page.fill("#time", time)
        page.fill("#programme #title", item)
        page.select_option("#speaker", label=speaker)
        page.locator("#programme").get_by_role("button", name="Thêm").click()
    for item, who in (("Ấn nút phát động Tháng hành động", "Các đại biểu"),
                      ("Trao quà cho 100 phụ nữ có hoàn cảnh khó khăn", "Ban tổ chức")):  # fmt: skip
        page.fill("#programme #title", item)
        page.fill("#speaker_note", who)
        page.locator("#programme").get_by_role("button", name="Thêm").click()

    officials = page.locator("#officials tbody tr td:first-child")
    expect(officials).to_have_text(["Nguyễn Thị Hà", "Chử Xuân Dũng", "Lê Đại Thăng"])
    expect(page.locator("#programme tbody tr td:nth-child(2)")).to_have_text([
        "Phát biểu phát động Tháng hành động", "Phát biểu hưởng ứng",
        "Ấn nút phát động Tháng hành động", "Trao quà cho 100 phụ nữ có hoàn cảnh khó khăn",
    ])  # fmt: skip
    for district in DISTRICTS:
        expect(page.get_by_text(district, exact=False).first).to_be_visible()
    expect(page.get_by_text("08:00 14/11/2022")).to_be_visible()
    check_accessibility(page)
