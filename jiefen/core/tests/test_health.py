import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_with_the_reason_when_the_database_does_not(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == "connection refused"


def test_a_page_answers_503_in_plain_words_when_the_database_is_locked(client, clerk):
    client.force_login(clerk)
    with mock.patch("jiefen.core.views.render", side_effect=OperationalError("database is locked")):
        response = client.get("/")
    assert response.status_code == 503
    assert "系统暂时无法访问数据库" in response.content.decode()


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "x" * 30 + "-production-key-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "jiefen.example.gov.cn",
        "DATABASE_URL": "sqlite:///:memory:",
        "DEBUG": "false",
        "JIEFEN_AUDIT_KEYS": "2026a=" + "k" * 40,
        "JIEFEN_EXCHANGE_PEERS": "zj-province=https://zj.example.gov.cn/api/v1/exchange/cases/",
        "JIEFEN_DATA_KEYS": "uGmOgGQ3mvX1y8yVvG7I3WJdWq2l3tmX1Hn6cM7xZ0c=",
        "JIEFEN_LOOKUP_KEY": "l" * 40,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_assets_are_served_by_the_app(client):
    response = client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert response.status_code == 200


def test_api_schema_is_published(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and b"/api/v1/staff/" in response.content


def test_check_deploy_refuses_production_without_an_audit_key():
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "x" * 30 + "-production-key-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "jiefen.example.gov.cn",
        "DATABASE_URL": "sqlite:///:memory:",
        "DEBUG": "false",
        "JIEFEN_AUDIT_KEYS": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "jiefen.audit.E001" in result.stderr
