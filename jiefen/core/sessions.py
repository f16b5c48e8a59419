"""Sessions read from the shared cache, written through to the database (`cached_db`), used
only where the cache is shared by every app process (Redis; see config/settings/base.py).

In each process's own memory, a session ended at logout in one worker would stay valid in the
others'. With Redis, logging out deletes the cached copy that every process reads; if Redis was
unavailable at that moment (the cache then skips the delete, `jiefen/core/cache.py`), the copy
left there expires within `CACHED_SESSION_SECONDS`, after which the database, where the session
was deleted, answers. The copy's `_auth_user_hash` is keyed with SECRET_KEY and checked against
the user read from the database on every request, so writing Redis alone forges no login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches

CACHED_SESSION_SECONDS = 60


class _ShortLived:
    """The cache, each entry it is given kept at most CACHED_SESSION_SECONDS."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        self._cache.set(key, value, _capped(timeout))

    async def aset(self, key: str, value: Any, timeout: Any = None) -> None:
        await self._cache.aset(key, value, _capped(timeout))

    def __contains__(self, key: str) -> bool:
        return key in self._cache

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)


def _capped(timeout: Any) -> int:
    return CACHED_SESSION_SECONDS if timeout is None else min(timeout, CACHED_SESSION_SECONDS)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache: Any = _ShortLived(caches[settings.SESSION_CACHE_ALIAS])
