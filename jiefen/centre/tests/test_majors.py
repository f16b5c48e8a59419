"""The major-case register: criteria, the leader in charge (not a mediator), the plan and its
milestones, weekly notes, and the register on the dashboard and in the monthly report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.cases.choices import CaseStatus, Duty
from jiefen.cases.models import Assignment, Claimant
from jiefen.cases.tests.factories import make_case
from jiefen.centre.choices import MajorReason, MajorStatus
from jiefen.centre.models import CentreSettings, MajorCase, ProgressNote
from jiefen.centre.selectors import major_counts, major_register, week_of
from jiefen.centre.services import (
    centre_settings,
    major_note_add,
    major_propose,
    major_take_charge,
    majors_screen,
)
from jiefen.reports.selectors import Period, monthly_report

pytestmark = pytest.mark.django_db

SANDUN = "330106109"


def _in_charge(clerk, leader, **extra) -> MajorCase:
    case = make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=10, **extra)
    majors_screen()
    major = MajorCase.objects.get(case=case)
    return major_take_charge(
        major=major,
        actor=leader,
        leader=leader,
        plan="先核实欠薪名单，再约谈企业负责人，协调总包单位垫付",
        milestones=[("核实欠薪名单", timezone.localdate() + dt.timedelta(days=3))],
    )


def test_screening_proposes_a_collective_case_and_not_an_ordinary_one(clerk):
    collective = make_case(actor=clerk, status=CaseStatus.ACCEPTED, claimants=10)
    ordinary = make_case(actor=clerk, status=CaseStatus.ACCEPTED)

    majors_screen()

    assert MajorCase.objects.get(case=collective).reasons == [MajorReason.COLLECTIVE]
    assert not MajorCase.objects.filter(case=ordinary).exists()


def test_the_amount_criterion_follows_the_settings(clerk):
    CentreSettings.objects.update_or_create(pk=1, defaults={"major_amount": Decimal("10000")})
    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED)  # claims 12,000

    majors_screen()

    assert MajorCase.objects.get(case=case).reasons == [MajorReason.AMOUNT]


def test_a_criterion_switched_off_proposes_nothing(clerk):
    CentreSettings.objects.update_or_create(pk=1, defaults={"major_collective": False})
    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED, claimants=10)

    majors_screen()

    assert not MajorCase.objects.filter(case=case).exists()


def _same_worker(cases) -> None:
    first = Claimant.objects.get(case=cases[0])
    Claimant.objects.filter(case__in=cases).update(worker=first.worker)


def test_screening_proposes_the_cases_of_a_worker_who_came_three_times_lately(clerk):
    cases = [make_case(actor=clerk, status=CaseStatus.ACCEPTED) for _ in range(3)]
    other = make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    _same_worker(cases)

    majors_screen()

    assert [MajorCase.objects.get(case=c).reasons for c in cases] == [[MajorReason.REPEATED]] * 3
    assert not MajorCase.objects.filter(case=other).exists()


def test_a_complaint_older_than_the_window_does_not_count_towards_repeated(clerk):
    long_ago = timezone.now() - dt.timedelta(days=181)  # the window is 180 days
    old = make_case(actor=clerk, status=CaseStatus.RESOLVED, received_at=long_ago)
    cases = [old] + [make_case(actor=clerk, status=CaseStatus.ACCEPTED) for _ in range(2)]
    _same_worker(cases)

    majors_screen()

    assert not MajorCase.objects.exists()


def test_staff_proposing_a_case_of_a_worker_who_came_often_see_it_as_the_reason(clerk):
    cases = [make_case(actor=clerk, status=CaseStatus.HANDLING) for _ in range(3)]
    _same_worker(cases)

    major = major_propose(case=cases[0], actor=clerk)

    assert major.reasons == [MajorReason.REPEATED]


def test_media_attention_is_proposed_by_staff(clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    major = major_propose(case=case, actor=clerk, media_attention=True, note="钱江晚报记者来电")

    assert major.reasons == [MajorReason.MEDIA]


def test_an_ordinary_case_is_not_proposed_without_a_reason(clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    with pytest.raises(ValidationError):
        major_propose(case=case, actor=clerk)


def test_the_leader_in_charge_is_not_made_a_mediator(clerk, leader):
    major = _in_charge(clerk, leader)

    assert major.status == MajorStatus.IN_CHARGE
    assert major.leader == leader
    assert not Assignment.objects.filter(case=major.case, user=leader, duty=Duty.MEDIATOR).exists()


def test_a_leader_of_another_street_cannot_be_in_charge(clerk, leader, make_staff):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=10)
    majors_screen()
    elsewhere = make_staff(Role.LEADER, scope_level=ScopeLevel.STREET, scope_code=SANDUN)

    with pytest.raises(ValidationError):
        major_take_charge(
            major=MajorCase.objects.get(case=case), actor=leader, leader=elsewhere, plan="方案"
        )


def test_register_shows_an_overdue_milestone_and_a_missing_weekly_note(clerk, leader):
    major = _in_charge(clerk, leader)
    later = timezone.localdate() + dt.timedelta(days=10)

    row = major_register(user=leader, today=later)[0]

    assert (row.major, row.milestones, row.overdue, row.noted_this_week) == (major, 1, 1, False)


def test_a_weekly_note_counts_for_its_week(clerk, leader):
    major = _in_charge(clerk, leader)

    major_note_add(major=major, actor=leader, text="已约谈企业负责人，承诺周五前支付一半")

    assert major_register(user=leader)[0].noted_this_week is True


def test_the_register_in_figures_counts_each_open_major_case_once(clerk, leader):
    later = timezone.localdate() + dt.timedelta(days=10)  # each one milestone late by then
    noted = _in_charge(clerk, leader)
    ProgressNote.objects.create(
        major=noted, week_of=week_of(later), at=timezone.now(), author=leader, text="已约谈"
    )
    _in_charge(clerk, leader)  # no note that week
    make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=10)
    majors_screen()  # proposed, nobody in charge yet

    counts = major_counts(user=leader, today=later)

    assert counts == {"in_charge": 2, "proposed": 1, "milestones_overdue": 2, "no_note": 1}


def test_a_weekly_note_is_marked_chinese_on_an_english_page(clerk, leader, client):
    major = _in_charge(clerk, leader)
    major_note_add(major=major, actor=leader, text="已约谈企业负责人，承诺周五前支付一半。")
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    with translation.override("en"):  # the request leaves its language active in the thread
        page = client.get(reverse("centre:major", args=[major.pk])).content.decode()

    assert '<span lang="zh">已约谈企业负责人，承诺周五前支付一半。</span>' in page


def test_monthly_report_lists_the_register(clerk, leader):
    major = _in_charge(clerk, leader)
    today = timezone.localdate()

    report = monthly_report(user=leader, period=Period.month(today.year, today.month))

    title, _header, rows = report.extra[0]
    assert title == "领导包案重大案件"
    assert [r[0] for r in rows] == [major.case.number]
    assert rows[0][3] == leader.display_name


def test_dashboard_shows_the_register(client, clerk, leader):
    _in_charge(clerk, leader)
    client.force_login(leader)

    page = client.get(reverse("reports:dashboard")).content.decode()

    summary = page[page.index('data-testid="majors-summary"') :][:200]
    assert "包案中 1" in summary


def test_a_stale_settings_edit_is_refused(administrator):
    from jiefen.centre.services import centre_settings_update
    from jiefen.core.exceptions import ConflictError

    row = centre_settings()
    centre_settings_update(actor=administrator, version=row.version, visit_workdays=7)

    with pytest.raises(ConflictError):
        centre_settings_update(actor=administrator, version=row.version, visit_workdays=3)

    assert centre_settings().visit_workdays == 7


def test_a_case_escalated_to_the_district_gets_a_leader_in_charge_not_a_leader_mediator(
    clerk, leader
):
    from jiefen.cases.services import case_escalate

    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    case_escalate(case=case, actor=leader, reason="村级调解不成")
    case_escalate(case=case, actor=leader, reason="街道调解不成，涉稳")

    majors_screen()

    assert not Assignment.objects.filter(
        case=case, duty=Duty.MEDIATOR, active=True, user__role=Role.LEADER
    ).exists()
    assert MajorCase.objects.get(case=case).reasons == [MajorReason.DISTRICT]
