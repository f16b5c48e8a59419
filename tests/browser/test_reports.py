"""The dashboard in Chromium: charts drawn, no errors, a figure followed to its case list."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from jiefen.cases.choices import CaseStatus, Category
from jiefen.cases.tests.factories import make_case
from tests.browser.conftest import screenshot


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


CHARTS = ("trend", "status", "category", "channel", "street", "village")


def _cases(actor) -> None:
    make_case(actor=actor, status=CaseStatus.RESOLVED, category=Category.WAGE_ARREARS)
    make_case(actor=actor, status=CaseStatus.UNRESOLVED, category=Category.WAGE_ARREARS)
    make_case(actor=actor, status=CaseStatus.HANDLING, category=Category.SOCIAL_INSURANCE)
    make_case(
        actor=actor,
        status=CaseStatus.REGISTERED,
        category=Category.WORK_INJURY,
        village_code="330106109001",
    )


def _drawn(page, name: str) -> bool:
    return page.evaluate(
        """(name) => {
            const el = document.querySelector(`[data-chart="${name}"]`);
            return !!(el && el.querySelector("canvas") && window.echarts.getInstanceByDom(el));
        }""",
        name,
    )


def test_dashboard_draws_its_charts_and_leads_to_the_case_list(page, live_server, login, leader):
    _cases(leader)
    console: list[str] = []  # console errors too (a Content Security Policy refusal is one)
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    login(leader.username)
    page.goto(f"{live_server.url}/reports/")
    page.wait_for_selector("[data-chart=trend] canvas")
    for name in CHARTS:
        assert _drawn(page, name), name
    assert page.inner_text("[data-testid=figure-received]") == "4"
    assert page.inner_text("[data-testid=figure-resolution_rate]") == "50.0%"
    page.wait_for_timeout(1500)  # let the charts' entry animation finish before the picture
    screenshot(page, "reports-dashboard")
    assert page.console_errors == []
    assert console == []

    page.click("[data-figure=received]")
    page.wait_for_url("**/cases/?**")
    month = timezone.localdate()
    assert f"from={month:%Y-%m}-01" in page.url
    assert "4 件" in page.inner_text("main h1")
    screenshot(page, "reports-dashboard-to-case-list")


def test_wall_screen_is_dark_and_draws_its_charts(page, live_server, login, leader):
    _cases(leader)
    login(leader.username)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/reports/?wall=1")
    page.wait_for_selector("[data-chart=street] canvas")
    assert _drawn(page, "street")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(11, 23, 39)"
    screenshot(page, "reports-wall")
    assert page.console_errors == []


def test_monthly_report_export_shows_progress_and_offers_the_files(
    page, live_server, login, leader
):
    _cases(leader)
    login(leader.username)
    page.goto(f"{live_server.url}/reports/monthly/")
    page.wait_for_selector("[data-testid=figures]")
    screenshot(page, "reports-monthly")
    page.click("[data-testid=export]")
    page.wait_for_selector("[data-testid=download-xlsx]")
    assert page.get_attribute("[data-testid=run-progress]", "data-status") == "done"
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
def test_the_kiosk_wall_fills_the_screen_without_scrolling_or_paged_legends(
    page, live_server, leader, administrator, width, height
):
    from jiefen.reports.kiosk import kiosk_token_sign
    from jiefen.reports.services import kiosk_token_issue

    _cases(leader)
    token = kiosk_token_issue(actor=administrator, label="三楼大厅")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/reports/wall/{kiosk_token_sign(token)}/")
    page.wait_for_selector("[data-chart=trend] canvas")

    for name in ("trend", "clocks", "status", "category", "channel", "street"):
        assert _drawn(page, name), name
    scroll = page.evaluate(
        "[document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
    )
    assert scroll[0] <= height and scroll[1] <= width, scroll
    legends = page.evaluate(
        """() => [...document.querySelectorAll('[data-chart]')].flatMap((el) => {
            const chart = window.echarts.getInstanceByDom(el);
            return chart ? (chart.getOption().legend || []).map((l) => l.type) : [];
        })"""
    )
    assert legends and set(legends) == {"plain"}
    pie = page.evaluate(
        """() => window.echarts.getInstanceByDom(document.querySelector('[data-chart=channel]'))
            .getOption().series[0].labelLayout.hideOverlap"""
    )
    assert pie is True
    screenshot(page, f"reports-kiosk-{width}x{height}")
    assert page.console_errors == []
