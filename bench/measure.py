"""Time the pages against the seeded database: total, time in queries, and the bare SQL floor.

Each page goes through Django's test Client (the real URL, middleware, view and template) as the
district leader, so scope, audit and rendering are all paid for. A `connection.execute_wrapper`
adds up the time spent in the database during each request: the page's own overhead is the
rest. The bare SQL is written by hand to return the same rows, and run through the same cursor."""

from __future__ import annotations

import datetime as dt
import logging
import random
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.utils import timezone

RUNS = 50
WARMUP = 5


class QueryTimer:
    """An execute wrapper: how long the database took, and how many statements."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self.case_seconds = 0.0  # the statements reading the cases table itself (list, count)

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - start
            self.seconds += took
            self.count += 1
            if 'FROM "cases_case"' in sql:
                self.case_seconds += took


def pct(values: list[float], p: float) -> float:
    """The p-th percentile by the nearest-rank method (p95 of 50 runs is the 48th value)."""
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))
    return ordered[rank - 1]


@dataclass
class Result:
    name: str
    total_ms: list[float] = field(default_factory=list)
    query_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    case_query_ms: list[float] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict:
        d = {
            "p50_ms": round(pct(self.total_ms, 50), 2),
            "p95_ms": round(pct(self.total_ms, 95), 2),
            "runs": len(self.total_ms),
        }
        if self.query_ms:
            overhead = [t - q for t, q in zip(self.total_ms, self.query_ms, strict=True)]
            d |= {
                "query_p50_ms": round(pct(self.query_ms, 50), 2),
                "query_p95_ms": round(pct(self.query_ms, 95), 2),
                "overhead_p50_ms": round(pct(overhead, 50), 2),
                "overhead_p95_ms": round(pct(overhead, 95), 2),
                "queries": max(self.queries),
                "case_query_p50_ms": round(pct(self.case_query_ms, 50), 2),
            }
        if self.note:
            d["note"] = self.note
        return d


def timed(name: str, call, *, runs: int = RUNS, warmup: int = WARMUP, note: str = "") -> Result:
    """Run `call(i)` warmup times untimed, then `runs` times timed with its queries."""
    for i in range(warmup):
        call(-1 - i)
    result = Result(name, note=note)
    for i in range(runs):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            call(i)
            elapsed = time.perf_counter() - start
        result.total_ms.append(elapsed * 1000)
        result.query_ms.append(timer.seconds * 1000)
        result.queries.append(timer.count)
        result.case_query_ms.append(timer.case_seconds * 1000)
    return result


def bare(name: str, statements: list[tuple[str, list]], *, runs: int = RUNS) -> Result:
    """The floor: hand-written SQL returning the same rows, fetched through the raw cursor."""

    def run(_i):
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return timed(name, run, runs=runs)


def _ok(response, expected: int = 200):
    if response.status_code != expected:
        raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")
    return response


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def measure(*, runs: int = RUNS) -> dict[str, Result]:
    from jiefen.accounts.models import User
    from jiefen.cases.models import Case
    from jiefen.cases.services.sweep import clock_sweep
    from jiefen.dispatch.services import incident_receive
    from jiefen.geo.models import Street, Village

    logging.getLogger("jiefen.senders").setLevel(logging.WARNING)  # one line per SMS otherwise
    rng = random.Random(7)
    leader = User.objects.get(username="leader")
    clerk = User.objects.get(username="clerk")
    web = Client()
    web.force_login(leader)
    api = Client()
    api.force_login(clerk)
    results: dict[str, Result] = {}

    # 1. The case list filtered by street and state, first page (the leader sees the district).
    streets = list(Street.objects.order_by("code").values_list("code", flat=True))
    street = streets[len(streets) // 2]
    state = "handling"
    results["case_list"] = timed(
        "case_list",
        lambda _i: _ok(web.get("/cases/", {"street": street, "status": state})),
        runs=runs,
        note=f"street={street} status={state}",
    )
    q = connection.ops.quote_name
    list_sql = (
        "SELECT c.*, v.name, s.name, e.name FROM cases_case c "
        "JOIN geo_village v ON v.id = c.village_id JOIN geo_street s ON s.id = v.street_id "
        "LEFT JOIN parties_employer e ON e.id = c.employer_id "
        "WHERE c.status = %s AND v.code LIKE %s "
        "ORDER BY c.received_at DESC, c.id DESC LIMIT 50"
    )
    count_sql = (
        "SELECT COUNT(*) FROM cases_case c JOIN geo_village v ON v.id = c.village_id "
        "WHERE c.status = %s AND v.code LIKE %s"
    )
    results["case_list_sql"] = bare(
        "case_list_sql",
        [(count_sql, [state, street + "%"]), (list_sql, [state, street + "%"])],
        runs=runs,
    )
    # The page as it opens, unfiltered: the whole district, newest first, with its total count.
    results["case_list_all"] = timed(
        "case_list_all", lambda _i: _ok(web.get("/cases/")), runs=max(runs // 2, 5)
    )
    results["api_case_list"] = timed(
        "api_case_list",
        lambda _i: _ok(api.get("/api/v1/cases/", {"street": street, "status": state})),
        runs=runs,
        note=f"street={street} status={state}",
    )

    # 2. A keyword search in Chinese: a word of an employer's name (4 characters), and a
    #    two-character one (a surname and given name, as a clerk types a worker's name).
    # A word (brand and trade, 4 characters) of the employer of a case in the middle of the range.
    middle = Case.objects.filter(employer__isnull=False).order_by("id")[Case.objects.count() // 2]
    word = middle.employer.name[2:6]
    results["search"] = timed(
        "search",
        lambda _i: _ok(web.get("/cases/", {"q": word})),
        runs=runs,
        note=f"q={word}",
    )
    search_sql = (
        "SELECT c.*, v.name, s.name, e.name FROM cases_case c "
        "JOIN geo_village v ON v.id = c.village_id JOIN geo_street s ON s.id = v.street_id "
        "LEFT JOIN parties_employer e ON e.id = c.employer_id "
        f"WHERE c.{q('search_text')} LIKE %s "
        "ORDER BY c.received_at DESC, c.id DESC LIMIT 50"
    )
    search_count = f"SELECT COUNT(*) FROM cases_case c WHERE c.{q('search_text')} LIKE %s"
    pattern = f"%{_like_escape(word)}%"
    results["search_sql"] = bare(
        "search_sql", [(search_count, [pattern]), (search_sql, [pattern])], runs=runs
    )
    name2 = "王芳"
    results["search_2chars"] = timed(
        "search_2chars",
        lambda _i: _ok(web.get("/cases/", {"q": name2})),
        runs=max(runs // 2, 5),
        note=f"q={name2}",
    )

    # 3. A case page: a different case each time, over the whole range of ids.
    first, last = (
        Case.objects.order_by("id").values_list("id", flat=True)[:1][0],
        Case.objects.order_by("-id").values_list("id", flat=True)[:1][0],
    )
    pks = [rng.randint(first, last) for _ in range(runs + WARMUP)]
    results["case_page"] = timed(
        "case_page", lambda i: _ok(web.get(f"/cases/{pks[i]}/")), runs=runs
    )
    results["api_case"] = timed(
        "api_case", lambda i: _ok(api.get(f"/api/v1/cases/{pks[i]}/")), runs=runs
    )

    # 4. The reports: the dashboard (cold, cache cleared before each request, and warm), one
    # street's, the summary API and the monthly report page (formerly scripts/reports_benchmark).
    results |= _reports(web, runs)

    # 5. Registering a case through the API.
    villages = list(Village.objects.values_list("code", flat=True))

    def register(i):
        n = rng.randint(0, 10**9)
        body = {
            "village_code": rng.choice(villages),
            "category": "wage_arrears",
            "channel": "walk_in",
            "summary": "申请人在某建筑工地从事钢筋工作，包工头拖欠三个月工资共计两万四千元。",
            "claimants": [{"name": "测试申请人", "phone": f"139{n % 10**8:08d}"}],
            "claims": [{"item": "支付拖欠工资", "amount": "24000.00"}],
            "employer": {"name": f"杭州基准测试建筑工程有限公司{n % 97}"},
        }
        _ok(api.post("/api/v1/cases/", body, content_type="application/json"), 201)

    results["register_case"] = timed("register_case", register, runs=runs)

    # 6. A 110 incident from intake to dispatch: received, two orders out, units told.
    incident_villages = list(Village.objects.values_list("code", flat=True))
    stamp = int(time.time())

    def incident(i):
        _inc, created = incident_receive(
            incident_no=f"BENCH{stamp}{i + 100:04d}",
            received_at=timezone.now() - dt.timedelta(minutes=1),
            caller_name="李先生",
            caller_phone="13800571234",
            address="某工地门口",
            people_involved=12,
            category="wage_arrears",
            description="十余名工人聚集讨薪，情绪激动。",
            village_code=rng.choice(incident_villages),
        )
        assert created

    results["incident_dispatch"] = timed("incident_dispatch", incident, runs=runs)

    # 7. The overdue sweep over all open clocks, once.
    from jiefen.cases.models import Clock

    open_clocks = Clock.objects.filter(met_at__isnull=True, cancelled=False).count()
    flagged = []
    results["overdue_sweep"] = timed(
        "overdue_sweep",
        lambda _i: flagged.append(clock_sweep()),
        runs=1,
        warmup=0,
    )
    results["overdue_sweep"].note = f"{open_clocks} open clocks, {flagged[0]} newly flagged"

    # The same sweep facing a backlog (every overdue clock unflagged, as after a month without
    # a worker): time 200 flags and give the cost of one, for the whole backlog's arithmetic.
    overdue = Clock.objects.filter(
        met_at__isnull=True, cancelled=False, paused_at__isnull=True, due_at__lt=timezone.now()
    )
    flagged_before = list(
        overdue.filter(overdue_notified_at__isnull=False).values_list("pk", flat=True)
    )
    backlog = overdue.update(overdue_notified_at=None)
    limit = min(backlog, 200)
    if limit:
        swept = timed("overdue_sweep_200", lambda _i: clock_sweep(limit=limit), runs=1, warmup=0)
        per_clock = swept.total_ms[0] / limit
        swept.note = (
            f"{limit} of a backlog of {backlog} flagged: {per_clock:.1f} ms each, "
            f"the whole backlog ≈ {per_clock * backlog / 1000:.0f} s"
        )
        results["overdue_sweep_200"] = swept
    # Put the flags back, so that the next run's steady sweep meets the same database.
    for start in range(0, len(flagged_before), 5000):
        Clock.objects.filter(
            pk__in=flagged_before[start : start + 5000], overdue_notified_at__isnull=True
        ).update(overdue_notified_at=timezone.now())
    return results


REPORT_PAGES = [
    # (name, URL, cache cleared before each request)
    ("dashboard_cold", "/reports/", True),
    ("dashboard_street_cold", "/reports/?street=330106010", True),
    ("dashboard", "/reports/", False),
    ("dashboard_street", "/reports/?street=330106010", False),
    ("summary_api", "/api/v1/reports/summary/", False),
    ("monthly_page", "/reports/monthly/", False),
]


def _reports(web: Client, runs: int) -> dict[str, Result]:
    from django.core.cache import cache

    def get(url: str, cold: bool):
        def call(_i):
            if cold:
                cache.clear()
            _ok(web.get(url))

        return call

    return {
        name: timed(name, get(url, cold), runs=runs, note="cache cleared" if cold else "")
        for name, url, cold in REPORT_PAGES
    }


def table(results: dict[str, Result], *, cases: int, database: str) -> str:
    lines = [
        f"jiefen bench: {cases:,} cases on {database}",
        f"{'measurement':<22}{'p50 ms':>9}{'p95 ms':>9}{'sql p50':>9}{'own p50':>9}"
        f"{'own p95':>9}{'queries':>8}  note",
    ]
    for name, r in results.items():
        d = r.as_dict()
        lines.append(
            f"{name:<22}{d['p50_ms']:>9.1f}{d['p95_ms']:>9.1f}"
            f"{d.get('query_p50_ms', 0):>9.1f}{d.get('overhead_p50_ms', 0):>9.1f}"
            f"{d.get('overhead_p95_ms', 0):>9.1f}{d.get('queries', ''):>8}  {d.get('note', '')}"
        )
    for page, floor in (("case_list", "case_list_sql"), ("search", "search_sql")):
        if page in results and floor in results:
            ratio = statistics.median(results[page].case_query_ms) / statistics.median(
                results[floor].total_ms
            )
            lines.append(f"{page}: ORM case queries / bare SQL (p50) = {ratio:.2f}x")
    return "\n".join(lines)
