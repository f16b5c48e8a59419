"""Reads of the 110 linkage, scoped to the reader, and the figures the reports chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiefen.dispatch.choices import (
    NEAR_LIMIT_MINUTES,
    ArrivalState,
    IncidentStatus,
    OrderStatus,
    UnitKind,
)
from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident
from jiefen.geo.selectors import village_scope_q

SORTS = {
    "received": "received_at",
    "-received": "-received_at",
    "people": "people_involved",
    "-people": "-people_involved",
    "no": "incident_no",
    "-no": "-incident_no",
}


def order_arrival_state(order: DispatchOrder, *, now: dt.datetime | None = None) -> str:
    """on_time, near (the last three minutes), late; once there: arrived_on_time or arrived_late.

    Counted in minutes from the first dispatch (`dispatched_at`), never in working days."""
    if order.status == OrderStatus.CANCELLED:
        return ArrivalState.CANCELLED
    if order.arrived_at is not None:
        return (
            ArrivalState.ARRIVED_ON_TIME
            if order.arrived_at <= order.due_at
            else ArrivalState.ARRIVED_LATE
        )
    now = now or timezone.now()
    if now > order.due_at:
        return ArrivalState.LATE
    if now >= order.due_at - dt.timedelta(minutes=NEAR_LIMIT_MINUTES):
        return ArrivalState.NEAR
    return ArrivalState.ON_TIME


@dataclass(frozen=True)
class OrderView:
    order: DispatchOrder
    state: str
    elapsed_seconds: int  # since dispatch, up to arrival (or now)

    @property
    def state_label(self) -> str:
        return ArrivalState(self.state).label


def order_view(order: DispatchOrder, *, now: dt.datetime) -> OrderView:
    end = order.arrived_at or order.cancelled_at or now
    return OrderView(
        order=order,
        state=order_arrival_state(order, now=now),
        elapsed_seconds=max(0, int((end - order.dispatched_at).total_seconds())),
    )


def incident_scope_q(user) -> Q:
    """The incidents a person sees: those of the villages in their scope (district staff also see
    incidents not yet placed in a village)."""
    return village_scope_q(user)


def incident_list_for_user(*, user) -> QuerySet[Incident]:
    return Incident.objects.filter(incident_scope_q(user))


def _with_orders(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    return qs.select_related("village__street", "case").prefetch_related(
        Prefetch(
            "orders",
            # Police first, then inspection ("police" sorts after "inspection").
            queryset=DispatchOrder.objects.select_related("department", "assignee").order_by(
                "-unit_kind"
            ),
        )
    )


@dataclass
class IncidentFilters:
    status: str = ""
    street: str = ""
    category: str = ""
    linked: str = ""  # "yes": turned into a case, "no": not yet
    q: str = ""
    sort: str = "-received"


def incident_list(*, user, filters: IncidentFilters) -> QuerySet[Incident]:
    qs = incident_list_for_user(user=user)
    f = filters
    if f.status:
        qs = qs.filter(status=f.status)
    if f.street:
        qs = qs.filter(village__street__code=f.street)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.linked == "yes":
        qs = qs.filter(case__isnull=False)
    elif f.linked == "no":
        qs = qs.filter(case__isnull=True)
    if f.q:
        for word in f.q.split()[:5]:
            qs = qs.filter(
                Q(incident_no__icontains=word)
                | Q(address__contains=word)
                | Q(description__contains=word)
                | Q(caller_name__contains=word)
            )
    return _with_orders(qs).order_by(SORTS.get(f.sort, "-received_at"), "-id")


def incident_get_for_user(*, user, pk: int) -> Incident:
    """The incident, or 404 outside the user's scope."""
    return get_object_or_404(_with_orders(incident_list_for_user(user=user)), pk=pk)


def incident_events(*, incident: Incident) -> list[DispatchEvent]:
    return list(incident.events.select_related("actor", "order").order_by("at", "id"))


def order_get_for_user(*, user, pk: int) -> DispatchOrder:
    """The order, or 404 when its incident is outside the user's scope."""
    qs = DispatchOrder.objects.filter(
        incident__in=incident_list_for_user(user=user)
    ).select_related("incident__village__street", "incident__case", "department", "assignee")
    return get_object_or_404(qs, pk=pk)


URGENCY = {ArrivalState.LATE: 0, ArrivalState.NEAR: 1, ArrivalState.ON_TIME: 2}


@dataclass(frozen=True)
class BoardRow:
    incident: Incident
    orders: list[OrderView]

    @property
    def worst(self) -> str:
        states = {o.state for o in self.orders}
        for state in (ArrivalState.LATE, ArrivalState.NEAR, ArrivalState.ON_TIME):
            if state in states:
                return state
        return ArrivalState.ARRIVED_ON_TIME


def board(*, user, now: dt.datetime | None = None) -> list[BoardRow]:
    """Open incidents in the user's scope, the most urgent first, each unit with its derived
    clock state. Closed incidents are not on it."""
    now = now or timezone.now()
    qs = _with_orders(incident_list_for_user(user=user).filter(status=IncidentStatus.OPEN))
    rows = [
        BoardRow(incident=i, orders=[order_view(o, now=now) for o in i.orders.all()])
        for i in qs.order_by("-received_at", "-id")[:100]
    ]
    # The most urgent first (late, then near the limit), newest first within each; sort is stable.
    rows.sort(key=lambda r: URGENCY.get(r.worst, len(URGENCY)))
    return rows


def _month(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m}"


def arrival_within_limit(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, user=None
) -> list[dict]:
    """Arrival within the limit, per unit kind and per month, for the reports to chart.

    One dict per (month, unit_kind), ordered by month then unit kind::

        {"month": "2026-03", "unit_kind": "police", "within": 41, "total": 45, "rate": 0.9111}

    - `total` (denominator): orders dispatched in that month (local time) that were not
      cancelled; an order still without an arrival counts once its limit has passed (it can no
      longer be on time), and is left out while its clock still runs.
    - `within` (numerator): those whose `arrived_at` is at most the limit (police 15, inspection
      20 minutes) after `dispatched_at`, the first dispatch (a reassignment does not restart it).
    - `rate` is within/total rounded to 4 places, or None when total is 0.
    `date_from`/`date_to` bound the dispatch date (inclusive); `user` limits to their scope.
    """
    now = timezone.now()
    qs = DispatchOrder.objects.exclude(status=OrderStatus.CANCELLED)
    if user is not None:
        qs = qs.filter(incident__in=incident_list_for_user(user=user))
    qs = _date_bounds(qs, date_from, date_to)
    counts: dict[tuple[str, str], list[int]] = {}
    for unit_kind, dispatched_at, arrived_at in qs.values_list(
        "unit_kind", "dispatched_at", "arrived_at"
    ):
        order = DispatchOrder(unit_kind=unit_kind, dispatched_at=dispatched_at)
        due = order.due_at
        if arrived_at is None and now <= due:
            continue
        cell = counts.setdefault((_month(dispatched_at), unit_kind), [0, 0])
        cell[1] += 1
        if arrived_at is not None and arrived_at <= due:
            cell[0] += 1
    return [
        {
            "month": month,
            "unit_kind": kind,
            "within": within,
            "total": total,
            "rate": round(within / total, 4) if total else None,
        }
        for (month, kind), (within, total) in sorted(counts.items())
    ]


def arrival_time_distribution(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    bucket_minutes: int = 1,
    cap_minutes: int = 40,
    user=None,
) -> dict[str, list[dict]]:
    """How long units took to arrive, in minute buckets, per unit kind, for a histogram.

    Returns ``{"police": [...], "inspection": [...]}``; each list has one dict per bucket from 0
    to `cap_minutes` (every bucket present, empty ones with count 0)::

        {"from": 8, "to": 9, "count": 17, "within_limit": True}

    A bucket holds the arrivals with `from` <= minutes after dispatch < `to`; the last bucket
    (`"to": None`) holds everything from `cap_minutes` on. `within_limit` says whether the whole
    bucket lies within the unit's limit (police 15, inspection 20 minutes), so a chart can
    colour it. Only orders with an arrival count; date bounds are on the dispatch date.
    """
    qs = DispatchOrder.objects.filter(arrived_at__isnull=False)
    if user is not None:
        qs = qs.filter(incident__in=incident_list_for_user(user=user))
    qs = _date_bounds(qs, date_from, date_to)
    n_buckets = cap_minutes // bucket_minutes
    result: dict[str, list[dict]] = {}
    for kind in UnitKind.values:
        limit = DispatchOrder(unit_kind=kind).limit_minutes
        buckets = [
            {
                "from": i * bucket_minutes,
                "to": (i + 1) * bucket_minutes,
                "count": 0,
                "within_limit": (i + 1) * bucket_minutes <= limit,
            }
            for i in range(n_buckets)
        ]
        buckets.append(
            {"from": n_buckets * bucket_minutes, "to": None, "count": 0, "within_limit": False}
        )
        result[kind] = buckets
    for kind, dispatched_at, arrived_at in qs.values_list(
        "unit_kind", "dispatched_at", "arrived_at"
    ):
        minutes = (arrived_at - dispatched_at).total_seconds() / 60
        index = min(int(minutes // bucket_minutes), n_buckets)
        result[kind][index]["count"] += 1
    return result


def _date_bounds(qs, date_from: dt.date | None, date_to: dt.date | None):
    if date_from:
        qs = qs.filter(
            dispatched_at__gte=timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
        )
    if date_to:
        qs = qs.filter(
            dispatched_at__lt=timezone.make_aware(
                dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)
            )
        )
    return qs


def arrival_rates_summary(*, user, days: int = 365) -> list[dict]:
    """Within-limit totals per unit kind over the last `days` days (for the list page's header):
    ``[{"unit_kind": "police", "label": "公安警务室", "within": 291, "total": 322, "rate": 0.9037}]``.
    """
    since = timezone.localdate() - dt.timedelta(days=days)
    totals = {kind: [0, 0] for kind in UnitKind.values}
    for row in arrival_within_limit(user=user, date_from=since):
        totals[row["unit_kind"]][0] += row["within"]
        totals[row["unit_kind"]][1] += row["total"]
    return [
        {
            "unit_kind": kind,
            "label": UnitKind(kind).label,
            "within": within,
            "total": total,
            "rate": round(within / total, 4) if total else None,
        }
        for kind, (within, total) in sorted(totals.items(), reverse=True)
    ]
