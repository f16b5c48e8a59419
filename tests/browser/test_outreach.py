import pytest
from openpyxl import Workbook

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.geo.models import GridArea
from jiefen.outreach.importing import HEADERS
from jiefen.outreach.tests.conftest import GRID
from jiefen.outreach.tests.factories import make_enterprise
from tests.browser.conftest import screenshot


@pytest.fixture
def grid_inspector(make_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = make_staff(
        Role.LABOR_INSPECTOR,
        scope_level=ScopeLevel.GRID,
        scope_code=GRID,
        department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
    )
    GridArea.objects.filter(code=GRID).update(inspector=user)
    return user


def test_a_visit_with_a_serious_finding_shows_its_warning_on_the_board(
    page,
    live_server,
    login,
    leader,
    grid_inspector,
    tmp_path,
):
    enterprise = make_enterprise(actor=leader, name="杭州云栖精密机械有限公司")
    login(grid_inspector.username)

    page.goto(f"{live_server.url}/outreach/enterprises/")
    screenshot(page, "outreach_enterprises")
    page.click("text=杭州云栖精密机械有限公司")
    screenshot(page, "outreach_enterprise")
    page.click("[data-testid=record-visit]")
    page.check("[data-testid=check-check_wages_on_time] input[value=problem]")
    page.fill("#id_headcount_seen", "85")
    page.select_option("#id_severity", "serious")
    page.fill("#id_findings", "负责人失联，40余名工人聚集讨薪")
    screenshot(page, "outreach_visit_form")
    page.click("button[type=submit]:has-text('保存走访记录')")
    page.wait_for_selector("[data-testid=severity]")
    assert page.inner_text("[data-testid=severity]") == "严重"
    image = tmp_path / "site.png"
    from PIL import Image

    Image.new("RGB", (64, 48), "orange").save(image)
    page.set_input_files("#id_file", str(image))
    page.click("button:has-text('上传')")
    page.wait_for_selector("img.photo-thumb")
    screenshot(page, "outreach_visit")

    page.goto(f"{live_server.url}/outreach/warnings/")
    row = page.locator(f"[data-testid=board-{GRID}]")
    assert row.locator("td").nth(5).inner_text() == "1"  # one red warning in the area
    table = page.inner_text("[data-testid=warning-table]")
    assert "杭州云栖精密机械有限公司走访发现严重问题：负责人失联" in table
    screenshot(page, "outreach_board")

    page.click("text=负责人失联")
    page.click("button[value=acknowledge]")
    page.wait_for_selector("[data-testid=warning-status]:has-text('已签收')")
    screenshot(page, "outreach_warning")
    assert enterprise.warnings.get().status == "acknowledged"
    assert page.console_errors == []


def test_the_import_screen_reports_a_bad_row(page, live_server, login, leader, tmp_path):
    wb = Workbook()
    wb.active.append(HEADERS)
    wb.active.append(["杭州错码贸易有限公司", "91330106MA27XKQ01X", "规上企业", "330106010002"])
    path = tmp_path / "名册.xlsx"
    wb.save(path)
    login(leader.username)

    page.goto(f"{live_server.url}/outreach/enterprises/import/")
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("[data-testid=import-report]")

    assert "统一社会信用代码校验位不正确" in page.inner_text("[data-testid=import-report]")
    screenshot(page, "outreach_import")
