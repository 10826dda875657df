"""Real-browser journeys: the app served on a loopback port, driven in Debian's headless Chromium.

Every page a journey visits is checked with axe-core (from the npm registry, ``npm ci``);
serious and critical accessibility violations fail the test.
"""

import json
from collections.abc import Iterator
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


@pytest.fixture
def page(browser) -> Iterator[Page]:
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
    yield page
    context.close()
    assert errors == [], f"the page reported errors: {errors}"


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
