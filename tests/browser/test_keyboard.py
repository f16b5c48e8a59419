"""By keyboard alone: a citizen files an application with one mistake and recovers from the error
summary; a dispatcher's focus stays on a row of the live 110 board while it refreshes."""

from __future__ import annotations

import re
import time

from jiefen.core.senders import ConsoleSender
from tests.browser.conftest import screenshot
from tests.browser.picker import pick_village
from tests.browser.test_dispatch import _incident
from tests.browser.test_dispatch import police as police  # noqa: F401  (fixture)
from tests.browser.test_portal import latest_code

PHONE = "13905716666"


def active(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has focus: it is reachable from the keyboard in tab order."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, selector):
            return
    raise AssertionError(f"{selector} not reached by Tab in {limit} presses")


def choose(page, selector: str, value: str) -> None:
    """Pick an option (by value or by its text) of a select with the arrow keys."""
    tab_to(page, selector)
    for _ in range(500):
        picked = page.evaluate(
            "(s) => { const e = document.querySelector(s); return [e.value, e.selectedOptions[0]?.text]; }",
            selector,
        )
        if value in picked:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reached in {selector}")


def test_a_citizen_files_an_application_by_keyboard_and_recovers_from_one_error(
    browser, live_server, xihu
):
    ConsoleSender.sent.clear()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/portal/")

    tab_to(page, "[data-testid=apply-mediation]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_phone")
    tab_to(page, "#id_phone")
    page.keyboard.type(PHONE)
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_code")
    tab_to(page, "#id_code")
    page.keyboard.type(latest_code(PHONE))
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=apply-form]")
    assert (
        page.get_attribute("[data-testid=portal-steps] li[aria-current=step]", "class") == "current"
    )

    # Everything but the name: the one deliberate mistake.
    tab_to(page, "#id_id_number")
    page.keyboard.type("330106199003071017")
    tab_to(page, "#id_employer_name")
    page.keyboard.type("杭州之江建设有限公司")
    tab_to(page, "#id_village")  # the village picker: typed, then chosen with the arrows
    pick_village(page, "shssq", "转塘街道 · 珊瑚沙社区")
    choose(page, "#id_category", "wage_arrears")
    tab_to(page, "#id_summary")
    page.keyboard.type("2026年8月起拖欠工资三个月，共一万五千元")
    tab_to(page, "#id_claim_1")
    page.keyboard.type("支付拖欠工资")
    page.keyboard.press("Tab")
    page.keyboard.type("15000")
    tab_to(page, "[data-testid=submit-application]")
    page.keyboard.press("Enter")

    # Back with the error: focus is on the summary, which links to the empty field.
    page.wait_for_selector("[data-jf-error-summary]")
    assert active(page, "[data-jf-error-summary]")
    assert page.get_attribute("[data-jf-error-summary]", "role") == "alert"
    name_input = page.locator("#id_name")
    assert name_input.get_attribute("aria-invalid") == "true"
    described = name_input.get_attribute("aria-describedby").split()
    assert "id_name_error" in described
    assert page.locator("#id_name_error").inner_text().strip()
    screenshot(page, "portal-keyboard-error-summary")
    page.keyboard.press("Tab")
    assert active(page, "[data-jf-error-summary] a[href='#id_name']")
    page.keyboard.press("Enter")
    assert active(page, "#id_name")
    page.keyboard.type("李明")
    tab_to(page, "[data-testid=submit-application]")
    page.keyboard.press("Enter")

    page.wait_for_selector("[data-testid=receipt]")
    assert re.fullmatch(r"XH\d{4}-\d{5}", page.inner_text("[data-testid=case-number]").strip())
    context.close()


def _refreshes(page) -> int:
    return page.evaluate("window.__refreshes || 0")


def _wait_refreshes(page, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while _refreshes(page) < count:
        assert time.monotonic() < deadline, f"only {_refreshes(page)} refreshes"
        page.wait_for_timeout(250)


def test_focus_stays_on_a_board_row_across_three_refreshes_and_a_new_incident_is_announced(
    page,
    live_server,
    login,
    leader,
    police,  # noqa: F811
):
    first = _incident("110-K-0001", minutes_ago=3)
    _incident("110-K-0002", minutes_ago=2)
    login(leader.username)
    page.goto(f"{live_server.url}/dispatch/board/")
    page.evaluate(
        """() => { window.__refreshes = 0;
                   document.addEventListener('jf:board-updated', () => { window.__refreshes += 1; }); }"""
    )
    link = f"#incident-{first.pk}-no"
    tab_to(page, link)
    page.evaluate("(s) => { document.querySelector(s).__kept = true; }", link)
    scroll_before = page.evaluate("window.scrollY")

    _wait_refreshes(page, 1)
    _incident("110-K-0003", minutes_ago=0.5)  # a new incident arrives between refreshes
    _wait_refreshes(page, 3)

    assert active(page, link)
    # The same node, not a copy focused again: nothing a screen reader was reading was replaced.
    assert page.evaluate("document.activeElement.__kept === true")
    assert page.evaluate("window.scrollY") == scroll_before
    assert page.locator("[data-testid=incident-110-K-0003]").count() == 1
    assert "110-K-0003" in page.inner_text("[data-testid=board-announce]")
    assert page.get_attribute("[data-testid=board-announce]", "aria-live") == "polite"
    assert page.console_errors == []
