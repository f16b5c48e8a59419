"""Formula injection: text an outsider typed is written to every spreadsheet as text."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jiefen.core.senders import ConsoleSender
from jiefen.core.spreadsheets import csv_writer, xlsx_append, xlsx_row
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/x","点此领取补偿")'


def last_code(phone: str) -> str:
    for message in reversed(ConsoleSender.sent):
        match = re.search(r"验证码为(\d{6})", message.body)
        if message.to == phone and match:
            return match.group(1)
    raise AssertionError("no code sent")


def test_an_employer_named_as_a_formula_on_the_portal_is_text_in_the_case_list_xlsx(
    client, clerk, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    phone = "13905710077"
    start = reverse("portal:apply_start", args=["mediation"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"step": "send", "phone": phone})
    client.post(start, {"step": "verify", "code": last_code(phone)})
    response = client.post(
        reverse("portal:apply_form", args=["mediation"]),
        {
            "name": "李明",
            "id_number": "330106199003071017",
            "employer_name": EVIL,
            "village": Village.objects.get(code="330106010002").pk,
            "category": "wage_arrears",
            "summary": "拖欠工资",
            "claim_1": "支付工资",
            "amount_1": "8000",
        },
    )
    assert response.status_code == 302, response.context["form"].errors

    client.force_login(clerk)
    export = client.get("/cases/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    employer_cells = [row[6] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in employer_cells] == [EVIL]
    assert employer_cells[0].data_type == "s"  # shown as typed, never evaluated


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_written_as_text_in_an_ordinary_sheet(start):
    workbook = Workbook()
    xlsx_append(workbook.active, [start + "1+1", 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell, number = next(load_workbook(buffer).active.iter_rows(min_row=1, max_row=1))
    assert (cell.value, cell.data_type) == (start + "1+1", "s")
    assert (number.value, number.data_type) == (42, "n")


def test_a_write_only_sheet_keeps_formula_like_text_as_text():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    sheet.append(xlsx_row(sheet, ["@SUM(A1)", "普通文字"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(buffer).active.iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [("@SUM(A1)", "s"), ("普通文字", "s")]


def test_csv_values_that_start_a_formula_get_a_quote_in_front():
    out = io.StringIO()
    csv_writer(out).writerow([EVIL, "-3", "张三", 5])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + EVIL, "'-3", "张三", "5"]
