"""Every arbitration clock at its edges on the calendar."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.arbitration.choices import (
    ACCEPTANCE_5,
    AWARD_45,
    DEFENCE_10,
    ONE_MONTH,
    SERVICE_5,
    SIMPLIFIED_30,
)
from jiefen.arbitration.services import (
    application_accept,
    application_complete,
    application_completion_notice,
    application_file,
    application_resume,
    application_suspend,
    award_extend,
    hearing_book,
    hearing_hold,
    hearing_notice_checks,
    hearing_postpone,
    limitation_warning,
    service_notice_end,
    service_record,
    tribunal_convert_to_ordinary,
)
from jiefen.arbitration.tests.conftest import at
from jiefen.cases.choices import CaseStatus
from jiefen.cases.clocks import extension_approver_grant
from jiefen.cases.models import Clock
from jiefen.cases.tests.factories import make_case
from jiefen.core.exceptions import ApplicationError, ConflictError


def _due(case, kind) -> dt.date:
    return Clock.objects.get(case=case, kind=kind).due_at.astimezone(at(2026, 1, 1).tzinfo).date()


def test_acceptance_period_ending_on_national_day_runs_to_the_next_working_day(clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    application_file(case=case, actor=clerk, received_at=at(2026, 9, 28))

    # 5 days after 09-28 is 10-03, inside the National Day holiday (10-01..10-07).
    assert _due(case, ACCEPTANCE_5) == dt.date(2026, 10, 8)


def test_completion_notice_stops_the_acceptance_clock_and_completion_restarts_it(tclerk, clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    application = application_file(case=case, actor=clerk, received_at=at(2026, 11, 2))

    application_completion_notice(application=application, actor=tclerk, missing="劳动合同复印件")
    assert Clock.objects.get(case=case, kind=ACCEPTANCE_5).paused_at is not None
    application_complete(application=application, actor=tclerk, completed_at=at(2026, 11, 16))

    clock = Clock.objects.get(case=case, kind=ACCEPTANCE_5)
    assert clock.paused_at is None
    assert _due(case, ACCEPTANCE_5) == dt.date(2026, 11, 23)  # 11-21 is a Saturday


def test_a_second_completion_notice_is_refused(tclerk, clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    application = application_file(case=case, actor=clerk, received_at=at(2026, 11, 2))
    application_completion_notice(application=application, actor=tclerk, missing="身份证明")
    application_complete(application=application, actor=tclerk)

    with pytest.raises(ConflictError, match="一次性告知"):
        application_completion_notice(application=application, actor=tclerk, missing="工资条")


def test_limitation_warns_on_the_day_after_one_year_and_not_on_the_last_day():
    knew = dt.date(2025, 3, 10)  # 2026-03-10 is a Tuesday

    assert limitation_warning(knew_on=knew, received_on=dt.date(2026, 3, 10)) == ""
    assert "一年仲裁时效" in limitation_warning(knew_on=knew, received_on=dt.date(2026, 3, 11))


def test_limitation_warning_is_recorded_not_a_refusal(tclerk, clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    application = application_file(
        case=case,
        actor=tclerk,
        received_at=at(2026, 11, 2),
        knew_infringement_on=dt.date(2025, 6, 1),
    )

    assert application.status == "received"
    assert "一年仲裁时效" in application.limitation_warning
    assert case.events.filter(summary__startswith="时效提示").exists()


def test_acceptance_starts_service_award_and_one_month_clocks(tclerk, clerk):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    application = application_file(case=case, actor=clerk, received_at=at(2026, 8, 14))

    application_accept(application=application, actor=tclerk, accepted_at=at(2026, 8, 17))

    assert Clock.objects.get(case=case, kind=ACCEPTANCE_5).met_at is not None
    assert _due(case, SERVICE_5) == dt.date(2026, 8, 24)  # 08-22 is a Saturday
    # 45 days after 08-17 is 10-01, National Day: the award is due on 10-08.
    assert _due(case, AWARD_45) == dt.date(2026, 10, 8)
    assert _due(case, ONE_MONTH) == dt.date(2026, 9, 17)


def test_defence_is_due_ten_days_after_service_on_the_respondent(tclerk, make_accepted, clerk):
    application = make_accepted()

    service_record(
        application=application,
        actor=tclerk,
        document="application_copy",
        side="respondent",
        mode="post",
        served_at=at(2026, 11, 4),
        proof="EMS 1234567890",
    )

    assert Clock.objects.get(case=application.case, kind=SERVICE_5).met_at is not None
    assert _due(application.case, DEFENCE_10) == dt.date(2026, 11, 16)  # 11-14 is a Saturday


def test_award_extension_of_fifteen_days_is_allowed_and_one_more_day_refused(
    tclerk, make_accepted, clerk, director
):
    application = make_accepted(accepted_at=at(2026, 11, 2))
    assert _due(application.case, AWARD_45) == dt.date(2026, 12, 17)

    award_extend(
        application=application, actor=tclerk, days=15, approved_by=director, reason="案情复杂"
    )
    # 12-17 + 15 days is 2027-01-01, New Year's Day: the extended period ends on 01-04.
    assert _due(application.case, AWARD_45) == dt.date(2027, 1, 4)

    with pytest.raises(ConflictError, match="不得超过十五日"):
        award_extend(
            application=application, actor=tclerk, days=1, approved_by=director, reason="再延"
        )


def test_extension_without_the_directors_approval_is_refused(tclerk, make_accepted, clerk):
    application = make_accepted()

    with pytest.raises(ValidationError) as e:
        award_extend(application=application, actor=tclerk, days=5, approved_by=clerk, reason="x")

    assert "approved_by" in e.value.message_dict


def test_a_street_leader_is_refused_and_the_person_the_chair_authorised_accepted(
    tclerk, make_accepted, make_staff, director
):
    # 《劳动人事争议仲裁办案规则》第四十六条: the chair, or the 仲裁院 head the chair authorises in
    # writing; a leader's role alone is no authority. Accepted 2026-11-02: 45 days end 12-17.
    application = make_accepted(accepted_at=at(2026, 11, 2))
    street_leader = make_staff(Role.LEADER, scope_level=ScopeLevel.STREET, scope_code="330106010")
    head = make_staff(Role.ARBITRATOR, department_kind=DepartmentKind.ARBITRATION_TRIBUNAL)
    extension_approver_grant(
        actor=director, user=head, standing="delegate", instrument="主任书面委托书〔2026〕3号"
    )

    with pytest.raises(ValidationError) as refused:
        award_extend(
            application=application, actor=tclerk, days=10, approved_by=street_leader, reason="鉴定"
        )
    assert "未获授权" in refused.value.message_dict["approved_by"][0]
    assert _due(application.case, AWARD_45) == dt.date(2026, 12, 17)

    award_extend(application=application, actor=tclerk, days=10, approved_by=head, reason="鉴定")

    # 11-02 + 45 + 10 = 12-27, a Sunday: rolled once to Monday 12-28.
    assert _due(application.case, AWARD_45) == dt.date(2026, 12, 28)
    application.refresh_from_db()
    assert application.extension_approved_by == head
    assert application.case.events.filter(summary__contains="书面批准").exists()


def test_only_the_chair_may_authorise_an_approver(make_staff, director):
    leader = make_staff(Role.LEADER)
    other = make_staff(Role.ARBITRATOR)

    with pytest.raises(ApplicationError, match="只有仲裁委员会主任"):
        extension_approver_grant(
            actor=leader, user=other, standing="delegate", instrument="自拟委托书"
        )


def test_suspension_pauses_the_award_clocks_and_resuming_moves_them_later(
    tclerk, make_accepted, clerk, time_machine
):
    time_machine.move_to(at(2026, 11, 10), tick=False)
    application = make_accepted(accepted_at=at(2026, 11, 2))
    due_before = Clock.objects.get(case=application.case, kind=AWARD_45).due_at

    application_suspend(application=application, actor=tclerk, reason="等待工伤认定结论")
    assert Clock.objects.get(case=application.case, kind=AWARD_45).paused_at is not None
    time_machine.move_to(at(2026, 11, 20), tick=False)
    application_resume(application=application, actor=tclerk)

    clock = Clock.objects.get(case=application.case, kind=AWARD_45)
    assert clock.paused_at is None
    # Accepted 11-02: 45 days end 12-17 (a Thursday). Suspended 11-10, resumed 11-20: 10 days do
    # not count (办案规则第四十五条), so 12-27, a Sunday, rolled once to Monday 12-28. (The clock
    # used to add the 10 days to the rolled date and stop on the Sunday.)
    assert timezone.localtime(due_before).date() == dt.date(2026, 12, 17)
    assert timezone.localtime(clock.due_at).date() == dt.date(2026, 12, 28)
    assert Clock.objects.get(case=application.case, kind=ONE_MONTH).paused_at is None


def test_public_notice_service_pauses_the_award_clock_until_the_notice_ends(
    tclerk, make_accepted, clerk, time_machine
):
    time_machine.move_to(at(2026, 11, 5), tick=False)
    application = make_accepted(accepted_at=at(2026, 11, 2))
    service = service_record(
        application=application,
        actor=tclerk,
        document="application_copy",
        side="respondent",
        mode="public_notice",
        served_at=at(2026, 11, 5),
        proof="《人民法院报》公告",
        notice_ends_on=dt.date(2026, 12, 5),
    )
    assert Clock.objects.get(case=application.case, kind=AWARD_45).paused_at is not None

    time_machine.move_to(at(2026, 12, 5), tick=False)
    service_notice_end(service=service, actor=tclerk)

    assert Clock.objects.get(case=application.case, kind=AWARD_45).paused_at is None


def test_hearing_notice_five_days_ahead_is_accepted(tclerk, make_accepted, clerk, room):
    application = make_accepted()

    hearing = hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 9, 9),
        ends_at=at(2026, 11, 9, 11),
        notice_on=dt.date(2026, 11, 4),
    )

    assert hearing.status == "scheduled"


def test_hearing_notice_one_day_too_late_is_refused(tclerk, make_accepted, clerk, room):
    application = make_accepted()

    with pytest.raises(ValidationError) as e:
        hearing_book(
            application=application,
            actor=tclerk,
            room=room,
            starts_at=at(2026, 11, 9, 9),
            ends_at=at(2026, 11, 9, 11),
            notice_on=dt.date(2026, 11, 5),
        )

    assert "最早2026-11-10开庭" in e.value.message_dict["starts_at"][0]


def test_postponement_three_days_before_is_accepted_and_two_days_before_refused(
    tclerk, make_accepted, clerk, room
):
    application = make_accepted()
    hearing = hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 13, 9),
        ends_at=at(2026, 11, 13, 11),
        notice_on=dt.date(2026, 11, 4),
    )

    with pytest.raises(ConflictError, match="2026-11-10"):
        hearing_postpone(
            hearing=hearing, actor=tclerk, requested_on=dt.date(2026, 11, 11), reason="出差"
        )
    hearing_postpone(hearing=hearing, actor=tclerk, requested_on=dt.date(2026, 11, 10), reason="病")

    hearing.refresh_from_db()
    assert hearing.status == "postponed"


def test_the_simplified_procedure_must_close_thirty_days_after_acceptance(make_accepted):
    # 条例第三十九条: accepted Mon 2 Nov 2026, + 30 days = Wed 2 Dec.
    application = make_accepted(accepted_at=at(2026, 11, 2))

    assert _due(application.case, SIMPLIFIED_30) == dt.date(2026, 12, 2)


def test_conversion_to_ordinary_withdraws_the_30_days_and_keeps_counting_45_from_acceptance(
    tclerk, make_accepted, arbitrators
):
    application = make_accepted(accepted_at=at(2026, 11, 2), arbitrator=arbitrators[3])

    tribunal_convert_to_ordinary(
        application=application, actor=tclerk, arbitrators=arbitrators[:3], reason="案情复杂"
    )

    assert Clock.objects.get(case=application.case, kind=SIMPLIFIED_30).cancelled
    # 2 Nov + 45 = Thu 17 Dec: the ordinary period counts from acceptance, not from conversion.
    assert _due(application.case, AWARD_45) == dt.date(2026, 12, 17)
    assert application.case.events.filter(summary__startswith="时限撤销：简易程序").exists()


def _serve_notice(application, tclerk, *, side, served_at):
    return service_record(
        application=application,
        actor=tclerk,
        document="hearing_notice",
        side=side,
        mode="electronic",
        served_at=served_at,
        proof="短信送达回执 SMS-20261104",
    )


def test_a_hearing_notice_served_five_days_ahead_lets_the_hearing_go_on(
    tclerk, make_accepted, room, time_machine
):
    time_machine.move_to(at(2026, 11, 4), tick=False)
    application = make_accepted()
    hearing = hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 9, 9),
        ends_at=at(2026, 11, 9, 11),
    )
    for side in ("applicant", "respondent"):
        _serve_notice(application, tclerk, side=side, served_at=at(2026, 11, 4, 15))

    # 第三十五条: served 4 Nov, + 5 days = 9 Nov, the hearing day: in time.
    checks = hearing_notice_checks(hearing)
    assert all(c.in_time and c.served_on == dt.date(2026, 11, 4) for c in checks.values())
    time_machine.move_to(at(2026, 11, 9, 11), tick=False)
    assert hearing_hold(hearing=hearing, actor=tclerk, record="双方到庭").status == "held"


def test_a_hearing_notice_served_four_days_ahead_is_flagged_and_the_hearing_refused(
    tclerk, make_accepted, room, time_machine
):
    time_machine.move_to(at(2026, 11, 4), tick=False)
    application = make_accepted()
    hearing = hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 9, 9),
        ends_at=at(2026, 11, 9, 11),
    )
    _serve_notice(application, tclerk, side="applicant", served_at=at(2026, 11, 4, 15))
    time_machine.move_to(at(2026, 11, 5, 10), tick=False)
    # The respondent is served on 5 Nov: + 5 days = 10 Nov, after the 9 Nov hearing.
    _serve_notice(application, tclerk, side="respondent", served_at=at(2026, 11, 5, 10))

    assert application.case.events.filter(summary__startswith="开庭通知送达不足五日").exists()
    time_machine.move_to(at(2026, 11, 9, 11), tick=False)
    with pytest.raises(ConflictError, match="被申请人的开庭通知于2026-11-05送达"):
        hearing_hold(hearing=hearing, actor=tclerk, record="到庭")
