from tests.browser.conftest import nav, screenshot
from tests.browser.picker import pick_village


def test_window_clerk_registers_accepts_handles_and_resolves_a_dispute(
    page, live_server, login, clerk
):
    login(clerk.username)
    nav(page, "案件", "窗口登记")
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_employer_name", "杭州转塘某建设有限公司")
    page.fill("#id_employer_code", "91110000802100433B")
    page.select_option("#id_category", "wage_arrears")
    pick_village(page, "珊瑚沙", "转塘街道 · 珊瑚沙社区")
    page.fill("#id_summary", "工地拖欠两个月工资，共计一万六千元")
    page.fill("input[name=claims-0-item]", "工资")
    page.fill("input[name=claims-0-amount]", "16000")
    screenshot(page, "intake")
    page.click("button:has-text('登记')")
    page.wait_for_selector("[data-testid=case-status]")
    number = page.inner_text("h1")
    assert page.inner_text("[data-testid=case-status]") == "登记"

    page.click("[data-testid=action-accept] button[type=submit]")
    page.wait_for_selector("text=受理：已完成")
    assert page.inner_text("[data-testid=case-status]") == "受理"
    assert "7个工作日内化解" in page.inner_text("[data-testid=clock-resolve_7_workdays]")

    page.click("[data-testid=action-start_handling] button[type=submit]")
    page.wait_for_selector("text=开始处置：已完成")
    page.fill("[data-testid=action-resolve] textarea", "双方达成协议，单位当场支付工资16000元")
    page.click("[data-testid=action-resolve] button[type=submit]")
    page.wait_for_selector("text=化解：已完成")
    assert page.inner_text("[data-testid=case-status]") == "已化解"
    screenshot(page, "case-detail")

    nav(page, "案件", "案件列表")
    page.wait_for_selector("[data-testid=case-table]")
    row = page.locator("[data-testid=case-table] tr", has_text=number)
    assert "已化解" in row.inner_text()
    screenshot(page, "case-list")
    assert page.console_errors == []
