"""Requests a second of the case list: waitress app processes on loopback, loaded with `wrk`.

Bounded: each load lasts `seconds` (at most 30) against 127.0.0.1 only. One process, then one per
core (two on this machine), each with 4 threads, as a deployment would run them. `wrk` comes
from Debian (`apt-get install wrk`); without it this step is skipped and says so."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


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
