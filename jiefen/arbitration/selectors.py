"""Reads of the arbitration track, always within the reader's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.arbitration.choices import OPEN_STATUSES, HearingStatus
from jiefen.arbitration.models import Application, Hearing
from jiefen.cases.models import Case
from jiefen.cases.selectors import case_scope_q
from jiefen.workdays.services import working_week

SORTS = {
    "received": "received_at",
    "-received": "-received_at",
    "status": "status",
    "-status": "-status",
    "case": "case__number",
    "-case": "-case__number",
}


@dataclass
class ApplicationFilters:
    status: str = ""
    source: str = ""
    procedure: str = ""
    mine: int | None = None
    q: str = ""
    sort: str = "-received"


def application_scope(user) -> QuerySet[Application]:
    return Application.objects.filter(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))


def application_list(*, user, filters: ApplicationFilters) -> QuerySet[Application]:
    qs = application_scope(user)
    f = filters
    if f.status:
        qs = qs.filter(status=f.status)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.procedure:
        qs = qs.filter(procedure=f.procedure)
    if f.mine:
        qs = qs.filter(members__arbitrator_id=f.mine, members__active=True)
    if f.q:
        qs = qs.filter(Q(case__number__icontains=f.q) | Q(case__search_text__contains=f.q))
    return (
        qs.select_related("case__employer", "case__village")
        .order_by(SORTS.get(f.sort, "-received_at"), "-id")
        .distinct()
    )


def application_get_for_user(*, user, pk: int) -> Application:
    qs = application_scope(user).select_related("case__village__street", "case__employer")
    return get_object_or_404(qs, pk=pk)


def application_latest_for_case(case: Case) -> Application | None:
    return Application.objects.filter(case=case).order_by("-id").first()


def application_panel_for_case(case: Case) -> Application | None:
    """The case's latest application with its next scheduled hearing, in one query: the hearing's
    start and room name as `next_hearing_at` and `next_hearing_room` (None when none)."""
    hearing = Hearing.objects.filter(
        application=OuterRef("pk"), status=HearingStatus.SCHEDULED
    ).order_by("starts_at", "id")
    return (
        Application.objects.filter(case=case)
        .annotate(
            next_hearing_at=Subquery(hearing.values("starts_at")[:1]),
            next_hearing_room=Subquery(hearing.values("room__name")[:1]),
        )
        .order_by("-id")
        .first()
    )


def arbitrator_candidates() -> list[User]:
    """Arbitrators on duty, the least loaded first (open cases on which they sit)."""
    return list(
        User.objects.filter(is_active=True, role=Role.ARBITRATOR)
        .annotate(
            open_load=Count(
                "tribunal_seats",
                filter=Q(
                    tribunal_seats__active=True,
                    tribunal_seats__application__status__in=list(OPEN_STATUSES),
                ),
            )
        )
        .order_by("open_load", "id")
    )


def week_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The working week of `day` (`workdays.working_week`: on a Sunday, the coming one) as a
    [start, end) range of moments."""
    monday, _sunday = working_week(day)
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    return start, timezone.make_aware(
        dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min)
    )


def hearings_this_week(*, user, day: dt.date | None = None) -> QuerySet[Hearing]:
    """The scheduled hearings of this working week (on a rest day, the coming one) at which the
    user sits (or that the user booked)."""
    start, end = week_bounds(day or timezone.localdate())
    return (
        Hearing.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .filter(Q(seats__arbitrator=user, seats__active=True) | Q(booked_by=user))
        .exclude(status=HearingStatus.CANCELLED)
        .select_related("room", "application__case__employer")
        .order_by("starts_at")
        .distinct()
    )


def room_schedule(*, user, day: dt.date, days: int = 14) -> list[Hearing]:
    """Every booked slot of every room (so a clerk sees what is taken); the case of a hearing
    outside the user's scope stays hidden (`visible` False)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    hearings = list(
        Hearing.objects.filter(
            status=HearingStatus.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=days),
        )
        .select_related("room", "application__case")
        .prefetch_related("seats__arbitrator")
        .order_by("starts_at")
    )
    visible = set(
        application_scope(user)
        .filter(pk__in={h.application_id for h in hearings})
        .values_list("pk", flat=True)
    )
    for hearing in hearings:
        hearing.visible = hearing.application_id in visible
    return hearings


def minimum_wage_figure(day: dt.date) -> dict | None:
    """The local monthly minimum wage in force on `day`, for the compensation calculator. The
    table records no check against the source (its seeded rows ask for one), so the figure goes
    out unconfirmed."""
    from jiefen.arbitration.models import MinimumWage

    row = MinimumWage.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if row is None:
        return None
    return {
        "value": row.monthly_amount,
        "effective_from": row.effective_from,
        "source": f"{row.region}{row.tier}：{row.source}",
        "confirmed": False,
    }
