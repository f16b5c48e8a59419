from __future__ import annotations

import datetime as dt
import io

import docx
import time_machine

from jiefen.cases.choices import CaseStatus, Category
from jiefen.cases.tests.factories import make_case
from jiefen.core.documents import document_docx
from jiefen.inspection.documents import rectification_order_document
from jiefen.inspection.selectors import (
    inspection_track_state,
    inspections_near_limit,
    rectification_orders_overdue,
)
from jiefen.inspection.services import (
    complaint_receive_from_case,
    inspection_open,
    inspection_suspend,
    rectification_order_follow_up,
    rectification_order_issue,
)
from jiefen.inspection.tests.conftest import at


def test_near_limit_lists_an_inspection_10_working_days_before_its_due_not_11(opened, inspector):
    # Due Mon 28 Dec 2026; 10 working days before is Mon 14 Dec, 11 is Fri 11 Dec.
    assert list(inspections_near_limit(user=inspector, now=at(2026, 12, 14))) == [opened]
    assert list(inspections_near_limit(user=inspector, now=at(2026, 12, 11))) == []


def test_near_limit_keeps_overdue_inspections_and_drops_suspended_ones(opened, inspector):
    assert list(inspections_near_limit(user=inspector, now=at(2027, 1, 5))) == [opened]

    inspection_suspend(inspection=opened, actor=inspector, reason="鉴定")

    assert list(inspections_near_limit(user=inspector, now=at(2027, 1, 5))) == []


def test_near_limit_is_scoped_to_the_readers_streets(opened, inspector_elsewhere):
    assert list(inspections_near_limit(user=inspector_elsewhere, now=at(2026, 12, 27))) == []


def test_overdue_orders_are_open_ones_past_their_deadline(opened, inspector):
    with time_machine.travel(at(2026, 10, 12), tick=False):
        late = rectification_order_issue(
            inspection=opened, actor=inspector, items="支付工资", deadline=dt.date(2026, 10, 20)
        )
        done = rectification_order_issue(
            inspection=opened, actor=inspector, items="签订合同", deadline=dt.date(2026, 10, 20)
        )
        rectification_order_follow_up(order=done, actor=inspector, complied=True)
        rectification_order_issue(
            inspection=opened, actor=inspector, items="补缴社保", deadline=dt.date(2026, 10, 21)
        )

    assert list(rectification_orders_overdue(today=dt.date(2026, 10, 21))) == [late]


def test_an_overdue_order_carries_what_the_early_warning_rule_reads(opened, inspector):
    with time_machine.travel(at(2026, 10, 12), tick=False):
        order = rectification_order_issue(
            inspection=opened, actor=inspector, items="支付工资", deadline=dt.date(2026, 10, 20)
        )

    found = rectification_orders_overdue(today=dt.date(2026, 10, 21)).get()

    assert found.pk == order.pk
    assert found.employer_id == opened.case.employer_id
    assert found.number == "西人社监责〔2026〕1号"
    assert found.due_on == dt.date(2026, 10, 20)
    assert found.get_absolute_url() == f"/inspection/{opened.pk}/"


def test_track_state_says_why_for_a_concluded_inspection(opened, inspector):
    from decimal import Decimal

    from jiefen.inspection.services import inspection_conclude, wage_recovery_record

    wage_recovery_record(
        inspection=opened,
        actor=inspector,
        amount=Decimal("5000"),
        claimant=opened.case.claimants.first(),
    )
    inspection_conclude(inspection=opened, actor=inspector, conclusion="已支付")

    state = inspection_track_state(case=opened.case)
    assert state.concluded is True
    assert state.resolved is True
    assert "5,000.00 元" in state.why


def test_rectification_order_docx_names_the_case_number_and_the_employer(opened, inspector):
    order = rectification_order_issue(
        inspection=opened,
        actor=inspector,
        items="支付拖欠工资",
        deadline=dt.date(2026, 12, 31),
        issued_on=dt.date(2026, 11, 20),
    )

    document = docx.Document(io.BytesIO(document_docx(rectification_order_document(order=order))))

    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert opened.case.number in text
    assert opened.case.employer.name in text
    assert "劳动保障监察责令改正决定书" in text
    assert "西人社监责〔2026〕1号" in text


def test_inspection_list_is_one_query(inspector, clerk, django_assert_max_num_queries):
    from jiefen.inspection.selectors import InspectionFilters, inspection_list

    for _ in range(3):
        case = make_case(actor=clerk, status=CaseStatus.HANDLING, category=Category.WAGE_ARREARS)
        inspection_open(
            inspection=complaint_receive_from_case(case=case, actor=inspector), actor=inspector
        )

    with django_assert_max_num_queries(1):
        rows = list(inspection_list(user=inspector, filters=InspectionFilters()))
        [r.case.employer.name for r in rows]
    assert len(rows) == 3
