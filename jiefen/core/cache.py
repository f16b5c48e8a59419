"""The shared cache: Redis through Django's own backend, and a site that keeps working without it.

Every app process reads and writes the same Redis, so a figure cached by one worker serves the
others. When Redis is down or slow, a read is a miss and a write is skipped (the page computes its
figures itself, slower), and the cache stays out of the way for a few seconds before it tries
Redis again, so that each request does not wait for a dead server's timeout."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long the cache stays out of the way after Redis failed, before it tries again.
RETRY_AFTER_SECONDS = 5.0
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, each call answering as a miss while Redis is unavailable."""

    down_until = 0.0

    def _guarded(self, fallback: Any, call: Callable[..., Any], *args: Any) -> Any:
        if time.monotonic() < self.down_until:
            return fallback
        try:
            return call(*args)
        except UNAVAILABLE as error:
            logger.warning("cache unavailable, pages compute without it: %s", error)
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        return self._guarded(False, super().add, key, value, timeout)

    def get(self, key: Any, default: Any) -> Any:
        return self._guarded(default, super().get, key, default)

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        self._guarded(None, super().set, key, value, timeout)

    def touch(self, key: Any, timeout: Any) -> bool:
        return self._guarded(False, super().touch, key, timeout)

    def delete(self, key: Any) -> bool:
        return self._guarded(False, super().delete, key)

    def get_many(self, keys: Any) -> dict[Any, Any]:
        return self._guarded({}, super().get_many, keys)

    def has_key(self, key: Any) -> bool:
        return self._guarded(False, super().has_key, key)

    def set_many(self, data: Any, timeout: Any) -> None:
        self._guarded(None, super().set_many, data, timeout)

    def delete_many(self, keys: Any) -> None:
        self._guarded(None, super().delete_many, keys)

    def clear(self) -> bool:
        return self._guarded(False, super().clear)

    # incr is left as Django has it: a counter that cannot be read is not a missing key.


class ResilientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that degrades to no cache when Redis fails."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
