"""Tokens and accounts: tokens expire and can be revoked, a password change kills them, weak
passwords and case-twin usernames are refused, forwarded addresses are believed only from
trusted proxies, and a mistyped address gets a Chinese page even under DEBUG."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client, RequestFactory
from django.utils import timezone
from rest_framework.authtoken.models import Token

from jiefen.accounts.models import User
from jiefen.core.clientip import client_ip

pytestmark = pytest.mark.django_db

STAFF = {
    "username": "li_mediator",
    "password": "Strong-pass-2026",
    "full_name": "李调解",
    "role": "mediator",
    "department_kind": "mediation_committee",
    "scope_level": "village",
    "scope_code": "330106010002",
}


def obtain(api_client, user) -> str:
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "Pass-word-123"},
        format="json",
    )
    return response.json()["token"]


def get_with(api_client, token: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api_client.get("/api/v1/geo/streets/")


def test_a_token_unused_for_more_than_twelve_hours_is_refused(api_client, clerk):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = obtain(api_client, clerk)
    with time_machine.travel(start + dt.timedelta(hours=12, minutes=1), tick=False):
        response = get_with(api_client, token)
    assert response.status_code == 401
    assert "长时间未使用" in response.json()["detail"]
    assert not Token.objects.filter(key=token).exists()


def test_a_token_in_daily_use_still_dies_after_thirty_days(api_client, clerk, settings):
    settings.JIEFEN_TOKEN_IDLE_HOURS = 48  # used every day, never idle for long
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = obtain(api_client, clerk)
    for day in range(1, 30):
        with time_machine.travel(start + dt.timedelta(days=day), tick=False):
            assert get_with(api_client, token).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=30, hours=1), tick=False):
        response = get_with(api_client, token)
    assert response.status_code == 401
    assert "已过期" in response.json()["detail"]


def test_delete_revokes_the_token_sent(api_client, clerk):
    token = obtain(api_client, clerk)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.delete("/api/v1/auth/token/").status_code == 204
    assert get_with(api_client, token).status_code == 401


def test_delete_without_a_token_is_a_401(api_client):
    assert api_client.delete("/api/v1/auth/token/").status_code == 401


def test_a_stale_token_in_the_header_does_not_stop_getting_a_new_one(api_client, clerk):
    api_client.credentials(HTTP_AUTHORIZATION="Token deadbeef")
    assert obtain(api_client, clerk)


def test_a_password_change_revokes_the_users_tokens(api_client, clerk):
    token = obtain(api_client, clerk)
    clerk.set_password("Another-pass-2027")
    clerk.save()
    response = get_with(api_client, token)
    assert response.status_code == 401
    assert "密码已更改" in response.json()["detail"]


def test_a_token_made_elsewhere_also_dies_with_a_password_change(api_client, clerk):
    token = Token.objects.create(user=clerk).key
    assert get_with(api_client, token).status_code == 200
    clerk.set_password("Another-pass-2027")
    clerk.save()
    assert get_with(api_client, token).status_code == 401


def test_signing_in_again_after_a_password_change_gives_a_working_token(api_client, clerk):
    old = obtain(api_client, clerk)
    clerk.set_password("Pass-word-123")  # same text, new hash (new salt)
    clerk.save()
    new = obtain(api_client, clerk)
    assert new != old
    assert get_with(api_client, new).status_code == 200


@pytest.mark.parametrize("password", [" " * 8, " " * 20, "\t \t \t \t"])
def test_a_whitespace_password_is_refused_in_chinese(api_as, administrator, password):
    response = api_as(administrator).post(
        "/api/v1/staff/", {**STAFF, "password": password}, format="json"
    )
    assert response.status_code == 400
    assert "空格" in " ".join(response.json()["password"])
    assert not User.objects.filter(username="li_mediator").exists()


def test_a_too_common_password_is_refused_in_chinese(api_as, administrator):
    response = api_as(administrator).post(
        "/api/v1/staff/", {**STAFF, "password": "password123"}, format="json"
    )
    assert response.status_code == 400
    assert "常见" in " ".join(response.json()["password"])


def test_a_username_differing_only_in_case_is_refused(api_as, administrator):
    api_as(administrator).post("/api/v1/staff/", STAFF, format="json")
    response = api_as(administrator).post(
        "/api/v1/staff/", {**STAFF, "username": "LI_Mediator"}, format="json"
    )
    assert response.status_code == 400 and "username" in response.json()
    assert User.objects.filter(username__iexact="li_mediator").count() == 1


def test_the_database_refuses_a_case_twin_username(administrator):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username=administrator.username.upper(), password="x")


def test_the_migration_names_existing_case_twins_instead_of_failing_obscurely():
    from importlib import import_module

    migration = import_module("jiefen.accounts.migrations.0004_token_state_username_ci")
    users = mock.MagicMock()
    users.objects.annotate.return_value.values.return_value.annotate.return_value.filter.return_value.values_list.return_value = [
        "admin"
    ]
    users.objects.annotate.return_value.filter.return_value.values_list.return_value = [
        "ADMIN",
        "admin",
    ]
    apps = mock.Mock(get_model=mock.Mock(return_value=users))
    with pytest.raises(RuntimeError, match="ADMIN, admin"):
        migration.refuse_case_conflicts(apps, None)


def _request(remote: str, forwarded: str = ""):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_without_trusted_proxies_the_connecting_address_counts(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("10.0.0.1", "198.51.100.7")) == "10.0.0.1"


def test_behind_a_trusted_proxy_the_nearest_untrusted_hop_counts(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The client claimed 1.2.3.4 itself; the proxy appended the address it saw.
    assert client_ip(_request("10.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(settings, clerk):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    for _ in range(5):
        attacker.post("/accounts/login/", {"username": clerk.username, "password": "wrong"})
    blocked = attacker.post(
        "/accounts/login/", {"username": clerk.username, "password": "Pass-word-123"}
    )
    colleague = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    response = colleague.post(
        "/accounts/login/", {"username": clerk.username, "password": "Pass-word-123"}
    )
    assert blocked.status_code == 429
    assert response.status_code == 302


def test_a_mistyped_portal_address_gets_the_chinese_page_even_under_debug(client, settings):
    settings.DEBUG = True
    response = client.get("/portal/aplly/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回网上服务首页" in html
    assert "URLconf" not in html


def test_a_mistyped_staff_address_gets_the_chinese_page(client, clerk, settings):
    client.force_login(clerk)
    for debug in (True, False):
        settings.DEBUG = debug
        response = client.get("/cases/no-such-page/")
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize("debug", [True, False])
def test_an_error_shows_the_chinese_500_page(clerk, settings, debug):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    with mock.patch("jiefen.core.views.render", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错" in html and "Traceback" not in html
