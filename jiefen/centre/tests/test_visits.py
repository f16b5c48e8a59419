"""Return visits: from closure to the survey's answer, the leader's decision and the rate."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jiefen.accounts.models import Notification
from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case
from jiefen.centre.choices import Satisfaction, VisitMethod, VisitStatus
from jiefen.centre.models import ReturnVisit
from jiefen.centre.services import (
    visit_answer,
    visit_reopen_case,
    visit_uphold,
    visits_create,
    visits_due_send,
)
from jiefen.centre.tasks import return_visits_task
from jiefen.core.policy import Forbidden
from jiefen.core.senders import ConsoleSender
from jiefen.workdays.services import workday_add

pytestmark = pytest.mark.django_db

SURVEY_LINK = re.compile(r"/centre/survey/[^/\s]+/")


def _survey_link() -> str:
    texts = [m.body for m in ConsoleSender.sent if "/centre/survey/" in m.body]
    return SURVEY_LINK.search(texts[-1]).group(0)


def test_closed_case_surveyed_unsatisfied_reaches_the_leader_and_the_dashboard_rate(
    client, clerk, leader, django_capture_on_commit_callbacks
):
    case = make_case(actor=clerk, status=CaseStatus.CLOSED)
    closed_on = timezone.localdate()

    return_visits_task.enqueue()  # the visit is owed, not yet due
    visit = ReturnVisit.objects.get(case=case)
    assert visit.due_on == workday_add(closed_on, 5)
    assert visit.status == VisitStatus.PENDING

    due = timezone.make_aware(dt.datetime.combine(visit.due_on, dt.time(10)))
    with time_machine.travel(due, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            return_visits_task.enqueue()
        link = _survey_link()
        page = client.get(link)
        assert "您对案件办理是否满意" in page.content.decode()
        answered = client.post(link, {"satisfaction": "unsatisfied", "comment": "钱只给了一半"})
        assert "感谢您的评价" in answered.content.decode()

        visit.refresh_from_db()
        assert visit.status == VisitStatus.LEADER_REVIEW
        assert visit.method == VisitMethod.SURVEY
        assert Notification.objects.filter(user=leader, message__contains=case.number).exists()

        client.force_login(leader)
        queue = client.get(reverse("centre:visits"), {"status": "leader_review"})
        assert case.number in queue.content.decode()
        item = client.get(reverse("centre:visit", args=[visit.pk]))
        assert 'data-testid="reopen"' in item.content.decode()

        day = visit.due_on.isoformat()
        dashboard = client.get(reverse("reports:dashboard"), {"from": day, "to": day})
        panel = dashboard.content.decode()
        rate = panel[panel.index('data-testid="satisfaction-rate"') :][:300]
        assert "0.0%" in rate
        assert "（0/1）" in rate


def test_leader_reopens_the_case_from_an_unsatisfied_visit(clerk, leader):
    case = make_case(actor=clerk, status=CaseStatus.CLOSED)
    visits_create()
    visit = ReturnVisit.objects.get(case=case)
    visit_answer(visit=visit, actor=clerk, satisfaction=Satisfaction.UNSATISFIED, comment="未付清")

    visit_reopen_case(visit=visit, actor=leader, note="核实后重新调解")

    case.refresh_from_db()
    visit.refresh_from_db()
    assert case.status == CaseStatus.HANDLING
    assert visit.status == VisitStatus.REOPENED
    assert case.events.filter(new_status=CaseStatus.HANDLING, actor=leader).exists()


def test_a_clerk_may_not_decide_an_unsatisfied_visit(clerk):
    case = make_case(actor=clerk, status=CaseStatus.CLOSED)
    visits_create()
    visit = ReturnVisit.objects.get(case=case)
    visit_answer(visit=visit, actor=clerk, satisfaction=Satisfaction.UNSATISFIED, comment="未付清")

    with pytest.raises(Forbidden):
        visit_uphold(visit=visit, actor=clerk, note="维持")

    visit.refresh_from_db()
    assert visit.status == VisitStatus.LEADER_REVIEW


def test_a_phone_answer_of_basically_satisfied_counts_in_the_numerator(clerk, leader):
    from jiefen.centre.selectors import satisfaction_rate

    first = make_case(actor=clerk, status=CaseStatus.CLOSED)
    second = make_case(actor=clerk, status=CaseStatus.CLOSED)
    visits_create()
    visit_answer(
        visit=ReturnVisit.objects.get(case=first), actor=clerk, satisfaction=Satisfaction.BASIC
    )
    visit_answer(
        visit=ReturnVisit.objects.get(case=second),
        actor=clerk,
        satisfaction=Satisfaction.UNSATISFIED,
        comment="态度不好",
    )
    now = timezone.now()

    rate = satisfaction_rate(
        user=leader, start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=1)
    )

    assert (rate.numerator, rate.denominator) == (1, 2)


def test_the_sweep_gives_one_visit_per_closure(clerk):
    make_case(actor=clerk, status=CaseStatus.CLOSED)

    assert visits_create() == 1
    assert visits_create() == 0


def test_a_case_without_a_phone_gets_no_survey_and_stays_for_a_call(clerk):
    case = make_case(actor=clerk, status=CaseStatus.CLOSED, claimants=0, anonymous=True)
    visits_create()
    visit = ReturnVisit.objects.get(case=case)

    sent = visits_due_send(today=visit.due_on)

    visit.refresh_from_db()
    assert sent == 0
    assert visit.status == VisitStatus.PENDING


def test_a_visit_whose_phone_cannot_be_read_stays_pending_and_the_next_one_is_sent(
    clerk, django_capture_on_commit_callbacks
):
    from jiefen.cases.models import Claimant

    unreadable = make_case(actor=clerk, status=CaseStatus.CLOSED)
    readable = make_case(actor=clerk, status=CaseStatus.CLOSED)
    visits_create()
    # Written under a key no longer configured.
    Claimant.objects.filter(case=unreadable).update(phone_cipher="gAAAAAB-not-ours")
    first, second = (ReturnVisit.objects.get(case=c) for c in (unreadable, readable))

    with django_capture_on_commit_callbacks(execute=True):
        sent = visits_due_send(today=max(first.due_on, second.due_on))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (sent, first.status, second.status) == (1, VisitStatus.PENDING, VisitStatus.SURVEY_SENT)


def test_a_forged_survey_link_is_refused(client):
    response = client.get(reverse("centre:survey", args=["not-a-token"]))

    assert response.status_code == 404
    assert "该回访链接无效" in response.content.decode()


def test_a_claimed_applicant_gets_the_survey_on_the_phone_given_not_the_person_on_file(
    clerk, django_capture_on_commit_callbacks
):
    """Issue 16.1: a link by identity number alone texts the applicant who made the claim."""
    from jiefen.cases.tests.factories import CLAIMED_PHONE, make_claimed

    case = make_case(actor=clerk, status=CaseStatus.CLOSED)
    make_claimed(case)
    visits_create()
    visit = ReturnVisit.objects.get(case=case)
    ConsoleSender.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        visits_due_send(today=visit.due_on)

    assert [m.to for m in ConsoleSender.sent if "/centre/survey/" in m.body] == [CLAIMED_PHONE]
    visit.refresh_from_db()
    assert visit.sms_to == "139****0000"


def test_the_survey_sms_is_written_in_the_language_the_applicant_used_on_the_portal(
    clerk, django_capture_on_commit_callbacks
):
    from jiefen.portal.models import Application as PortalApplication

    case = make_case(actor=clerk, status=CaseStatus.CLOSED)
    PortalApplication.objects.create(
        case=case, kind="mediation", language="en", submitted_at=timezone.now()
    )
    return_visits_task.enqueue()
    visit = ReturnVisit.objects.get(case=case)
    ConsoleSender.sent.clear()

    due = timezone.make_aware(dt.datetime.combine(visit.due_on, dt.time(10)))
    with time_machine.travel(due, tick=False), django_capture_on_commit_callbacks(execute=True):
        return_visits_task.enqueue()

    [text] = [m.body for m in ConsoleSender.sent if "/centre/survey/" in m.body]
    assert case.number in text and "已办结" not in text
