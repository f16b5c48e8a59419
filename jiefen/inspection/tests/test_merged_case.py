"""A case merged into another is handled under that case's number: its inspection is held with
it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jiefen.cases.models import CaseEvent, CaseLink, Clock
from jiefen.cases.services import case_merge
from jiefen.cases.tests.factories import make_duplicate
from jiefen.core.lifecycle import MoveHeld
from jiefen.inspection.choices import OrderStatus
from jiefen.inspection.models import (
    ComplainantNotice,
    Inspection,
    PenaltyDecision,
    RectificationOrder,
    SiteInspection,
    WageRecovery,
)
from jiefen.inspection.panels import case_panel
from jiefen.inspection.services import (
    additional_compensation_order,
    complainant_notice_send,
    complaint_receive_from_case,
    inspection_conclude,
    inspection_decline,
    inspection_extend,
    inspection_open,
    inspection_resume,
    inspection_suspend,
    penalty_decide,
    rectification_order_follow_up,
    rectification_order_issue,
    site_inspection_record,
    wage_recovery_record,
)
from jiefen.inspection.tests.conftest import at
from jiefen.inspection.transitions import order_actions

pytestmark = pytest.mark.django_db


def test_the_inspection_of_a_merged_case_takes_no_move(clerk, inspector):
    case = make_duplicate(actor=clerk)
    inspection = complaint_receive_from_case(case=case, actor=inspector, allegation="拖欠工资")
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    inspection.refresh_from_db()
    before = (inspection.status, inspection.version)

    with pytest.raises(MoveHeld):
        inspection_open(inspection=inspection, actor=inspector)

    inspection.refresh_from_db()
    assert (inspection.status, inspection.version) == before


@pytest.fixture
def held(clerk, inspector, time_machine):
    """An opened inspection with one order still open, another not complied with, and a written
    notice owed to the complainant (the investigation suspended), on a case then merged."""
    time_machine.move_to(at(2026, 10, 12), tick=False)
    case = make_duplicate(actor=clerk)
    inspection = complaint_receive_from_case(case=case, actor=inspector, allegation="拖欠工资")
    inspection = inspection_open(inspection=inspection, actor=inspector)
    for _ in range(2):
        rectification_order_issue(
            inspection=inspection,
            actor=inspector,
            items="支付拖欠工资",
            deadline=dt.date(2026, 10, 22),
            amount_owed=Decimal("36000.00"),
        )
    time_machine.move_to(at(2026, 10, 23), tick=False)
    rectification_order_follow_up(
        order=RectificationOrder.objects.latest("pk"),
        actor=inspector,
        complied=False,
        note="逾期仍未支付",
    )
    inspection_suspend(inspection=inspection, actor=inspector, reason="等待工资核算")
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    return Inspection.objects.get(pk=inspection.pk)


def _written():
    """What the steps below would change: the inspections, the orders, the notices, the records
    beside them, the clocks, the timeline."""
    return (
        list(Inspection.objects.values_list("status", "version")),
        list(RectificationOrder.objects.values_list("status", "version", "compensation_percent")),
        list(ComplainantNotice.objects.values_list("sent_at", flat=True)),
        [m.objects.count() for m in (SiteInspection, PenaltyDecision, WageRecovery)],
        list(Clock.objects.values_list("kind", "due_at", "paused_at", "met_at")),
        CaseEvent.objects.count(),
    )


def _open_order():
    return RectificationOrder.objects.get(status=OrderStatus.OPEN)


def _unpaid_order():
    return RectificationOrder.objects.get(status=OrderStatus.NOT_COMPLIED)


# Each with right input, then wrong input: refused for the hold, not for a field.
@pytest.mark.parametrize(
    "step",
    [
        lambda actor: rectification_order_follow_up(
            order=_open_order(), actor=actor, complied=True, note="已支付"
        ),
        lambda actor: rectification_order_follow_up(
            order=_open_order(), actor=actor, complied=False, note=""
        ),
        lambda actor: additional_compensation_order(order=_unpaid_order(), actor=actor, percent=80),
        lambda actor: additional_compensation_order(order=_unpaid_order(), actor=actor, percent=10),
        lambda actor: complainant_notice_send(
            notice=ComplainantNotice.objects.get(), actor=actor, text="已中止调查，待工资核算后恢复"
        ),
        lambda actor: complainant_notice_send(
            notice=ComplainantNotice.objects.get(), actor=actor, text=""
        ),
    ],
    ids=[
        "follow_up",
        "follow_up_no_note",
        "compensation",
        "compensation_10_percent",
        "notice",
        "notice_no_text",
    ],
)
def test_an_order_or_notice_of_a_merged_case_is_held(held, inspector, step):
    before = _written()

    with pytest.raises(MoveHeld):
        step(inspector)

    assert _written() == before


# Wrong input each (a time ahead, a field left empty): refused for the hold, not for a field.
@pytest.mark.parametrize(
    "step",
    [
        lambda i, actor: complaint_receive_from_case(case=i.case, actor=actor, kind="no_such"),
        lambda i, actor: inspection_open(inspection=i, actor=actor, opened_at=at(2026, 11, 1)),
        lambda i, actor: inspection_decline(inspection=i, actor=actor, reason=""),
        lambda i, actor: inspection_extend(
            inspection=i, actor=actor, approved_by=actor, reason="", workdays=0
        ),
        lambda i, actor: inspection_suspend(inspection=i, actor=actor, reason=""),
        lambda i, actor: inspection_resume(inspection=i, actor=actor, at=at(2026, 11, 1)),
        lambda i, actor: inspection_conclude(inspection=i, actor=actor, conclusion=""),
        lambda i, actor: site_inspection_record(
            inspection=i, actor=actor, at=at(2026, 10, 23), place="", inspectors=[], findings=""
        ),
        lambda i, actor: rectification_order_issue(
            inspection=i, actor=actor, items="", deadline=dt.date(2026, 10, 1)
        ),
        lambda i, actor: penalty_decide(
            inspection=i, actor=actor, amount=Decimal(0), legal_basis="", facts=""
        ),
        lambda i, actor: wage_recovery_record(inspection=i, actor=actor, amount=Decimal(0)),
    ],
    ids=[
        "receive",
        "open",
        "decline",
        "extend",
        "suspend",
        "resume",
        "conclude",
        "site",
        "order",
        "penalty",
        "recovery",
    ],
)
def test_a_step_of_a_merged_case_is_held_before_its_input_is_checked(held, inspector, step):
    before = _written()

    with pytest.raises(MoveHeld):
        step(held, inspector)

    assert _written() == before


def test_a_merged_case_offers_no_order_follow_up_compensation_or_notice(held, inspector, client):
    client.force_login(inspector)

    page = client.get(reverse("inspection:detail", args=[held.pk]))

    assert order_actions(_open_order(), inspector) == frozenset()
    assert order_actions(_unpaid_order(), inspector) == frozenset()
    assert reverse("inspection:notice_send", args=[ComplainantNotice.objects.get().pk]) not in (
        page.text
    )


def test_the_panel_of_a_merged_case_offers_no_complaint_to_take(clerk, inspector, rf):
    case = make_duplicate(actor=clerk)
    case_merge(link=CaseLink.objects.get(), actor=clerk)
    case.refresh_from_db()
    request = rf.get("/")
    request.user = inspector

    html = case_panel(request=request, case=case)

    assert "已分流至劳动监察" in html
    assert reverse("inspection:from_case", args=[case.pk]) not in html
