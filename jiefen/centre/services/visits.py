"""Return visits (回访): one per closure, due a configurable number of working days after it, for
the handling department; answered on the phone by staff or by the party on a signed survey link
sent by SMS. An unsatisfied answer goes to the leader, who reopens the case or keeps it closed."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.models import Department
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import CaseStatus, Duty, EventKind
from jiefen.cases.models import Case
from jiefen.cases.selectors import party_language
from jiefen.cases.services import case_act, case_event_add
from jiefen.centre import policies as P
from jiefen.centre.choices import Satisfaction, VisitMethod, VisitStatus
from jiefen.centre.links import survey_token
from jiefen.centre.models import ReturnVisit
from jiefen.centre.selectors import leaders_for_case
from jiefen.centre.services.config import centre_settings
from jiefen.centre.transitions import VISIT_LIFECYCLE
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, internal, system
from jiefen.core.senders import send_message
from jiefen.workdays.services import workday_add

logger = logging.getLogger(__name__)

# Closures older than this when the sweep first meets them are not visited: switching the
# feature on does not flood the departments with years of closed cases.
LOOK_BACK_DAYS = 30
# Who answers for the case, in order: the lead handler, then the track's handlers.
DUTY_ORDER = (Duty.LEAD, Duty.MEDIATOR, Duty.ARBITRATOR, Duty.INSPECTOR, Duty.POLICE)


def _handler_department(case: Case) -> Department | None:
    """The department of the case's handler (its lead handler or the track's), else its lead body."""
    assignments = {
        a.duty: a.user
        for a in case.assignments.filter(active=True, user__department__isnull=False)
        .select_related("user__department")
        .order_by("id")
    }
    for duty in DUTY_ORDER:
        if duty in assignments:
            return assignments[duty].department
    return case.lead_department


@internal
def visit_create_for(*, case: Case) -> ReturnVisit | None:
    """The visit owed to this closure (None if it exists already)."""
    if case.status != CaseStatus.CLOSED or case.closed_at is None:
        return None
    config = centre_settings()
    closed_on = timezone.localtime(case.closed_at).date()
    try:
        with transaction.atomic():
            visit = ReturnVisit.objects.create(
                case=case,
                closure_at=case.closed_at,
                department=_handler_department(case),
                due_on=workday_add(closed_on, config.visit_workdays),
            )
    except IntegrityError:  # a second sweep got there first
        return None
    case_event_add(
        case=case,
        actor=None,
        kind=EventKind.NOTE,
        summary=phrase(
            N_("回访任务：%(dept)s，%(due)s前回访"),
            dept=visit.department.name if visit.department else gettext_lazy("未定部门"),
            due=visit.due_on,
        ),
        data={"return_visit": visit.pk},
    )
    return visit


@system
def visits_create(*, now: dt.datetime | None = None) -> int:
    """Give every case closed lately, and not yet visited for that closure, its return visit."""
    now = now or timezone.now()
    owed = (
        Case.objects.filter(
            status=CaseStatus.CLOSED,
            closed_at__gte=now - dt.timedelta(days=LOOK_BACK_DAYS),
        )
        .exclude(
            Exists(
                ReturnVisit.objects.filter(case=OuterRef("pk"), closure_at=OuterRef("closed_at"))
            )
        )
        .select_related("lead_department")
        .order_by("closed_at", "id")
    )
    return sum(1 for case in owed if visit_create_for(case=case) is not None)


def _survey_url(visit: ReturnVisit) -> str:
    path = reverse("centre:survey", args=[survey_token(visit)])
    base = getattr(settings, "JIEFEN_PUBLIC_BASE_URL", "")
    return base.rstrip("/") + path


@guarded(P.VISIT_SEND, on="visit")
@transaction.atomic
def visit_survey_send(*, visit: ReturnVisit, actor) -> bool:
    """Text the survey link to the case's representative claimant; False when no phone is on
    file (the department then calls, or records that it cannot)."""
    claimant = (
        visit.case.claimants.select_related("worker")
        .exclude(phone_cipher="")
        .order_by("-representative", "id")
        .first()
    )
    if claimant is None:
        return False
    from jiefen.cases.services import claimant_contact

    nonce = secrets.token_hex(8)
    VISIT_LIFECYCLE.move(
        visit,
        action="send_survey",
        actor=actor,
        fields={
            "link_nonce": nonce,
            "sms_to": claimant.phone_masked,
            "sms_sent_at": timezone.now(),
        },
    )
    phone = claimant_contact(claimant=claimant, actor=actor, reason=_("短信发送回访问卷"))
    days = centre_settings().survey_valid_days
    # Written in the applicant's language, whoever sends the survey.
    with translation.override(party_language(visit.case)):
        subject = _("回访")
        body = _(
            "【解纷】您好，您的案件%(number)s已办结。请用1分钟对办理情况作出评价：%(url)s（%(days)s天内有效）"
        ) % {"number": visit.case.number, "url": _survey_url(visit), "days": days}
    transaction.on_commit(lambda: send_message(channel="sms", to=phone, subject=subject, body=body))
    case_event_add(
        case=visit.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=phrase(N_("已短信发送回访问卷至%(phone)s"), phone=claimant.phone_masked),
    )
    return True


@system
def visits_due_send(*, today: dt.date | None = None) -> int:
    """Send the survey link of every visit fallen due and still waiting; returns how many went."""
    today = today or timezone.localdate()
    sent = 0
    for visit in ReturnVisit.objects.filter(status=VisitStatus.PENDING, due_on__lte=today).order_by(
        "due_on", "id"
    ):
        # One visit that cannot be sent (a phone the configured keys cannot read) stays pending
        # and is logged; raised, it failed the whole run, and every later run at the same visit.
        try:
            if visit_survey_send(visit=visit, actor=None):
                sent += 1
        except Exception:
            logger.exception("return visit %s: the survey was not sent", visit.pk)
    return sent


@guarded(P.VISIT_ANSWER, on="visit")
@transaction.atomic
def visit_answer(
    *, visit: ReturnVisit, actor, satisfaction: str, comment: str = "", method: str = ""
) -> ReturnVisit:
    """Record the party's answer: staff on the phone (`actor`), or the party on the survey (no
    actor). 不满意 goes to the leaders of the case's place, who may reopen it."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": [_("请选择满意程度")]})
    comment = (comment or "").strip()[:1000]
    method = method or (VisitMethod.SURVEY if actor is None else VisitMethod.PHONE)
    unsatisfied = satisfaction == Satisfaction.UNSATISFIED
    if unsatisfied and method == VisitMethod.PHONE and not comment:
        raise ValidationError({"comment": [_("不满意的，请记录当事人的意见")]})
    VISIT_LIFECYCLE.move(
        visit,
        action="answer_unsatisfied" if unsatisfied else "answer",
        actor=actor,
        note=comment,
        fields={
            "satisfaction": satisfaction,
            "comment": comment,
            "method": method,
            "answered_at": timezone.now(),
            "answered_by": actor,
        },
    )
    case_event_add(
        case=visit.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=phrase(
            N_("回访（%(method)s）：%(answer)s"),
            method=VisitMethod(method),
            answer=Satisfaction(satisfaction),
        ),
        note=comment,
        data={"return_visit": visit.pk, "satisfaction": satisfaction},
    )
    if unsatisfied:
        notify(
            users=leaders_for_case(visit.case),
            message=phrase(
                N_("案件%(number)s回访不满意，请处理（可重新办理）：%(comment)s"),
                number=visit.case.number,
                comment=comment[:80],
            ),
            link=reverse("centre:visit", args=[visit.pk]),
        )
    return visit


@guarded(P.VISIT, on="visit")
@transaction.atomic
def visit_unreachable(*, visit: ReturnVisit, actor, note: str) -> ReturnVisit:
    """Record that the party could not be reached (wrong number, declined to answer)."""
    VISIT_LIFECYCLE.move(visit, action="mark_unreachable", actor=actor, note=note)
    case_event_add(
        case=visit.case, actor=actor, kind=EventKind.NOTE, summary=_("无法回访"), note=note
    )
    return visit


@guarded(P.VISIT_REVIEW, on="visit")
@transaction.atomic
def visit_reopen_case(*, visit: ReturnVisit, actor, note: str) -> ReturnVisit:
    """The leader's answer to 不满意: the case goes back to handling (the case's reopen action)."""
    VISIT_LIFECYCLE.move(
        visit,
        action="reopen_case",
        actor=actor,
        note=note,
        fields={"decision_note": note.strip(), "decided_by": actor},
    )
    case = Case.objects.get(pk=visit.case_id)
    case_act(case=case, action="reopen", actor=actor, note=_("回访不满意：") + note.strip())
    visit.case = case
    return visit


@guarded(P.VISIT_REVIEW, on="visit")
@transaction.atomic
def visit_uphold(*, visit: ReturnVisit, actor, note: str) -> ReturnVisit:
    """The leader keeps the case closed, with the reason and what the party was told."""
    VISIT_LIFECYCLE.move(
        visit,
        action="uphold",
        actor=actor,
        note=note,
        fields={"decision_note": note.strip(), "decided_by": actor},
    )
    case_event_add(
        case=visit.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=_("回访不满意，领导决定维持结案"),
        note=note,
    )
    return visit
