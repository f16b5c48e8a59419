"""Load on loopback: a mixed day at the window with Locust (`python -m bench.load`), and the case
list's requests a second with `wrk` (`python -m bench --rps`).

`python -m bench.load` serves the seeded bench database as production does (`jiefen serve`:
gunicorn with `--workers`, the task worker and the scheduler beside it, the production settings
behind a stand-in for the HTTPS proxy), then runs `bench/locustfile.py` headless against it for
`--seconds` with `--users` simulated people, and prints requests a second, p50/p95/p99 and
errors, with the load average, into var/bench/load.json. Before the load it waits (at most
`--settle-seconds`) for the background jobs the server started to finish: on a database just
seeded their first runs are a backfill no day has. Bounded and loopback only:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiefen_bench \
        .venv/bin/python -m bench.load --users 60 --seconds 120 --workers 2

The case list with `wrk`:

Bounded: each load lasts `seconds` (at most 30) against 127.0.0.1 only. One process, then one per
core (two on this machine), each with 4 threads, as a deployment would run them. `wrk` comes
from Debian (`apt-get install wrk`); without it this step is skipped and says so."""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.test import Client

from bench import ROOT, secret_key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    waitress = Path(sys.executable).with_name("waitress-serve")
    env = os.environ | {"ALLOWED_HOSTS": "127.0.0.1"}
    process = subprocess.Popen(
        [
            str(waitress),
            "--listen",
            f"127.0.0.1:{port}",
            "--threads",
            "4",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("waitress did not start")


def _wrk(url: str, cookie: str, seconds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "wrk",
            "-t1",
            "-c4",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def _parse(out: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)

    def ms(m):
        if not m:
            return None
        return round(float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)], 1)

    return {
        "rps": float(rps.group(1)) if rps else None,
        "p50_ms": ms(p50),
        "p99_ms": ms(p99),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def case_list_rps(*, seconds: float = 20, path: str = "") -> dict:
    if not shutil.which("wrk"):
        return {"skipped": "wrk not installed (apt-get install wrk)"}
    from jiefen.accounts.models import User
    from jiefen.geo.models import Street

    seconds = int(min(max(seconds, 1), 30))
    street = list(Street.objects.order_by("code").values_list("code", flat=True))
    path = path or f"/cases/?street={street[len(street) // 2]}&status=handling"
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    cookie = client.cookies["sessionid"].value
    result = {"path": path, "seconds": seconds, "threads_per_process": 4}
    for processes in (1, 2):
        ports = [_free_port() for _ in range(processes)]
        servers = [_serve(p) for p in ports]
        try:
            loads = [_wrk(f"http://127.0.0.1:{p}{path}", cookie, seconds) for p in ports]
            outs = [_parse(load.communicate()[0]) for load in loads]
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
        result[f"{processes}_process"] = {
            "rps": round(sum(o["rps"] or 0 for o in outs), 1),
            "p50_ms": max(o["p50_ms"] or 0 for o in outs),
            "p99_ms": max(o["p99_ms"] or 0 for o in outs),
            "errors": sum(o["errors"] for o in outs),
        }
    return result


def _stats(csv_path: Path) -> dict:
    """Locust's `--csv` statistics: each request name's figures and the aggregate."""
    import csv

    rows = {}
    with csv_path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Name"] if row["Type"] != "" else "Aggregated"
            rows[f"{row['Type']} {name}".strip()] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
            }
    return rows


def _tree_cpu_seconds(root: int) -> float:
    """User and system CPU seconds of a process and its descendants (Linux /proc): those alive
    now, with the children each has reaped."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        times[pid] = sum(int(f) for f in fields[11:15]) / tick  # with its ended children's
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def _children_cpu_seconds() -> float:
    """CPU seconds of this process's children that have ended (here: the Locust run)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _postgres_cpu_seconds() -> float:
    """User and system CPU seconds of the PostgreSQL server's processes (Linux /proc): those
    alive now, and those that have ended (a connection closed at its CONN_MAX_AGE, an autovacuum
    worker), which the postmaster reaped into its children's times. On loopback the database
    shares the cores with the server and the load generator."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm, rest = (entry / "stat").read_text().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, ValueError):
            continue
        if comm == "postgres":
            fields = rest.split()
            # utime, stime; cutime, cstime (the ended children it waited for)
            total += sum(int(f) for f in fields[11:15]) / tick
    return total


def _warm(port: int, env: dict, *, rounds: int) -> None:
    """Each page kind a few times before the clock starts: a fresh gunicorn worker imports the
    apps, compiles its templates and fills its caches on its first requests."""
    import urllib.parse
    import urllib.request

    headers = {"X-Forwarded-Proto": "https", "Cookie": f"sessionid={env['BENCH_SESSION']}"}
    paths = ["/cases/", "/cases/?q=物流", f"/cases/{env['BENCH_LAST_ID']}/", "/reports/"]
    paths += ["/portal/track/", "/api/v1/cases/?page_size=1"]
    for _ in range(rounds):
        for path in paths:
            quoted = urllib.parse.quote(path, safe="/?=&")
            request = urllib.request.Request(f"http://127.0.0.1:{port}{quoted}", headers=headers)
            with contextlib.suppress(OSError):  # the load counts it if it persists
                urllib.request.urlopen(request, timeout=60).read()


def _background_settled(*, since, seconds: float, poll: float = 5.0) -> dict:
    """Wait, at most `seconds`, until the task worker has nothing to do: no task ready to run,
    and none started since `since` still running, seen twice `poll` seconds apart. A task left
    running by a server stopped earlier is not waited for as running: the new worker requeues
    it (`core.background.tasks_recover_orphans`), and it is counted then as ready.

    A database just seeded gives the scheduled jobs' first runs a backlog no day gives them:
    every case closed in the last month owes a return visit (6,599 at a million, and a
    text message for each survey fallen due), every candidate of the major-case register is proposed, every overdue
    clock is flagged. The worker spent the whole of a 90-second load test on them, on the
    same two cores as the load: that measured the backfill, not a day at the window."""
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    quiet, shown = 0, 0.0
    while True:
        ready = DBTaskResult.objects.ready().count()
        running = DBTaskResult.objects.running().filter(started_at__gte=since).count()
        waited = time.monotonic() - started
        quiet = quiet + 1 if ready == running == 0 else 0
        if quiet == 2 or waited >= seconds:
            return {"waited_s": round(waited, 1), "ready": ready, "running": running}
        if waited - shown >= 15:
            print(
                f"background jobs before the load: {ready} ready, {running} running "
                f"({waited:.0f} s of at most {seconds} s)",
                flush=True,
            )
            shown = waited
        time.sleep(poll)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--users", type=int, default=60, help="simulated people (at most 500)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="people started a second")
    parser.add_argument("--seconds", type=int, default=120, help="how long (at most 900)")
    parser.add_argument(
        "--workers", type=int, default=min(2 * (os.cpu_count() or 1), 4), help="gunicorn workers"
    )
    parser.add_argument("--port", type=int, default=0, help="loopback port (default: a free one)")
    parser.add_argument(
        "--settle-seconds",
        type=int,
        default=900,
        help="wait at most this long (up to 3600) for the background jobs before the load (0: not)",
    )
    args = parser.parse_args(argv)
    users, seconds = min(max(args.users, 1), 500), min(max(args.seconds, 5), 900)
    settle = min(max(args.settle_seconds, 0), 3600)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must name the seeded PostgreSQL bench database.", file=sys.stderr)
        return 2
    port = args.port or _free_port()
    # The production settings, with the bench's own key: the driver and the server share it.
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secret_key(),
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client as DjangoClient
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from bench.measure import employers_on_file
    from jiefen.accounts.models import User
    from jiefen.cases.models import Case
    from jiefen.geo.models import Street, Village

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest the pages name
    leader = User.objects.get(username="leader")
    clerk = User.objects.get(username="clerk")
    web = DjangoClient()
    web.force_login(leader)
    # A token of this run: one left by an earlier run carries the mark of that run's key.
    Token.objects.filter(user=clerk).delete()
    token = Token.objects.create(user=clerk)
    ids = Case.objects.order_by("id").values_list("id", flat=True)
    env |= {
        "BENCH_SESSION": web.cookies["sessionid"].value,
        "BENCH_TOKEN": token.key,
        "BENCH_FIRST_ID": str(ids[:1][0]),
        "BENCH_LAST_ID": str(ids.reverse()[:1][0]),
        "BENCH_STREETS": json.dumps(list(Street.objects.values_list("code", flat=True))),
        "BENCH_VILLAGES": json.dumps(list(Village.objects.values_list("code", flat=True)[:200])),
        # The employers the registrations name (on file, as the bench's), and the mark of the
        # run's own for a seed without them (`bench/locustfile.py`).
        "BENCH_EMPLOYERS": json.dumps(employers_on_file(), ensure_ascii=False),
        "BENCH_RUN": f"{int(time.time()):x}",
    }
    cases = Case.objects.count()
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    server_started = timezone.now()
    server = subprocess.Popen(
        [sys.executable, "-m", "jiefen", "serve", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", str(args.workers), "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("jiefen serve stopped before answering") from None
                time.sleep(0.2)
        _warm(port, env, rounds=3 * args.workers)
        background = (
            _background_settled(since=server_started, seconds=settle)
            if settle > 0
            else {"waited_s": 0, "ready": None, "running": None}
        )
        load_before = os.getloadavg()
        cpu_before = _tree_cpu_seconds(server.pid)
        db_cpu_before = _postgres_cpu_seconds()
        locust_cpu_before = _children_cpu_seconds()
        prefix = out_dir / "load"
        subprocess.run(
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
            ]
            + ["--headless", "--host", f"http://127.0.0.1:{port}", "--only-summary"]
            + ["-u", str(users), "-r", str(args.spawn_rate), "-t", f"{seconds}s"]
            + ["--csv", str(prefix), "--stop-timeout", "10", "--loglevel", "WARNING"],
            cwd=ROOT,
            env=env,
            check=False,
        )
        load_after = os.getloadavg()
        app_cpu = _tree_cpu_seconds(server.pid) - cpu_before
        db_cpu = _postgres_cpu_seconds() - db_cpu_before
        locust_cpu = _children_cpu_seconds() - locust_cpu_before
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    stats = _stats(Path(f"{prefix}_stats.csv"))
    total = stats.get("Aggregated", {})
    report = {
        "cases": cases,
        "users": users,
        "seconds": seconds,
        "gunicorn_workers": args.workers,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        # What the task worker still had to do when the load began (`_background_settled`).
        "background_at_start": background,
        "total": total,
        # CPU the app processes (gunicorn, worker, scheduler) spent per request: unlike the
        # latencies, hardly stretched by the other load on the machine. The database's is apart.
        "app_cpu_ms_per_request": round(1000 * app_cpu / max(total.get("requests", 0), 1), 1),
        # The database's and the load generator's, on the same two cores.
        "db_cpu_ms_per_request": round(1000 * db_cpu / max(total.get("requests", 0), 1), 1),
        "locust_cpu_ms_per_request": round(1000 * locust_cpu / max(total.get("requests", 0), 1), 1),
        "requests": stats,
        "targets": {"rps": 80, "p95_ms": 150, "errors": 0},
    }
    (out_dir / "load.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"\nmixed day, {cases:,} cases, {users} users for {seconds} s, gunicorn x{args.workers}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, "
        f"{os.cpu_count()} cores"
    )
    print(
        f"background jobs: waited {background['waited_s']} s for them before the load; "
        f"{background['ready']} ready and {background['running']} running when it began"
    )
    print(f"{'request':<48}{'n':>7}{'fail':>6}{'rps':>7}{'p50':>7}{'p95':>7}{'p99':>7}")
    for name, row in stats.items():
        print(
            f"{name[:47]:<48}{row['requests']:>7}{row['failures']:>6}{row['rps']:>7.1f}"
            f"{row['p50_ms']:>7.0f}{row['p95_ms']:>7.0f}{row['p99_ms']:>7.0f}"
        )
    print(
        f"CPU a request: app processes {report['app_cpu_ms_per_request']} ms, PostgreSQL "
        f"{report['db_cpu_ms_per_request']} ms, Locust {report['locust_cpu_ms_per_request']} ms"
    )
    if total:
        verdicts = [
            ("requests/s >= 80", total["rps"] >= 80),
            ("p95 <= 150 ms", total["p95_ms"] <= 150),
            ("no error", total["failures"] == 0),
        ]
        print("targets: " + "; ".join(f"{w} {'met' if ok else 'MISSED'}" for w, ok in verdicts))
    print(f"wrote {(out_dir / 'load.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
