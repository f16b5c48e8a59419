"""The centre's pages render what the services did, and their forms reach the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind
from jiefen.accounts.models import Department
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case
from jiefen.centre.choices import MajorStatus, TaskStatus
from jiefen.centre.models import MajorCase, Milestone
from jiefen.centre.services import decision_record, majors_screen, meeting_create

pytestmark = pytest.mark.django_db


def test_a_leader_takes_charge_from_the_register_page(client, clerk, leader):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=10)
    majors_screen()
    major = MajorCase.objects.get(case=case)
    client.force_login(leader)
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()

    client.post(
        reverse("centre:major_act", args=[major.pk]),
        {
            "action": "take_charge",
            "leader": leader.pk,
            "plan": "约谈企业，协调垫付",
            "m0_title": "约谈企业负责人",
            "m0_due": due,
        },
    )

    major.refresh_from_db()
    assert major.status == MajorStatus.IN_CHARGE
    assert list(Milestone.objects.filter(major=major).values_list("title", flat=True)) == [
        "约谈企业负责人"
    ]
    page = client.get(reverse("centre:major", args=[major.pk])).content.decode()
    assert leader.display_name in page[page.index('data-testid="leader"') :][:200]


def test_the_case_page_shows_the_case_on_the_register(client, clerk, leader):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING, claimants=10)
    majors_screen()
    client.force_login(leader)

    page = client.get(case.get_absolute_url()).content.decode()

    panel = page[page.index('data-testid="centre-panel"') :][:1500]
    assert "待认定" in panel


def test_a_body_gives_feedback_on_the_task_page(client, leader, make_staff):
    meeting = meeting_create(actor=leader, held_on=timezone.localdate())
    union = Department.objects.get(kind=DepartmentKind.TRADE_UNION, street=None)
    task = decision_record(
        meeting=meeting, actor=leader, decision="工会参与", department=union, task="派员",
        due_on=timezone.localdate(),
    )  # fmt: skip
    member = make_staff("mediator", department_kind=DepartmentKind.TRADE_UNION)
    client.force_login(member)

    client.post(
        reverse("centre:task_act", args=[task.pk]), {"action": "report", "feedback": "已派员"}
    )

    task.refresh_from_db()
    assert (task.status, task.feedback) == (TaskStatus.REPORTED, "已派员")


def test_the_meeting_page_lists_its_agenda_and_attendance(client, clerk, leader):
    make_case(actor=clerk, status=CaseStatus.ACCEPTED, claimants=10)
    majors_screen()
    meeting = meeting_create(actor=leader, held_on=timezone.localdate())
    client.force_login(leader)

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "新增重大案件" in page
    assert "总工会" in page


def test_the_monthly_report_page_has_the_register_section(client, leader):
    client.force_login(leader)

    page = client.get(reverse("reports:monthly")).content.decode()

    assert "六、领导包案重大案件" in page
    assert "七、结案回访" in page


def test_the_monthly_report_word_file_has_the_register_section(leader):
    import io

    from docx import Document

    from jiefen.reports.exports import report_docx
    from jiefen.reports.selectors import Period, monthly_report

    today = timezone.localdate()
    report = monthly_report(user=leader, period=Period.month(today.year, today.month))

    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(report))).paragraphs)
    assert "六、领导包案重大案件" in text
