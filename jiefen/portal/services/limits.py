"""Rate limits of the public side: fixed-window counters per phone, per address and per day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from jiefen.core.exceptions import ApplicationError
from jiefen.core.policy import internal
from jiefen.portal.models import RateBucket

LIMITS = {
    "codes_per_phone_hour": 5,
    "codes_per_ip_hour": 20,
    "applications_per_ip_day": 3,
    "letters_per_ip_day": 5,
    # The village picker asks once per pause in typing: generous, but not a bulk export.
    "village_lookups_per_ip_hour": 600,
}


class RateLimited(ApplicationError):
    status_code = 429
    code = "rate_limited"


@internal
def limit_of(name: str) -> int:
    return int(getattr(settings, "JIEFEN_PORTAL_LIMITS", {}).get(name, LIMITS[name]))


def _window_start(now: dt.datetime, *, per: str) -> dt.datetime:
    local = timezone.localtime(now)
    if per == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@internal
def rate_take(*, key: str, limit: int, per: str, now: dt.datetime | None = None) -> bool:
    """Take one unit of `key`'s allowance for this hour or day; False when none is left."""
    start = _window_start(now or timezone.now(), per=per)
    RateBucket.objects.bulk_create(
        [RateBucket(key=key[:100], window_start=start)], ignore_conflicts=True
    )
    taken = RateBucket.objects.filter(key=key[:100], window_start=start, count__lt=limit).update(
        count=F("count") + 1
    )
    return taken == 1
