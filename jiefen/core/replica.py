"""Reads for the figures go to a PostgreSQL streaming replica when one is configured.

Only the pages that read much and write nothing that they then read back (REPLICA_VIEWS: the
dashboard, the monthly report, the summary API, the case-list export) read from the replica;
everything else, and every write, stays on the primary. A reporting read stays on the primary
too when:
- the user wrote something in the last JIEFEN_REPLICA_STICKY_SECONDS (they must see their own
  write; the mark is in the shared cache, so every app process knows);
- the replica lags by more than JIEFEN_REPLICA_MAX_LAG_SECONDS, or does not answer (checked at
  most every JIEFEN_REPLICA_CHECK_SECONDS per process);
- the primary connection is inside a transaction (a replica cannot see what it has not committed).
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest

logger = logging.getLogger("jiefen.replica")

REPLICA = "replica"
# Views whose reads may come from the replica: reporting, never a page that shows what its own
# user has just written (the sticky mark covers what the user wrote elsewhere).
REPLICA_VIEWS = frozenset({"reports:dashboard", "reports:monthly", "reports-summary"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_reporting: ContextVar[HttpRequest | None] = ContextVar("jiefen_replica_reads", default=None)
_health: dict[str, float] = {"checked_at": float("-inf"), "usable": 0.0}

# The replica's lag in seconds: 0 when it has replayed all it received, else the age of the last
# transaction it replayed (so a paused or stuck replica counts as lagging, never as current).
LAG_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9) END"
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and settings.JIEFEN_REPLICA_READS


def _pin_key(user_id: int) -> str:
    return f"jiefen:replica:wrote:{user_id}"


def replica_lag_seconds() -> float:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def replica_usable() -> bool:
    """Is the replica up and within the lag limit? Checked at most every few seconds."""
    now = time.monotonic()
    if now - _health["checked_at"] < settings.JIEFEN_REPLICA_CHECK_SECONDS:
        return bool(_health["usable"])
    try:
        lag = replica_lag_seconds()
    except DatabaseError as e:
        logger.warning("replica unavailable, reading from the primary: %s", e)
        connections[REPLICA].close()
        usable = False
    else:
        usable = lag <= settings.JIEFEN_REPLICA_MAX_LAG_SECONDS
        if not usable:
            logger.warning("replica lags %.1f s, reading from the primary", lag)
    _health.update(checked_at=now, usable=float(usable))
    return usable


def replica_health_forget() -> None:
    """Check the replica again at the next read (tests, and after a failover)."""
    _health["checked_at"] = float("-inf")


def _wrote_recently(request: HttpRequest) -> bool:
    known = getattr(request, "_jiefen_wrote_recently", None)
    if known is not None:
        return known
    # Finding the user reads the session and the user (routed reads themselves): meanwhile
    # those reads go to the primary.
    request._jiefen_wrote_recently = True  # type: ignore[attr-defined]
    user = getattr(request, "user", None)  # DRF sets the token user on the Django request too
    authenticated = user is not None and user.is_authenticated
    wrote = user is not None and authenticated and cache.get(_pin_key(user.pk)) is not None
    if authenticated:
        request._jiefen_wrote_recently = wrote  # type: ignore[attr-defined]
    else:
        # A token user is known only once DRF has authenticated: ask again then.
        del request._jiefen_wrote_recently  # type: ignore[attr-defined]
    return wrote


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        request = _reporting.get()
        if request is None or not replica_configured():
            return None
        if connections["default"].in_atomic_block or _wrote_recently(request):
            return None
        return REPLICA if replica_usable() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReplicaMiddleware:
    """Marks reporting views' reads for the replica, and marks a user who writes so that their
    next reads stay on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _reporting.set(None)
        try:
            response = self.get_response(request)
        finally:
            _reporting.reset(token)
        user = getattr(request, "user", None)
        if (
            request.method not in SAFE_METHODS
            and response.status_code < 500
            and user is not None
            and user.is_authenticated
            and replica_configured()
        ):
            cache.set(_pin_key(user.pk), 1, timeout=settings.JIEFEN_REPLICA_STICKY_SECONDS)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method in SAFE_METHODS and match is not None:
            exporting = match.view_name == "cases:list" and request.GET.get("export") == "xlsx"
            if match.view_name in REPLICA_VIEWS or exporting:
                _reporting.set(request)
        return None
