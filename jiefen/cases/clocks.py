"""Clocks: deadlines with a due moment computed once on the working-day calendar; their state
(on time, due soon, overdue, met) is derived when read, never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jiefen.cases.choices import ClockState, EventKind
from jiefen.cases.models import Case, CaseEvent, Clock
from jiefen.workdays.services import WorkdayCalendar

# The centre's own target (the district's published practice: 劳动纠纷化解确保7个工作日内完成).
RESOLVE_7 = "resolve_7_workdays"
# 《劳动争议调解仲裁法》第十四条: mediation not concluded within 15 days of the application may go
# to arbitration.
MEDIATION_15 = "mediation_15_days"


# How a clock was decided, for the reports and the case lists behind their figures: met on time
# (counted when met), or late (counted when it fell due: met after that, or unmet and running).
CLOCK_ON_TIME = Q(met_at__lte=F("due_at"))
CLOCK_LATE = Q(met_at__isnull=True, paused_at__isnull=True) | Q(met_at__gt=F("due_at"))


def clock_decided_q(
    *, start: dt.datetime, end: dt.datetime, now: dt.datetime, result: str = ""
) -> Q:
    """Clocks decided within [start, end): `result` "on_time", "late", or either when empty. A
    clock not yet due cannot be late, so the late part stops at `now`."""
    on_time = CLOCK_ON_TIME & Q(met_at__gte=start, met_at__lt=end)
    late = CLOCK_LATE & Q(due_at__gte=start, due_at__lt=min(end, now))
    return {"on_time": on_time, "late": late}.get(result, on_time | late)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of `day` in the centre's time zone: a period runs to the end of its day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class ClockView:
    clock: Clock
    state: str

    @property
    def kind(self) -> str:
        return self.clock.kind

    @property
    def due(self) -> dt.datetime:
        return self.clock.due_at

    def get_state_display(self) -> str:
        return ClockState(self.state).label


def clock_state(
    clock: Clock, *, now: dt.datetime | None = None, calendar: WorkdayCalendar | None = None
) -> str:
    """on_time, due_soon (due by the end of the next working day), overdue, met or paused."""
    now = now or timezone.now()
    if clock.met_at is not None or clock.cancelled:
        return ClockState.MET
    if clock.paused_at is not None:
        return ClockState.PAUSED
    if now > clock.due_at:
        return ClockState.OVERDUE
    calendar = calendar or WorkdayCalendar()
    if local_date(clock.due_at) <= calendar.workday_add(local_date(now), 1):
        return ClockState.DUE_SOON
    return ClockState.ON_TIME


def clock_views(
    clocks, *, now: dt.datetime | None = None, calendar: WorkdayCalendar | None = None
) -> list[ClockView]:
    calendar = calendar or WorkdayCalendar()
    now = now or timezone.now()
    return [ClockView(c, clock_state(c, now=now, calendar=calendar)) for c in clocks]


def clock_start(
    *,
    case: Case,
    kind: str,
    label: str,
    due_at: dt.datetime,
    started_at: dt.datetime,
    basis: str = "",
    track: str = "",
    actor=None,
) -> Clock:
    """Start a clock (once per kind and case) and note it on the timeline."""
    clock, created = Clock.objects.get_or_create(
        case=case,
        kind=kind,
        defaults={
            "village_id": case.village_id,
            "label": label,
            "due_at": due_at,
            "started_at": started_at,
            "basis": basis,
            "track": track,
        },
    )
    if created:
        CaseEvent.objects.create(
            case=case,
            at=timezone.now(),
            actor=actor,
            kind=EventKind.CLOCK,
            track=track,
            summary=f"开始计时：{label}，{timezone.localtime(due_at):%Y-%m-%d %H:%M}前",
            note=basis,
            data={"clock": kind, "due": due_at.isoformat()},
        )
    return clock


def clock_meet(
    *,
    case: Case,
    kinds: list[str] | None = None,
    track: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Stop the case's open clocks (of these kinds or this track); returns how many."""
    qs = Clock.objects.filter(case=case, met_at__isnull=True, cancelled=False)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    if track is not None:
        qs = qs.filter(track=track)
    return qs.update(met_at=at or timezone.now())


@transaction.atomic
def clock_pause(*, clock: Clock, at: dt.datetime, actor=None, reason: str = "") -> Clock:
    """Stop a clock from running (e.g. an arbitration suspended, 中止)."""
    if clock.paused_at is None and clock.is_open:
        Clock.objects.filter(pk=clock.pk, paused_at__isnull=True).update(paused_at=at)
        clock.paused_at = at
        _clock_event(clock=clock, actor=actor, summary=f"时限中止：{clock.label}", note=reason)
    return clock


def _clock_event(*, clock: Clock, actor, summary: str, note: str = "") -> None:
    CaseEvent.objects.create(
        case_id=clock.case_id,
        at=timezone.now(),
        actor=actor,
        kind=EventKind.CLOCK,
        track=clock.track,
        summary=summary,
        note=note,
    )


@transaction.atomic
def clock_resume(
    *,
    clock: Clock,
    at: dt.datetime,
    actor=None,
    reason: str = "",
    in_workdays: bool = False,
    calendar: WorkdayCalendar | None = None,
) -> Clock:
    """Let a paused clock run again: the time it stood still is added to its due moment. A
    period counted in working days (`in_workdays`) is moved by the working days it stood still
    and still ends at the end of a working day."""
    if clock.paused_at is None:
        return clock
    if in_workdays:
        calendar = calendar or WorkdayCalendar()
        stood = calendar.workdays_between(local_date(clock.paused_at), local_date(at))
        due_at = end_of_day(calendar.workday_add(local_date(clock.due_at), stood))
    else:
        due_at = clock.due_at + (at - clock.paused_at)
    moved = Clock.objects.filter(pk=clock.pk, paused_at=clock.paused_at).update(
        due_at=due_at, paused_at=None
    )
    if moved:
        clock.due_at, clock.paused_at = due_at, None
        _clock_event(
            clock=clock,
            actor=actor,
            summary=f"时限恢复：{clock.label}，顺延至{timezone.localtime(due_at):%Y-%m-%d %H:%M}",
            note=reason,
        )
    return clock


@transaction.atomic
def clock_extend(*, clock: Clock, workdays: int, calendar=None) -> Clock:
    """Extend an open clock counted in working days by `workdays` more, from its current due
    day. An extension is a decision of the track (approved, with its reason), which records it
    on the timeline itself."""
    calendar = calendar or WorkdayCalendar()
    due_at = end_of_day(calendar.workday_add(local_date(clock.due_at), workdays))
    if Clock.objects.filter(pk=clock.pk, met_at__isnull=True).update(due_at=due_at):
        clock.due_at = due_at
    return clock


def case_clocks_start_on_accept(
    *, case: Case, actor, calendar: WorkdayCalendar | None = None
) -> list[Clock]:
    """The two clocks every accepted dispute runs on."""
    calendar = calendar or WorkdayCalendar()
    accepted = local_date(case.accepted_at)
    applied = local_date(case.received_at)
    return [
        clock_start(
            case=case,
            kind=RESOLVE_7,
            label="7个工作日内化解",
            started_at=case.accepted_at,
            due_at=end_of_day(calendar.workday_add(accepted, 7)),
            basis="中心承诺：劳动纠纷化解7个工作日内完成（受理次日起算）",
            actor=actor,
        ),
        clock_start(
            case=case,
            kind=MEDIATION_15,
            label="调解期限15日",
            started_at=case.accepted_at,
            due_at=end_of_day(calendar.calendar_days_add(applied, 15)),
            track="mediation",
            basis="《劳动争议调解仲裁法》第十四条：自收到调解申请之日起15日（次日起算，末日遇节假日顺延）",
            actor=actor,
        ),
    ]
