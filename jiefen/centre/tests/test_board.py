"""The joint board: the agenda builds itself, a decision becomes an assist task, and the board
shows it overdue once its feedback is late."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import SANDUN
from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.accounts.models import Department
from jiefen.cases.choices import CaseStatus
from jiefen.cases.models import Case
from jiefen.cases.tests.factories import make_case
from jiefen.centre.choices import AgendaKind, TaskStatus
from jiefen.centre.models import Attendance
from jiefen.centre.selectors import task_board
from jiefen.centre.services import (
    decision_record,
    majors_screen,
    meeting_attendance_record,
    meeting_create,
    task_report,
)
from jiefen.core.policy import Forbidden
from jiefen.outreach.choices import WarningLevel, WarningRule
from jiefen.outreach.models import EarlyWarning

pytestmark = pytest.mark.django_db


def _seed(clerk):
    """A case three weeks old (its clocks overdue), a collective case (major), a case with
    assisting bodies, and an open early warning."""
    with time_machine.travel(timezone.now() - dt.timedelta(days=21), tick=False):
        late = make_case(actor=clerk, status=CaseStatus.ACCEPTED, summary="欠薪三个月未处理")
    collective = make_case(
        actor=clerk, status=CaseStatus.ACCEPTED, claimants=12, employer_name="转塘某建筑劳务公司"
    )
    joint = make_case(actor=clerk, status=CaseStatus.HANDLING, employer_name="转塘某物流公司")
    Case.objects.filter(pk=joint.pk).update(assisting_kinds=[DepartmentKind.TRADE_UNION])
    warning = EarlyWarning.objects.create(
        rule=WarningRule.REPEATED_COMPLAINTS,
        level=WarningLevel.ORANGE,
        employer=joint.employer,
        village=joint.village,
        reason="30日内3次投诉",
        fingerprint="test",
        raised_at=timezone.now(),
    )
    majors_screen()
    return late, collective, joint, warning


def test_weekly_agenda_decision_becomes_an_assist_task_shown_overdue_when_feedback_is_late(
    client, clerk, leader
):
    late, collective, joint, warning = _seed(clerk)
    today = timezone.localdate()

    meeting = meeting_create(actor=leader, held_on=today, location="中心三楼会议室")

    agenda = {(i.kind, i.case_id or i.warning_id) for i in meeting.items.all()}
    assert (AgendaKind.NEW_MAJOR, collective.pk) in agenda
    assert (AgendaKind.OVERDUE, late.pk) in agenda
    assert (AgendaKind.MULTI_BODY, joint.pk) in agenda
    assert (AgendaKind.WARNING, warning.pk) in agenda
    assert Attendance.objects.filter(meeting=meeting).count() == len(DepartmentKind.values)

    squad = Department.objects.get(kind=DepartmentKind.LABOR_INSPECTION_SQUAD, street=None)
    item = meeting.items.get(kind=AgendaKind.OVERDUE, case=late)
    task = decision_record(
        meeting=meeting,
        actor=leader,
        item=item,
        decision="监察中队介入，查明欠薪数额",
        department=squad,
        task="三个工作日内调取考勤和工资表",
        due_on=today + dt.timedelta(days=3),
    )
    assert task.case == late
    assert task.status == TaskStatus.ASSIGNED

    client.force_login(leader)
    on_time = client.get(reverse("centre:board")).content.decode()
    assert "三个工作日内调取考勤和工资表" in on_time
    assert 'data-overdue="1"' not in on_time

    past_due = timezone.make_aware(
        dt.datetime.combine(task.due_on + dt.timedelta(days=1), dt.time(9))
    )
    with time_machine.travel(past_due, tick=False):
        client.force_login(leader)
        board = client.get(reverse("centre:board")).content.decode()
        column = board[board.index(f'data-testid="body-{DepartmentKind.LABOR_INSPECTION_SQUAD}"') :]
        column = column[: column.index("</div></div>")]
        assert 'data-overdue="1"' in column
        assert "反馈超期" in column
        assert "反馈超期 1 项" in board


def test_feedback_ends_the_lateness(clerk, leader, make_staff):
    today = timezone.localdate()
    meeting = meeting_create(actor=leader, held_on=today)
    union = Department.objects.get(kind=DepartmentKind.TRADE_UNION, street=None)
    task = decision_record(
        meeting=meeting,
        actor=leader,
        decision="工会参与调解",
        department=union,
        task="派员参加周三调解",
        due_on=today,
    )
    member = make_staff(Role.MEDIATOR, department_kind=DepartmentKind.TRADE_UNION)

    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        task_report(task=task, actor=member, feedback="已派员参加，达成初步意向")
        columns = {c.kind: c for c in task_board(user=leader)}

    assert [t.overdue for t in columns[DepartmentKind.TRADE_UNION].tasks] == [False]


def test_another_body_may_not_give_the_feedback(leader, make_staff):
    meeting = meeting_create(actor=leader, held_on=timezone.localdate())
    task = decision_record(
        meeting=meeting,
        actor=leader,
        decision="工会参与调解",
        department=Department.objects.get(kind=DepartmentKind.TRADE_UNION, street=None),
        task="派员参加调解",
        due_on=timezone.localdate(),
    )
    outsider = make_staff(Role.MEDIATOR, department_kind=DepartmentKind.JUDICIAL_OFFICE)

    with pytest.raises(Forbidden):
        task_report(task=task, actor=outsider, feedback="已处理")

    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED


def test_attendance_marks_the_bodies_present(leader):
    meeting = meeting_create(actor=leader, held_on=timezone.localdate())

    meeting_attendance_record(
        meeting=meeting,
        actor=leader,
        attendees={DepartmentKind.TRADE_UNION: "王主席", DepartmentKind.POLICE_OFFICE: ""},
    )

    present = set(meeting.attendance.filter(present=True).values_list("department_kind", flat=True))
    assert present == {DepartmentKind.TRADE_UNION}


def test_minutes_download_as_word(client, leader):
    meeting = meeting_create(actor=leader, held_on=timezone.localdate())
    client.force_login(leader)

    response = client.get(reverse("centre:minutes", args=[meeting.pk]))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert response.content[:2] == b"PK"


def test_a_meeting_shows_a_street_only_the_cases_of_its_places(client, clerk, leader, make_staff):
    late, collective, joint, _warning = _seed(clerk)
    meeting = meeting_create(actor=leader, held_on=timezone.localdate(), location="中心三楼")
    elsewhere = make_staff(Role.LEADER, scope_level=ScopeLevel.STREET, scope_code=SANDUN)
    client.force_login(elsewhere)

    page = client.get(reverse("centre:meeting", args=[meeting.pk])).content.decode()
    minutes = client.get(reverse("centre:minutes", args=[meeting.pk]))

    assert [c.number for c in (late, collective, joint) if c.number in page] == []
    assert minutes.status_code == 404


def test_the_district_sees_the_whole_agenda_and_its_minutes(client, clerk, leader):
    late, collective, joint, _warning = _seed(clerk)
    meeting = meeting_create(actor=leader, held_on=timezone.localdate(), location="中心三楼")
    client.force_login(leader)

    page = client.get(reverse("centre:meeting", args=[meeting.pk])).content.decode()

    assert all(c.number in page for c in (late, collective, joint))
    assert client.get(reverse("centre:minutes", args=[meeting.pk])).status_code == 200
