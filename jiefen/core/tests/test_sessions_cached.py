"""Sessions from the shared cache (`jiefen.core.sessions`), only where the cache is shared."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from jiefen.core.sessions import CACHED_SESSION_SECONDS, SessionStore

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _engine_with(redis_url: str) -> str:
    env = {**os.environ, "JIEFEN_REDIS_URL": redis_url}
    code = "from config.settings import base; print(base.SESSION_ENGINE)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_sessions_come_from_the_cache_only_when_it_is_redis():
    assert _engine_with("redis://127.0.0.1:6379/0") == "jiefen.core.sessions"
    assert _engine_with("") == "django.contrib.sessions.backends.db"


def test_the_cached_copy_of_a_session_lives_a_minute_at_most(monkeypatch):
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda k, v, t=None: timeouts.append(t) or real_set(k, v, t))
    session = SessionStore()
    session["who"] = 1
    session.save()
    SessionStore(session.session_key).load()  # read back: from the cache
    assert timeouts and max(timeouts) <= CACHED_SESSION_SECONDS


def test_a_logout_ends_the_session_in_the_cache_too(client, clerk, settings):
    settings.SESSION_ENGINE = "jiefen.core.sessions"
    client.force_login(clerk)
    assert client.get("/cases/").status_code == 200
    key = client.cookies["sessionid"].value
    assert SessionStore(key).load()  # cached

    client.post("/accounts/logout/")

    assert cache.get(SessionStore.cache_key_prefix + key) is None
    client.cookies["sessionid"] = key  # the old cookie, replayed
    assert client.get("/cases/").status_code == 302
