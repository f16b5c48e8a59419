"""`python -m bench`: seed, measure, print the table, write var/bench/latest.json.

    make bench                                   # SQLite, 100,000 cases in var/bench/bench.sqlite3
    BENCH_CASES=20000 make bench                 # any count
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiefen_bench make bench BENCH_ARGS=--million

On PostgreSQL the DATABASE_URL database must exist (createdb jiefen_bench); it is migrated and,
unless --reuse is given, its cases are seeded afresh. --reuse measures an already seeded database."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench import ROOT, code_revision, secret_key

BENCH_DIR = ROOT / "var" / "bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--million", action="store_true", help="seed 1,000,000 cases")
    parser.add_argument("--cases", type=int, default=None, help="number of cases (BENCH_CASES)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per measurement")
    parser.add_argument("--reuse", action="store_true", help="measure the seeded database as is")
    parser.add_argument(
        "--rps", type=float, default=0, help="also load the case list for this many seconds"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="then request the hot pages under cProfile: var/bench/profile-<page>.txt",
    )
    parser.add_argument(
        "--profile-runs", type=int, default=20, help="requests per page under --profile"
    )
    args = parser.parse_args(argv)
    cases = args.cases or int(os.environ.get("BENCH_CASES") or 0)
    cases = cases or (1_000_000 if args.million else 100_000)

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sqlite_path = BENCH_DIR / "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{sqlite_path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("SECRET_KEY", secret_key())  # the load test's too (bench.secret_key)
    # As in production: a page or the sweep queues its SMS and e-mail, a worker delivers them.
    os.environ.setdefault("JIEFEN_TEST_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    fresh_sqlite = os.environ["DATABASE_URL"].startswith("sqlite") and not args.reuse
    if fresh_sqlite:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.measure import (
        budget_table,
        budgets,
        machine_django_reference_ms,
        machine_reference_ms,
        measure,
        table,
    )
    from bench.seed import seed

    database = connection.vendor
    if database == "postgresql":
        database += " " + connection.cursor().connection.info.server_version.__str__()
    call_command("migrate", verbosity=0, interactive=False)
    from jiefen.cases.models import Case

    if args.reuse:
        cases = Case.objects.count()
        seeded = {"cases": cases, "reused": True}
    else:
        if Case.objects.exists():
            print("The bench database already has cases: drop it or pass --reuse.", file=sys.stderr)
            return 2
        print(f"Seeding {cases:,} cases into {database} …", file=sys.stderr)
        seeded = seed(cases=cases)
        print(f"seeded in {seeded['seconds']} s: {seeded}", file=sys.stderr)

    load_before = os.getloadavg()
    measured_at = dt.datetime.now(dt.UTC)
    started = time.monotonic()
    results = measure(runs=args.runs)
    report = {
        "cases": cases,
        "database": database,
        "seed": seeded,
        # When and on what: the done-when of issue 20 asks for runs on different days.
        "measured_at": measured_at.isoformat(timespec="seconds"),
        "code": code_revision(),
        "measured_seconds": round(time.monotonic() - started, 1),
        # The machine is shared: a load above its 2 cores stretches every figure below.
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "machine_reference_ms": machine_reference_ms(),
        "machine_django_reference_ms": machine_django_reference_ms(),
    }
    for name, result in results.items():
        report[name] = result.as_dict()
    for page, floor in (("case_list", "case_list_sql"), ("search", "search_sql")):
        report[page]["ratio_to_sql"] = round(
            statistics.median(results[page].case_query_ms)
            / statistics.median(results[floor].total_ms),
            2,
        )
    if args.rps:
        from bench.load import case_list_rps

        report["case_list_rps"] = case_list_rps(seconds=args.rps)
    report["budgets"] = budgets(results)
    print(table(results, cases=cases, database=database))
    print(
        budget_table(
            report["budgets"],
            measured_at=measured_at,
            code=report["code"],
            load=tuple(report["load_average_after"]),
            reference_ms=report["machine_reference_ms"],
            django_reference_ms=report["machine_django_reference_ms"],
        )
    )
    if "case_list_rps" in report:
        print(f"case list under load: {report['case_list_rps']}")
    if args.profile:
        from bench.measure import profile

        report["profiles"] = profile(runs=args.profile_runs, out_dir=BENCH_DIR)
        print("profiles: " + ", ".join(report["profiles"]))
    out = BENCH_DIR / "latest.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
