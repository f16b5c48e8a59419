from tests.browser.conftest import screenshot


def test_demo_user_logs_in_and_sees_the_grid_page(page, live_server, login, clerk):
    login(clerk.username)
    page.click("text=网格")
    page.wait_for_selector("[data-testid=street-330106010]")
    assert "转塘街道" in page.inner_text("main")
    screenshot(page, "grid")
    assert page.console_errors == []
