"""The working tools in the browser: a mediator works out what a worker is owed on a case and
saves it as the case's claims; a worker does the same sum on the portal on a phone."""

import pytest

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case
from tests.browser.conftest import screenshot


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def test_a_mediator_computes_what_a_worker_is_owed_and_saves_it_as_the_claims(
    page, live_server, login, clerk, make_staff
):
    mediator = make_staff(
        Role.MEDIATOR, scope_level=ScopeLevel.STREET, scope_code="330106010", full_name="王调解"
    )
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    login(mediator.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("[data-testid=calc-open]")
    page.wait_for_selector("[data-testid=calc-form]")
    assert case.number in page.inner_text("[data-testid=calc-case]")
    page.fill("#id_monthly_wage", "8000")
    page.fill("#id_start_date", "2020-03-01")
    page.fill("#id_end_date", "2023-08-31")
    page.select_option("#id_reason", "mutual")
    page.fill("#id_unpaid_wages", "5000")
    page.click("[data-testid=calc-submit]")
    page.wait_for_selector("[data-testid=calc-result]")
    # 3 years 6 months: 4 months' wage (《劳动合同法》第四十七条), plus the unpaid wages.
    assert page.inner_text("[data-testid=calc-amount-compensation]") == "32,000.00"
    assert page.inner_text("[data-testid=calc-total]") == "37,000.00"
    assert "第四十七条" in page.inner_text("[data-testid=calc-line-compensation]")
    screenshot(page, "calculator-result")

    page.click("[data-testid=calc-save-submit]")
    page.wait_for_selector("[data-testid=calc-panel] >> text=已设为请求事项")
    main = page.inner_text("main")
    assert "经济补偿：32,000.00 元" in main
    assert "拖欠工资：5,000.00 元" in main
    assert "请求事项更新（按赔偿计算）" in page.inner_text("[data-testid=timeline]")
    screenshot(page, "calculator-saved-on-case")
    assert page.console_errors == []


def test_a_worker_computes_on_the_portal_at_phone_width(phone_page, live_server):
    p = phone_page
    p.goto(f"{live_server.url}/portal/")
    p.click("[data-testid=portal-calculator]")
    p.wait_for_selector("[data-testid=calc-form]")
    p.fill("#id_monthly_wage", "6000")
    p.fill("#id_start_date", "2021-05-10")
    p.fill("#id_end_date", "2024-11-30")
    p.select_option("#id_reason", "unlawful")
    p.click("text=单位欠工资")
    p.fill("#id_unpaid_wages", "6000")
    screenshot(p, "portal-calculator-form")
    p.click("[data-testid=calc-submit]")
    p.wait_for_selector("[data-testid=calc-result]")
    # 2021-05-10 to 2024-11-30 is 3 years 6 months 21 days: 4 months; unlawful dismissal pays
    # twice (第八十七条): 2 × 4 × 6,000 = 48,000; with 6,000 unpaid wages, 54,000.
    assert p.inner_text("[data-testid=calc-amount-unlawful_termination]") == "48,000.00 元"
    assert p.inner_text("[data-testid=calc-total]") == "54,000.00"
    assert "两倍" in p.inner_text("[data-testid=calc-line-unlawful_termination]")
    screenshot(p, "portal-calculator-result")
    assert p.console_errors == []
    # The layout fits the phone: nothing wider than the viewport.
    assert p.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_worker_finds_a_policy_answer_on_a_phone(phone_page, live_server):
    from jiefen.consultations.services import answers_load_default

    answers_load_default()
    p = phone_page
    p.goto(f"{live_server.url}/portal/")
    p.click("[data-testid=portal-policy]")
    p.fill("#policy-q", "入职三个月了还没签合同")
    p.click("[data-testid=policy-search] button")
    p.click("[data-testid=policy-contract-01]")
    p.wait_for_selector("[data-testid=policy-answer]")
    assert "《劳动合同法》第十条" in p.inner_text("[data-testid=policy-answer]")
    screenshot(p, "portal-policy-answer")
    assert p.console_errors == []
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
