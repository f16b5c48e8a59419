from __future__ import annotations

import datetime as dt
import io

import docx
import time_machine
from django.urls import reverse

from jiefen.inspection.choices import InspectionStatus
from jiefen.inspection.models import Inspection
from jiefen.inspection.panels import case_panel
from jiefen.inspection.services import rectification_order_issue
from jiefen.inspection.tests.conftest import at


def test_list_shows_the_inspection_in_scope(client, opened, inspector):
    client.force_login(inspector)

    response = client.get(reverse("inspection:list"), {"status": "opened"})

    assert response.status_code == 200
    assert opened.case.number in response.text


def test_list_hides_inspections_outside_scope(client, opened, inspector_elsewhere):
    client.force_login(inspector_elsewhere)

    response = client.get(reverse("inspection:list"))

    assert opened.case.number not in response.text


def test_detail_offers_open_and_decline_on_a_received_complaint(client, received, inspector):
    client.force_login(inspector)

    response = client.get(reverse("inspection:detail", args=[received.pk]))

    assert response.status_code == 200
    assert 'data-testid="action-open"' in response.text
    assert 'data-testid="action-order"' not in response.text


def test_open_from_the_screen_moves_the_inspection(client, received, inspector):
    client.force_login(inspector)

    with time_machine.travel(at(2026, 10, 9), tick=False):
        response = client.post(reverse("inspection:action", args=[received.pk, "open"]), {})

    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == InspectionStatus.OPENED


def test_an_order_with_its_deadline_before_its_date_is_shown_again_with_the_error(
    client, opened, inspector
):
    client.force_login(inspector)

    response = client.post(
        reverse("inspection:action", args=[opened.pk, "order"]),
        {"order-items": "支付工资", "order-deadline": "2020-01-01", "order-legal_basis": "条例"},
    )

    assert response.status_code == 400
    assert 'data-testid="error-order-deadline"' in response.text
    assert not opened.rectification_orders.exists()


def test_order_downloads_as_docx_with_case_number_and_employer(client, opened, inspector):
    order = rectification_order_issue(
        inspection=opened, actor=inspector, items="支付工资", deadline=dt.date(2027, 1, 31)
    )
    client.force_login(inspector)

    response = client.get(reverse("inspection:order_document", args=[order.pk, "docx"]))

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert opened.case.number in text
    assert opened.case.employer.name in text


def test_order_printable_page(client, opened, inspector):
    order = rectification_order_issue(
        inspection=opened, actor=inspector, items="支付工资", deadline=dt.date(2027, 1, 31)
    )
    client.force_login(inspector)

    response = client.get(reverse("inspection:order_document", args=[order.pk, "print"]))

    assert "劳动保障监察责令改正决定书" in response.text
    assert opened.case.employer.name in response.text


def test_direct_anonymous_report_from_the_screen(client, inspector):
    from jiefen.geo.models import Village

    client.force_login(inspector)
    village = Village.objects.get(code="330106010002")

    response = client.post(
        reverse("inspection:complaint_new"),
        {
            "kind": "report",
            "anonymous": "on",
            "village": village.pk,
            "employer_name": "杭州某建筑劳务公司",
            "allegation": "工地拖欠农民工工资三个月",
        },
    )

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert inspection.anonymous is True
    assert inspection.case.claimants.count() == 0


def test_near_limit_screen_lists_the_inspection(client, opened, inspector):
    with time_machine.travel(at(2026, 12, 21), tick=False):
        client.force_login(inspector)
        response = client.get(reverse("inspection:near_limit"))

    assert opened.case.number in response.text


def test_case_panel_shows_state_and_clocks(rf, opened, inspector):
    request = rf.get("/")
    request.user = inspector

    html = case_panel(request=request, case=opened.case)

    assert "已立案调查" in html
    assert "监察调查60个工作日" in html


def test_the_case_page_counts_the_open_rectification_orders(client, opened, inspector):
    with time_machine.travel(at(2026, 10, 12), tick=False):
        for items in ("支付工资", "签订合同"):
            rectification_order_issue(
                inspection=opened, actor=inspector, items=items, deadline=dt.date(2026, 10, 20)
            )
    client.force_login(inspector)

    page = client.get(f"/cases/{opened.case_id}/").content.decode()

    assert "2 份责令改正待复查" in page


def test_case_panel_is_empty_for_a_case_off_the_track(rf, clerk, inspector):
    from jiefen.cases.choices import CaseStatus, Category
    from jiefen.cases.tests.factories import make_case

    case = make_case(actor=clerk, status=CaseStatus.HANDLING, category=Category.LABOR_CONTRACT)
    request = rf.get("/")
    request.user = inspector

    assert case_panel(request=request, case=case) == ""


def test_a_concluded_inspection_offers_to_conclude_its_case_from_the_screen(
    client, received, inspector
):
    from jiefen.cases.choices import CaseStatus
    from jiefen.inspection.services import inspection_decline

    inspection_decline(inspection=received, actor=inspector, reason="不属于劳动保障监察范围")
    client.force_login(inspector)

    page = client.get(reverse("inspection:detail", args=[received.pk]))
    client.post(reverse("inspection:action", args=[received.pk, "conclude_case"]))

    assert 'data-testid="action-conclude_case"' in page.text
    assert 'data-testid="implication"' in page.text
    received.case.refresh_from_db()
    assert received.case.status == CaseStatus.UNRESOLVED
