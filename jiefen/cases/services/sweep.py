"""The clock sweep: tell the people on a case once when a clock enters its last working day(s)
(each rule's `due_soon` window in the catalogue), and once more when it has run out."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.accounts.models import User
from jiefen.accounts.notifications import notify
from jiefen.cases import messages as M
from jiefen.cases.choices import EventKind
from jiefen.cases.clockrules import CATALOGUE, Counting
from jiefen.cases.clocks import end_of_day, local_date
from jiefen.cases.models import Clock
from jiefen.cases.services.lifecycle import case_event_add
from jiefen.core.messages import Message, phrase, source_text
from jiefen.core.policy import internal, system
from jiefen.geo.selectors import people_serving_q


@internal
def leaders_for(case) -> list[User]:
    """The leaders whose scope covers the case: the district's and the street's."""
    return list(
        User.objects.filter(role=Role.LEADER, is_active=True).filter(
            people_serving_q(case.village, levels=(ScopeLevel.DISTRICT, ScopeLevel.STREET))
        )
    )


@system
@transaction.atomic
def clock_sweep_one(*, now=None) -> bool:
    """Flag the oldest overdue, unflagged clock; False when there is none left."""
    now = now or timezone.now()
    clock = (
        Clock.objects.filter(
            met_at__isnull=True,
            cancelled=False,
            paused_at__isnull=True,
            overdue_notified_at__isnull=True,
            due_at__lt=now,
        )
        .select_related("case__village__street")
        .order_by("due_at", "id")
        .first()
    )
    if clock is None:
        return False
    # Compare-and-swap: two workers sweeping at once flag each clock once.
    if (
        Clock.objects.filter(pk=clock.pk, overdue_notified_at__isnull=True).update(
            overdue_notified_at=now
        )
        != 1
    ):
        return True
    case = clock.case
    case_event_add(
        case=case,
        actor=None,
        kind=EventKind.CLOCK,
        track=clock.track,
        summary=M.CLOCK_OVERDUE(
            clock=clock.kind,
            due=clock.due_at.isoformat(),
            **(
                {"label": clock.label}
                if clock.label != source_text(clock.get_kind_display())
                else {}
            ),
        ),
        data={"clock": clock.kind},
    )
    notify(
        users=_people_on(case),
        message=phrase(
            N_("案件 %(number)s 的“%(clock)s”已超期，请尽快处理。"),
            number=case.number,
            clock=_clock_named(clock),
        ),
        link=case.get_absolute_url(),
    )
    return True


def _people_on(case) -> list[User]:
    """The case's active assignees and the leaders over its place."""
    assignees = [a.user for a in case.assignments.filter(active=True).select_related("user")]
    return [*assignees, *leaders_for(case)]


def _due_soon_q(now) -> Q:
    """Open clocks whose due day lies within their rule's last working day(s), not yet due."""
    from jiefen.workdays.services import WorkdayCalendar

    calendar = WorkdayCalendar()
    today = local_date(now)
    windows: dict[int, list[str]] = {}
    for rule in CATALOGUE.values():
        # Not the 110 arrival clocks (minutes): this sweep runs every five minutes, longer than
        # their three-minute window, so a warning would come late or not at all; the dispatch
        # board shows an order near its limit itself (`dispatch.selectors.order_arrival_state`).
        if rule.counting != Counting.MINUTES:
            windows.setdefault(rule.due_soon, []).append(rule.kind)
    q = Q(pk__in=[])
    for days, kinds in windows.items():
        horizon = end_of_day(calendar.workday_add(today, days))
        q |= Q(kind__in=kinds, due_at__lte=horizon)
    return q & Q(due_at__gte=now)


@system
@transaction.atomic
def clock_due_soon_one(*, now=None) -> bool:
    """Warn about the soonest clock that has entered its last working day(s); False when none."""
    now = now or timezone.now()
    clock = (
        Clock.objects.filter(
            _due_soon_q(now),
            met_at__isnull=True,
            cancelled=False,
            paused_at__isnull=True,
            due_soon_notified_at__isnull=True,
        )
        .select_related("case__village__street")
        .order_by("due_at", "id")
        .first()
    )
    if clock is None:
        return False
    if (
        Clock.objects.filter(pk=clock.pk, due_soon_notified_at__isnull=True).update(
            due_soon_notified_at=now
        )
        != 1
    ):
        return True
    case = clock.case
    due = timezone.localtime(clock.due_at)
    notify(
        users=_people_on(case),
        message=phrase(
            N_("案件 %(number)s 的“%(clock)s”将于%(due)s到期（暂定），请抓紧办理。")
            if clock.provisional
            else N_("案件 %(number)s 的“%(clock)s”将于%(due)s到期，请抓紧办理。"),
            number=case.number,
            clock=_clock_named(clock),
            due=due,
        ),
        link=case.get_absolute_url(),
    )
    return True


@system
def clock_due_soon_sweep(*, now=None, limit: int | None = None) -> int:
    """Warn once about every clock due soon; returns how many were warned about."""
    count = 0
    while (limit is None or count < limit) and clock_due_soon_one(now=now):
        count += 1
    return count


@system
def clock_sweep(*, now=None, limit: int | None = None) -> int:
    """Flag every overdue clock; returns how many were flagged."""
    count = 0
    while (limit is None or count < limit) and clock_sweep_one(now=now):
        count += 1
    return count


def _clock_named(clock: Clock) -> Message:
    """A clock's name as a message parameter: its kind's label, or the name it was given."""
    if source_text(clock.label) == source_text(clock.get_kind_display()):
        return phrase(clock.get_kind_display())
    return phrase(clock.label)
