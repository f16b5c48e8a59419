"""Reads of the 110 linkage, scoped to the reader, and the figures the reports chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiefen.core.db import SecondsBetween
from jiefen.dispatch.choices import (
    ARRIVAL_LIMIT_MINUTES,
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


def _limit_seconds() -> Case:
    """Each order's arrival limit in seconds, by its unit kind."""
    return Case(
        *[
            When(unit_kind=kind, then=Value(minutes * 60))
            for kind, minutes in ARRIVAL_LIMIT_MINUTES.items()
        ],
        output_field=IntegerField(),
    )


def _past_limit_q(now: dt.datetime) -> Q:
    """Orders whose limit has passed by `now` (dispatched_at + limit < now), one range per kind."""
    return Q(
        *[
            Q(unit_kind=kind, dispatched_at__lt=now - dt.timedelta(minutes=minutes))
            for kind, minutes in ARRIVAL_LIMIT_MINUTES.items()
        ],
        _connector=Q.OR,
    )


def _month_bucket(first: dt.datetime, last: dt.datetime) -> Case:
    """The local month ("2026-03") of `dispatched_at`, for the months from `first` to `last`, as
    range comparisons the database evaluates natively (TruncMonth on SQLite calls back into
    Python for every row)."""
    whens = []
    cursor = timezone.localtime(first).date().replace(day=1)
    end = timezone.localtime(last).date()
    while cursor <= end:
        nxt = (cursor + dt.timedelta(days=31)).replace(day=1)
        whens.append(
            When(
                dispatched_at__gte=_local_midnight(cursor),
                dispatched_at__lt=_local_midnight(nxt),
                then=Value(f"{cursor:%Y-%m}"),
            )
        )
        cursor = nxt
    return Case(*whens, default=Value(""), output_field=CharField())


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _counted_orders(*, user, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet:
    """The orders arrival within the limit counts: not cancelled, dispatched within the bounds,
    and arrived or past their limit; with the seconds from dispatch to arrival."""
    qs = DispatchOrder.objects.exclude(status=OrderStatus.CANCELLED)
    if user is not None:
        qs = qs.filter(incident__in=incident_list_for_user(user=user))
    qs = _date_bounds(qs, date_from, date_to)
    return qs.filter(Q(arrived_at__isnull=False) | _past_limit_q(timezone.now())).annotate(
        seconds=SecondsBetween(F("arrived_at"), F("dispatched_at"))
    )


def _within_and_total() -> dict:
    """The counts of a group of `_counted_orders`."""
    return {"within": Count("pk", filter=Q(seconds__lte=_limit_seconds())), "total": Count("pk")}


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
    Counted by the database: one query for the span of months, one grouped count.
    """
    qs = _counted_orders(user=user, date_from=date_from, date_to=date_to)
    # The months come from the orders found, not the bounds (which may be open or far apart).
    span = qs.aggregate(first=Min("dispatched_at"), last=Max("dispatched_at"))
    if span["first"] is None:
        return []
    rows = (
        qs.annotate(month=_month_bucket(span["first"], span["last"]))
        .values("month", "unit_kind")
        .annotate(**_within_and_total())
        .order_by("month", "unit_kind")
    )
    return [
        {
            "month": row["month"],
            "unit_kind": row["unit_kind"],
            "within": row["within"],
            "total": row["total"],
            "rate": round(row["within"] / row["total"], 4) if row["total"] else None,
        }
        for row in rows
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
    (`"to": None`) holds everything from `cap_minutes` on. An arrival recorded before its
    dispatch (clock skew) goes in the first bucket. `within_limit` says whether the whole
    bucket lies within the unit's limit (police 15, inspection 20 minutes), so a chart can
    colour it. Only orders with an arrival count; date bounds are on the dispatch date.
    Counted by the database in one grouped query.
    """
    qs = DispatchOrder.objects.filter(arrived_at__isnull=False)
    if user is not None:
        qs = qs.filter(incident__in=incident_list_for_user(user=user))
    qs = _date_bounds(qs, date_from, date_to)
    n_buckets = cap_minutes // bucket_minutes
    result: dict[str, list[dict]] = {}
    for kind in UnitKind.values:
        limit = ARRIVAL_LIMIT_MINUTES[kind]
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
    # The first upper bound a duration stays under is its bucket (so negatives fall in 0).
    bucket = Case(
        *[When(seconds__lt=(i + 1) * bucket_minutes * 60, then=Value(i)) for i in range(n_buckets)],
        default=Value(n_buckets),
        output_field=IntegerField(),
    )
    rows = (
        qs.annotate(seconds=SecondsBetween(F("arrived_at"), F("dispatched_at")))
        .annotate(bucket=bucket)
        .values("unit_kind", "bucket")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row["unit_kind"] in result:
            result[row["unit_kind"]][row["bucket"]]["count"] = row["n"]
    return result


def _date_bounds(qs, date_from: dt.date | None, date_to: dt.date | None):
    if date_from:
        qs = qs.filter(dispatched_at__gte=_local_midnight(date_from))
    if date_to:
        qs = qs.filter(dispatched_at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
    return qs


def arrival_rates_summary(*, user, days: int = 365) -> list[dict]:
    """Within-limit totals per unit kind over the last `days` days (for the list page's header):
    ``[{"unit_kind": "police", "label": "公安警务室", "within": 291, "total": 322, "rate": 0.9037}]``.
    Counted as `arrival_within_limit` counts, in one query grouped by unit kind.
    """
    since = timezone.localdate() - dt.timedelta(days=days)
    totals = {kind: [0, 0] for kind in UnitKind.values}
    qs = _counted_orders(user=user, date_from=since, date_to=None)
    for row in qs.values("unit_kind").annotate(**_within_and_total()).order_by():
        if row["unit_kind"] in totals:
            totals[row["unit_kind"]] = [row["within"], row["total"]]
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
