"""The shared cache: Redis through Django's backend, and pages that keep working when it is down."""

import socket
import uuid

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCacheClient
from django.urls import reverse

from jiefen.core.cache import ResilientRedisCacheClient

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "jiefen.core.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


def redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def dead_redis(settings):
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0")
    yield
    ResilientRedisCacheClient.down_until = 0.0


@pytest.fixture
def shared_redis(settings):
    if not redis_running():
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = redis_cache(REDIS_URL)
    yield settings.CACHES["default"]
    # Only this test's keys: tests on other workers share the database.
    client = caches["default"]._cache.get_client()
    for key in client.keys(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
        client.delete(key)


def test_a_value_cached_by_one_process_is_read_by_another(shared_redis):
    from jiefen.core.cache import ResilientRedisCache

    params = {k: v for k, v in shared_redis.items() if k not in ("BACKEND", "LOCATION")}
    one = ResilientRedisCache(REDIS_URL, params)
    other = ResilientRedisCache(REDIS_URL, params)

    one.set("figure", 42, 60)

    assert other.get("figure") == 42


def test_the_dashboard_keeps_its_trend_in_redis(shared_redis, client, leader):
    client.force_login(leader)

    client.get(reverse("reports:dashboard"))

    keys = caches["default"]._cache.get_client().keys(f"{shared_redis['KEY_PREFIX']}:*")
    assert any(b"reports:trend" in key for key in keys)


def test_pages_are_served_while_redis_is_down(dead_redis, client, leader):
    client.force_login(leader)

    assert client.get(reverse("reports:dashboard")).status_code == 200
    assert client.get(reverse("cases:list")).status_code == 200


def test_a_read_while_redis_is_down_is_a_miss(dead_redis):
    cache.set("figure", 42)

    assert cache.get("figure", "missing") == "missing"


def test_after_a_failure_the_cache_does_not_ask_redis_again_at_once(dead_redis, monkeypatch):
    calls = []
    real_get = RedisCacheClient.get
    monkeypatch.setattr(
        RedisCacheClient, "get", lambda self, *args: calls.append(1) or real_get(self, *args)
    )

    cache.get("first")
    cache.get("second")
    cache.get("third")

    assert len(calls) == 1
