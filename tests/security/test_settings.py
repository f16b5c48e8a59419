"""`check --deploy` refuses the settings production must not run with."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from jiefen.core.checks import allowed_hosts_explicit, data_keys_configured

KEY = "uGmOgGQ3mvX1y8yVvG7I3WJdWq2l3tmX1Hn6cM7xZ0c="


def ids(messages) -> set[str]:
    return {m.id for m in messages}


def test_no_data_keys_fail_the_deploy_check(settings):
    settings.JIEFEN_DATA_KEYS = []
    settings.JIEFEN_LOOKUP_KEY = "l" * 40
    assert ids(data_keys_configured(None)) == {"jiefen.core.E001"}


def test_no_lookup_key_fails_the_deploy_check(settings):
    settings.JIEFEN_DATA_KEYS = [KEY]
    settings.JIEFEN_LOOKUP_KEY = ""
    assert ids(data_keys_configured(None)) == {"jiefen.core.E002"}


def test_configured_keys_pass(settings):
    settings.JIEFEN_DATA_KEYS = [KEY]
    settings.JIEFEN_LOOKUP_KEY = "l" * 40
    assert data_keys_configured(None) == []


@pytest.mark.parametrize("hosts", [["*"], ["jiefen.example.gov.cn", "*"], ["*.example.gov.cn"]])
def test_a_wildcard_host_fails_the_deploy_check(settings, hosts):
    settings.ALLOWED_HOSTS = hosts
    assert ids(allowed_hosts_explicit(None)) == {"jiefen.core.E003"}


def test_named_hosts_pass(settings):
    settings.ALLOWED_HOSTS = ["jiefen.example.gov.cn", "127.0.0.1"]
    assert allowed_hosts_explicit(None) == []


def test_check_deploy_as_a_command_fails_on_a_wildcard_host(settings):
    settings.ALLOWED_HOSTS = ["*"]
    with pytest.raises(SystemCheckError, match="jiefen.core.E003"):
        call_command("check", deploy=True, tags=["security"])


def test_a_trusted_proxy_that_is_not_an_address_fails_the_check(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.local"]
    with pytest.raises(SystemCheckError, match="jiefen.core.E004"):
        call_command("check")
