"""The dashboard's and the API's figures, breakdowns, trend and overdue list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jiefen.accounts.choices import ScopeLevel
from jiefen.arbitration.choices import ApplicationStatus
from jiefen.arbitration.models import Application
from jiefen.cases.choices import CaseStatus, Category, Channel, ClockState, Outcome
from jiefen.cases.clockrules import ClockKind
from jiefen.cases.clocks import RUNNING_CLOCK_STATES, clock_state_q
from jiefen.cases.models import Assignment, Case, Clock
from jiefen.cases.selectors import handled_in_q
from jiefen.dispatch.selectors import arrival_time_distribution, arrival_within_limit
from jiefen.geo.models import Village
from jiefen.geo.selectors import ABOVE_STREET, district_list_for_user
from jiefen.mediation.choices import MediationStatus
from jiefen.mediation.models import Mediation
from jiefen.reports.definitions import Ratio
from jiefen.reports.selectors.counted import CONCLUDED_OR_CLOSED, MEDIATION_ENDED, OPEN, RATE_CLOCKS
from jiefen.reports.selectors.expressions import (
    _concluded,
    _days,
    clock_counts,
    handling_seconds,
    median_seconds,
    month_ranges,
    per_range,
)
from jiefen.reports.selectors.periods import Period
from jiefen.reports.selectors.scope import _scope_q, cases_in_scope, clocks_in_scope
from jiefen.workdays.services import WorkdayCalendar

# Every count is COUNT(*) (or COUNT(1) with a filter, which Django does not allow beside "*"),
# not Count("pk"): PostgreSQL answers those from a covering index alone (an index-only scan),
# while COUNT(id) must read each row's id from the table (the pending counts at 1M cases: 9.5 ms
# against 42 ms, issue 20).
ROW = Value(1)


def pending_counts(cases: QuerySet[Case], start: dt.datetime, end: dt.datetime) -> dict:
    """Cases pending at the period's start (carried over) and at its end (backlog): accepted
    before the moment and not concluded by it; a reopened case is pending again (the case
    list's `pending_on`). Three disjoint parts, each found through an index (conclusion after
    the start, never concluded, reopened), instead of one scan of every case ever accepted."""
    at_start = Q(accepted_at__lt=start)
    later = cases.filter(concluded_at__gte=start, accepted_at__lt=end).aggregate(
        start=Count(ROW, filter=at_start), end=Count(ROW, filter=Q(concluded_at__gte=end))
    )
    # A case accepted and never concluded is open: saying so lets the planner read the few
    # open cases from the index on state rather than every case without a conclusion.
    never = cases.filter(status__in=OPEN, concluded_at__isnull=True, accepted_at__lt=end).aggregate(
        start=Count(ROW, filter=at_start), end=Count("*")
    )
    # concluded_at through coalesce(): the planner takes the index on state (few open cases)
    # instead of the one on conclusion (every case concluded before the end).
    reopened = (
        cases.annotate(concluded_plain=Coalesce("concluded_at", "concluded_at"))
        .filter(status__in=OPEN, concluded_plain__lt=end, accepted_at__lt=end)
        .aggregate(start=Count(ROW, filter=at_start & Q(concluded_at__lt=start)), end=Count("*"))
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
        concluded=Count("*"),
        agreed=Count(ROW, filter=Q(status=MediationStatus.AGREED)),
    )


def arbitration_counts(*, user, period: Period, street: str = "") -> dict:
    """Arbitration applications accepted, carried over and closed in the period, closed by
    award, by arbitration mediation, or otherwise; pending at the period's end."""
    start, end = period.start_at, period.end_at
    return Application.objects.filter(
        _scope_q(user, street=street, prefix="case__village"), accepted_at__isnull=False
    ).aggregate(
        accepted=Count(ROW, filter=Q(accepted_at__gte=start, accepted_at__lt=end)),
        carried_over=Count(
            "pk",
            filter=Q(accepted_at__lt=start)
            & (Q(concluded_at__isnull=True) | Q(concluded_at__gte=start)),
        ),
        closed=Count(ROW, filter=Q(concluded_at__gte=start, concluded_at__lt=end)),
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
        received=Count(ROW, filter=received_q),
        accepted=Count(ROW, filter=accepted_q),
        collective_cases=Count(ROW, filter=accepted_q & Q(collective=True)),
        collective_workers=Sum("claimant_count", filter=accepted_q & Q(collective=True)),
        workers=Sum("claimant_count", filter=accepted_q),
        claim_total=Sum("claim_total", filter=accepted_q),
    )
    counts |= pending_counts(cases, start, end)
    in_hand = cases.filter(handled_in_q(start, end), collective=True).aggregate(
        cases=Count("pk"), workers=Sum("claimant_count")
    )
    concluded_qs = _concluded(cases, period)
    conc = concluded_qs.aggregate(
        concluded=Count("*"),
        resolved=Count(ROW, filter=Q(outcome=Outcome.RESOLVED)),
        unresolved=Count(ROW, filter=Q(outcome=Outcome.UNRESOLVED)),
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
        "collective_in_hand": in_hand["cases"],
        "collective_in_hand_workers": in_hand["workers"] or 0,
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


def district_reader(user, district: str):
    """A reader narrowed to one district of their scope: a city or province leader's figures for
    one district are that district's leader's figures, counted by the same definitions. None when
    the district is not wholly in the reader's scope (a street's people read no other district)."""
    level = getattr(user, "scope_level", ScopeLevel.DISTRICT)
    if not (user.is_superuser or level in ABOVE_STREET):
        return None
    if not district_list_for_user(user=user).filter(code=district).exists():
        return None
    return SimpleNamespace(
        is_superuser=False,
        scope_level=ScopeLevel.DISTRICT,
        scope_code=district,
        pk=getattr(user, "pk", None),
    )


def district_breakdown(*, user, period: Period, now: dt.datetime | None = None) -> list[dict]:
    """The period's summary for each district of the reader's scope, side by side: how a city
    leader compares districts. The city's own figures are `summary` of the city leader; each row
    here is `summary` of a reader narrowed to one district, so the rows add up to the city's
    counts and every rate means what it means for one district."""
    rows = []
    for district in district_list_for_user(user=user):
        reader = district_reader(user, district.code)
        if reader is None:
            continue
        row = summary(user=reader, period=period, now=now)
        row.update(district=district.code, district_name=district.name)
        rows.append(row)
    return rows


def _dispatch_reader(user, street: str):
    """Whose scope the 110 figures are read in: the dispatch selectors take a person, not a
    street; a street chosen by a district or street reader is that street's scope (a grid or
    village reader's scope already lies within one street)."""
    level = getattr(user, "scope_level", ScopeLevel.DISTRICT)
    if street and (user.is_superuser or level in (*ABOVE_STREET, ScopeLevel.STREET)):
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
    """Cases received in the period, counted by state, category, channel, district, street and
    village:
    two grouped queries; the groups (not the cases) are summed up here."""
    qs = cases_in_scope(user=user, street=street).filter(
        received_at__gte=period.start_at, received_at__lt=period.end_at
    )
    by_kind: dict[str, dict[str, int]] = {"status": {}, "category": {}, "channel": {}}
    for row in qs.values("status", "category", "channel").annotate(n=Count("*")).order_by():
        for field, counts in by_kind.items():
            counts[row[field]] = counts.get(row[field], 0) + row["n"]
    per_village = dict(qs.values_list("village_id").annotate(n=Count("*")).order_by())
    villages = Village.objects.filter(pk__in=per_village).select_related("street__district")
    streets: dict[str, dict] = {}
    districts: dict[str, dict] = {}
    village_rows = []
    for village in villages:
        n = per_village[village.pk]
        village_rows.append({"key": village.code, "label": village.name, "count": n})
        district = village.street.district
        districts.setdefault(
            district.code, {"key": district.code, "label": district.name, "count": 0}
        )["count"] += n
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
        "district": sorted(districts.values(), key=lambda r: (-r["count"], r["key"])),
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
    for r in per_range(cases, "received_at", ranges, n=Count("*")):
        rows[r["bucket"]]["received"] = r["n"]
    concluded = cases.filter(status__in=CONCLUDED_OR_CLOSED)
    for r in per_range(
        concluded,
        "concluded_at",
        ranges,
        n=Count("*"),
        resolved=Count(ROW, filter=Q(outcome=Outcome.RESOLVED)),
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


def dashboard_data(*, reader, period: Period, street: str = "", wall: bool = False) -> dict:
    """What the dashboard shows `reader` (a person, or a wall-screen pass's scope): the figures,
    the charts' data and the overdue list, as of `now`.

    Kept for JIEFEN_DASHBOARD_CACHE_SECONDS per reader, period, street, screen and language:
    computing it reads ~30 aggregates (about a tenth of a second at a million cases), and a leader
    goes back to it between drill-downs, a wall screen every minute. The page says when its
    figures were counted (`now`). Per reader, not per scope: what a person sees also follows
    their roles."""
    seconds = settings.JIEFEN_DASHBOARD_CACHE_SECONDS
    # The reader's role and scope too: figures counted before an administrator narrowed them are
    # not shown after.
    who = f"{reader.pk or 'pass'}-{reader.role}-{reader.scope_level}-{reader.scope_code}"
    key = ":".join(
        [
            "reports:dashboard",
            who,
            street or "-",
            period.key,
            "wall" if wall else "-",
            get_language(),
        ]
    )
    data = cache.get(key) if seconds else None
    if data is None:
        now = timezone.now()
        data = {
            "now": now,
            "figures": summary(user=reader, period=period, street=street, now=now),
            "parts": breakdowns(user=reader, period=period, street=street),
            "trend": trend_cached(user=reader, period=period, street=street),
            "arrivals": arrival_distribution(user=reader, period=period, street=street),
            "board": clock_board(user=reader, street=street, now=now),
            "overdue": [] if wall else overdue_list(user=reader, street=street, now=now),
        }
        if seconds:
            cache.set(key, data, seconds)
    return data


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


CLOCK_BOARD_STATES = RUNNING_CLOCK_STATES


def clock_board(*, user, street: str = "", now: dt.datetime | None = None) -> list[dict]:
    """Every running clock now, per kind: on time, due soon, overdue (the wall screen's board).

    One grouped query over the open clocks (their partial index); each state is the filter of
    `clock_state_q`, the rule each clock's own badge follows, so the board and the case agree.
    Paused clocks are left out (they are not running)."""
    now = now or timezone.now()
    calendar = WorkdayCalendar()
    counts = {
        # Counting a column of the index (never null), as Django allows no COUNT(*) with a
        # filter: counting the primary key, which the index does not hold, read every row.
        state: Count("due_at", filter=clock_state_q(state, now=now, calendar=calendar))
        for state in CLOCK_BOARD_STATES
    }
    rows = (
        clocks_in_scope(user=user, street=street)
        .filter(met_at__isnull=True, cancelled=False, paused_at__isnull=True)
        .values("kind")
        .annotate(**counts)
        .order_by()
    )
    labels = dict(ClockKind.choices)
    board = [
        {
            "kind": row["kind"],
            "label": str(labels.get(row["kind"], row["kind"])),
            **{state: row[state] for state in CLOCK_BOARD_STATES},
            "total": sum(row[state] for state in CLOCK_BOARD_STATES),
        }
        for row in rows
    ]
    # The most pressing first: most overdue, then most due soon.
    board.sort(key=lambda r: (-r[ClockState.OVERDUE], -r[ClockState.DUE_SOON], r["label"]))
    return board
