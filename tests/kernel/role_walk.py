"""The role walk's URL list and roles, shared by the kernel's policy walk and the screens' walks
(tests/kernel/test_words_for_people.py, tests/browser/test_responsive.py): a page routed later
is walked by all of them without anyone listing it."""

from __future__ import annotations

from django.urls import resolve

from jiefen.accounts.choices import Role
from jiefen.core.access import view_policy
from jiefen.core.policy import Policy
from tests.scope.walker import discover_routes

ROLES = [
    Role.POLICE_LIAISON,
    Role.MEDIATOR,
    Role.LABOR_INSPECTOR,
    Role.RECEPTION_CLERK,
    Role.LEADER,
    Role.ARBITRATOR,
    Role.TRIBUNAL_CLERK,
]
NOT_WALKED = ("/accounts/login/", "/accounts/logout/")


def declared(url: str, method: str) -> tuple[bool, Policy | None]:
    """(whether the view answers this method, the policy it declared for it)."""
    match = resolve(url.split("?")[0])
    view = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    if view is not None and hasattr(view, "http_method_names"):
        handles = hasattr(view, method.lower()) or (method == "GET" and hasattr(view, "list"))
        return handles, view_policy(view, method)
    return True, view_policy(match.func, method)


def walked_urls(*, with_parameters: bool = True) -> list[str]:
    """Every routed URL the role walk visits (path parameters filled with ids that need not
    exist; without parameters, only the lists, boards and forms)."""
    urls = []
    for url in discover_routes(with_parameters=with_parameters):
        if url.startswith(NOT_WALKED) or url == "/":
            continue
        urls.append(url)
    return urls
