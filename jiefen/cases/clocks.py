"""Clocks: the periods of the catalogue (`clockrules.py`) running on a case.

A clock keeps its raw period (start, length and unit, units paused, units extended) and its due
moment is derived from it by one function, `clock_due`: the raw end plus the pauses plus the
extensions, rolled once at the end. Only this module writes `Clock.due_at`. Its state (on time,
due soon, overdue, met, paused) is derived when read, never stored. Every move of a due date is
written on the case's timeline with the reason and the article behind it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from jiefen.cases import messages as M
from jiefen.cases.choices import ClockState, EventKind
from jiefen.cases.clockrules import (
    CATALOGUE,
    PAUSE_ARTICLES,
    RESTART_ARTICLES,
    Approver,
    ClockKind,
    ClockRule,
    Counting,
    PauseReason,
    RestartReason,
    rule_for,
)
from jiefen.cases.models import Case, CaseEvent, Clock, ExtensionApprover
from jiefen.core.exceptions import ApplicationError, ConflictError
from jiefen.core.messages import Message, event_text_fields, source_text
from jiefen.workdays.services import WorkdayCalendar

# Kept for the callers that name the case's own clocks.
RESOLVE_7 = ClockKind.RESOLVE_7.value
MEDIATION_15 = ClockKind.MEDIATION_15.value
INTAKE_REGISTER = ClockKind.INTAKE_REGISTER.value
INTAKE_DECIDE = ClockKind.INTAKE_DECIDE.value


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


def _fmt(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"


# ---------------------------------------------------------------- the one due-date function


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` months on, or that month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def clock_due(
    *,
    unit: str,
    length: int,
    started_at: dt.datetime,
    days_paused: int = 0,
    days_extended: int = 0,
    calendar: WorkdayCalendar | None = None,
) -> tuple[dt.datetime, bool]:
    """The due moment of a raw period, and whether it is provisional.

    Calendar days and months: the raw end (start + length, the first day not counted) plus the
    days paused and extended, then rolled once to a working day (《民事诉讼法》第八十五条、
    《民法典》第二百零三条). Working days: that many working days after the start, pauses and
    extensions being working days too. Minutes: plain minutes. Provisional: a year the count
    depends on has no published holiday schedule."""
    if unit == Counting.MINUTES:
        return started_at + dt.timedelta(minutes=length + days_extended), False
    calendar = calendar or WorkdayCalendar()
    start = local_date(started_at)
    if unit == Counting.WORKDAYS:
        end = calendar.workday_add(start, length + days_paused + days_extended)
        first = start + dt.timedelta(days=1)
    else:
        raw = (
            add_months(start, length)
            if unit == Counting.MONTHS
            else start + dt.timedelta(days=length)
        )
        first = raw + dt.timedelta(days=days_paused + days_extended)
        end = calendar.next_workday(first)
    years = range(min(first.year, end.year), end.year + 1)
    provisional = any(not calendar.is_published(y) for y in years)
    return end_of_day(end), provisional


def _derive(clock: Clock, calendar: WorkdayCalendar | None = None) -> None:
    clock.due_at, clock.provisional = clock_due(
        unit=clock.unit,
        length=clock.length,
        started_at=clock.started_at,
        days_paused=clock.days_paused,
        days_extended=clock.days_extended,
        calendar=calendar,
    )


def arrival_due(*, kind: str, dispatched_at: dt.datetime) -> dt.datetime:
    """The 110 arrival limit of a dispatch order (a rule counted in minutes)."""
    rule = rule_for(kind)
    return clock_due(unit=rule.counting, length=rule.period, started_at=dispatched_at)[0]


UNIT_WORDS: dict[str, str] = {
    Counting.WORKDAYS: "个工作日",
    Counting.MONTHS: "个月",
    Counting.MINUTES: "分钟",
}


def unit_word(unit: str) -> str:
    return UNIT_WORDS.get(unit, "日")


def provisional_note(clock: Clock) -> str:
    """Why a due date is provisional, in a word."""
    return str(clock.provisional_note)


# ---------------------------------------------------------------- state


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

    @property
    def provisional(self) -> bool:
        return self.clock.provisional

    @property
    def provisional_note(self) -> str:
        return provisional_note(self.clock)

    def get_state_display(self) -> str:
        return str(ClockState(self.state).label)


def due_soon_window(kind: str) -> int:
    rule = CATALOGUE.get(kind)
    return rule.due_soon if rule else 1


def counts_minutes(kind: str) -> bool:
    """Whether the rule of `kind` counts minutes (a 110 arrival clock): its due-soon window is
    then minutes before its due moment, not working days."""
    rule = CATALOGUE.get(kind)
    return rule is not None and rule.counting == Counting.MINUTES


def clock_state(
    clock: Clock, *, now: dt.datetime | None = None, calendar: WorkdayCalendar | None = None
) -> str:
    """on_time, due_soon (due within the rule's last working days, or last minutes for a clock
    counted in minutes), overdue, met or paused."""
    now = now or timezone.now()
    if clock.met_at is not None or clock.cancelled:
        return ClockState.MET
    if clock.paused_at is not None:
        return ClockState.PAUSED
    if now > clock.due_at:
        return ClockState.OVERDUE
    if counts_minutes(clock.kind):
        soon = clock.due_at <= now + dt.timedelta(minutes=due_soon_window(clock.kind))
        return ClockState.DUE_SOON if soon else ClockState.ON_TIME
    calendar = calendar or WorkdayCalendar()
    horizon = calendar.workday_add(local_date(now), due_soon_window(clock.kind))
    if local_date(clock.due_at) <= horizon:
        return ClockState.DUE_SOON
    return ClockState.ON_TIME


def clock_state_days(now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The days `clock_state` counts working days over at `now`: from today to the furthest
    due-soon horizon (the catalogue's windows are a few working days; a month holds them even
    across the Spring Festival), for a page that reads the calendar with its own query."""
    today = local_date(now)
    return today, today + dt.timedelta(days=31)


# The states of a running clock (neither met, cancelled nor paused).
RUNNING_CLOCK_STATES = (ClockState.ON_TIME, ClockState.DUE_SOON, ClockState.OVERDUE)


def clock_state_q(state: str, *, now: dt.datetime, calendar: WorkdayCalendar | None = None) -> Q:
    """The clocks in `state` at `now`, as a filter: the rule of `clock_state`, so that a count in
    the database (the wall screen's clock board) agrees with the state shown on each clock."""
    running = Q(met_at__isnull=True, cancelled=False)
    if state == ClockState.MET:
        return ~running
    if state == ClockState.PAUSED:
        return running & Q(paused_at__isnull=False)
    active = running & Q(paused_at__isnull=True)
    if state == ClockState.OVERDUE:
        return active & Q(due_at__lt=now)
    calendar = calendar or WorkdayCalendar()
    today = local_date(now)
    windows: dict[tuple[bool, int], list[str]] = {}
    for rule in CATALOGUE.values():
        windows.setdefault((counts_minutes(rule.kind), rule.due_soon), []).append(rule.kind)
    # A kind outside the catalogue has the default window of one working day (`due_soon_window`).
    soon = Q(due_at__lt=_day_after(calendar.workday_add(today, 1))) & ~Q(kind__in=list(CATALOGUE))
    for (minutes, window), kinds in windows.items():
        if minutes:
            soon |= Q(kind__in=kinds, due_at__lte=now + dt.timedelta(minutes=window))
        else:
            soon |= Q(kind__in=kinds, due_at__lt=_day_after(calendar.workday_add(today, window)))
    not_due = active & Q(due_at__gte=now)
    if state == ClockState.DUE_SOON:
        return not_due & soon
    if state == ClockState.ON_TIME:
        return not_due & ~soon
    raise ValueError(state)


def _day_after(day: dt.date) -> dt.datetime:
    """The first moment of the day after `day`: a due moment on `day` lies before it."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def case_track_clocks(case, track: str) -> list:
    """A track's clocks on a case, by due date: from the case's clocks when the page fetched them
    (the case page does, once for the page and every panel), else in one query."""
    return [c for c in case.clocks.all() if c.track == track]


def clock_views(
    clocks, *, now: dt.datetime | None = None, calendar: WorkdayCalendar | None = None
) -> list[ClockView]:
    calendar = calendar or WorkdayCalendar()
    now = now or timezone.now()
    return [ClockView(c, clock_state(c, now=now, calendar=calendar)) for c in clocks]


# ---------------------------------------------------------------- services


def _clock_event_row(
    *, clock: Clock, actor, summary: Message, note: str = "", data=None
) -> CaseEvent:
    return CaseEvent(
        case_id=clock.case_id,
        at=timezone.now(),
        actor=actor,
        kind=EventKind.CLOCK,
        track=clock.track,
        **event_text_fields(summary),
        note=note,
        data={"clock": clock.kind, "due": clock.due_at.isoformat(), **(data or {})},
    )


def _clock_event(*, clock: Clock, actor, summary: Message, note: str = "", data=None) -> None:
    _clock_event_row(clock=clock, actor=actor, summary=summary, note=note, data=data).save()


def _due_text(clock: Clock) -> str:
    return f"{_fmt(clock.due_at)}" + ("（暂定）" if clock.provisional else "")


def _said(clock: Clock, **params) -> dict:
    """The parameters every clock message carries: its kind, its own name when it has one, and
    its due date (ISO, with whether it is provisional)."""
    said: dict = {"clock": clock.kind}
    if clock.label and source_text(clock.label) != source_text(ClockKind(clock.kind).label):
        said["label"] = clock.label
    said["due"] = local_date(clock.due_at).isoformat()
    if clock.provisional:
        said["provisional"] = True
    return {**said, **params}


def _day(moment: dt.datetime) -> str:
    return local_date(moment).isoformat()


def clock_start(
    *,
    case: Case,
    kind: str,
    started_at: dt.datetime,
    actor=None,
    seq: int = 1,
    label: str = "",
    calendar: WorkdayCalendar | None = None,
) -> Clock:
    """Start the clock of the catalogue's rule `kind` (once per kind and case) from `started_at`,
    and note it on the timeline with its article."""
    clock = _clock_new(
        case=case, kind=kind, started_at=started_at, seq=seq, label=label, calendar=calendar
    )
    existing = Clock.objects.filter(case=case, kind=kind, seq=seq).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            clock.save()
    except IntegrityError:  # started meanwhile by a concurrent request: once per kind and case
        return Clock.objects.get(case=case, kind=kind, seq=seq)
    _clock_started_event(clock, actor=actor).save()
    return clock


def _clock_new(
    *,
    case: Case,
    kind: str,
    started_at: dt.datetime,
    seq: int = 1,
    label: str = "",
    calendar: WorkdayCalendar | None = None,
) -> Clock:
    """The clock of the catalogue's rule `kind`, its due moment computed, not saved."""
    rule = rule_for(kind)
    clock = Clock(
        case=case,
        village_id=case.village_id,
        kind=kind,
        seq=seq,
        track=rule.track,
        # In the source language, whoever started it: shown through the catalogue (Clock.title).
        label=source_text(label or ClockKind(kind).label)[:60],
        basis=str(rule.article)[:200],
        started_at=started_at,
        unit=rule.counting,
        length=rule.period,
    )
    _derive(clock, calendar)
    return clock


def _clock_started_event(clock: Clock, *, actor) -> CaseEvent:
    return _clock_event_row(
        clock=clock,
        actor=actor,
        summary=M.CLOCK_STARTED(**_said(clock, period=clock.length, unit=clock.unit)),
        note=clock.basis,
        data={"provisional": clock.provisional},
    )


def clock_meet(
    *,
    case: Case,
    kinds: list[str] | None = None,
    track: str | None = None,
    at: dt.datetime | None = None,
    seq: int | None = None,
) -> int:
    """Stop the case's open clocks (of these kinds or this track); returns how many. Clocks the
    case object holds as prefetched are stopped too, so that it shows what was written."""
    at = at or timezone.now()
    qs = Clock.objects.filter(case=case, met_at__isnull=True, cancelled=False)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    if track is not None:
        qs = qs.filter(track=track)
    if seq is not None:
        qs = qs.filter(seq=seq)
    for clock in getattr(case, "_prefetched_objects_cache", {}).get("clocks", ()):
        if (
            clock.met_at is None
            and not clock.cancelled
            and (kinds is None or clock.kind in kinds)
            and (track is None or clock.track == track)
            and (seq is None or clock.seq == seq)
        ):
            clock.met_at = at
    return qs.update(met_at=at)


@transaction.atomic
def clock_cancel(*, clock: Clock, actor=None, reason: str) -> Clock:
    """Withdraw a clock that no longer applies (e.g. the simplified procedure's, on conversion)."""
    if Clock.objects.filter(pk=clock.pk, met_at__isnull=True, cancelled=False).update(
        cancelled=True
    ):
        clock.cancelled = True
        _clock_event(
            clock=clock, actor=actor, summary=M.CLOCK_CANCELLED(**_said(clock)), note=reason
        )
    return clock


@transaction.atomic
def clock_restore(*, clock: Clock, actor=None, reason: str) -> Clock:
    """Give back a clock withdrawn for a reason since undone (a merge split again): it runs on
    from its own start, its due date as it was derived."""
    if Clock.objects.filter(pk=clock.pk, met_at__isnull=True, cancelled=True).update(
        cancelled=False
    ):
        clock.cancelled = False
        _clock_event(
            clock=clock, actor=actor, summary=M.CLOCK_RESTORED(**_said(clock)), note=reason
        )
    return clock


@transaction.atomic
def clock_pause(*, clock: Clock, at: dt.datetime, reason: str, actor=None, note: str = "") -> Clock:
    """Stop a clock from running for one of its rule's pauses (中止, 公告送达, ...)."""
    rule = rule_for(clock.kind)
    if reason not in rule.pauses:
        raise ConflictError(
            f"“{clock.label}”不因“{PauseReason(reason).label}”中止计算（{rule.article}）。"
        )
    if clock.paused_at is None and clock.is_open:
        moved = Clock.objects.filter(pk=clock.pk, paused_at__isnull=True).update(
            paused_at=at, pause_reason=reason
        )
        if moved:
            clock.paused_at, clock.pause_reason = at, reason
            _clock_event(
                clock=clock,
                actor=actor,
                summary=M.CLOCK_PAUSED(**_said(clock, reason=reason, at=_day(at))),
                note="；".join(filter(None, [PAUSE_ARTICLES[reason], note])),
                data={"pause": reason},
            )
    return clock


def _paused_units(clock: Clock, at: dt.datetime, calendar: WorkdayCalendar) -> int:
    """The units a clock stood still: the working days after the day it stopped up to the day it
    ran again, or the calendar days between those days."""
    assert clock.paused_at is not None, "only a paused clock has paused units"
    start, end = local_date(clock.paused_at), local_date(at)
    if clock.unit == Counting.WORKDAYS:
        return calendar.workdays_between(start, end)
    if clock.unit == Counting.MINUTES:
        return 0
    return max((end - start).days, 0)


@transaction.atomic
def clock_resume(
    *,
    clock: Clock,
    at: dt.datetime,
    actor=None,
    note: str = "",
    calendar: WorkdayCalendar | None = None,
) -> Clock:
    """Let a paused clock run again: the units it stood still are added to its raw period and
    the due date is derived anew (rolled once)."""
    if clock.paused_at is None:
        return clock
    calendar = calendar or WorkdayCalendar()
    stood = _paused_units(clock, at, calendar)
    old_due, paused_at, reason = clock.due_at, clock.paused_at, clock.pause_reason
    clock.days_paused += stood
    _derive(clock, calendar)
    moved = Clock.objects.filter(pk=clock.pk, paused_at=paused_at).update(
        days_paused=clock.days_paused,
        due_at=clock.due_at,
        provisional=clock.provisional,
        paused_at=None,
        pause_reason="",
    )
    if moved:
        clock.paused_at, clock.pause_reason = None, ""
        _clock_event(
            clock=clock,
            actor=actor,
            summary=M.CLOCK_RESUMED(
                **_said(clock, stood=stood, unit=clock.unit, old_due=_day(old_due), reason=reason)
            ),
            note="；".join(filter(None, [PAUSE_ARTICLES.get(reason, ""), note])),
            data={"paused": stood},
        )
    else:
        clock.refresh_from_db()
    return clock


def approver_may(user, approver: str) -> bool:
    """Whether `user` may approve an extension reserved to `approver`.

    The commission chair's approval belongs to the chair and to the persons the chair has
    authorised in writing, each a recorded grant (《劳动人事争议仲裁办案规则》第四十六条): a
    leader's role alone is not enough."""
    if user is None or not user.is_active:
        return False
    granted = ExtensionApprover.objects.filter(
        user=user, approver=approver, revoked_at__isnull=True
    ).exists()
    if approver == Approver.COMMISSION_CHAIR:
        return granted
    from jiefen.accounts.choices import Role

    return granted or user.is_superuser or user.role in (Role.LEADER, Role.ADMINISTRATOR)


class ExtensionRefused(ApplicationError):
    status_code = 403
    code = "forbidden"


Standing = ExtensionApprover.Standing
# Which power each standing carries, and who may grant it: an administrator records the
# commission's chair (and an inspection department's head); the chair authorises in writing.
STANDING_APPROVER: dict[str, str] = {
    Standing.CHAIR: Approver.COMMISSION_CHAIR,
    Standing.DELEGATE: Approver.COMMISSION_CHAIR,
    Standing.HEAD: Approver.DEPARTMENT_HEAD,
}


def _is_administrator(user) -> bool:
    return bool(user and (user.is_superuser or getattr(user, "is_administrator", False)))


@transaction.atomic
def extension_approver_grant(*, actor, user, standing: str, instrument: str) -> ExtensionApprover:
    """Record who may approve extensions: the commission chair (named by an administrator, one at
    a time), a person the chair authorises in writing (by the chair), or a department head."""
    from django.core.exceptions import ValidationError

    if standing not in STANDING_APPROVER:
        raise ValidationError({"standing": ["请选择授权身份"]})
    if not instrument.strip():
        raise ValidationError({"instrument": ["请填写任命或书面委托文书（文号或名称）"]})
    if user is None or not user.is_active:
        raise ValidationError({"user": ["请选择在岗人员"]})
    approver = STANDING_APPROVER[standing]
    if standing == Standing.DELEGATE:
        allowed = ExtensionApprover.objects.filter(
            user=actor, standing=Standing.CHAIR, revoked_at__isnull=True
        ).exists()
        refusal = "只有仲裁委员会主任可以书面委托他人审批延期。"
    else:
        allowed = _is_administrator(actor)
        refusal = "只有系统管理员可以登记仲裁委员会主任或部门负责人。"
    if not allowed:
        raise ExtensionRefused(refusal)
    active = ExtensionApprover.objects.select_for_update().filter(revoked_at__isnull=True)
    if standing == Standing.CHAIR and active.filter(standing=Standing.CHAIR).exists():
        raise ConflictError("已登记仲裁委员会主任，请先撤销原登记。")
    if active.filter(user=user, approver=approver).exists():
        raise ConflictError(f"{user.display_name}已有此项审批权限。")
    return ExtensionApprover.objects.create(
        user=user,
        approver=approver,
        standing=standing,
        instrument=instrument.strip(),
        granted_by=actor,
        granted_at=timezone.now(),
    )


@transaction.atomic
def extension_approver_revoke(*, actor, grant: ExtensionApprover) -> ExtensionApprover:
    """Withdraw a grant (kept, with who withdrew it): by an administrator, or by the chair for the
    persons the chair authorised."""
    is_chair = ExtensionApprover.objects.filter(
        user=actor, standing=Standing.CHAIR, revoked_at__isnull=True
    ).exists()
    if not (_is_administrator(actor) or (is_chair and grant.standing == Standing.DELEGATE)):
        raise ExtensionRefused("您不能撤销该审批授权。")
    now = timezone.now()
    if ExtensionApprover.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    ):
        grant.revoked_at, grant.revoked_by = now, actor
    return grant


def extension_grant_for(user, approver: str) -> ExtensionApprover | None:
    """The grant under which `user` approves now (for the approval document)."""
    return (
        ExtensionApprover.objects.filter(user=user, approver=approver, revoked_at__isnull=True)
        .select_related("granted_by")
        .first()
    )


@transaction.atomic
def clock_extend(
    *,
    clock: Clock,
    length: int,
    actor=None,
    approved_by=None,
    reason: str = "",
    calendar: WorkdayCalendar | None = None,
) -> Clock:
    """Extend an open clock by `length` units of its own, within its rule's maximum and with the
    approval its rule requires; the due date is derived anew from the period (rolled once)."""
    rule: ClockRule = rule_for(clock.kind)
    if not rule.extension_max:
        raise ConflictError(f"“{clock.label}”不能延长（{rule.article}）。")
    if length < 1:
        raise ConflictError("延长期限须至少为1。")
    if clock.days_extended + length > rule.extension_max:
        raise ConflictError(
            f"延长期限不得超过{rule.extension_max}{unit_word(clock.unit)}"
            f"（已延长{clock.days_extended}，本次{length}）。"
        )
    if rule.approver and not approver_may(approved_by, rule.approver):
        raise ExtensionRefused(f"延长“{clock.label}”须经{Approver(rule.approver).label}批准。")
    if not clock.is_open:
        raise ConflictError(f"“{clock.label}”已结束，不能延长。")
    old_due = clock.due_at
    clock.days_extended += length
    _derive(clock, calendar)
    Clock.objects.filter(pk=clock.pk, met_at__isnull=True).update(
        days_extended=clock.days_extended, due_at=clock.due_at, provisional=clock.provisional
    )
    by = f"经{approved_by.display_name}批准；" if approved_by is not None else ""
    _clock_event(
        clock=clock,
        actor=actor,
        summary=M.CLOCK_EXTENDED(
            **_said(clock, period=length, unit=clock.unit, old_due=_day(old_due))
        ),
        note=f"{by}{reason}（{rule.article}）",
        data={"extended": length, "approved_by": getattr(approved_by, "pk", None)},
    )
    return clock


@transaction.atomic
def clock_restart(
    *,
    clock: Clock,
    at: dt.datetime,
    reason: str,
    actor=None,
    note: str = "",
    calendar: WorkdayCalendar | None = None,
) -> Clock:
    """Count the period again, whole, from `at` (an added party, changed claims, a counter-claim,
    a transfer, completed papers): earlier pauses no longer matter; an approved extension stays."""
    rule = rule_for(clock.kind)
    if reason not in rule.restarts:
        raise ConflictError(
            f"“{clock.label}”不因“{RestartReason(reason).label}”重新计算（{rule.article}）。"
        )
    old_due = clock.due_at
    clock.started_at, clock.days_paused, clock.paused_at, clock.pause_reason = at, 0, None, ""
    _derive(clock, calendar)
    Clock.objects.filter(pk=clock.pk).update(
        started_at=at,
        days_paused=0,
        paused_at=None,
        pause_reason="",
        due_at=clock.due_at,
        provisional=clock.provisional,
        met_at=None,
    )
    clock.met_at = None
    _clock_event(
        clock=clock,
        actor=actor,
        summary=M.CLOCK_RESTARTED(
            **_said(clock, at=_day(at), reason=reason, old_due=_day(old_due))
        ),
        note="；".join(filter(None, [RESTART_ARTICLES[reason], note])),
        data={"restart": reason},
    )
    return clock


@transaction.atomic
def clock_start_correct(*, clock: Clock, started_at: dt.datetime, actor=None) -> Clock:
    """Correct the start of a clock whose event was entered after the fact (a paper record),
    and derive its due date from the corrected period."""
    old_due = clock.due_at
    clock.started_at = started_at
    _derive(clock)
    Clock.objects.filter(pk=clock.pk).update(
        started_at=started_at, due_at=clock.due_at, provisional=clock.provisional
    )
    if clock.due_at != old_due:
        _clock_event(
            clock=clock,
            actor=actor,
            summary=M.CLOCK_START_CORRECTED(
                **_said(clock, at=_day(started_at), old_due=_day(old_due))
            ),
            note=clock.basis,
        )
    return clock


def clocks_recompute(*, reason: str, actor=None) -> int:
    """Derive every open clock's due date again (after the holiday calendar changed) and record
    each change on its case's timeline; returns how many moved."""
    calendar = WorkdayCalendar()
    moved = 0
    open_clocks = (
        Clock.objects.filter(met_at__isnull=True, cancelled=False)
        .exclude(unit=Counting.MINUTES)
        .order_by("id")
    )
    for clock in open_clocks.iterator(chunk_size=500):
        old_due, old_provisional = clock.due_at, clock.provisional
        _derive(clock, calendar)
        if clock.due_at == old_due and clock.provisional == old_provisional:
            continue
        with transaction.atomic():
            Clock.objects.filter(pk=clock.pk).update(
                due_at=clock.due_at, provisional=clock.provisional
            )
            change = (
                M.CLOCK_RECOMPUTED(**_said(clock, old_due=_day(old_due)))
                if clock.due_at != old_due
                else M.CLOCK_CONFIRMED(**_said(clock))
                if not clock.provisional
                else M.CLOCK_DUE_NOW(**_said(clock))
            )
            _clock_event(
                clock=clock,
                actor=actor,
                summary=change,
                note=f"{reason}（{clock.basis}；《民事诉讼法》第八十五条：期间届满的最后一日是"
                "法定休假日的，以法定休假日后的第一日为期间届满的日期）",
                data={"old_due": old_due.isoformat(), "provisional": clock.provisional},
            )
        moved += 1
    return moved


def case_clocks_start_on_receive(*, case: Case, actor) -> tuple[list[Clock], list[CaseEvent]]:
    """The centre's intake standard: registration, and a decision (accept, answer or decline).

    For a case saved in the running transaction only: no other request sees it yet, so neither
    clock can exist or be started meanwhile, and both are written in one statement, without
    clock_start's look-up and guard. Their timeline entries come back unsaved, for the intake to
    write with its own in one statement."""
    calendar = WorkdayCalendar()
    clocks = [
        _clock_new(case=case, kind=kind, started_at=case.received_at, calendar=calendar)
        for kind in (INTAKE_REGISTER, INTAKE_DECIDE)
    ]
    Clock.objects.bulk_create(clocks)
    return clocks, [_clock_started_event(clock, actor=actor) for clock in clocks]


def case_clocks_start_on_accept(
    *, case: Case, actor, calendar: WorkdayCalendar | None = None
) -> list[Clock]:
    """The two clocks every accepted dispute runs on."""
    assert case.accepted_at is not None, "clocks of acceptance start on an accepted case"
    calendar = calendar or WorkdayCalendar()
    return [
        clock_start(
            case=case,
            kind=RESOLVE_7,
            started_at=case.accepted_at,
            actor=actor,
            calendar=calendar,
        ),
        # 第十四条 counts from the day the mediation application was received (the case's).
        clock_start(
            case=case,
            kind=MEDIATION_15,
            started_at=case.received_at,
            actor=actor,
            calendar=calendar,
        ),
    ]
