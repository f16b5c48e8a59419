"""The joint board of the seven bodies (纠纷联排 / 矛盾联调): a weekly screening meeting whose
agenda builds itself, the bodies' attendance, and decisions handed to a body as assist tasks
with a deadline for their feedback."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.choices import DepartmentKind
from jiefen.accounts.models import Department, User
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import EventKind
from jiefen.cases.models import Case, Clock
from jiefen.cases.selectors import case_scope_q
from jiefen.cases.services import case_event_add
from jiefen.cases.transitions import OPEN_STATUSES
from jiefen.centre import policies as P
from jiefen.centre.choices import AgendaKind, MajorStatus, MeetingStatus
from jiefen.centre.models import AgendaItem, AssistTask, Attendance, MajorCase, Meeting
from jiefen.centre.transitions import MEETING_LIFECYCLE, TASK_LIFECYCLE
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded
from jiefen.geo.selectors import village_scope_q
from jiefen.outreach.choices import OPEN_WARNING_STATUSES
from jiefen.outreach.models import EarlyWarning

# Enough for one sitting: the oldest first, the rest wait for the next week.
PER_KIND = 20


def _case_title(case: Case) -> str:
    return f"{case.number} {case.village.name} {case.summary[:40]}"[:200]


def _agenda(*, meeting: Meeting, actor, now: dt.datetime) -> list[AgendaItem]:
    """The items the week's screening looks at, within the convenor's scope."""
    cases = Case.objects.filter(case_scope_q(actor)).select_related("village", "lead_department")
    items: list[AgendaItem] = []

    def add(kind: str, title: str, detail: str, *, case=None, warning=None) -> None:
        items.append(
            AgendaItem(
                meeting=meeting,
                kind=kind,
                seq=len(items) + 1,
                case=case,
                warning=warning,
                title=title[:200],
                detail=detail[:300],
            )
        )

    majors = (
        MajorCase.objects.filter(
            proposed_at__gte=meeting.since,
            status__in=[MajorStatus.PROPOSED, MajorStatus.IN_CHARGE],
            case__in=cases,
        )
        .select_related("case__village", "leader")
        .order_by("proposed_at", "id")[:PER_KIND]
    )
    for major in majors:
        detail = "、".join(major.reason_labels)
        if major.leader_id:
            detail += _("；包案领导：%(name)s") % {"name": major.leader.display_name}
        add(AgendaKind.NEW_MAJOR, _case_title(major.case), detail, case=major.case)

    overdue = Clock.objects.filter(
        case=OuterRef("pk"), met_at__isnull=True, cancelled=False, paused_at__isnull=True,
        due_at__lt=now,
    )  # fmt: skip
    for case in (
        cases.filter(status__in=OPEN_STATUSES)
        .filter(Exists(overdue))
        .order_by("received_at", "id")[:PER_KIND]
    ):
        late = Clock.objects.filter(
            case=case, met_at__isnull=True, cancelled=False, paused_at__isnull=True, due_at__lt=now
        ).order_by("due_at")
        detail = "；".join(
            _("%(label)s %(due)s到期")
            % {"label": c.label, "due": f"{timezone.localtime(c.due_at):%m-%d}"}
            for c in late
        )
        add(AgendaKind.OVERDUE, _case_title(case), detail, case=case)

    for case in (
        cases.filter(status__in=OPEN_STATUSES)
        .exclude(assisting_kinds=[])
        .order_by("received_at", "id")[:PER_KIND]
    ):
        bodies = [str(case.lead_department or _("未定牵头部门"))] + [
            str(DepartmentKind(k).label) for k in case.assisting_kinds if k in DepartmentKind.values
        ]
        add(
            AgendaKind.MULTI_BODY,
            _case_title(case),
            _("牵头：%(lead)s；协助：%(others)s")
            % {"lead": bodies[0], "others": "、".join(bodies[1:])},
            case=case,
        )

    warnings = (
        EarlyWarning.objects.filter(village_scope_q(actor), status__in=OPEN_WARNING_STATUSES)
        .select_related("employer", "village")
        .order_by("raised_at", "id")[:PER_KIND]
    )
    for warning in warnings:
        add(
            AgendaKind.WARNING,
            f"{warning.employer.name}（{warning.village.name}）",
            f"{warning.get_level_display()}：{warning.reason}",
            warning=warning,
        )
    return items


@guarded(P.CONVENE)
@transaction.atomic
def meeting_create(*, actor, held_on: dt.date, title: str = "", location: str = "") -> Meeting:
    """Call the week's meeting: the seven bodies on the attendance list, the agenda built from
    what changed since the last meeting (or the week before)."""
    last = (
        Meeting.objects.filter(status=MeetingStatus.HELD, held_on__lt=held_on)
        .order_by("-held_on")
        .first()
    )
    start = last.held_on if last else held_on - dt.timedelta(days=7)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    meeting = Meeting.objects.create(
        held_on=held_on,
        title=(title or "").strip()
        or _("%(day)s 矛盾纠纷联排联调会议") % {"day": f"{held_on:%Y年%m月%d日}"},
        location=location.strip(),
        convenor=actor,
        since=since,
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, department_kind=kind) for kind in DepartmentKind.values]
    )
    meeting_agenda_build(meeting=meeting, actor=actor)
    return meeting


@guarded(P.CONVENE)
@transaction.atomic
def meeting_agenda_build(*, meeting: Meeting, actor) -> int:
    """(Re)build the agenda of a meeting still in preparation; returns how many items."""
    if not MEETING_LIFECYCLE.allows_step("build_agenda", meeting):
        raise ConflictError(_("会议已召开或已取消，议程不能再生成。"))
    if meeting.tasks.exists():
        raise ConflictError(_("已有会议决定，议程不能重新生成。"))
    now = timezone.now()
    meeting.items.all().delete()
    items = AgendaItem.objects.bulk_create(_agenda(meeting=meeting, actor=actor, now=now))
    Meeting.objects.filter(pk=meeting.pk).update(agenda_built_at=now, updated_at=now)
    meeting.agenda_built_at = now
    return len(items)


@guarded(P.CONVENE)
@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, actor, attendees: dict[str, str]) -> int:
    """Who came for each of the seven bodies (a body with no name is absent); returns how many
    bodies attended."""
    if not MEETING_LIFECYCLE.allows_step("record", meeting):
        raise ConflictError(_("会议已取消。"))
    unknown = set(attendees) - set(DepartmentKind.values)
    if unknown:
        raise ValidationError({"attendees": [_("未知部门")]})
    for kind in DepartmentKind.values:
        name = (attendees.get(kind) or "").strip()[:60]
        Attendance.objects.update_or_create(
            meeting=meeting,
            department_kind=kind,
            defaults={"present": bool(name), "attendee": name},
        )
    return sum(1 for name in attendees.values() if (name or "").strip())


@guarded(P.CONVENE)
@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    actor,
    decision: str,
    department: Department,
    task: str,
    due_on: dt.date,
    item: AgendaItem | None = None,
    case: Case | None = None,
) -> AssistTask:
    """Record a decision of the board as an assist task for one body, with the date by which
    its feedback is due; the body is told, and the case's timeline keeps it."""
    if not MEETING_LIFECYCLE.allows_step("record", meeting):
        raise ConflictError(_("会议已取消。"))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": [_("议题不属于本次会议")]})
    if not decision.strip():
        raise ValidationError({"decision": [_("请填写会议决定")]})
    if not task.strip():
        raise ValidationError({"task": [_("请填写协办事项")]})
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": [_("反馈期限不能早于会议日期")]})
    case = case or (item.case if item is not None else None)
    assist = AssistTask.objects.create(
        meeting=meeting,
        item=item,
        case=case,
        decision=decision.strip(),
        department=department,
        task=task.strip()[:300],
        due_on=due_on,
        created_by=actor,
    )
    if case is not None:
        case_event_add(
            case=case,
            actor=actor,
            kind=EventKind.NOTE,
            summary=phrase(
                N_("联排会议交办%(dept)s：%(task)s（%(due)s前反馈）"),
                dept=department.name,
                task=assist.task,
                due=due_on,
            ),
            note=assist.decision,
            data={"assist_task": assist.pk},
        )
    notify(
        users=User.objects.filter(department=department, is_active=True),
        message=phrase(
            N_("联排会议交办：%(task)s，请于%(due)s前反馈"), task=assist.task, due=due_on
        ),
        link=reverse("centre:task", args=[assist.pk]),
    )
    return assist


@guarded(P.CONVENE)
@transaction.atomic
def meeting_hold(*, meeting: Meeting, actor, summary: str = "") -> Meeting:
    """Record that the meeting took place, with its summary for the minutes."""
    MEETING_LIFECYCLE.move(
        meeting, action="hold", actor=actor, fields={"summary": (summary or "").strip()}
    )
    return meeting


@guarded(P.CONVENE)
@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, note: str) -> Meeting:
    """Call a meeting off, with the reason."""
    MEETING_LIFECYCLE.move(meeting, action="cancel", actor=actor, note=note)
    return meeting


@guarded(P.FEEDBACK, on="task")
@transaction.atomic
def task_report(*, task: AssistTask, actor, feedback: str) -> AssistTask:
    """The body's feedback on what it did; the convenor is told."""
    TASK_LIFECYCLE.move(
        task,
        action="report",
        actor=actor,
        note=feedback,
        fields={
            "feedback": (feedback or "").strip(),
            "feedback_at": timezone.now(),
            "feedback_by": actor,
        },
    )
    if task.case_id:
        case_event_add(
            case=task.case,
            actor=actor,
            kind=EventKind.NOTE,
            summary=phrase(N_("%(dept)s反馈联排交办事项"), dept=task.department.name),
            note=task.feedback,
        )
    notify(
        users=[task.meeting.convenor],
        message=phrase(N_("%(dept)s已反馈：%(task)s"), dept=task.department.name, task=task.task),
        link=reverse("centre:task", args=[task.pk]),
    )
    return task


@guarded(P.TASK_CLOSE)
@transaction.atomic
def task_accept(*, task: AssistTask, actor) -> AssistTask:
    """Accept the feedback: the task is done."""
    TASK_LIFECYCLE.move(task, action="accept", actor=actor)
    return task


@guarded(P.TASK_CLOSE)
@transaction.atomic
def task_send_back(*, task: AssistTask, actor, note: str) -> AssistTask:
    """Send the feedback back as not enough: the task waits for feedback again."""
    TASK_LIFECYCLE.move(task, action="send_back", actor=actor, note=note)
    notify(
        users=User.objects.filter(department=task.department, is_active=True),
        message=phrase(
            N_("联排交办事项反馈被退回：%(task)s（%(note)s）"),
            task=task.task,
            note=note.strip()[:60],
        ),
        link=reverse("centre:task", args=[task.pk]),
    )
    return task
