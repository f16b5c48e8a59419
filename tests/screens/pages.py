"""The pages a person of each demo role sees, for the screens' walks: the role walk's lists, boards
and forms (tests/kernel/role_walk.py, so a page routed later is walked without anyone listing
it), and one real object's page of every model that has one (the case page, the incident
page...), each only where the person's policy allows it."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, Resolver404

from jiefen.accounts.demo import NAMED
from jiefen.core.access import PUBLIC, SIGNED_IN
from tests.kernel.role_walk import ROLES, declared, walked_urls

# Not pages a person reads: files, exports, feeds and redirects to them.
NOT_PAGES = ("/api/", "/static/", "/media/", "/healthz", "/metrics")
FILE_SUFFIXES = (".xlsx", ".docx", ".pdf", ".csv", ".ics", ".json", ".txt", ".xml")


def demo_logins() -> list[str]:
    """One demo login per role the role walk walks (the first `make run` prints for it)."""
    first: dict[str, str] = {}
    for username, _name, role, *_rest in NAMED:
        first.setdefault(role, username)
    return [first[role] for role in ROLES if role in first]


def object_pages() -> list[str]:
    """The page of the first object of every model that has one."""
    urls = []
    for model in apps.get_models():
        if not model.__module__.startswith("jiefen.") or not hasattr(model, "get_absolute_url"):
            continue
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        try:
            urls.append(obj.get_absolute_url())
        except (NoReverseMatch, AttributeError, TypeError, ValueError):
            continue
    return sorted(set(urls))


def is_page(url: str) -> bool:
    path = url.split("?")[0]
    return not path.startswith(NOT_PAGES) and not path.endswith(FILE_SUFFIXES)


def pages_for(user) -> list[str]:
    """The pages `user` may GET: every list of the role walk and every object page, within the
    person's policies (a page outside them answers 403 and shows nothing to read)."""
    urls = ["/", *walked_urls(with_parameters=False), *object_pages()]
    pages = []
    for url in urls:
        if not is_page(url):
            continue
        try:
            handles, rule = declared(url, "GET")
        except Resolver404:
            continue
        if not handles or rule is None:
            continue
        if rule in (PUBLIC, SIGNED_IN) or rule.holds(user):
            pages.append(url)
    return list(dict.fromkeys(pages))
