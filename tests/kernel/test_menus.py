"""The menu and the home page's tiles are derived from the policies: each role sees its own work
and no entry whose page would refuse it (issue 15)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from jiefen.accounts.choices import Role
from jiefen.core.context_processors import menu_entries, page_policy

pytestmark = pytest.mark.django_db

# What each role's menu and home tiles must show and must not show (URL names).
SHOWN = {
    Role.POLICE_LIAISON: ["cases:clock_rules", "geo:grid", "dispatch:incident_list"],
    Role.MEDIATOR: [
        "cases:intake",
        "cases:list",
        "outreach:index",
        "reports:dashboard",
        "calculators:index",
        "consultations:library",
    ],
    Role.LABOR_INSPECTOR: ["cases:list", "outreach:index", "reports:dashboard"],
    Role.RECEPTION_CLERK: ["cases:intake", "cases:list", "reports:monthly"],
    Role.LEADER: ["cases:list", "outreach:index", "reports:monthly", "audit:search"],
    Role.ARBITRATOR: ["cases:list", "reports:dashboard", "calculators:index"],
    Role.TRIBUNAL_CLERK: ["cases:list", "reports:dashboard"],
    Role.ADMINISTRATOR: ["cases:list", "audit:search", "reports:monthly", "outreach:index"],
}
HIDDEN = {
    Role.POLICE_LIAISON: [
        "cases:intake",
        "cases:list",
        "outreach:index",
        "reports:dashboard",
        "reports:monthly",
        "audit:search",
        "calculators:index",
        "consultations:library",
        "arbitration:list",
        "exchange:outbox",
        "portal:staff_queue",
    ],
    Role.MEDIATOR: ["reports:monthly", "audit:search"],
    Role.LABOR_INSPECTOR: ["reports:monthly", "audit:search"],
    Role.RECEPTION_CLERK: ["outreach:index", "audit:search"],
    Role.LEADER: [],
    Role.ARBITRATOR: ["cases:intake", "outreach:index", "reports:monthly", "audit:search"],
    Role.TRIBUNAL_CLERK: ["cases:intake", "outreach:index", "reports:monthly", "audit:search"],
    Role.ADMINISTRATOR: [],
}


def _home(make_staff, role) -> str:
    client = Client()
    client.force_login(make_staff(role))
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", list(SHOWN))
def test_the_menu_and_tiles_show_each_role_its_own_work(make_staff, role):
    page = _home(make_staff, role)

    missing = [name for name in SHOWN[role] if f'href="{reverse(name)}"' not in page]
    shown = [name for name in HIDDEN[role] if f'href="{reverse(name)}"' in page]
    assert (missing, shown) == ([], [])


@pytest.mark.parametrize("role", list(SHOWN))
def test_no_entry_is_offered_that_its_page_would_refuse(make_staff, role):
    user = make_staff(role)
    client = Client()
    client.force_login(user)

    refused = [
        entry["url"]
        for _config, entries in menu_entries(user)
        for entry in entries
        if client.get(entry["url"]).status_code == 403
    ]
    assert refused == []


def test_every_menu_entry_has_a_policy():
    undeclared = [
        f"{config.label}: {url_name}"
        for config in apps.get_app_configs()
        for _label, url_name, *rest in getattr(config, "nav_items", ())
        if not rest and page_policy(reverse(url_name)) is None
    ]
    assert undeclared == []


def test_an_entry_without_a_policy_of_its_own_follows_its_page(make_staff):
    from jiefen.outreach import policies as P

    assert page_policy(reverse("outreach:board")) is P.VIEW


def test_the_menu_marks_the_entry_of_the_page_shown_and_no_other(make_staff):
    client = Client()
    client.force_login(make_staff(Role.RECEPTION_CLERK))
    cases, intake = reverse("cases:list"), reverse("cases:intake")

    on_list = client.get(cases).content.decode()
    on_home = client.get("/").content.decode()

    assert f'active" href="{cases}"' in on_list
    assert f'active" href="{intake}"' not in on_list
    assert f'active" href="{cases}"' not in on_home


def test_the_menu_is_in_the_readers_language(make_staff):
    client = Client()
    client.force_login(make_staff(Role.RECEPTION_CLERK))
    client.cookies["django_language"] = "en"

    page = client.get("/").content.decode()

    menu = page.split('<ul class="navbar-nav me-auto">')[1].split("</nav>")[0]
    assert "Cases" in menu and "案件" not in menu


def test_a_menu_built_in_one_language_is_not_shown_in_the_other(make_staff):
    # The menu's markup is kept once built (per entries, active page and language).
    client = Client()
    client.force_login(make_staff(Role.RECEPTION_CLERK))

    def menu(language: str) -> str:
        client.cookies["django_language"] = language
        page = client.get("/").content.decode()
        return page.split('<ul class="navbar-nav me-auto">')[1].split("</ul>\n")[0]

    chinese, english, chinese_again = menu("zh-hans"), menu("en"), menu("zh-hans")

    assert "Cases" in english and "案件" not in english
    assert "案件" in chinese and "Cases" not in chinese
    assert chinese_again == chinese
