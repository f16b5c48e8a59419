import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jiefen.audit.models import AuditEntry
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.models import Case
from jiefen.cases.services import case_act, case_reassign
from jiefen.cases.tests.factories import id_number, make_case

pytestmark = pytest.mark.django_db


def intake_post(**extra):
    data = {
        "token": "t-1",
        "channel": "walk_in",
        "category": "wage_arrears",
        "village": "",
        "received_at": "",
        "summary": "工地拖欠工资",
        "employer_name": "杭州转塘某建设有限公司",
        "employer_code": "91110000802100433B",
        "employer_legal_rep": "王五",
        "name": "张三",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "more_claimants": "",
        "people_gathered": "0",
        "claims-TOTAL_FORMS": "3",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "20",
        "claims-0-item": "工资",
        "claims-0-amount": "9000",
    }
    data.update(extra)
    return data


@pytest.fixture
def village_id():
    from jiefen.geo.models import Village

    return Village.objects.get(code="330106010002").pk


def test_window_intake_registers_the_case(client, clerk, village_id):
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_post(village=village_id))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.status == S.REGISTERED
    assert case.employer.legal_representative == "王五"
    assert str(case.claim_total) == "9000.00"


def test_a_double_submit_creates_one_case(client, clerk, village_id):
    client.force_login(clerk)
    client.post("/cases/new/", intake_post(village=village_id))
    again = client.post("/cases/new/", intake_post(village=village_id))
    assert Case.objects.count() == 1
    assert again["Location"] == f"/cases/{Case.objects.get().pk}/"


def test_pasted_rows_add_claimants(client, clerk, village_id):
    client.force_login(clerk)
    rows = "\n".join(
        f"工人{i}\t{id_number(600 + i)}\t1390000{i:04d}\t{'是' if i == 0 else ''}" for i in range(9)
    )
    client.post("/cases/new/", intake_post(village=village_id, more_claimants=rows))
    case = Case.objects.get()
    assert case.claimant_count == 10
    assert case.collective is True


def test_a_bad_pasted_row_is_reported_with_its_line_and_nothing_is_saved(client, clerk, village_id):
    client.force_login(clerk)
    rows = f"李四,{id_number(700)},13900000000\n王二,330106199003071235,13900000001"
    response = client.post("/cases/new/", intake_post(village=village_id, more_claimants=rows))
    assert response.status_code == 400
    assert "第2行（王二）" in response.content.decode()
    assert not Case.objects.exists()


def test_claimants_import_from_an_xlsx_sheet_with_row_errors(client, clerk, village_id):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号", "电话", "代表人"])
    sheet.append(["赵六", id_number(801), "13900000002", "是"])
    sheet.append(["钱七", "123", "13900000003", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("名单.xlsx", buffer.getvalue())
    client.force_login(clerk)
    response = client.post(
        "/cases/new/", {**intake_post(village=village_id), "claimants_file": upload}
    )
    assert response.status_code == 400
    assert "第3行（钱七）" in response.content.decode()


def test_a_future_received_at_is_refused_on_the_form(client, clerk, village_id):
    client.force_login(clerk)
    response = client.post(
        "/cases/new/", intake_post(village=village_id, received_at="2099-01-01T09:00")
    )
    assert response.status_code == 400
    assert "接待时间不能晚于现在" in response.content.decode()


def test_the_list_filters_by_status(client, clerk):
    registered = make_case(actor=clerk, status=S.REGISTERED)
    received = make_case(actor=clerk, status=S.RECEIVED)
    client.force_login(clerk)
    html = client.get("/cases/", {"status": "registered"}).content.decode()
    assert registered.number in html and received.number not in html


def test_a_figure_filter_is_kept_when_the_list_is_filtered_further(client, clerk):
    client.force_login(clerk)
    html = client.get("/cases/", {"pending_on": "2026-10-01"}).content.decode()
    assert '<input type="hidden" name="pending_on" value="2026-10-01">' in html
    assert "2026-10-01 零时受理未办结" in html


def test_the_list_of_cases_pending_on_a_day_leaves_out_those_concluded_before(client, clerk):
    pending = make_case(actor=clerk, status=S.HANDLING)
    concluded = make_case(actor=clerk, status=S.HANDLING)
    case_act(case=concluded, action="resolve", actor=clerk, note="双方达成协议")
    client.force_login(clerk)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    html = client.get("/cases/", {"pending_on": tomorrow.isoformat()}).content.decode()
    assert pending.number in html and concluded.number not in html


def test_the_list_writes_an_employer_name_as_text_not_markup(client, clerk):
    make_case(actor=clerk, employer_name="杭州<b>粗体</b>建设有限公司")
    client.force_login(clerk)
    html = client.get("/cases/").content.decode()
    assert "杭州&lt;b&gt;粗体&lt;/b&gt;建设有限公司" in html and "<b>粗体" not in html


def test_a_list_row_names_the_people_the_case_is_with_and_where_it_arose(client, clerk, make_staff):
    case = make_case(actor=clerk, status=S.HANDLING)
    first = make_staff("mediator", full_name="李调解")
    second = make_staff("labor_inspector", full_name="周监察")
    case_reassign(case=case, actor=clerk, user=first, duty="mediator", reason="熟悉该企业")
    case_reassign(case=case, actor=clerk, user=second, duty="inspector", reason="需监察介入")
    client.force_login(clerk)

    html = client.get("/cases/").content.decode()

    row = next(r for r in html.split("<tr>") if case.number in r)
    assert "李调解、周监察" in row
    assert f"{case.village.street.name} · {case.village.name}" in row


def test_the_list_counts_its_cases_without_the_tables_its_rows_name(client, clerk, leader):
    # The rows name their street, employer and lead department; the district's count needs none
    # of them (through those joins it read 10,001 rows' street at a million cases).
    make_case(actor=clerk)
    client.force_login(leader)

    with CaptureQueriesContext(connection) as queries:
        client.get("/cases/")

    (count,) = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "cases_case" in q["sql"]]
    assert not any(t in count for t in ("geo_street", "parties_employer", "accounts_department"))


def test_the_list_is_paginated(client, clerk):
    for _ in range(51):
        make_case(actor=clerk)
    client.force_login(clerk)
    assert "1 / 2" in client.get("/cases/").content.decode()


def test_the_list_counts_exactly_up_to_its_cap(client, clerk, monkeypatch):
    monkeypatch.setattr("jiefen.cases.views.LIST_COUNT_CAP", 3)
    for _ in range(3):
        make_case(actor=clerk)
    client.force_login(clerk)
    html = client.get("/cases/").content.decode()
    assert '<small class="text-muted" data-testid="case-count">3 件</small>' in html


def test_the_list_says_more_than_its_cap_when_there_are_more_cases(client, clerk, monkeypatch):
    monkeypatch.setattr("jiefen.cases.views.LIST_COUNT_CAP", 3)
    for _ in range(4):
        make_case(actor=clerk)
    client.force_login(clerk)
    html = client.get("/cases/").content.decode()
    assert '<small class="text-muted" data-testid="case-count">3 件以上</small>' in html


def test_a_search_counts_up_to_the_smaller_search_cap(client, clerk, monkeypatch):
    monkeypatch.setattr("jiefen.cases.views.SEARCH_COUNT_CAP", 2)
    cases = [make_case(actor=clerk, summary="建筑工地拖欠三个月工资") for _ in range(3)]
    client.force_login(clerk)
    html = client.get("/cases/", {"q": "建筑"}).content.decode()
    assert "2 件以上" in html
    assert all(c.number in html for c in cases)  # the page still lists every case it holds


def test_the_export_is_an_xlsx_with_masked_data_and_is_audited(client, clerk):
    case = make_case(actor=clerk, status=S.ACCEPTED)
    client.force_login(clerk)
    response = client.get("/cases/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == case.number
    assert "工人" not in " ".join(
        str(c) for c in rows[1]
    )  # no personal names or numbers in the list export
    assert AuditEntry.objects.filter(action="export", actor=clerk).exists()


def test_the_case_page_offers_only_the_moves_allowed_now(client, clerk):
    case = make_case(actor=clerk, status=S.REGISTERED)
    client.force_login(clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="action-accept"' in html and 'data-testid="action-decline"' in html
    assert 'data-testid="action-close"' not in html and 'data-testid="action-reopen"' not in html


def test_the_list_marks_the_state_and_category_chosen_and_no_other(client, clerk):
    client.force_login(clerk)

    html = client.get("/cases/", {"status": "handling", "category": "social_insurance"})
    page = html.content.decode()
    plain = client.get("/cases/").content.decode()

    assert '<option value="handling" selected>' in page
    assert '<option value="social_insurance" selected>' in page
    # those two and no other (the language switch marks its own choice on both)
    assert page.count(" selected>") == plain.count(" selected>") + 2


def test_the_lists_filters_are_in_the_readers_language(client, clerk):
    client.force_login(clerk)
    client.get("/cases/")  # the Chinese options built first
    client.cookies["django_language"] = "en"

    page = client.get("/cases/").content.decode()

    assert '<option value="">All categories</option>' in page
    assert "全部类别" not in page


def test_acceptance_offers_to_adjust_the_routing_and_no_other_move_does(client, clerk):
    registered = make_case(actor=clerk, status=S.REGISTERED)
    handling = make_case(actor=clerk, status=S.HANDLING)
    client.force_login(clerk)

    on_registered = client.get(f"/cases/{registered.pk}/").content.decode()
    on_handling = client.get(f"/cases/{handling.pk}/").content.decode()

    assert 'name="lead_kind"' in on_registered and 'name="tracks"' in on_registered
    assert 'name="lead_kind"' not in on_handling and 'name="tracks"' not in on_handling


def test_reassigning_from_the_case_page_sends_the_version_the_page_was_read_at(client, leader):
    case = make_case(actor=leader, status=S.HANDLING)
    client.force_login(leader)

    html = client.get(f"/cases/{case.pk}/").content.decode()

    form = html.split(f'action="/cases/{case.pk}/reassign/"')[1].split("</form>")[0]
    assert f'name="version" value="{case.version}"' in form


def test_a_case_page_outside_the_scope_is_404(client, clerk, clerk_elsewhere):
    case = make_case(actor=clerk)
    client.force_login(clerk_elsewhere)
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_an_action_from_a_stale_page_is_refused_with_a_message(client, clerk):
    case = make_case(actor=clerk, status=S.REGISTERED)
    client.force_login(clerk)
    client.post(f"/cases/{case.pk}/actions/accept/", {"version": case.version})
    response = client.post(
        f"/cases/{case.pk}/actions/decline/",
        {"version": case.version, "note": "不予受理"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.status == S.ACCEPTED
    assert "已被他人修改" in response.content.decode()


def test_the_case_page_shows_masked_identifiers(client, clerk):
    case = make_case(actor=clerk)
    worker = case.claimants.get().worker
    client.force_login(clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert worker.id_number_masked in html


def test_a_worker_found_by_name_is_linked_not_entered_again(client, clerk, village_id):
    from jiefen.parties.models import Worker

    earlier = make_case(actor=clerk)
    worker = earlier.claimants.get().worker
    client.force_login(clerk)
    hint = client.get("/parties/lookup/worker/", {"name": worker.name[:2]}).content.decode()
    assert f'"id_worker_id": {worker.pk}' in hint.replace("&quot;", '"')

    client.post(
        "/cases/new/",
        intake_post(
            village=village_id, name=worker.name, id_number="", phone="", worker_id=worker.pk
        ),
    )

    assert Case.objects.order_by("-id").first().claimants.get().worker == worker
    assert Worker.objects.filter(name=worker.name).count() == 1


def test_a_worker_outside_the_scope_cannot_be_linked(client, clerk, clerk_elsewhere, village_id):
    outside = make_case(actor=clerk_elsewhere, village_code="330106109001").claimants.get().worker
    client.force_login(clerk)
    response = client.post("/cases/new/", intake_post(village=village_id, worker_id=outside.pk))
    assert response.status_code == 400
    assert "不在您的工作范围内" in response.content.decode()


def test_a_clock_figure_filter_names_the_clock_and_its_period(client, clerk, leader):
    case = make_case(actor=leader, status=S.REGISTERED)
    case_act(case=case, action="accept", actor=leader)
    client.force_login(clerk)
    html = client.get(
        "/cases/",
        {
            "clock": "resolve_7_workdays",
            "clock_from": "2026-10-01",
            "clock_to": "2026-10-31",
            "clock_result": "late",
        },
    ).content.decode()
    label = case.clocks.get(kind="resolve_7_workdays").label
    assert f"时限“{label}”判定于 2026-10-01 至 2026-10-31（超时）" in html
