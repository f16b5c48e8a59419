"""Reads of return visits, the major-case register and the joint board, within the reader's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiefen.accounts.choices import DepartmentKind, Role
from jiefen.accounts.models import User
from jiefen.cases.models import Case
from jiefen.cases.selectors import case_scope_q
from jiefen.centre.choices import MajorStatus, Satisfaction, TaskStatus, VisitStatus
from jiefen.centre.models import (
    AgendaItem,
    AssistTask,
    MajorCase,
    Meeting,
    Milestone,
    ProgressNote,
    ReturnVisit,
)
from jiefen.centre.transitions import MAJOR_LIFECYCLE
from jiefen.geo.selectors import people_serving_q, scope_is_everything, village_scope_q
from jiefen.outreach.models import EarlyWarning

OPEN_TASK_STATUSES = frozenset({TaskStatus.ASSIGNED, TaskStatus.REPORTED})
# Answers that count as satisfied in the satisfaction rate (满意 and 基本满意).
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASIC)


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s week: progress on a major case is reported once a week."""
    return day - dt.timedelta(days=day.weekday())


def leaders_for_case(case: Case) -> QuerySet[User]:
    """The leaders whose scope covers the case's village."""
    return User.objects.filter(role=Role.LEADER, is_active=True).filter(
        people_serving_q(case.village)
    )


def _cases(user, street: str = "") -> QuerySet[Case]:
    qs = Case.objects.filter(case_scope_q(user))
    if street:
        qs = qs.filter(village__street__code=street)
    return qs


# ---------------------------------------------------------------- return visits


def visit_list(*, user, status: str = "", mine: bool = False) -> QuerySet[ReturnVisit]:
    """Return visits of the cases in the reader's scope (`mine`: their department's)."""
    qs = ReturnVisit.objects.filter(case__in=_cases(user)).select_related(
        "case__village__street", "department", "answered_by"
    )
    if status:
        qs = qs.filter(status=status)
    if mine and user.department_id:
        qs = qs.filter(department_id=user.department_id)
    return qs.order_by("due_on", "id")


def visit_get_for_user(*, user, pk: int) -> ReturnVisit:
    return get_object_or_404(visit_list(user=user), pk=pk)


@dataclass
class SatisfactionRate:
    numerator: int  # 满意 + 基本满意
    denominator: int  # every answer
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None


def _answered(*, user, start: dt.datetime, end: dt.datetime, street: str = ""):
    return ReturnVisit.objects.filter(
        case__in=_cases(user, street),
        answered_at__gte=start,
        answered_at__lt=end,
    ).exclude(satisfaction="")


def satisfaction_rate(
    *, user, start: dt.datetime, end: dt.datetime, street: str = ""
) -> SatisfactionRate:
    """Of the visits answered in the period, how many were satisfied or basically satisfied."""
    counts = dict(
        _answered(user=user, start=start, end=end, street=street)
        .values_list("satisfaction")
        .annotate(n=Count("id"))
        .order_by()
    )
    return SatisfactionRate(
        numerator=sum(counts.get(s, 0) for s in SATISFIED),
        denominator=sum(counts.values()),
        counts={s: counts.get(s, 0) for s in Satisfaction.values},
    )


def visits_answered(
    *, user, start: dt.datetime, end: dt.datetime, street: str = "", satisfaction: str = ""
) -> QuerySet[ReturnVisit]:
    """The answered visits behind the rate (its drill-down), latest first."""
    qs = _answered(user=user, start=start, end=end, street=street)
    if satisfaction == "satisfied":
        qs = qs.filter(satisfaction__in=SATISFIED)
    elif satisfaction in Satisfaction.values:
        qs = qs.filter(satisfaction=satisfaction)
    return qs.select_related("case__village__street", "department").order_by("-answered_at")


def leader_queue(*, user) -> QuerySet[ReturnVisit]:
    """Unsatisfied answers waiting for a leader's decision."""
    return visit_list(user=user, status=VisitStatus.LEADER_REVIEW)


# ---------------------------------------------------------------- the major-case register


@dataclass
class MajorRow:
    major: MajorCase
    milestones: int
    done: int
    overdue: int
    last_week: dt.date | None
    noted_this_week: bool
    # In charge (the table's "note" step is open) and no progress reported this week.
    note_due: bool


def major_list(*, user, status: str = "", street: str = "") -> QuerySet[MajorCase]:
    qs = MajorCase.objects.filter(case__in=_cases(user, street)).select_related(
        "case__village__street", "case__employer", "leader"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def major_register(
    *,
    user,
    status: str = "",
    street: str = "",
    today: dt.date | None = None,
    open_only: bool = False,
) -> list[MajorRow]:
    """The register: each major case with its plan's progress and its weekly notes."""
    today = today or timezone.localdate()
    this_week = week_of(today)
    qs = major_list(user=user, status=status, street=street)
    if open_only:
        qs = qs.filter(status__in=[MajorStatus.PROPOSED, MajorStatus.IN_CHARGE])
    qs = qs.annotate(
        n_milestones=Count("milestones", distinct=True),
        n_done=Count("milestones", filter=Q(milestones__done_at__isnull=False), distinct=True),
        n_overdue=Count(
            "milestones",
            filter=Q(milestones__done_at__isnull=True, milestones__due_on__lt=today),
            distinct=True,
        ),
        last_week=Max("notes__week_of"),
    ).order_by("status", "-proposed_at", "-id")
    return [
        MajorRow(
            major=m,
            milestones=m.n_milestones,
            done=m.n_done,
            overdue=m.n_overdue,
            last_week=m.last_week,
            noted_this_week=(noted := m.last_week is not None and m.last_week >= this_week),
            note_due=MAJOR_LIFECYCLE.allows_step("note", m) and not noted,
        )
        for m in qs
    ]


def major_get_for_user(*, user, pk: int) -> MajorCase:
    return get_object_or_404(major_list(user=user), pk=pk)


def major_candidates(*, user) -> QuerySet[User]:
    """Leaders who may take charge (the view narrows to those who can see the case)."""
    return User.objects.filter(role=Role.LEADER, is_active=True).order_by("full_name", "id")


# ---------------------------------------------------------------- the joint board


def meeting_list(*, user) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("convenor").annotate(n_tasks=Count("tasks"))


def meeting_get(*, user, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("convenor"), pk=pk)


def sees_whole_board(user) -> bool:
    """The board screens the whole district: its agenda is whole for the people of the whole
    installation only (with one district, the district's)."""
    return scope_is_everything(user)


def meeting_agenda(*, user, meeting: Meeting) -> tuple[list[AgendaItem], list[AssistTask]]:
    """The meeting's agenda items and decisions the reader may see: all for the district; for
    a street or village, those on cases and warnings of their places (and their body's tasks)."""
    items = meeting.items.select_related("case", "warning")
    tasks = meeting.tasks.select_related("department", "case", "item")
    if not sees_whole_board(user):
        cases = _cases(user)
        items = items.filter(
            Q(case__in=cases)
            | Q(case__isnull=True, warning__isnull=False, warning__in=_warnings(user))
            | Q(case__isnull=True, warning__isnull=True)
        )
        tasks = tasks.filter(Q(case__in=cases) | Q(department_id=user.department_id))
    return list(items), list(tasks)


def _warnings(user) -> QuerySet[EarlyWarning]:
    return EarlyWarning.objects.filter(village_scope_q(user))


def task_list(*, user) -> QuerySet[AssistTask]:
    """Assist tasks the reader may see: the whole board's, their cases', their body's."""
    qs = AssistTask.objects.select_related("department", "meeting", "case")
    if scope_is_everything(user):
        return qs
    return qs.filter(
        Q(case__isnull=True) | Q(case__in=_cases(user)) | Q(department_id=user.department_id)
    )


def task_get_for_user(*, user, pk: int) -> AssistTask:
    return get_object_or_404(task_list(user=user), pk=pk)


def visit_is_overdue(visit: ReturnVisit, today: dt.date | None = None) -> bool:
    """The visit is late: nobody has called or sent the survey yet, past its due day."""
    today = today or timezone.localdate()
    return visit.status == VisitStatus.PENDING and visit.due_on < today


def task_is_overdue(task: AssistTask, today: dt.date | None = None) -> bool:
    """Feedback is late: the task still waits for it past its deadline."""
    today = today or timezone.localdate()
    return task.status == TaskStatus.ASSIGNED and task.due_on < today


@dataclass
class BodyColumn:
    kind: str
    label: str
    tasks: list[AssistTask]

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if getattr(t, "overdue", False))


def task_board(*, user, today: dt.date | None = None) -> list[BodyColumn]:
    """The open assist tasks by body (the seven kinds), each marked overdue when its feedback
    is late."""
    today = today or timezone.localdate()
    columns = {k: BodyColumn(kind=k, label=str(lbl), tasks=[]) for k, lbl in DepartmentKind.choices}
    for task in task_list(user=user).filter(status__in=OPEN_TASK_STATUSES).order_by("due_on", "id"):
        task.overdue = task_is_overdue(task, today)  # type: ignore[attr-defined]
        columns[task.department.kind].tasks.append(task)
    return list(columns.values())


def board_counts(*, user, today: dt.date | None = None) -> dict[str, int]:
    """Open assist tasks, and those whose feedback is late (one query)."""
    today = today or timezone.localdate()
    return task_list(user=user).aggregate(
        open=Count("id", filter=Q(status__in=OPEN_TASK_STATUSES)),
        overdue=Count("id", filter=Q(status=TaskStatus.ASSIGNED, due_on__lt=today)),
    )


def major_counts(*, user, street: str = "", today: dt.date | None = None) -> dict[str, int]:
    """The register in figures: in charge, proposed, late milestones, notes missing, counted in
    one query (the dashboard asks on every view, and open proposals accumulate: building each
    row of the register to count it took ~0.1 ms a row)."""
    today = today or timezone.localdate()
    in_charge = Q(status=MajorStatus.IN_CHARGE)
    late = (
        Milestone.objects.filter(major=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
        .order_by()
        .values("major")
        .annotate(n=Count("id"))
        .values("n")
    )
    noted = ProgressNote.objects.filter(major=OuterRef("pk"), week_of__gte=week_of(today))
    return (
        major_list(user=user, street=street)
        .select_related(None)
        .filter(status__in=[MajorStatus.PROPOSED, MajorStatus.IN_CHARGE])
        .annotate(late=Coalesce(Subquery(late), 0), noted=Exists(noted))
        .aggregate(
            in_charge=Count("id", filter=in_charge),
            proposed=Count("id", filter=Q(status=MajorStatus.PROPOSED)),
            milestones_overdue=Coalesce(Sum("late", filter=in_charge), 0),
            no_note=Count("id", filter=in_charge & Q(noted=False)),
        )
    )


def visit_counts(*, user, start: dt.datetime, end: dt.datetime, street: str = ""):
    """The dashboard's figures of return visits in one query: the period's satisfaction rate,
    and the unsatisfied answers waiting for a leader."""
    answered = Q(answered_at__gte=start, answered_at__lt=end)
    counts = ReturnVisit.objects.filter(case__in=_cases(user, street)).aggregate(
        review=Count("id", filter=Q(status=VisitStatus.LEADER_REVIEW)),
        **{s: Count("id", filter=answered & Q(satisfaction=s)) for s in Satisfaction.values},
    )
    review = counts.pop("review")
    rate = SatisfactionRate(
        numerator=sum(counts[s] for s in SATISFIED),
        denominator=sum(counts.values()),
        counts=counts,
    )
    return rate, review
