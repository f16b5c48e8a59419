"""The xlsx import: a row-by-row report; nothing imported while a row is bad, unless asked."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jiefen.cases.tests.factories import credit_code
from jiefen.outreach.importing import HEADERS, enterprise_import, template_xlsx
from jiefen.outreach.models import Enterprise
from jiefen.parties.models import Employer

pytestmark = pytest.mark.django_db


def sheet(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD_FIRM = [
    "杭州云栖精密机械有限公司",
    credit_code(901),
    "规上企业",
    "330106010002",
    "转塘街道云栖路8号",
    "沈建华",
    320,
    "周会计",
    "13905711111",
]
GOOD_SITE = [
    "浙江之江建设有限公司",
    credit_code(902),
    "建筑工地",
    "330106010003",
    "之江路588号",
    "",
    180,
    "王项目",
    "0571-87001234",
    "浙江之江建设有限公司",
    "之江单元安置房二期",
    "银行保函",
    800000,
    "是",
    "是",
    "是",
    "2026-12-20",
]
BAD_CODE = ["杭州错码贸易有限公司", "91330106MA27XKQ01X", "规上企业", "330106010002"]
BAD_SITE = ["杭州缺项建设有限公司", credit_code(903), "建筑工地", "999999999999"]


def test_a_sheet_with_bad_rows_is_reported_row_by_row_and_nothing_is_imported(leader):
    report = enterprise_import(
        actor=leader, content=sheet([GOOD_FIRM, BAD_CODE, GOOD_SITE, BAD_SITE])
    )

    assert report.imported == 0
    assert not Enterprise.objects.exists()
    assert not Employer.objects.filter(name="杭州云栖精密机械有限公司").exists()
    by_row = {r.row: r for r in report.rows}
    assert [by_row[2].ok, by_row[3].ok, by_row[4].ok, by_row[5].ok] == [True, False, True, False]
    assert by_row[3].errors == ["统一社会信用代码校验位不正确"]
    assert "村社代码“999999999999”不存在" in by_row[5].errors
    assert "建筑工地须填写项目名称" in by_row[5].errors
    assert "建筑工地须填写计划竣工日期" in by_row[5].errors


def test_the_good_rows_are_imported_when_the_user_asks(leader):
    content = sheet([GOOD_FIRM, BAD_CODE, GOOD_SITE, BAD_SITE])

    report = enterprise_import(actor=leader, content=content, good_rows_only=True)

    assert report.imported == 2
    names = set(Enterprise.objects.values_list("employer__name", flat=True))
    assert names == {"杭州云栖精密机械有限公司", "浙江之江建设有限公司"}
    site = Enterprise.objects.get(employer__name="浙江之江建设有限公司")
    assert (site.kind, site.wage_guarantee, site.wage_account, str(site.planned_completion)) == (
        "construction_site",
        "bank_guarantee",
        True,
        "2026-12-20",
    )
    assert site.contact_phone_masked == "0571-****1234"
    assert "87001234" not in site.contact_phone_cipher


def test_a_second_row_with_the_same_credit_code_is_reported(leader):
    report = enterprise_import(actor=leader, content=sheet([GOOD_FIRM, GOOD_FIRM]))

    assert report.rows[1].errors == ["统一社会信用代码与第2行重复"]
    assert not Enterprise.objects.exists()


def test_an_enterprise_already_on_the_registry_is_reported(leader):
    enterprise_import(actor=leader, content=sheet([GOOD_FIRM]))

    report = enterprise_import(actor=leader, content=sheet([GOOD_FIRM]))

    assert report.rows[0].errors == ["该单位已在企业名册中（杭州云栖精密机械有限公司）"]
    assert Enterprise.objects.count() == 1


def test_the_template_has_the_expected_columns_and_passes_its_own_import(leader):
    wb = load_workbook(io.BytesIO(template_xlsx()))

    assert [c.value for c in wb.active[1]] == HEADERS
    report = enterprise_import(actor=leader, content=template_xlsx())
    assert report.imported == 1


def test_a_file_that_is_not_xlsx_is_refused(leader):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        enterprise_import(actor=leader, content=b"name,code\n")
    assert e.value.message_dict["file"] == ["无法读取文件，请上传由模板填写的 .xlsx 文件"]


def test_the_import_screen_reports_bad_rows_then_imports_good_ones_on_request(client, leader):
    client.force_login(leader)
    content = sheet([GOOD_FIRM, BAD_CODE])
    url = reverse("outreach:enterprise_import")

    first = client.post(url, {"file": io.BytesIO(content)})
    assert first.status_code == 400
    assert "统一社会信用代码校验位不正确" in first.content.decode()
    assert not Enterprise.objects.exists()

    second = client.post(url, {"file": _named(content), "good_rows_only": "on"})
    assert second.status_code == 200
    assert "已导入 1 家企业" in second.content.decode()
    assert Enterprise.objects.count() == 1


def _named(content: bytes):
    f = io.BytesIO(content)
    f.name = "名册.xlsx"
    return f


def test_the_import_api_answers_400_with_the_report_and_imports_nothing(api_as, leader):
    response = api_as(leader).post(
        "/api/v1/outreach/enterprises/import/",
        {"file": _named(sheet([GOOD_FIRM, BAD_CODE]))},
        format="multipart",
    )

    assert response.status_code == 400
    assert [r["ok"] for r in response.json()["rows"]] == [True, False]
    assert not Enterprise.objects.exists()


def test_the_template_downloads_as_xlsx(client, leader):
    client.force_login(leader)

    response = client.get(reverse("outreach:enterprise_template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]] == HEADERS


def test_a_file_over_the_size_limit_is_refused(leader, monkeypatch):
    from django.core.exceptions import ValidationError

    from jiefen.outreach import importing

    monkeypatch.setattr(importing, "MAX_BYTES", 100)
    with pytest.raises(ValidationError) as e:
        enterprise_import(actor=leader, content=sheet([GOOD_FIRM]))
    assert e.value.message_dict["file"] == ["文件不能超过5MB"]
