"""Registration alone, timed on the seeded bench database: `python -m bench.register`.

For comparing two checkouts at the same load (issue 20): seed each once (`python -m bench
--cases 2000`), then run this in each in turn, alternating, and compare the lines it prints
(p50, p95, statements, load average). The registrations are the bench's own (`bench/measure.py`,
step 5): one claimant, one claim, an employer of 97 names per village."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.register", description=__doc__)
    parser.add_argument("--runs", type=int, default=100, help="timed registrations")
    args = parser.parse_args(argv)
    sqlite_path = ROOT / "var" / "bench" / "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{sqlite_path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("JIEFEN_TEST_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.measure import WARMUP, QueryTimer
    from jiefen.accounts.models import User
    from jiefen.geo.models import Village

    if not User.objects.filter(username="clerk").exists():
        print("Seed the bench database first: python -m bench --cases 2000", file=sys.stderr)
        return 2
    rng = random.Random(7)
    villages = list(Village.objects.values_list("code", flat=True))
    api = Client()
    api.force_login(User.objects.get(username="clerk"))

    def register() -> None:
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
