"""Every page and API declares the policy it serves under, and every role outside that policy is
refused with 403: walked over every routed URL and method, as a person of each role.

The URLs come from the resolver (a page added later is walked without anyone listing it); path
parameters are filled with ids that need not exist, since the policy is checked before the
object is fetched."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import Resolver404

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.accounts.services import departments_ensure
from jiefen.core.access import PUBLIC, SIGNED_IN
from jiefen.geo.services import HANGZHOU_DIVISIONS, divisions_load
from tests.kernel.role_walk import ROLES
from tests.kernel.role_walk import declared as _declared
from tests.kernel.role_walk import walked_urls as _walked_urls

pytestmark = pytest.mark.django_db

PAGE_METHODS = ["GET", "POST"]
API_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]


def _request(client: Client, url: str, method: str):
    if url.startswith("/api/"):
        return getattr(client, method.lower())(url, data={}, content_type="application/json")
    return client.get(url) if method == "GET" else client.post(url, data={})


def test_every_walked_url_declares_its_policy():
    undeclared = []
    for url in _walked_urls():
        for method in API_METHODS if url.startswith("/api/") else PAGE_METHODS:
            try:
                handles, rule = _declared(url, method)
            except Resolver404:
                continue
            if handles and rule is None:
                undeclared.append(f"{method} {url}")
    assert undeclared == []


@pytest.mark.parametrize("role", ROLES)
def test_every_role_is_refused_every_page_and_api_outside_its_policies(make_staff, role):
    assert _walk_wrong(make_staff(role)) == []


# Above and beside the home district: a city's leader and clerk, and another district's people
# at district, street and village level (issue 21).
SCOPED = [
    (Role.LEADER, ScopeLevel.CITY, "3301"),
    (Role.RECEPTION_CLERK, ScopeLevel.CITY, "3301"),
    (Role.LEADER, ScopeLevel.DISTRICT, "330102"),
    (Role.RECEPTION_CLERK, ScopeLevel.STREET, "330102001"),
    (Role.MEDIATOR, ScopeLevel.VILLAGE, "330102001051"),
]


@pytest.mark.parametrize(("role", "level", "code"), SCOPED)
def test_the_walk_holds_at_city_level_and_in_a_second_district(make_staff, role, level, code):
    divisions_load(text=(HANGZHOU_DIVISIONS / "330102.json").read_text(encoding="utf-8"))
    departments_ensure()
    assert _walk_wrong(make_staff(role, scope_level=level, scope_code=code)) == []


def _walk_wrong(user) -> list[str]:
    client = Client()
    client.force_login(user)
    wrong = []
    for url in _walked_urls():
        for method in API_METHODS if url.startswith("/api/") else PAGE_METHODS:
            handles, rule = _declared(url, method)
            if not handles or rule is None or rule in (PUBLIC, SIGNED_IN):
                continue
            status = _request(client, url, method).status_code
            # 401: an endpoint for signed system calls (the province's inbound) asks the caller
            # to authenticate as a system; a person's login does not make them one.
            if not rule.holds(user) and status not in (401, 403):
                wrong.append(f"{method} {url}: {status}, expected 403 ({rule.name})")
            elif status >= 500:
                wrong.append(f"{method} {url}: {status}")
    return wrong


def test_a_police_liaison_may_not_receive_edit_escalate_or_reassign_cases(make_staff):
    """The attacks issue 15 names, spelled out."""
    client = Client()
    client.force_login(make_staff(Role.POLICE_LIAISON))

    assert client.get("/cases/new/").status_code == 403
    assert client.post("/cases/1/edit/", {}).status_code == 403
    assert client.post("/cases/1/escalate/", {}).status_code == 403
    assert client.post("/cases/1/reassign/", {}).status_code == 403
    api = {"content_type": "application/json"}
    assert client.post("/api/v1/cases/", {}, **api).status_code == 403
    assert client.patch("/api/v1/cases/1/", {}, **api).status_code == 403
    assert client.post("/api/v1/cases/1/actions/escalate/", {}, **api).status_code == 403
