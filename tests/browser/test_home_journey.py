"""A newcomer opens the app, switches language, and finds the 2022 launch."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser

CAMPAIGN = (  # the demo's current campaign: this year's, on the new map
    "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2026"
)


def sign_in(page: Page, live_server: str, username: str, password: str) -> None:
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_home_language_switch_and_the_demo_campaign(page: Page, live_server: str, demo):
    sign_in(page, live_server, "demo.organizer", demo.new_passwords["demo.organizer"])
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(CAMPAIGN)
    expect(page.get_by_role("link", name="Trang chủ")).to_be_visible()
    expect(page.get_by_text("Phường Sơn Tây").first).to_be_visible()
    expect(page.get_by_text("16/66", exact=True)).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_text("Current campaign")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(CAMPAIGN)
    check_accessibility(page)

    page.get_by_role("link", name="Administrative units").click()
    page.get_by_label("Name", exact=True).fill("son tay")
    page.get_by_label("Scheme").select_option("pre2025")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=son\+tay"))
    expect(page.get_by_role("link", name="Sơn Tây", exact=True).first).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(re.compile(r"/places/\?q=son\+tay"))
    page.get_by_role("link", name="Sơn Tây", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sơn Tây"))
    check_accessibility(page)


def test_pages_work_without_javascript(browser, live_server: str, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_role("button", name="English").click()
    page.get_by_label("Username").fill("demo.staff")
    page.get_by_label("Password").fill(demo.new_passwords["demo.staff"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    context.close()
