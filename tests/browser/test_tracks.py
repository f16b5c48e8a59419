"""One dispute through the tracks in the browser: mediation fails, it goes to arbitration in
one action, the tribunal hears it and makes its award."""

from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.arbitration.services import earliest_hearing_day, rooms_ensure, wage_tables_ensure
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case
from tests.browser.conftest import screenshot


def test_a_failed_mediation_goes_to_arbitration_through_hearing_to_award(
    page, live_server, login, clerk, make_staff
):
    wage_tables_ensure()
    rooms_ensure()
    mediator = make_staff(
        Role.MEDIATOR, scope_level=ScopeLevel.STREET, scope_code="330106010", full_name="王调解"
    )
    arbitrator = make_staff(
        Role.ARBITRATOR, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL, full_name="赵仲裁"
    )
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    # Mediation: start from the case page, record a session, fail and transfer.
    login(mediator.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.select_option("[data-testid=panel-mediation] select[name=mediator]", str(mediator.pk))
    page.click("[data-testid=mediation-start]")
    page.wait_for_selector("[data-testid=mediation-status]")
    session = "form[action$='/session/']"
    page.fill(f"{session} [name=held_at]", timezone.localtime().strftime("%Y-%m-%dT09:00"))
    page.fill(f"{session} [name=place]", "转塘街道调解室")
    page.fill(f"{session} [name=attendees]", "工人0、公司代表")
    page.fill(f"{session} [name=minutes]", "双方对欠薪金额分歧较大")
    page.click(f"{session} button")
    page.wait_for_selector("text=已记录调解过程")
    screenshot(page, "mediation-detail")
    page.fill("form[action$='/transfer/'] [name=reason]", "双方差距过大，调解不成")
    page.click("[data-testid=transfer]")

    # Arbitration: the application is on the same case, waiting for acceptance.
    page.wait_for_selector("[data-testid=arbitration-status]")
    assert page.inner_text("[data-testid=arbitration-status]") == "已收件"
    assert case.number in page.inner_text("h1")
    page.context.clear_cookies()
    login(arbitrator.username)
    page.goto(f"{live_server.url}/arbitration/?q={case.number}")
    screenshot(page, "arbitration-list")
    page.click(f"text={case.number}")
    page.click("[data-testid=do-accept]")
    page.wait_for_selector("text=已受理")
    compose = "form[action$='/compose/']"
    page.select_option(f"{compose} [name=procedure]", "simplified")
    page.select_option(f"{compose} [name=simplified_basis]", "agreed")
    page.select_option(f"{compose} [name=arbitrator1]", str(arbitrator.pk))
    page.click(f"{compose} button")
    page.wait_for_selector("text=独任仲裁员")

    today = timezone.localdate()
    day = earliest_hearing_day(today)
    book = "form[action$='/book/']"
    page.select_option(f"{book} [name=room]", label="西湖区劳动人事争议仲裁院第一仲裁庭")
    page.fill(f"{book} [name=starts_at]", f"{day:%Y-%m-%d}T09:00")
    page.fill(f"{book} [name=ends_at]", f"{day:%Y-%m-%d}T11:00")
    page.fill(f"{book} [name=notice_on]", f"{today:%Y-%m-%d}")
    page.click(f"{book} button")
    page.wait_for_selector("[data-testid=hearing-row]")
    screenshot(page, "arbitration-detail")
    page.fill("form[action$='/hold/'] [name=record]", "双方到庭，质证辩论完毕")
    page.click("[data-testid=do-hold]")
    page.wait_for_selector("text=已开庭")

    award = "form[action$='/award/']"
    page.fill(f"{award} [name=text]", "经审理查明，被申请人拖欠申请人工资。")
    page.select_option(f"{award} [name=kind1]", "remuneration")
    page.fill(f"{award} [name=description1]", "被申请人支付申请人工资")
    page.fill(f"{award} [name=amount1]", "12000")
    page.click(f"{award} button")
    page.wait_for_selector("[data-testid=party-deadlines]")
    assert page.inner_text("[data-testid=arbitration-status]") == "已裁决"
    assert "终局" in page.inner_text("main")
    screenshot(page, "arbitration-awarded")

    # The case page shows both tracks, and the timeline interleaves them.
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    timeline = page.inner_text("[data-testid=timeline]")
    assert "调解不成，转入仲裁" in timeline
    assert "作出裁决" in timeline
    screenshot(page, "case-tracks")
    page.goto(f"{live_server.url}/arbitration/hearings/")
    screenshot(page, "hearings-week")
    page.goto(f"{live_server.url}/mediation/")
    screenshot(page, "mediation-list")
    assert page.console_errors == []
