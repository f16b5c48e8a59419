from __future__ import annotations

import time_machine

from jiefen.inspection.choices import InspectionStatus
from jiefen.inspection.models import Inspection
from jiefen.inspection.tests.conftest import at

BASE = "/api/v1/inspection"


def test_open_by_api_returns_the_state_and_its_60_day_clock(api_as, received, inspector):
    with time_machine.travel(at(2026, 10, 9), tick=False):
        response = api_as(inspector).post(f"{BASE}/inspections/{received.pk}/open/", {})

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == InspectionStatus.OPENED
    assert {c["kind"] for c in body["clocks"]} == {
        "inspection_open_5_workdays",
        "inspection_60_workdays",
    }


def test_a_rectification_order_on_an_unopened_inspection_is_a_409(api_as, received, inspector):
    response = api_as(inspector).post(
        f"{BASE}/inspections/{received.pk}/rectification-orders/",
        {"items": "支付工资", "deadline": "2026-12-31"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert not received.rectification_orders.exists()


def test_an_order_without_items_is_a_400_naming_the_field(api_as, opened, inspector):
    response = api_as(inspector).post(
        f"{BASE}/inspections/{opened.pk}/rectification-orders/",
        {"items": "", "deadline": "2026-12-31"},
        format="json",
    )

    assert response.status_code == 400
    assert "items" in response.json()


def test_an_extension_of_31_working_days_is_a_400_on_workdays(api_as, opened, inspector, leader):
    response = api_as(inspector).post(
        f"{BASE}/inspections/{opened.pk}/extend/",
        {"approved_by": leader.pk, "reason": "复杂", "workdays": 31},
        format="json",
    )

    assert response.status_code == 400
    assert "workdays" in response.json()


def test_additional_compensation_of_40_percent_is_a_400(api_as, opened, inspector):
    import datetime as dt
    from decimal import Decimal

    from jiefen.inspection.services import (
        rectification_order_follow_up,
        rectification_order_issue,
    )

    with time_machine.travel(at(2026, 10, 12), tick=False):
        order = rectification_order_issue(
            inspection=opened,
            actor=inspector,
            items="支付工资",
            deadline=dt.date(2026, 10, 20),
            amount_owed=Decimal("10000"),
        )
    rectification_order_follow_up(order=order, actor=inspector, complied=False, note="未付")

    response = api_as(inspector).post(
        f"{BASE}/rectification-orders/{order.pk}/additional-compensation/",
        {"percent": 40},
        format="json",
    )

    assert response.status_code == 400
    assert "percent" in response.json()


def test_anonymous_direct_report_by_api(api_as, inspector):
    response = api_as(inspector).post(
        f"{BASE}/complaints/",
        {
            "kind": "report",
            "anonymous": True,
            "village": "330106010002",
            "employer_name": "杭州某劳务公司",
            "allegation": "长期拖欠农民工工资",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    inspection = Inspection.objects.get(pk=response.json()["id"])
    assert inspection.anonymous is True
    assert inspection.case.claimants.count() == 0


def test_a_direct_complaint_outside_ones_streets_is_a_400_on_village(api_as, inspector):
    response = api_as(inspector).post(
        f"{BASE}/complaints/",
        {
            "kind": "complaint",
            "village": "330106109001",
            "employer_name": "杭州某公司",
            "allegation": "拖欠工资",
            "complainants": [{"name": "张三"}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "village" in response.json()


def test_an_inspection_outside_the_readers_scope_is_a_404(api_as, opened, inspector_elsewhere):
    response = api_as(inspector_elsewhere).get(f"{BASE}/inspections/{opened.pk}/")

    assert response.status_code == 404


def test_near_limit_work_list_by_api(api_as, opened, inspector):
    with time_machine.travel(at(2026, 12, 20), tick=False):
        response = api_as(inspector).get(f"{BASE}/inspections/near-limit/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [opened.pk]


def test_list_filters_by_status(api_as, opened, clerk, inspector):
    from jiefen.cases.choices import CaseStatus, Category
    from jiefen.cases.tests.factories import make_case
    from jiefen.inspection.services import complaint_receive_from_case

    other = make_case(actor=clerk, status=CaseStatus.HANDLING, category=Category.WAGE_ARREARS)
    waiting = complaint_receive_from_case(case=other, actor=inspector)

    response = api_as(inspector).get(f"{BASE}/inspections/", {"status": "opened"})

    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [opened.pk]
    assert waiting.pk not in ids


def test_complaint_from_a_case_by_api_starts_the_open_clock(api_as, wage_case, inspector):
    response = api_as(inspector).post(
        f"{BASE}/cases/{wage_case.pk}/complaint/", {"kind": "complaint"}, format="json"
    )

    assert response.status_code == 201
    assert [c["kind"] for c in response.json()["clocks"]] == ["inspection_open_5_workdays"]


def test_a_second_complaint_on_the_same_case_is_a_409(api_as, received, inspector):
    response = api_as(inspector).post(
        f"{BASE}/cases/{received.case_id}/complaint/", {"kind": "complaint"}, format="json"
    )

    assert response.status_code == 409


def test_notice_sent_by_api_is_recorded_with_the_masked_phone(api_as, opened, inspector):
    from jiefen.inspection.services import inspection_suspend

    inspection_suspend(inspection=opened, actor=inspector, reason="鉴定")
    notice = opened.notices.get()

    response = api_as(inspector).post(
        f"{BASE}/notices/{notice.pk}/send/", {"text": "调查中止。"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["sms_to"] == "139****0000"
    assert response.json()["sent_at"] is not None


def test_a_notice_sent_twice_is_a_409(api_as, opened, inspector):
    from jiefen.inspection.services import inspection_suspend

    inspection_suspend(inspection=opened, actor=inspector, reason="鉴定")
    notice = opened.notices.get()
    client = api_as(inspector)
    client.post(f"{BASE}/notices/{notice.pk}/send/", {"text": "调查中止。"}, format="json")

    response = client.post(f"{BASE}/notices/{notice.pk}/send/", {"text": "再次"}, format="json")

    assert response.status_code == 409


def test_overdue_orders_by_api(api_as, opened, inspector):
    import datetime as dt

    from jiefen.inspection.services import rectification_order_issue

    with time_machine.travel(at(2026, 10, 12), tick=False):
        order = rectification_order_issue(
            inspection=opened, actor=inspector, items="支付工资", deadline=dt.date(2026, 10, 20)
        )

    response = api_as(inspector).get(f"{BASE}/rectification-orders/overdue/")

    assert [row["id"] for row in response.json()] == [order.pk]


def test_concluding_the_case_on_an_open_investigation_is_a_409(api_as, opened, inspector):
    response = api_as(inspector).post(f"{BASE}/inspections/{opened.pk}/conclude-case/", {})

    assert response.status_code == 409


def test_the_case_of_a_complaint_not_opened_is_concluded_by_api(api_as, received, inspector):
    from jiefen.cases.choices import CaseStatus

    api = api_as(inspector)
    api.post(f"{BASE}/inspections/{received.pk}/decline/", {"reason": "不属于监察范围"})

    response = api.post(f"{BASE}/inspections/{received.pk}/conclude-case/", {})

    assert response.status_code == 200
    received.case.refresh_from_db()
    assert received.case.status == CaseStatus.UNRESOLVED
