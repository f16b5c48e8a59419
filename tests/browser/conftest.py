"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Outside CI they skip with one line when no Chromium is found; in CI (CI=true) that is a failure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, say where the page was and what it showed (its messages and
    form errors), and keep a screenshot: a timeout alone does not tell why."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if report.when == "call" and report.failed else None
    if page is None:
        return
    try:
        shown = page.evaluate(
            """() => [...document.querySelectorAll(
                '.alert, .invalid-feedback, .errorlist, [data-testid=form-errors]')]
                .map(e => e.innerText.trim()).filter(Boolean)"""
        )
        screenshot(page, f"failed-{item.name}")
        report.sections.append(
            ("page at failure", f"url: {page.url}\nshown: {shown}\nconsole: {page.console_errors}")
        )
    except Exception as e:  # the page may be gone; the failure itself is what matters
        report.sections.append(("page at failure", f"not readable: {e}"))


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "no Chromium found (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests need Chromium in CI: {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's driver logs what it waits for under DEBUG=pw:api, a name Django's settings
    # read too: JF_PW_DEBUG=pw:api hands it to the driver alone (the driver starts below).
    if os.environ.get("JF_PW_DEBUG"):
        os.environ["DEBUG"] = os.environ["JF_PW_DEBUG"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Console errors include Content Security Policy violations ("Refused to execute ...").
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    def do(username: str, password: str = "Pass-word-123"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=current-user]")
        return page

    return do


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def nav(page, group: str, item: str | None = None) -> None:
    """Follow the menu: a plain link, or a dropdown group and one of its entries; returns once
    the page it leads to has loaded, its scripts included (under load, a test that typed at
    once typed into the old page, or into a field whose listener was not attached yet)."""
    if item is None:
        with page.expect_navigation():
            page.locator("nav .nav-link:not(.dropdown-toggle)", has_text=group).first.click()
        return
    page.locator("nav .dropdown-toggle", has_text=group).first.click()
    with page.expect_navigation():
        page.locator("nav .dropdown-menu.show .dropdown-item", has_text=item).first.click()
