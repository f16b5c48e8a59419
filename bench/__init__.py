"""The benchmark of issue 10: seed a district's years of cases, then time the pages people use.

Not part of the test suite: run it with `make bench` (SQLite, 100,000 cases) or with
`DATABASE_URL=postgres://... make bench BENCH_ARGS=--million` (PostgreSQL, 1,000,000 cases)."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def secret_key() -> str:
    """One SECRET_KEY for the seed, the measurement and the load test on this checkout, kept in
    var/bench/: the personal data and messages each writes are encrypted, and hashed for lookup,
    with keys derived from it. With a key of its own per process (the test settings' for the
    seed, one made afresh for each load test), each read what the others wrote as garbage: the
    load test's worker retried thousands of messages it could not decrypt."""
    path = ROOT / "var" / "bench" / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(60), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def code_revision() -> str:
    """The checkout's commit, `-dirty` with uncommitted changes (`git describe`), so that a run
    written into docs/scaling.md names the code it measured; "unknown" outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=7"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"
