"""The figures of the dashboard, the API and the monthly report: aggregate queries only, within
the reader's scope (`village_scope_q`), each counted as `definitions.DEFINITIONS` says."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.choices import ScopeLevel
from jiefen.arbitration.choices import ApplicationStatus
from jiefen.arbitration.models import Application
from jiefen.cases.choices import CaseStatus, Category, Channel, Outcome
from jiefen.cases.clocks import CLOCK_LATE, CLOCK_ON_TIME, RESOLVE_7
from jiefen.cases.models import MAJOR_CASE_Q, Assignment, Case, Clock
from jiefen.core.db import SecondsBetween
from jiefen.dispatch.selectors import arrival_time_distribution, arrival_within_limit
from jiefen.geo.models import GridArea, Street, Village
from jiefen.geo.selectors import village_scope_q
from jiefen.mediation.choices import MediationStatus
from jiefen.mediation.models import Mediation
from jiefen.reports.definitions import Ratio

# Clock kinds written by the arbitration track (jiefen/arbitration).
ARBITRATION_ONE_MONTH = "arbitration_one_month"
ARBITRATION_AWARD_45 = "arbitration_award_45_days"
RATE_CLOCKS = {
    RESOLVE_7: "within_7_workdays_rate",
    ARBITRATION_ONE_MONTH: "arbitration_within_one_month_rate",
    ARBITRATION_AWARD_45: "arbitration_within_45_days_rate",
}
CONCLUDED = (CaseStatus.RESOLVED, CaseStatus.UNRESOLVED)
# The states of a concluded case: 结案 follows only 化解 or 未化解, and keeps the outcome.
CONCLUDED_OR_CLOSED = (*CONCLUDED, CaseStatus.CLOSED)
MEDIATION_ENDED = (MediationStatus.AGREED, MediationStatus.FAILED, MediationStatus.REFUSED)
OPEN = (CaseStatus.RECEIVED, CaseStatus.REGISTERED, CaseStatus.ACCEPTED, CaseStatus.HANDLING)


# Years a period may fall in: outside them a date cannot be a dispute's, and the extremes would
# overflow the time-zone arithmetic.
MIN_YEAR, MAX_YEAR = 1990, 2999

# --- periods -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the centre's time zone."""

    start: dt.date
    end: dt.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, nxt - dt.timedelta(days=1))

    @classmethod
    def parse_month(cls, text: str) -> Period:
        try:
            year, month = (int(part) for part in text.split("-"))
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(year)
            return cls.month(year, month)
        except (ValueError, TypeError) as exc:
            raise ValidationError({"period": [_("月份格式应为 YYYY-MM")]}) from exc

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self == Period.month(self.start.year, self.start.month)

    @property
    def key(self) -> str:
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d}~{self.end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        if self.is_month:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"

    def previous_month(self) -> Period:
        first = self.start.replace(day=1) - dt.timedelta(days=1)
        return Period.month(first.year, first.month)

    def same_month_last_year(self) -> Period:
        return Period.month(self.start.year - 1, self.start.month)

    def months(self) -> list[Period]:
        """The calendar months this period touches, first to last."""
        out, cursor = [], self.start.replace(day=1)
        while cursor <= self.end:
            month = Period.month(cursor.year, cursor.month)
            out.append(month)
            cursor = month.end + dt.timedelta(days=1)
        return out

    def months_back(self, count: int) -> Period:
        """The `count` whole months ending with this period's last month."""
        year, month = self.end.year, self.end.month - (count - 1)
        while month < 1:
            month += 12
            year -= 1
        return Period(dt.date(year, month, 1), Period.month(self.end.year, self.end.month).end)


def period_from_params(
    *, period: str = "", date_from: str = "", date_to: str = "", today: dt.date | None = None
) -> Period:
    """`period=YYYY-MM`, or `from`/`to` dates; the current month when neither is given."""
    today = today or timezone.localdate()
    if period:
        return Period.parse_month(period)
    if date_from or date_to:
        errors: dict[str, list[str]] = {}
        parsed: dict[str, dt.date] = {}
        for name, text in (("from", date_from), ("to", date_to)):
            try:
                parsed[name] = dt.date.fromisoformat(text)
                if not MIN_YEAR <= parsed[name].year <= MAX_YEAR:
                    raise ValueError(text)
            except ValueError:
                errors[name] = [_("日期格式应为 YYYY-MM-DD")]
        if errors:
            raise ValidationError(errors)
        if parsed["from"] > parsed["to"]:
            raise ValidationError({"to": [_("结束日期不能早于开始日期")]})
        if (parsed["to"] - parsed["from"]).days > 3660:
            raise ValidationError({"to": [_("统计期不能超过十年")]})
        return Period(parsed["from"], parsed["to"])
    return Period.month(today.year, today.month)


# --- scope ---------------------------------------------------------------------------------


def scope_villages(*, user, street: str = "") -> list[int] | None:
    """The ids of the villages counted (the reader's scope, narrowed to `street`), or None for
    the whole district. Resolved once into a short list, so that every figure checks a row's
    village inside the index it reads by, instead of joining the map (or, for a clock, its case)
    for each row."""
    q = village_scope_q(user, prefix="")
    if street:
        q &= Q(street__code=street)
    if q == Q():
        return None
    return list(Village.objects.filter(q).values_list("pk", flat=True))


def whole_district(user) -> bool:
    """The reader's scope is the whole district (their figures count every case)."""
    return village_scope_q(user, prefix="") == Q()


def _scope_q(user, *, street: str = "", prefix: str = "village") -> Q:
    villages = scope_villages(user=user, street=street)
    return Q() if villages is None else Q(**{f"{prefix}__in": villages})


def cases_in_scope(*, user, street: str = "") -> QuerySet[Case]:
    return Case.objects.filter(_scope_q(user, street=street))


def clocks_in_scope(*, user, street: str = "") -> QuerySet[Clock]:
    return Clock.objects.filter(_scope_q(user, street=street))


def street_choices(*, user) -> QuerySet[Street]:
    """The streets a person may filter by: those holding a village of their scope."""
    return (
        Street.objects.filter(village_scope_q(user, prefix="villages")).distinct().order_by("code")
    )


# --- expressions ---------------------------------------------------------------------------


def handling_seconds() -> SecondsBetween:
    return SecondsBetween(F("concluded_at"), F("accepted_at"))


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, computed in the database."""

    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 86400, 2)


def median_seconds(qs: QuerySet) -> float | None:
    """The median handling time of `qs` in seconds: percentile_cont on PostgreSQL; elsewhere
    the middle row(s) of the ordered durations, fetched by offset (still computed in SQL)."""
    qs = qs.filter(accepted_at__isnull=False).annotate(seconds=handling_seconds())
    if connection.vendor == "postgresql":
        return qs.aggregate(median=Median("seconds"))["median"]
    count = qs.count()
    if not count:
        return None
    middle = list(
        qs.order_by("seconds").values_list("seconds", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    return sum(middle) / len(middle)


def _concluded(qs: QuerySet[Case], period: Period) -> QuerySet[Case]:
    """Cases concluded (resolved or unresolved) within the period; `outcome` says which."""
    return qs.filter(
        concluded_at__gte=period.start_at,
        concluded_at__lt=period.end_at,
        status__in=CONCLUDED_OR_CLOSED,
    )


def per_range(
    qs: QuerySet, field: str, ranges: list[tuple[dt.datetime, dt.datetime]], *group, **aggregates
) -> list[dict]:
    """`aggregates` of `qs` (grouped by `group`) within each [start, end) range of `field`, each
    row tagged with its range's index as `bucket`. One range query per range, sent as one UNION
    ALL: each part reads its range from an index, where bucketing every row with a CASE reads
    and compares them all (ten times slower on a year of 100,000 cases)."""
    parts = [
        qs.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        .annotate(bucket=Value(i, output_field=IntegerField()))
        .values("bucket", *group)
        .annotate(**aggregates)
        .order_by()
        for i, (start, end) in enumerate(ranges)
        if start < end
    ]
    if not parts:
        return []
    return list(parts[0].union(*parts[1:], all=True))


def month_ranges(months: list[Period], *, until: dt.datetime | None = None) -> list[tuple]:
    """Each month as a [start, end) range of moments, cut off at `until` when given."""
    return [(m.start_at, m.end_at if until is None else min(m.end_at, until)) for m in months]


def clock_counts(
    *, clocks: QuerySet[Clock], period: Period, now: dt.datetime, by_month: bool = False
) -> list[dict]:
    """Per clock kind (and month): clocks decided in the period, and those met on time.

    A clock is decided when it is met on time (counted at `met_at`) or when it falls due unmet
    or is met late (counted at `due_at`, once that moment has passed); two range queries."""
    base = clocks.filter(cancelled=False, kind__in=list(RATE_CLOCKS))
    on_time, late = base.filter(CLOCK_ON_TIME), base.filter(CLOCK_LATE)
    months = period.months() if by_month else [period]
    counts: dict[tuple, dict] = {}
    for qs, field, name, until in (
        (on_time, "met_at", "on_time", None),
        (late, "due_at", "late", now),
    ):
        for row in per_range(qs, field, month_ranges(months, until=until), "kind", n=Count("pk")):
            key = (row["kind"], row["bucket"]) if by_month else (row["kind"],)
            entry = counts.setdefault(key, {"kind": row["kind"], "on_time": 0, "late": 0})
            if by_month:
                entry["month"] = row["bucket"]
            entry[name] = row["n"]
    return [
        entry | {"decided": entry["on_time"] + entry["late"]}
        for _key, entry in sorted(counts.items())
    ]


# --- the figures ---------------------------------------------------------------------------


def pending_counts(cases: QuerySet[Case], start: dt.datetime, end: dt.datetime) -> dict:
    """Cases pending at the period's start (carried over) and at its end (backlog): accepted
    before the moment and not concluded by it; a reopened case is pending again (the case
    list's `pending_on`). Three disjoint parts, each found through an index (conclusion after
    the start, never concluded, reopened), instead of one scan of every case ever accepted."""
    at_start = Q(accepted_at__lt=start)
    later = cases.filter(concluded_at__gte=start, accepted_at__lt=end).aggregate(
        start=Count("pk", filter=at_start), end=Count("pk", filter=Q(concluded_at__gte=end))
    )
    # A case accepted and never concluded is open: saying so lets the planner read the few
    # open cases from the index on state rather than every case without a conclusion.
    never = cases.filter(status__in=OPEN, concluded_at__isnull=True, accepted_at__lt=end).aggregate(
        start=Count("pk", filter=at_start), end=Count("pk")
    )
    # concluded_at through coalesce(): the planner takes the index on state (few open cases)
    # instead of the one on conclusion (every case concluded before the end).
    reopened = (
        cases.annotate(concluded_plain=Coalesce("concluded_at", "concluded_at"))
        .filter(status__in=OPEN, concluded_plain__lt=end, accepted_at__lt=end)
        .aggregate(start=Count("pk", filter=at_start & Q(concluded_at__lt=start)), end=Count("pk"))
    )
    return {
        "carried_over": later["start"] + never["start"] + reopened["start"],
        "backlog": later["end"] + never["end"] + reopened["end"],
    }


def mediation_counts(*, user, period: Period, street: str = "") -> dict:
    """Mediations ended in the period (调解组织办结) and those ended in an agreement."""
    return Mediation.objects.filter(
        _scope_q(user, street=street, prefix="case__village"),
        ended_at__gte=period.start_at,
        ended_at__lt=period.end_at,
        status__in=MEDIATION_ENDED,
    ).aggregate(
        concluded=Count("pk"),
        agreed=Count("pk", filter=Q(status=MediationStatus.AGREED)),
    )


def arbitration_counts(*, user, period: Period, street: str = "") -> dict:
    """Arbitration applications accepted, carried over and closed in the period, closed by
    award, by arbitration mediation, or otherwise; pending at the period's end."""
    start, end = period.start_at, period.end_at
    return Application.objects.filter(
        _scope_q(user, street=street, prefix="case__village"), accepted_at__isnull=False
    ).aggregate(
        accepted=Count("pk", filter=Q(accepted_at__gte=start, accepted_at__lt=end)),
        carried_over=Count(
            "pk",
            filter=Q(accepted_at__lt=start)
            & (Q(concluded_at__isnull=True) | Q(concluded_at__gte=start)),
        ),
        closed=Count("pk", filter=Q(concluded_at__gte=start, concluded_at__lt=end)),
        closed_award=Count(
            "pk",
            filter=Q(
                concluded_at__gte=start, concluded_at__lt=end, status=ApplicationStatus.AWARDED
            ),
        ),
        closed_mediated=Count(
            "pk",
            filter=Q(
                concluded_at__gte=start, concluded_at__lt=end, status=ApplicationStatus.MEDIATED
            ),
        ),
        pending=Count(
            "pk",
            filter=Q(accepted_at__lt=end)
            & (Q(concluded_at__isnull=True) | Q(concluded_at__gte=end)),
        ),
    )


def summary(*, user, period: Period, street: str = "", now: dt.datetime | None = None) -> dict:
    """Every figure of the period, as counts and `Ratio`s (see definitions.DEFINITIONS)."""
    now = now or timezone.now()
    cases = cases_in_scope(user=user, street=street)
    start, end = period.start_at, period.end_at
    received_q = Q(received_at__gte=start, received_at__lt=end)
    accepted_q = Q(accepted_at__gte=start, accepted_at__lt=end)
    # Only the rows received or accepted in the period (each term served by its index).
    counts = cases.filter(received_q | accepted_q).aggregate(
        received=Count("pk", filter=received_q),
        accepted=Count("pk", filter=accepted_q),
        collective_cases=Count("pk", filter=accepted_q & Q(collective=True)),
        collective_workers=Sum("claimant_count", filter=accepted_q & Q(collective=True)),
        workers=Sum("claimant_count", filter=accepted_q),
        claim_total=Sum("claim_total", filter=accepted_q),
    )
    counts |= pending_counts(cases, start, end)
    concluded_qs = _concluded(cases, period)
    conc = concluded_qs.aggregate(
        concluded=Count("pk"),
        resolved=Count("pk", filter=Q(outcome=Outcome.RESOLVED)),
        unresolved=Count("pk", filter=Q(outcome=Outcome.UNRESOLVED)),
        amount_recovered=Sum("amount_recovered"),
        avg=Avg(handling_seconds(), filter=Q(accepted_at__isnull=False)),
    )
    median = median_seconds(concluded_qs)
    clocks = clocks_in_scope(user=user, street=street)
    rates = {name: Ratio(0, 0) for name in RATE_CLOCKS.values()}
    for row in clock_counts(clocks=clocks, period=period, now=now):
        rates[RATE_CLOCKS[row["kind"]]] = Ratio(row["on_time"], row["decided"])
    med = mediation_counts(user=user, period=period, street=street)
    arb = arbitration_counts(user=user, period=period, street=street)
    overdue = overdue_count(clocks=clocks, now=now)
    arrivals = arrival_rates(user=user, period=period, street=street)
    return {
        "period": period,
        "street": street,
        "received": counts["received"],
        "accepted": counts["accepted"],
        "carried_over": counts["carried_over"],
        "concluded": conc["concluded"],
        "resolved": conc["resolved"],
        "unresolved": conc["unresolved"],
        "backlog": counts["backlog"],
        "overdue": overdue,
        "collective_cases": counts["collective_cases"],
        "collective_workers": counts["collective_workers"] or 0,
        "workers": counts["workers"] or 0,
        "claim_total": counts["claim_total"] or Decimal("0.00"),
        "amount_recovered": conc["amount_recovered"] or Decimal("0.00"),
        "handling_days_avg": _days(conc["avg"]),
        "handling_days_median": _days(median),
        "resolution_rate": Ratio(conc["resolved"], conc["concluded"]),
        "mediation_success_rate": Ratio(med["agreed"], med["concluded"]),
        "mediation_concluded": med["concluded"],
        "mediation_agreed": med["agreed"],
        "arbitration_closure_rate": Ratio(arb["closed"], arb["accepted"] + arb["carried_over"]),
        "arbitration_accepted": arb["accepted"],
        "arbitration_carried_over": arb["carried_over"],
        "arbitration_closed": arb["closed"],
        "arbitration_closed_award": arb["closed_award"],
        "arbitration_closed_mediated": arb["closed_mediated"],
        "arbitration_closed_other": arb["closed"] - arb["closed_award"] - arb["closed_mediated"],
        "arbitration_pending": arb["pending"],
        **rates,
        **arrivals,
    }


def overdue_count(*, clocks: QuerySet[Clock], now: dt.datetime) -> int:
    """Cases with a clock past due, unmet and not suspended (the open-clock index serves it)."""
    return (
        clocks.filter(met_at__isnull=True, cancelled=False, due_at__lt=now, paused_at__isnull=True)
        .values("case_id")
        .distinct()
        .count()
    )


RATE_KEYS = (
    "resolution_rate",
    "within_7_workdays_rate",
    "arbitration_within_one_month_rate",
    "arbitration_within_45_days_rate",
    "mediation_success_rate",
    "arbitration_closure_rate",
    "police_arrival_within_15_min_rate",
    "inspection_arrival_within_20_min_rate",
)


ARRIVAL_RATE_KEYS = {
    "police": "police_arrival_within_15_min_rate",
    "inspection": "inspection_arrival_within_20_min_rate",
}


def _dispatch_reader(user, street: str):
    """Whose scope the 110 figures are read in: the dispatch selectors take a person, not a
    street; a street chosen by a district or street reader is that street's scope (a grid or
    village reader's scope already lies within one street)."""
    level = getattr(user, "scope_level", ScopeLevel.DISTRICT)
    if street and (user.is_superuser or level in (ScopeLevel.DISTRICT, ScopeLevel.STREET)):
        return SimpleNamespace(
            is_superuser=False,
            scope_level=ScopeLevel.STREET,
            scope_code=street,
            pk=getattr(user, "pk", None),
        )
    return user


def arrival_rates(*, user, period: Period, street: str = "") -> dict:
    """110 arrival within the limit (police 15, inspection 20 minutes) per unit kind, summed
    over the period's months from the dispatch app's counts (a Ratio whose value is None when
    nothing was counted)."""
    out: dict = {}
    totals = {kind: [0, 0] for kind in ARRIVAL_RATE_KEYS}
    for row in arrival_within_limit(
        date_from=period.start, date_to=period.end, user=_dispatch_reader(user, street)
    ):
        if row["unit_kind"] in totals:
            totals[row["unit_kind"]][0] += row["within"]
            totals[row["unit_kind"]][1] += row["total"]
    for kind, (within, total) in totals.items():
        out[ARRIVAL_RATE_KEYS[kind]] = Ratio(within, total)
    return out


def arrival_distribution(*, user, period: Period, street: str = "") -> dict | None:
    """Arrival times in 5-minute bands per unit kind (the dispatch app's histogram), or None
    when no unit arrived in the period."""
    hist = arrival_time_distribution(
        date_from=period.start,
        date_to=period.end,
        bucket_minutes=5,
        cap_minutes=40,
        user=_dispatch_reader(user, street),
    )
    labels = {"police": _("公安（15分钟）"), "inspection": _("劳动监察（20分钟）")}
    kinds = [k for k in ("police", "inspection") if k in hist]
    if not kinds or not any(b["count"] for k in kinds for b in hist[k]):
        return None
    first = hist[kinds[0]]
    return {
        "bands": [
            f"{b['from']}-{b['to']}" if b["to"] is not None else f"{b['from']}+" for b in first
        ],
        "series": [{"name": str(labels[k]), "data": [b["count"] for b in hist[k]]} for k in kinds],
    }


def breakdowns(*, user, period: Period, street: str = "") -> dict[str, list[dict]]:
    """Cases received in the period, counted by state, category, channel, street and village:
    two grouped queries; the groups (not the cases) are summed up here."""
    qs = cases_in_scope(user=user, street=street).filter(
        received_at__gte=period.start_at, received_at__lt=period.end_at
    )
    by_kind: dict[str, dict[str, int]] = {"status": {}, "category": {}, "channel": {}}
    for row in qs.values("status", "category", "channel").annotate(n=Count("pk")).order_by():
        for field, counts in by_kind.items():
            counts[row[field]] = counts.get(row[field], 0) + row["n"]
    per_village = dict(qs.values_list("village_id").annotate(n=Count("pk")).order_by())
    villages = Village.objects.filter(pk__in=per_village).select_related("street")
    streets: dict[str, dict] = {}
    village_rows = []
    for village in villages:
        n = per_village[village.pk]
        village_rows.append({"key": village.code, "label": village.name, "count": n})
        entry = streets.setdefault(
            village.street.code,
            {"key": village.street.code, "label": village.street.name, "count": 0},
        )
        entry["count"] += n

    def labelled(field: str, labels) -> list[dict]:
        counts = by_kind[field]
        return [
            {"key": value, "label": str(label), "count": counts[value]}
            for value, label in labels
            if counts.get(value)
        ]

    return {
        "status": labelled("status", CaseStatus.choices),
        "category": labelled("category", Category.choices),
        "channel": labelled("channel", Channel.choices),
        "street": sorted(streets.values(), key=lambda r: (-r["count"], r["key"])),
        "village": sorted(village_rows, key=lambda r: (-r["count"], r["key"]))[:20],
    }


def trend(
    *, user, period: Period, street: str = "", months: int = 12, now: dt.datetime | None = None
) -> list[dict]:
    """The rates month by month for the `months` months ending with the period's last month."""
    now = now or timezone.now()
    span = period.months_back(months)
    month_list = span.months()
    cases = cases_in_scope(user=user, street=street)
    rows = [
        {"month": m.key, "received": 0, "resolved": 0, "concluded": 0}
        | {name: Ratio(0, 0) for name in RATE_CLOCKS.values()}
        for m in month_list
    ]
    ranges = month_ranges(month_list)
    for r in per_range(cases, "received_at", ranges, n=Count("pk")):
        rows[r["bucket"]]["received"] = r["n"]
    concluded = cases.filter(status__in=CONCLUDED_OR_CLOSED)
    for r in per_range(
        concluded,
        "concluded_at",
        ranges,
        n=Count("pk"),
        resolved=Count("pk", filter=Q(outcome=Outcome.RESOLVED)),
    ):
        rows[r["bucket"]]["concluded"], rows[r["bucket"]]["resolved"] = r["n"], r["resolved"]
    for r in clock_counts(
        clocks=clocks_in_scope(user=user, street=street), period=span, now=now, by_month=True
    ):
        rows[r["month"]][RATE_CLOCKS[r["kind"]]] = Ratio(r["on_time"], r["decided"])
    for row in rows:
        row["resolution_rate"] = Ratio(row["resolved"], row["concluded"])
    return rows


TREND_CACHE_SECONDS = 300


def trend_cached(*, user, period: Period, street: str = "") -> list[dict]:
    """`trend`, kept for five minutes per scope, street and month: the wall screen asks again
    every five minutes, and past months rarely change."""
    key = ":".join(
        [
            "reports:trend",
            "all" if user.is_superuser else f"{user.scope_level}-{user.scope_code}",
            street or "-",
            period.key,
        ]
    )
    rows = cache.get(key)
    if rows is None:
        rows = trend(user=user, period=period, street=street)
        cache.set(key, rows, TREND_CACHE_SECONDS)
    return rows


def overdue_list(*, user, street: str = "", limit: int = 50, now: dt.datetime | None = None):
    """Open clocks past due (not suspended), the longest overdue first, with the case's owners."""
    now = now or timezone.now()
    return list(
        clocks_in_scope(user=user, street=street)
        .filter(met_at__isnull=True, cancelled=False, paused_at__isnull=True, due_at__lt=now)
        .select_related("case__village__street")
        .prefetch_related(
            Prefetch(
                "case__assignments",
                queryset=Assignment.objects.filter(active=True).select_related("user"),
                to_attr="active_assignments",
            )
        )
        .order_by("due_at", "id")[:limit]
    )


# --- the monthly report's tables ------------------------------------------------------------


def top_employers(*, user, period: Period, street: str = "", limit: int = 10) -> list[dict]:
    """The employers with most disputes received in the period."""
    return list(
        cases_in_scope(user=user, street=street)
        .filter(
            received_at__gte=period.start_at,
            received_at__lt=period.end_at,
            employer__isnull=False,
        )
        .values("employer_id", "employer__name", "employer__credit_code")
        .annotate(
            cases=Count("pk"),
            workers=Sum("claimant_count"),
            claim_total=Sum("claim_total"),
        )
        .order_by("-cases", "-claim_total", "employer__name")[:limit]
    )


def major_cases(*, user, period: Period, street: str = "", limit: int = 100) -> list[Case]:
    """Collective and major cases received in the period, or still open during it."""
    active = Q(received_at__gte=period.start_at, received_at__lt=period.end_at) | (
        Q(received_at__lt=period.start_at)
        & (Q(concluded_at__isnull=True) | Q(concluded_at__gte=period.start_at))
    )
    return list(
        cases_in_scope(user=user, street=street)
        .filter(MAJOR_CASE_Q & active)
        .select_related("village__street", "employer", "lead_department")
        .order_by("-claimant_count", "-received_at")[:limit]
    )


def late_clocks(
    *, user, period: Period, street: str = "", now: dt.datetime | None = None, limit: int = 200
) -> list[Clock]:
    """The clocks decided late in the period (fell due unmet), with their cases' owners."""
    now = now or timezone.now()
    return list(
        clocks_in_scope(user=user, street=street)
        .filter(
            Q(met_at__isnull=True, paused_at__isnull=True) | Q(met_at__gt=F("due_at")),
            cancelled=False,
            due_at__gte=period.start_at,
            due_at__lt=min(period.end_at, now),
        )
        .select_related("case__village__street")
        .prefetch_related(
            Prefetch(
                "case__assignments",
                queryset=Assignment.objects.filter(active=True).select_related("user"),
                to_attr="active_assignments",
            )
        )
        .order_by("due_at", "id")[:limit]
    )


def dispute_table(summary_row: dict) -> list[tuple[str, object]]:
    """The labor authorities' table layout (劳动人事争议处理情况), from a `summary`."""
    s = summary_row
    return [
        (_("上期未结案件数"), s["carried_over"]),
        (_("当期案件受理数"), s["accepted"]),
        (_("　其中：集体争议案件数"), s["collective_cases"]),
        (_("劳动者当事人数（人）"), s["workers"]),
        (_("　其中：集体争议劳动者人数（人）"), s["collective_workers"]),
        (_("结案数（办结）"), s["concluded"]),
        (_("　按结果：化解"), s["resolved"]),
        (_("　按结果：未化解"), s["unresolved"]),
        (_("调解组织办结数"), s["mediation_concluded"]),
        (_("　其中：调解成功"), s["mediation_agreed"]),
        (_("仲裁：上期未结数"), s["arbitration_carried_over"]),
        (_("仲裁：当期受理数"), s["arbitration_accepted"]),
        (_("仲裁：结案数"), s["arbitration_closed"]),
        (_("　按方式：仲裁调解"), s["arbitration_closed_mediated"]),
        (_("　按方式：仲裁裁决"), s["arbitration_closed_award"]),
        (_("　按方式：其他"), s["arbitration_closed_other"]),
        (_("仲裁：期末未结数"), s["arbitration_pending"]),
        (_("涉及金额（请求，元）"), s["claim_total"]),
        (_("挽回金额（元）"), s["amount_recovered"]),
        (_("期末未结案件数"), s["backlog"]),
    ]


@dataclass
class MonthlyReport:
    period: Period
    street: str
    scope_label: str
    current: dict
    previous: dict
    last_year: dict
    employers: list[dict]
    major: list[Case]
    late: list[Clock]
    generated_at: dt.datetime
    # Sections other apps add (`monthly_report_sections` on their AppConfig): (title, header, rows).
    extra: list[tuple[str, list[str], list[list[str]]]] = dataclasses.field(default_factory=list)

    @property
    def table(self) -> list[tuple[str, object]]:
        return dispute_table(self.current)


def scope_label(*, user, street: str = "") -> str:
    if street:
        name = Street.objects.filter(code=street).values_list("name", flat=True).first()
        return name or street
    level = getattr(user, "scope_level", ScopeLevel.DISTRICT)
    if getattr(user, "is_superuser", False) or level == ScopeLevel.DISTRICT:
        return _("全区")
    model = {ScopeLevel.STREET: Street, ScopeLevel.GRID: GridArea, ScopeLevel.VILLAGE: Village}
    name = model[level].objects.filter(code=user.scope_code).values_list("name", flat=True)
    return name.first() or user.scope_code


def monthly_report(
    *, user, period: Period, street: str = "", now: dt.datetime | None = None, progress=None
) -> MonthlyReport:
    """The month's figures against the month before and the same month a year before, the
    employers with most disputes, the major and collective cases, the late clocks."""
    now = now or timezone.now()
    step = progress or (lambda percent, message: None)
    step(10, _("统计本月指标"))
    current = summary(user=user, period=period, street=street, now=now)
    step(30, _("统计上月与去年同月指标"))
    previous = summary(user=user, period=period.previous_month(), street=street, now=now)
    last_year = summary(user=user, period=period.same_month_last_year(), street=street, now=now)
    step(50, _("汇总用人单位、重大与集体案件、超期案件"))
    return MonthlyReport(
        period=period,
        street=street,
        scope_label=scope_label(user=user, street=street),
        current=current,
        previous=previous,
        last_year=last_year,
        employers=top_employers(user=user, period=period, street=street),
        major=major_cases(user=user, period=period, street=street),
        late=late_clocks(user=user, period=period, street=street, now=now),
        generated_at=now,
        extra=app_sections(user=user, period=period, street=street),
    )


def app_sections(*, user, period: Period, street: str = "") -> list:
    """The sections other apps add to the monthly report, in app order."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "monthly_report_sections", None)
        if path:
            found += import_string(path)(
                user=user, start=period.start_at, end=period.end_at, street=street
            )
    return found
