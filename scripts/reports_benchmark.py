"""Time the reports dashboard and the summary API on a database of many cases.

    .venv/bin/python scripts/reports_benchmark.py --cases 100000 --runs 20
    .venv/bin/python scripts/reports_benchmark.py --url postgres://postgres@127.0.0.1/jiefen_bench

Builds (once) a separate database, var/bench-reports.sqlite3 or the one `--url` names, with the
Xihu map and calendar and `--cases` cases spread over the past year, seeded with bulk_create
(not through the services, for speed): states, categories, channels, villages, employers, the
7-working-day clock of every accepted case and the arbitration clocks of a quarter of them, a
closed case's outcome (on the case and on its timeline). Then requests the dashboard (cold:
cache cleared before each request; and with the trend cached), one street's, the summary API
and the monthly report page as a district leader, and prints p50 and p95 of the wall-clock time
and of the process's CPU time (SQLite runs in the process, so on a machine shared with other
work the CPU time is what one idle core would take), and the queries per request."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def seed(count: int, rng: random.Random) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from jiefen.accounts.services import departments_ensure
    from jiefen.cases.choices import CaseStatus as S
    from jiefen.cases.choices import Category, Channel, EventKind
    from jiefen.cases.models import Case, CaseEvent, Clock
    from jiefen.geo.demo import seed as seed_grid_areas
    from jiefen.geo.models import District, Village
    from jiefen.geo.services import XIHU_DIVISIONS, divisions_load
    from jiefen.parties.models import Employer
    from jiefen.workdays.services import WorkdayCalendar, calendar_load_default

    call_command("migrate", verbosity=0)
    if not District.objects.exists():
        divisions_load(text=XIHU_DIVISIONS.read_text(encoding="utf-8"))
        calendar_load_default()
        departments_ensure()
        seed_grid_areas(out=sys.stdout, rng=None)
    have = Case.objects.count()
    if have >= count:
        print(f"{have} cases present")
        return
    villages = list(Village.objects.values_list("pk", flat=True))
    employers = Employer.objects.bulk_create(
        [
            Employer(name=f"杭州测试企业{i:04d}有限公司", village_id=rng.choice(villages))
            for i in range(2000)
        ]
    )
    calendar = WorkdayCalendar()
    now = timezone.now()
    states = [S.RESOLVED] * 30 + [S.CLOSED] * 35 + [S.UNRESOLVED] * 8 + [S.HANDLING] * 10
    states += [S.ACCEPTED] * 3 + [S.REGISTERED] * 4 + [S.ANSWERED] * 8 + [S.DECLINED] * 2
    batch = 5000
    for start in range(have, count, batch):
        cases = []
        for i in range(start, min(start + batch, count)):
            received = now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            status = rng.choice(states)
            accepted = concluded = closed = None
            if status not in (S.REGISTERED, S.ANSWERED, S.DECLINED):
                accepted = received + dt.timedelta(hours=rng.randint(1, 48))
            if status in (S.RESOLVED, S.UNRESOLVED, S.CLOSED):
                concluded = accepted + dt.timedelta(hours=rng.randint(2, 24 * 20))
                closed = concluded + dt.timedelta(days=1) if status == S.CLOSED else None
            if status in (S.ANSWERED, S.DECLINED):
                concluded = received + dt.timedelta(hours=2)
            if concluded is not None and concluded >= now:
                status, concluded, closed = S.HANDLING, None, None
            outcome = ""
            if status in (S.RESOLVED, S.UNRESOLVED):
                outcome = status
            elif status == S.CLOSED:
                outcome = S.RESOLVED if rng.random() < 0.9 else S.UNRESOLVED
            claimants = 12 if rng.random() < 0.03 else rng.randint(1, 3)
            cases.append(
                Case(
                    number=f"BENCH-{i:07d}",
                    status=status,
                    channel=rng.choice(Channel.values),
                    category=rng.choice(Category.values),
                    summary="拖欠工资",
                    village_id=rng.choice(villages),
                    employer=rng.choice(employers),
                    received_at=received,
                    registered_at=received,
                    accepted_at=accepted,
                    concluded_at=concluded,
                    closed_at=closed,
                    outcome=outcome,
                    collective=claimants >= 10,
                    claimant_count=claimants,
                    claim_total=Decimal(rng.randint(1000, 200000)),
                    tracks=[rng.choice(["mediation", "mediation", "inspection", "arbitration"])],
                )
            )
        Case.objects.bulk_create(cases)
        clocks, events = [], []
        for case in cases:
            if case.accepted_at is None:
                continue
            due = timezone.make_aware(
                dt.datetime.combine(
                    calendar.workday_add(timezone.localtime(case.accepted_at).date(), 7),
                    dt.time(23, 59, 59),
                )
            )
            clocks.append(
                Clock(
                    case=case,
                    village_id=case.village_id,
                    kind="resolve_7_workdays",
                    unit="workdays",
                    length=7,
                    label="7个工作日内化解",
                    started_at=case.accepted_at,
                    due_at=due,
                    met_at=case.concluded_at,
                )
            )
            if "arbitration" in case.tracks:
                clocks.append(
                    Clock(
                        case=case,
                        village_id=case.village_id,
                        kind="arbitration_award_45_days",
                        unit="calendar_days",
                        length=45,
                        label="仲裁45日",
                        track="arbitration",
                        started_at=case.accepted_at,
                        due_at=case.accepted_at + dt.timedelta(days=45),
                        met_at=case.concluded_at,
                    )
                )
                clocks.append(
                    Clock(
                        case=case,
                        village_id=case.village_id,
                        kind="arbitration_one_month",
                        unit="months",
                        length=1,
                        label="仲裁一个月",
                        track="arbitration",
                        started_at=case.accepted_at,
                        due_at=case.accepted_at + dt.timedelta(days=30),
                        met_at=case.concluded_at,
                    )
                )
            if case.status == S.CLOSED:
                events.append(
                    CaseEvent(
                        case=case,
                        at=case.concluded_at,
                        kind=EventKind.TRANSITION,
                        old_status=S.HANDLING,
                        new_status=case.outcome,
                        summary="化解",
                    )
                )
        Clock.objects.bulk_create(clocks)
        CaseEvent.objects.bulk_create(events)
        print(f"{start + len(cases)} cases")


def measure(runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
    from jiefen.accounts.models import Department, User
    from jiefen.cases.models import Case

    leader, _ = User.objects.get_or_create(
        username="bench_leader",
        defaults={
            "full_name": "基准领导",
            "role": Role.LEADER,
            "scope_level": ScopeLevel.DISTRICT,
            "scope_code": "330106",
            "department": Department.objects.get(
                kind=DepartmentKind.GOVERNANCE_SECTION, street=None
            ),
        },
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(leader)
    print(f"cases: {Case.objects.count()}, database: {connection.settings_dict['NAME']}")
    for label, url, cold in (
        ("dashboard, cold", "/reports/", True),
        ("dashboard, one street, cold", "/reports/?street=330106010", True),
        ("dashboard /reports/", "/reports/", False),
        ("dashboard, one street", "/reports/?street=330106010", False),
        ("summary API", "/api/v1/reports/summary/", False),
        ("monthly report page", "/reports/monthly/", False),
    ):
        from django.core.cache import cache

        client.get(url)  # warm the caches (calendar, templates)
        times, cpu = [], []
        for _ in range(runs):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            assert response.status_code == 200, response.status_code
        times.sort()
        cpu.sort()
        p95 = round(0.95 * (len(times) - 1))
        print(
            f"{label:<28} wall p50 {statistics.median(times) * 1000:6.0f} ms "
            f"p95 {times[p95] * 1000:6.0f} ms | cpu p50 {statistics.median(cpu) * 1000:6.0f} ms "
            f"p95 {cpu[p95] * 1000:6.0f} ms | {len(queries)} queries ({runs} runs)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench-reports.sqlite3"))
    parser.add_argument(
        "--url", default="", help="a DATABASE_URL instead (e.g. postgres://.../jiefen_bench)"
    )
    args = parser.parse_args()
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    setup(args.url or f"sqlite:///{args.db}")
    seed(args.cases, random.Random(2026))
    measure(args.runs)


if __name__ == "__main__":
    main()
