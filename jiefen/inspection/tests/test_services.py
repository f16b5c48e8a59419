"""The rules of the inspection track, apart from its clocks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from jiefen.cases.choices import CaseStatus, Category
from jiefen.cases.services import ClaimantInput
from jiefen.cases.tests.factories import credit_code, id_number, make_case
from jiefen.core.exceptions import ConflictError
from jiefen.geo.models import Village
from jiefen.inspection.choices import ComplaintKind, InspectionStatus, OrderStatus
from jiefen.inspection.models import Inspection
from jiefen.inspection.services import (
    additional_compensation_order,
    complaint_receive_direct,
    complaint_receive_from_case,
    inspection_conclude,
    inspection_decline,
    penalty_decide,
    rectification_order_follow_up,
    rectification_order_issue,
    site_inspection_record,
    wage_recovery_record,
)
from jiefen.inspection.tests.conftest import at
from jiefen.parties.services import employer_find_or_create


@pytest.fixture
def village(xihu):
    return Village.objects.get(code="330106010002")


@pytest.fixture
def employer(village):
    return employer_find_or_create(
        name="杭州之江装饰工程有限公司", credit_code=credit_code(9001), village=village
    )


@pytest.fixture
def order(opened, inspector):
    with time_machine.travel(at(2026, 10, 12), tick=False):
        return rectification_order_issue(
            inspection=opened,
            actor=inspector,
            items="支付拖欠的2026年7月至9月工资",
            deadline=dt.date(2026, 10, 22),
            amount_owed=Decimal("36000.00"),
        )


@pytest.fixture
def unpaid_order(order, inspector):
    with time_machine.travel(at(2026, 10, 23), tick=False):
        return rectification_order_follow_up(
            order=order, actor=inspector, complied=False, note="逾期仍未支付"
        )


def test_direct_named_complaint_creates_a_case_with_a_number_and_the_complainant(
    inspector, village, employer
):
    inspection = complaint_receive_direct(
        actor=inspector,
        kind=ComplaintKind.COMPLAINT,
        village=village,
        employer=employer,
        allegation="拖欠两个月工资共计1.6万元",
        complainants=[ClaimantInput(name="李建国", id_number=id_number(77), phone="13800001111")],
    )

    case = inspection.case
    assert case.number.startswith("XH")
    assert case.claimants.get().worker.name == "李建国"
    assert inspection.anonymous is False
    assert case.events.filter(track="inspection", summary__startswith="收到投诉").exists()


def test_anonymous_report_has_a_case_without_any_claimant(inspector, village, employer):
    inspection = complaint_receive_direct(
        actor=inspector,
        kind=ComplaintKind.REPORT,
        anonymous=True,
        village=village,
        employer=employer,
        allegation="工地未与农民工签订劳动合同",
    )

    assert inspection.anonymous is True
    assert inspection.case.claimants.count() == 0
    assert inspection.case.events.filter(summary__contains="匿名举报").exists()


def test_an_anonymous_complaint_is_refused_as_only_a_report_may_be_anonymous(
    inspector, village, employer
):
    with pytest.raises(ValidationError) as e:
        complaint_receive_direct(
            actor=inspector,
            kind=ComplaintKind.COMPLAINT,
            anonymous=True,
            village=village,
            employer=employer,
            allegation="拖欠工资",
        )

    assert "kind" in e.value.message_dict


def test_a_named_direct_complaint_without_a_complainant_is_refused(inspector, village, employer):
    with pytest.raises(ValidationError) as e:
        complaint_receive_direct(
            actor=inspector,
            kind=ComplaintKind.COMPLAINT,
            village=village,
            employer=employer,
            allegation="拖欠工资",
        )

    assert "complainants" in e.value.message_dict


def test_a_case_not_on_the_inspection_track_cannot_become_a_complaint(clerk, inspector):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING, category=Category.LABOR_CONTRACT)

    with pytest.raises(ConflictError, match="未分流至劳动监察"):
        complaint_receive_from_case(case=case, actor=inspector)


def test_violation_ended_more_than_two_years_before_gives_a_recorded_warning(wage_case, inspector):
    with time_machine.travel(at(2026, 9, 28), tick=False):
        inspection = complaint_receive_from_case(
            case=wage_case, actor=inspector, violation_ended_on=dt.date(2024, 9, 27)
        )

    assert "第二十条" in inspection.lookback_warning
    assert inspection.status == InspectionStatus.RECEIVED  # a warning, not a refusal
    assert wage_case.events.filter(summary="两年查处时效提示").exists()


def test_violation_ended_exactly_two_years_before_gives_no_warning(wage_case, inspector):
    with time_machine.travel(at(2026, 9, 28), tick=False):
        inspection = complaint_receive_from_case(
            case=wage_case, actor=inspector, violation_ended_on=dt.date(2024, 9, 28)
        )

    assert inspection.lookback_warning == ""
    assert not wage_case.events.filter(summary="两年查处时效提示").exists()


def test_decline_needs_reasons_and_ends_the_open_clock(received, inspector):
    with pytest.raises(ValidationError):
        inspection_decline(inspection=received, actor=inspector, reason=" ")

    inspection_decline(inspection=received, actor=inspector, reason="不属于劳动保障监察事项")

    received.refresh_from_db()
    assert received.status == InspectionStatus.NOT_OPENED
    assert received.case.clocks.get(kind="inspection_open_5_workdays").met_at is not None


def test_a_rectification_order_on_an_unopened_inspection_is_refused(received, inspector):
    with pytest.raises(ConflictError, match="待立案"):
        rectification_order_issue(
            inspection=received,
            actor=inspector,
            items="支付工资",
            deadline=dt.date(2026, 12, 31),
        )


def test_rectification_order_deadline_must_follow_its_date(opened, inspector):
    with pytest.raises(ValidationError) as e:
        rectification_order_issue(
            inspection=opened,
            actor=inspector,
            items="支付工资",
            issued_on=dt.date(2026, 10, 12),
            deadline=dt.date(2026, 10, 12),
        )

    assert "deadline" in e.value.message_dict


def test_order_gets_a_number_and_a_timeline_entry(order):
    assert order.doc_number == "西人社监责〔2026〕1号"
    assert order.status == OrderStatus.OPEN
    assert order.inspection.case.events.filter(summary__startswith="责令改正（西人社监责").exists()


def test_not_complied_cannot_be_found_before_the_deadline_passes(order, inspector):
    with (
        time_machine.travel(at(2026, 10, 22, 18), tick=False),
        pytest.raises(ConflictError, match="尚未届满"),
    ):
        rectification_order_follow_up(order=order, actor=inspector, complied=False, note="未付")


def test_complied_follow_up_closes_the_order(order, inspector):
    with time_machine.travel(at(2026, 10, 20), tick=False):
        rectification_order_follow_up(order=order, actor=inspector, complied=True, note="已支付")

    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLIED
    assert order.inspection.case.events.filter(summary__endswith="已整改").exists()


@pytest.mark.parametrize("percent", [49, 101, 0])
def test_additional_compensation_outside_50_to_100_percent_is_refused(
    unpaid_order, inspector, percent
):
    with pytest.raises(ValidationError) as e:
        additional_compensation_order(order=unpaid_order, actor=inspector, percent=percent)

    assert "percent" in e.value.message_dict


@pytest.mark.parametrize(("percent", "amount"), [(50, "18000.00"), (100, "36000.00")])
def test_additional_compensation_at_the_edges_is_ordered_on_the_wages_owed(
    unpaid_order, inspector, percent, amount
):
    additional_compensation_order(order=unpaid_order, actor=inspector, percent=percent)

    unpaid_order.refresh_from_db()
    assert unpaid_order.compensation_amount == Decimal(amount)
    assert unpaid_order.inspection.case.events.filter(
        summary__startswith=f"责令加付赔偿金：应付36,000.00 元的{percent}%"
    ).exists()


def test_additional_compensation_needs_wages_still_unpaid_after_the_order(order, inspector):
    # The order is still open (整改中): the table allows compensation only once it is not complied.
    with pytest.raises(ConflictError, match="整改中.*责令加付赔偿金"):
        additional_compensation_order(order=order, actor=inspector, percent=80)


def test_site_inspection_needs_two_inspectors(opened, inspector):
    with pytest.raises(ValidationError) as e:
        site_inspection_record(
            inspection=opened,
            actor=inspector,
            at=at(2026, 10, 9),
            place="之江工地",
            inspectors=[inspector],
            findings="查看工资台账",
        )

    assert "inspectors" in e.value.message_dict


def test_site_inspection_is_recorded_with_its_inspectors(opened, inspector, inspector2):
    record = site_inspection_record(
        inspection=opened,
        actor=inspector,
        at=at(2026, 10, 9),
        place="转塘街道之江工地项目部",
        inspectors=[inspector, inspector2],
        findings="工资台账缺失7-9月记录",
    )

    assert set(record.inspectors.all()) == {inspector, inspector2}
    assert opened.case.events.filter(
        summary__startswith="现场检查：转塘街道之江工地项目部"
    ).exists()


def test_penalty_needs_a_positive_amount_and_a_legal_basis(opened, inspector):
    with pytest.raises(ValidationError) as e:
        penalty_decide(
            inspection=opened, actor=inspector, amount=Decimal(0), legal_basis="", facts="x"
        )

    assert set(e.value.message_dict) == {"amount", "legal_basis"}


def test_wages_recovered_are_linked_to_the_case_claimant(opened, inspector):
    claimant = opened.case.claimants.first()

    recovery = wage_recovery_record(
        inspection=opened, actor=inspector, amount=Decimal("8000"), claimant=claimant
    )

    assert recovery.claimant == claimant
    assert opened.case.events.filter(
        summary=f"追发工资8,000.00 元：{claimant.worker.name}"
    ).exists()


def test_wages_cannot_be_paid_to_a_claimant_of_another_case(opened, inspector, clerk):
    other = make_case(actor=clerk, status=CaseStatus.HANDLING, category=Category.WAGE_ARREARS)

    with pytest.raises(ValidationError) as e:
        wage_recovery_record(
            inspection=opened,
            actor=inspector,
            amount=Decimal("1"),
            claimant=other.claimants.first(),
        )

    assert "claimant" in e.value.message_dict


def test_conclusion_waits_for_open_orders_to_be_followed_up(order, inspector):
    with pytest.raises(ConflictError, match="未复查"):
        inspection_conclude(inspection=order.inspection, actor=inspector, conclusion="已处理")


def test_conclusion_meets_the_investigation_clock(opened, inspector):
    wage_recovery_record(
        inspection=opened,
        actor=inspector,
        amount=Decimal("12000"),
        workers=3,
        note="另3名班组工人",
    )

    inspection_conclude(inspection=opened, actor=inspector, conclusion="工资已全部支付")

    opened.refresh_from_db()
    assert opened.status == InspectionStatus.CONCLUDED
    assert opened.case.clocks.get(kind="inspection_60_workdays").met_at is not None
    assert opened.case.events.filter(summary="监察结案，追发工资合计12,000.00 元").exists()


def test_a_mediator_cannot_open_an_inspection(received, make_staff):
    from jiefen.accounts.choices import Role
    from jiefen.inspection.services import inspection_open

    with pytest.raises(PermissionDenied):
        inspection_open(inspection=received, actor=make_staff(Role.MEDIATOR))

    assert Inspection.objects.get(pk=received.pk).status == InspectionStatus.RECEIVED


def test_every_step_of_an_inspection_is_on_the_case_timeline_as_the_inspection_track(
    received, inspector, inspector2, leader
):
    case = received.case
    before = set(case.events.values_list("id", flat=True))
    with time_machine.travel(at(2026, 9, 29), tick=False):
        from jiefen.inspection.services import inspection_extend, inspection_open

        inspection_open(inspection=received, actor=inspector)
        site_inspection_record(
            inspection=received,
            actor=inspector,
            at=at(2026, 9, 29, 10),
            place="工地",
            inspectors=[inspector, inspector2],
            findings="欠薪属实",
        )
        order = rectification_order_issue(
            inspection=received,
            actor=inspector,
            items="支付工资",
            deadline=dt.date(2026, 10, 9),
            amount_owed=Decimal("1000"),
        )
        inspection_extend(inspection=received, actor=inspector, approved_by=leader, reason="多")
    with time_machine.travel(at(2026, 10, 12), tick=False):
        rectification_order_follow_up(order=order, actor=inspector, complied=False, note="未付")
        additional_compensation_order(order=order, actor=inspector, percent=50)
        penalty_decide(
            inspection=received,
            actor=inspector,
            amount=Decimal("2000"),
            legal_basis="《劳动保障监察条例》第三十条",
            facts="逾期不改正",
        )
        wage_recovery_record(
            inspection=received,
            actor=inspector,
            amount=Decimal("1000"),
            claimant=case.claimants.first(),
        )

    new = case.events.exclude(id__in=before)
    assert new.count() == 11  # open, its clock, visit, order, the clock extended, extension,
    # notice clock, follow-up, compensation, penalty, recovery
    assert set(new.values_list("track", flat=True)) == {"inspection"}


def test_a_concluded_inspection_with_wages_recovered_resolves_its_case_with_them(opened, inspector):
    from jiefen.inspection.services import inspection_conclude_case, wage_recovery_record

    wage_recovery_record(
        inspection=opened,
        actor=inspector,
        amount=Decimal("8000"),
        claimant=opened.case.claimants.first(),
    )
    inspection_conclude(inspection=opened, actor=inspector, conclusion="工资已全部支付")

    case = inspection_conclude_case(inspection=opened, actor=inspector)

    assert (case.status, case.amount_recovered) == (CaseStatus.RESOLVED, Decimal("8000"))
    assert case.events.filter(track="inspection", data__offer="resolve").exists()


def test_a_complaint_not_opened_leaves_its_case_unresolved(received, inspector):
    from jiefen.inspection.services import inspection_conclude_case, inspection_decline

    inspection_decline(inspection=received, actor=inspector, reason="不属于劳动保障监察范围")

    case = inspection_conclude_case(inspection=received, actor=inspector)

    assert case.status == CaseStatus.UNRESOLVED


def test_a_case_cannot_be_concluded_on_an_inspection_still_under_way(opened, inspector):
    from jiefen.inspection.services import inspection_conclude_case

    with pytest.raises(ConflictError):
        inspection_conclude_case(inspection=opened, actor=inspector)

    opened.case.refresh_from_db()
    assert opened.case.status == CaseStatus.HANDLING
