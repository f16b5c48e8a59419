"""Registration alone, timed on the seeded bench database: `python -m bench.register`.

For comparing two checkouts at the same load (issue 20): seed each once (`python -m bench
--cases 2000`), then run this in each in turn, alternating, and compare the lines it prints
(p50, p95, statements, load average). The registrations are the bench's own (`bench/measure.py`,
step 5, `registration_body`): one claimant, one claim, an employer on file (`--new-employer`: one
of 97 named for the run)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from bench import ROOT, secret_key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.register", description=__doc__)
    parser.add_argument("--runs", type=int, default=100, help="timed registrations")
    parser.add_argument(
        "--new-employer", action="store_true", help="name employers new to the system"
    )
    args = parser.parse_args(argv)
    sqlite_path = ROOT / "var" / "bench" / "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{sqlite_path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("SECRET_KEY", secret_key())  # the seed's and the load test's
    os.environ.setdefault("JIEFEN_TEST_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.measure import WARMUP, QueryTimer, employers_on_file, registration_body
    from jiefen.accounts.models import User
    from jiefen.geo.models import Village

    if not User.objects.filter(username="clerk").exists():
        print("Seed the bench database first: python -m bench --cases 2000", file=sys.stderr)
        return 2
    rng = random.Random(7)
    villages = list(Village.objects.values_list("code", flat=True))
    api = Client()
    api.force_login(User.objects.get(username="clerk"))
    employers = None if args.new_employer else employers_on_file()

    def register() -> None:
        body = registration_body(rng, villages, employers)
        response = api.post("/api/v1/cases/", body, content_type="application/json")
        assert response.status_code == 201, response.content[:300]

    for _ in range(WARMUP):
        register()
    ms, statements = [], []
    for _ in range(args.runs):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            register()
            ms.append((time.perf_counter() - start) * 1000)
        statements.append(timer.count)
    ms.sort()
    p95 = ms[max(0, round(len(ms) * 0.95) - 1)]
    print(
        f"{ROOT.name}: register p50 {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, "
        f"{statistics.median(statements):.0f} statements, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
