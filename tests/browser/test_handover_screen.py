"""The handover screen on a phone (390 px) and a laptop (1280 px): nothing of a row is cut off,
and a received row's void button can be reached and used."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from campaign.accounts.models import Role
from campaign.extensions import db
from tests import factories
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("CAMPAIGN_SCREENSHOTS")  # a folder, to look at the pages


@pytest.fixture
def received(app):
    """Sơn Tây's official; Nguyễn Thị Lan received her gift, Chu Thị Hằng is still to come."""
    with app.app_context():
        son_tay, _ba_vi, le_loi, _tan_linh = factories.two_districts()
        programme = factories.programme(quota=10, name="Trao quà cho phụ nữ khó khăn")
        share = factories.allocation(programme, son_tay, quota=5)
        lan = factories.beneficiary("Nguyễn Thị Lan", unit=le_loi, birth_year=1962)
        factories.nomination(share, lan, list_number=1)
        factories.nomination(
            share, factories.beneficiary("Chu Thị Hằng", unit=le_loi, birth_year=1971),
            list_number=2,
        )  # fmt: skip
        factories.handover(share, lan)
        share.given_count = programme.given_count = 1
        factories.user(Role.OFFICIAL, username="can.bo", units=[son_tay])
        db.session.commit()
        return programme.id


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def fits_the_screen(page: Page, selector: str) -> None:
    """The element lies wholly inside the viewport's width: not cut off, not scrolled away."""
    box = page.locator(selector).first.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_received_row_can_be_voided_at_every_width(page: Page, live_server, received, width):
    page.set_viewport_size({"width": width, "height": 844})
    url = f"{live_server}/gifts/{received}/handover"
    sign_in(page, url, "can.bo", factories.PASSWORD)
    waiting = page.get_by_role("table", name="Người đã duyệt chưa nhận quà").locator("tbody tr")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Chu Thị Hằng")
    fits_the_screen(page, "table button:text-is('Đã nhận')")
    screenshot(page, f"handover-list-{width}")
    check_accessibility(page)

    page.get_by_label("Tên hoặc số thứ tự trong danh sách").fill("lan")
    page.get_by_label("Tên hoặc số thứ tự trong danh sách").press("Enter")
    row = page.get_by_role("table", name="Người đã duyệt tìm thấy").locator("tbody tr")
    expect(row).to_have_count(1)
    status = row.locator("[data-status=received]")
    expect(status).to_be_visible()
    fits_the_screen(page, "[data-status=received]")
    void = row.locator("summary", has_text="Hủy bản ghi này")
    expect(void).to_be_visible()
    fits_the_screen(page, "table summary:text-is('Hủy bản ghi này')")
    void.click()
    row.get_by_label("Vì sao bản ghi bị sai?").fill("Ghi nhầm người")
    button = row.get_by_role("button", name="Hủy", exact=True)
    expect(button).to_be_visible()
    fits_the_screen(page, "table button:text-is('Hủy')")
    screenshot(page, f"handover-found-{width}")
    check_accessibility(page)
    button.click()
    expect(page.get_by_role("status")).to_have_text("Đã hủy bản ghi; suất quà được trả lại.")
    expect(page).to_have_url(re.compile(f"/gifts/{received}/handover$"))
