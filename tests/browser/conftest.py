"""Real-browser journeys: the app served on a loopback port, driven in Debian's headless Chromium.

Every page a journey visits is checked with axe-core (from the npm registry, ``npm ci``);
serious and critical accessibility violations fail the test.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@contextmanager
def watched_page(browser: Browser) -> Iterator[Page]:
    """A page in a browser context of its own (its own cookies: one person at one computer);
    a script error or a missing asset fails the test."""
    # Reduced motion turns Bootstrap's transitions off, so that axe never measures a colour
    # halfway through a hover fade.
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def failed_asset(response) -> None:
        # A page answering 4xx is how forms report bad input; a missing stylesheet is a bug.
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} {response.url}")

    page.on("response", failed_asset)
    try:
        yield page
    finally:
        context.close()
    assert errors == [], f"the page reported errors: {errors}"


@pytest.fixture
def page(browser) -> Iterator[Page]:
    with watched_page(browser) as page:
        yield page


@pytest.fixture
def second_page(browser) -> Iterator[Page]:
    """A second person at another computer."""
    with watched_page(browser) as page:
        yield page


def check_accessibility(page: Page) -> None:
    """Run axe-core on the page; fail on serious or critical violations."""
    page.mouse.move(0, 0)  # no hover state left over from the last click
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    blocking = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"][:3]],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == [], f"{page.url}:\n{json.dumps(blocking, indent=2, ensure_ascii=False)}"


def sign_in(page: Page, url: str, username: str, password: str) -> None:
    """Open ``url``, sign in on the login page it leads to, and arrive back at ``url``."""
    page.goto(url)
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url)
