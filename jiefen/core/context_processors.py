"""The navigation frame: each app's AppConfig may declare `nav_items`, so a new part adds its own
menu entry without editing the shared template."""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from jiefen.core.policy import Policy


def navigation(request: HttpRequest) -> dict:
    """Menu groups: one per app; an app with one entry is a plain link, more make a dropdown.

    Worked out once per request: a page that renders its panels with the request (the case
    page's tracks) runs the context processors for each of them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    navigation = getattr(request, "_jiefen_navigation", None)
    if navigation is None:
        navigation = _navigation(request, user)
        setattr(request, "_jiefen_navigation", navigation)  # noqa: B010 - not a model field
    return navigation


def _navigation(request: HttpRequest, user) -> dict:
    groups, flat = [], []
    for config in apps.get_app_configs():
        entries = []
        for item in getattr(config, "nav_items", ()):
            label, url_name, *rest = item
            # An optional third element: the policy the page serves under (the same the page
            # and its services check), or the roles it is for.
            if rest and not _holds(user, rest[0]):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            entries.append({"label": label, "url": url, "active": request.path.startswith(url)})
        if entries:
            label = entries[0]["label"] if len(entries) == 1 else config.verbose_name
            groups.append(
                {"label": label, "items": entries, "active": any(e["active"] for e in entries)}
            )
            flat += entries
    return {
        "nav_items": flat,
        "nav_groups": groups,
        # Counted when the menu shows it, once.
        "unread_notifications": SimpleLazyObject(lambda: _unread(user)),
    }


def _holds(user, rule) -> bool:
    if isinstance(rule, Policy):
        return rule.holds(user)
    return user.is_superuser or user.role in rule


def _unread(user) -> int:
    from jiefen.accounts.models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).count()
