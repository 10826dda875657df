"""An administrator's day: first sign-in, a new account, a name that is really a script."""

import re

import pytest
from playwright.sync_api import Page, expect

from campaign.extensions import db
from tests import factories
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser
SCRIPT_NAME = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_admin_creates_an_account_and_stored_script_stays_text(page: Page, live_server: str, app):
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province")
        factories.campaign(unit=hanoi)  # the scope picker lists the districts of its province
        district = factories.unit("Ba Vì", parent=hanoi, full_name="Huyện Ba Vì")
        factories.beneficiary(
            SCRIPT_NAME, unit=factories.unit("Tản Lĩnh", "commune", parent=district)
        )
        factories.user("admin", username="quan.tri", full_name="Quản trị")
        db.session.commit()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(live_server + "/admin/users/")
    page.get_by_label("Tên đăng nhập").fill("quan.tri")
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile("/admin/users/$"))
    check_accessibility(page)

    page.get_by_role("link", name="Thêm người dùng").click()
    check_accessibility(page)
    page.get_by_label("Tên đăng nhập").fill("thu.tran")
    page.get_by_label("Họ và tên").fill(SCRIPT_NAME)
    page.get_by_label("Vai trò").select_option("official")
    page.get_by_role("button", name="Lưu").click()
    expect(
        page.get_by_text("Vui lòng nhập thông tin này.").or_(page.get_by_text("phải được giao"))
    ).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value(SCRIPT_NAME)  # nothing typed is lost
    page.get_by_label("Địa bàn phụ trách").select_option(label="Huyện Ba Vì")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Mật khẩu tạm thời của thu.tran")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Quay lại danh sách người dùng").click()
    expect(page.get_by_role("cell", name=SCRIPT_NAME)).to_be_visible()
    page.get_by_role("link", name="Đối tượng thụ hưởng").click()
    expect(page.get_by_role("link", name=SCRIPT_NAME)).to_be_visible()
    page.get_by_role("link", name=SCRIPT_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SCRIPT_NAME)
    page.get_by_role("link", name="Nhật ký hệ thống").click()
    expect(page.get_by_role("cell", name="Xem hồ sơ", exact=True).first).to_be_visible()
    check_accessibility(page)
    assert dialogs == []
