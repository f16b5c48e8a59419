"""The live board in Chromium: it updates in place when a unit reports through the API, shows
the alarm near the limit, and says so when a poll fails."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from conftest import ZHUANTANG
from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.dispatch.choices import UnitKind
from jiefen.dispatch.services import incident_receive
from tests.browser.conftest import screenshot


@pytest.fixture
def police(make_staff):
    return make_staff(
        Role.POLICE_LIAISON,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.POLICE_OFFICE,
    )


def _incident(no: str, *, minutes_ago: float = 1, people: int = 3):
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    with time_machine.travel(at, tick=False):
        incident, _created = incident_receive(
            incident_no=no,
            received_at=at - dt.timedelta(minutes=1),
            caller_name="张建国",
            caller_phone="13905712345",
            address="杭州市西湖区转塘街道之江路88号恒远建设项目工地",
            village_code="330106010002",
            people_involved=people,
            category="wage_arrears",
            description="务工人员聚集讨薪",
        )
    return incident


def test_the_board_changes_without_a_reload_when_an_arrival_is_recorded_through_the_api(
    page, live_server, login, leader, police
):
    incident = _incident("110-B-0001", minutes_ago=4, people=14)
    order = incident.orders.get(unit_kind=UnitKind.POLICE)
    token = Token.objects.create(user=police)
    login(leader.username)
    page.goto(f"{live_server.url}/dispatch/board/")
    state = page.locator(f"[data-testid=state-{order.pk}]")
    assert state.inner_text() == "正常"
    timer_before = page.inner_text(f"[data-testid=timer-{order.pk}]")
    page.evaluate("window.__sameDocument = true")

    request = urllib.request.Request(
        f"{live_server.url}/api/v1/dispatch/orders/{order.pk}/arrive/",
        data=json.dumps({}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token.key}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200

    # A locator assertion polls without evaluating strings, which the page's CSP forbids.
    expect(page.locator(f"[data-testid=state-{order.pk}]")).to_have_text("按时到场", timeout=15_000)
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    assert timer_before.startswith("04:")
    assert page.inner_text(f"[data-testid=timer-{order.pk}]").startswith("04:")
    screenshot(page, "dispatch_board")
    assert page.console_errors == []


def test_a_unit_near_its_limit_raises_the_alarm_and_a_late_one_turns_red(
    page, live_server, login, leader, police
):
    near = _incident("110-B-0002", minutes_ago=12.5)
    late = _incident("110-B-0003", minutes_ago=16)
    login(leader.username)

    page.goto(f"{live_server.url}/dispatch/board/")

    near_police = near.orders.get(unit_kind=UnitKind.POLICE)
    late_police = late.orders.get(unit_kind=UnitKind.POLICE)
    assert page.inner_text(f"[data-testid=state-{near_police.pk}]") == "即将超时"
    assert page.inner_text(f"[data-testid=state-{late_police.pk}]") == "已超时"
    assert "jf-state-near" in page.get_attribute(f"[data-testid=order-{near_police.pk}]", "class")
    assert page.is_visible("[data-testid=board-alarm]")
    screenshot(page, "dispatch_board_alarm")


def test_a_failed_poll_shows_the_offline_badge_and_the_timers_keep_running(
    page, live_server, login, leader, police
):
    incident = _incident("110-B-0004", minutes_ago=2)
    order = incident.orders.get(unit_kind=UnitKind.POLICE)
    login(leader.username)
    page.goto(f"{live_server.url}/dispatch/board/")
    assert not page.is_visible("[data-testid=board-offline]")

    page.route("**/dispatch/board/rows/**", lambda route: route.abort())
    page.wait_for_selector("[data-testid=board-offline]", state="visible", timeout=15_000)
    first = page.inner_text(f"[data-testid=timer-{order.pk}]")
    page.wait_for_timeout(1500)

    assert page.inner_text(f"[data-testid=timer-{order.pk}]") != first
    page.unroute("**/dispatch/board/rows/**")
    page.wait_for_selector("[data-testid=board-offline]", state="hidden", timeout=15_000)


def test_the_board_fits_a_phone(browser, live_server, leader, police):
    _incident("110-B-0005", minutes_ago=5)
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", leader.username)
    page.fill("#id_password", "Pass-word-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/dispatch/board/")

    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "dispatch_board_phone")
    context.close()
    assert width <= 390


FAKE_AUDIO = """
window.__tones = 0;
class FakeAudioContext {
  constructor() { this.currentTime = 0; this.destination = {}; }
  resume() { return Promise.resolve(); }
  createOscillator() {
    window.__tones += 1;
    return { type: "", frequency: { value: 0 }, connect: (n) => n, start() {}, stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n };
  }
}
window.AudioContext = FakeAudioContext;
"""


def test_with_sound_on_a_unit_near_its_limit_beeps_once(page, live_server, login, leader, police):
    _incident("110-B-0006", minutes_ago=12.5)
    page.add_init_script(FAKE_AUDIO)
    login(leader.username)
    page.goto(f"{live_server.url}/dispatch/board/")
    assert page.evaluate("window.__tones") == 0

    page.click("#jf-sound")  # the test beep: three tones
    page.wait_for_timeout(2500)

    # The test beep and one alarm beep for the near police order (inspection is still on time).
    assert page.evaluate("window.__tones") == 6
    page.wait_for_timeout(2000)
    assert page.evaluate("window.__tones") == 6
