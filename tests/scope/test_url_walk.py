"""Every URL, as staff of every scope below the district, shows nothing of a case outside it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import path

from jiefen.accounts.choices import ScopeLevel
from jiefen.accounts.models import User
from jiefen.cases.models import Case
from jiefen.cases.selectors import case_list_for_user
from tests.scope.walker import discover_urls, walk

pytestmark = pytest.mark.django_db(transaction=True)

# One person per scope level and role that works below the district, all around 转塘街道.
WALKERS = [
    "zt_clerk",  # street clerk of 转塘
    "police",  # police liaison of 转塘
    "ins_330106010g01",  # responsible inspector of 转塘's first grid area
    "med_330106010002",  # mediator of 珊瑚沙社区
]


def outside_markers(user: User) -> list[str]:
    """Numbers of the cases this user must not see (a sample, to keep the scan fast)."""
    visible = case_list_for_user(user=user).values("pk")
    return list(
        Case.objects.exclude(pk__in=visible).order_by("?").values_list("number", flat=True)[:80]
    )


def test_no_url_shows_a_case_outside_the_scope_of_any_walker():
    if connection.vendor != "sqlite":
        pytest.skip(
            "the walk checks scoping, which does not depend on the database; it runs in the SQLite stage"
        )
    call_command("seed_demo")  # the demo district: every app's data in every state
    found = {}
    for username in WALKERS:
        user = User.objects.get(username=username)
        assert user.scope_level != ScopeLevel.DISTRICT
        client = Client()
        client.force_login(user)
        markers = outside_markers(user)
        assert markers, "the demo must hold cases outside this scope"
        found[username] = walk(client, markers)
    found["anonymous"] = walk(
        Client(), list(Case.objects.order_by("?").values_list("number", flat=True)[:80])
    )

    assert {who: errors for who, (_leaks, errors) in found.items() if errors} == {}
    assert {who: leaks for who, (leaks, _errors) in found.items() if leaks} == {}


def leaky_view(request):
    from django.http import HttpResponse

    return HttpResponse(" ".join(Case.objects.values_list("number", flat=True)))


urlpatterns = [path("leak/everything/", leaky_view)]


def test_a_planted_leak_is_found(settings, clerk, leader):
    import config.urls
    from jiefen.cases.tests.factories import make_case

    make_case(actor=leader, village_code="330106010002")
    make_case(actor=leader, village_code="330106109001")
    settings.ROOT_URLCONF = __name__
    urlpatterns[:] = [path("leak/everything/", leaky_view), *config.urls.urlpatterns]
    assert "/leak/everything/" in discover_urls()
    client = Client()
    client.force_login(clerk)
    leaks, _errors = walk(
        client, outside_markers(clerk), urls=["/leak/everything/", "/cases/", "/api/v1/cases/"]
    )
    assert {leak.url.split("?")[0] for leak in leaks} == {"/leak/everything/"}
