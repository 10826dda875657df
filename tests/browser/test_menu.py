"""The main menu folds on a phone (it took ~300 px atop every page) and opens without JavaScript."""

import pytest
from playwright.sync_api import Browser, expect

from campaign.accounts.models import Role
from campaign.extensions import db
from tests import factories
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def organizer(app) -> str:
    with app.app_context():
        user = factories.user(Role.ORGANIZER, username="lan", must_change_password=False)
        db.session.commit()
        return user.username


@pytest.mark.parametrize("scripts", [True, False], ids=["with-js", "without-js"])
def test_on_a_phone_the_menu_is_one_button_that_opens(browser: Browser, live_server, organizer,
                                                      scripts):  # fmt: skip
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, java_script_enabled=scripts
    )
    page = context.new_page()
    sign_in(page, live_server + "/events/", organizer, factories.PASSWORD)
    events = page.get_by_role("link", name="Sự kiện", exact=True)
    expect(events).to_be_hidden()
    assert page.locator("header").bounding_box()["height"] < 80

    page.get_by_text("Menu", exact=True).click()
    expect(events).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    if scripts:
        check_accessibility(page)
    page.get_by_role("link", name="Đại biểu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đại biểu")
    expect(events).to_be_hidden()
    context.close()


def test_on_a_wide_screen_the_menu_stands_open(page, live_server, organizer):
    sign_in(page, live_server + "/events/", organizer, factories.PASSWORD)
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    page.get_by_role("link", name="Đại biểu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đại biểu")
    check_accessibility(page)
