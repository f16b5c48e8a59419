from conftest import ZHUANTANG
from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.inspection.choices import InspectionStatus, OrderStatus
from jiefen.inspection.models import Inspection
from tests.browser.conftest import nav, screenshot
from tests.browser.picker import pick_village


def _unfold(page, action: str) -> None:
    """Open an action's panel and wait until it has finished unfolding: a click made while the
    page's scripts still load, or a button pressed inside a panel still in motion, does nothing
    (the test then waited on a page that had not changed)."""
    page.wait_for_load_state("load")
    page.click(f"[data-testid=action-{action}]")
    page.wait_for_selector(f"#act-{action}.collapse.show")


def test_inspector_registers_a_complaint_opens_it_and_orders_rectification(
    page, live_server, login, make_staff
):
    inspector = make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
        full_name="钱监察",
    )
    login(inspector.username)
    nav(page, "劳动监察", "监察案件")
    with page.expect_navigation():  # the picker listens once the form page's scripts ran
        page.click("text=登记投诉举报")
    page.select_option("#id_kind", "complaint")
    pick_village(page, "转塘社区", "转塘街道 · 转塘社区")
    page.fill("#id_employer_name", "杭州之江建筑劳务有限公司")
    page.fill("#id_allegation", "拖欠钢筋工3个月工资共计2.4万元")
    page.fill("#id_complainant_name", "李建国")
    page.fill("#id_complainant_phone", "13800001111")
    page.fill("#id_amount_owed", "24000")
    screenshot(page, "inspection_new")
    page.click("[data-testid=complaint-form] button[type=submit]")
    page.wait_for_selector("[data-testid=action-open]")
    screenshot(page, "inspection_received")

    _unfold(page, "open")
    with page.expect_navigation():
        page.click("#act-open button[type=submit]")
    page.wait_for_selector("[data-testid=action-order]")
    inspection = Inspection.objects.get()
    assert inspection.status == InspectionStatus.OPENED

    _unfold(page, "order")
    page.fill("#id_order-items", "支付拖欠的3个月工资报酬24000元")
    page.fill("#id_order-deadline", "2099-12-31")
    page.fill("#id_order-amount_owed", "24000")
    with page.expect_navigation():
        page.click("#act-order button[type=submit]")
    page.wait_for_selector("text=西人社监责")
    assert inspection.rectification_orders.get().status == OrderStatus.OPEN
    assert "监察调查60个工作日" in page.inner_text("[data-testid=inspection-clocks]")
    screenshot(page, "inspection_detail")

    nav(page, "劳动监察", "监察案件")
    page.wait_for_selector("[data-testid=inspection-list]")
    assert inspection.case.number in page.inner_text("[data-testid=inspection-list]")
    screenshot(page, "inspection_list")
    nav(page, "劳动监察", "监察临期")
    page.wait_for_selector("[data-testid=near-limit-list]")
    screenshot(page, "inspection_near_limit")
    assert page.console_errors == []
