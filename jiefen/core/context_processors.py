"""The navigation frame: each app's AppConfig may declare `nav_items`, so a new part adds its own
menu entry without editing the shared template.

The menu and the home page's tiles show a person the entries whose policy they hold: the policy
an entry names (its third element), or else the one its page declares (`policy_required`), so
the menu offers exactly the pages that would not refuse them. Apps that add to the frame's
context (the unread notifications badge) declare `navigation_context` on their AppConfig: core
never imports the apps above it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext

from jiefen.core.access import PUBLIC, SIGNED_IN, view_policy
from jiefen.core.messages import source_text
from jiefen.core.policy import Policy


def navigation(request: HttpRequest) -> dict:
    """Menu groups: one per app; an app with one entry is a plain link, more make a dropdown.

    Worked out once per request: a page that renders its panels with the request (the case
    page's tracks) runs the context processors for each of them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": ""}
    navigation = getattr(request, "_jiefen_navigation", None)
    if navigation is None:
        navigation = _navigation(request, user)
        setattr(request, "_jiefen_navigation", navigation)  # noqa: B010 - not a model field
    return navigation


def menu_entries(user: Any) -> list[tuple[Any, list[dict]]]:
    """(app config, [{label, url}]) for every app with entries this person may open."""
    found = []
    for config, _source, entries in _menu_catalogue(get_script_prefix(), get_urlconf()):
        mine = [
            {"label": label, "url": url} for label, url, rule, _text in entries if _may(user, rule)
        ]
        if mine:
            found.append((config, mine))
    return found


@functools.cache
def _menu_catalogue(script_prefix: str, urlconf: str | None) -> list[tuple[Any, str, list[tuple]]]:
    """Every app as (config, its name's source text, entries as (label, url, policy, the label's
    source text)): the same for every request of a process (its addresses and policies are
    fixed when the URLs load, and a label's source text is that of no one language), so worked
    out once, not per page."""
    found = []
    for config in apps.get_app_configs():
        entries = []
        for item in getattr(config, "nav_items", ()):
            label, url_name, *rest = item
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            policy = rest[0] if rest else page_policy(url)
            entries.append((label, url, policy, source_text(label)))
        if entries:
            found.append((config, source_text(config.verbose_name), entries))
    return found


@receiver(setting_changed)
def _forget_menu_catalogue(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":  # as Django forgets its own URL caches (tests swap URLconfs)
        _menu_catalogue.cache_clear()
        _nav_menu_html.cache_clear()  # keyed by the catalogue's positions


def _may(user: Any, rule: Policy | tuple[str, ...] | None) -> bool:
    return rule is None or _holds(user, rule)


def page_policy(url: str) -> Policy | None:
    """The policy the page at `url` declared for GET (None when it declared none)."""
    try:
        match = resolve(url)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
    return view_policy(view or match.func, "GET")


def _menu_label(label: Any, source: str) -> str:
    """The menu's word for an entry (`source`: its source-language text): a short form where the
    language has one (context "menu": "Inspection" for "Labor inspection", so that the English
    menu fits a 1440-pixel screen)."""
    short = pgettext("menu", source)
    return short if short != source else str(label)


def _navigation(request: HttpRequest, user) -> dict:
    # What this request decides: which entries the person may open, and which is the page
    # shown. The labels and the markup follow from that and the language, and are built once.
    prefix, urlconf = get_script_prefix(), get_urlconf()
    shown = []
    for group, (_config, _source, entries) in enumerate(_menu_catalogue(prefix, urlconf)):
        mine = tuple(
            (position, request.path.startswith(url))
            for position, (_label, url, rule, _text) in enumerate(entries)
            if _may(user, rule)
        )
        if mine:
            shown.append((group, mine))
    context: dict[str, Any] = {
        "nav_menu": _nav_menu_html(prefix, urlconf, get_language(), tuple(shown))
    }
    for name, provide in _providers().items():
        # Worked out when the frame shows it, once.
        context[name] = SimpleLazyObject(functools.partial(provide, user))
    return context


# roles x languages x the group a page is in: a few dozen
@functools.lru_cache(maxsize=512)
def _nav_menu_html(
    prefix: str,
    urlconf: str | None,
    language: str | None,
    shown: tuple[tuple[int, tuple[tuple[int, bool], ...]], ...],
) -> SafeString:
    """The menu's entries as HTML (`{{ nav_menu }}` in the frame), in the active language,
    `language`: the same few menus for every page of a role, so each is built once a process,
    in Python (in the template, its loops were a tenth of a case page's work; its labels,
    translated on every page, a fiftieth)."""
    catalogue = _menu_catalogue(prefix, urlconf)

    def active(flag: bool) -> str:
        return " active" if flag else ""

    html = []
    for group, mine in shown:
        config, source, entries = catalogue[group]
        if len(mine) == 1:
            # A group of one is shown as a plain link with its entry's label: the menu's word.
            position, is_active = mine[0]
            label, url, _rule, text = entries[position]
            html.append(
                format_html(
                    '<li class="nav-item"><a class="nav-link{}" href="{}">{}</a></li>',
                    active(is_active),
                    url,
                    _menu_label(label, text),
                )
            )
            continue
        items = format_html_join(
            "",
            '<li><a class="dropdown-item{}" href="{}">{}</a></li>',
            (
                (active(is_active), entries[position][1], entries[position][0])
                for position, is_active in mine
            ),
        )
        html.append(
            format_html(
                '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle{}" href="#" '
                'role="button" data-bs-toggle="dropdown" aria-expanded="false">{}</a>'
                '<ul class="dropdown-menu">{}</ul></li>',
                active(any(is_active for _position, is_active in mine)),
                _menu_label(config.verbose_name, source),
                items,
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308 - each part built by format_html


def _providers() -> dict[str, Callable[[Any], Any]]:
    """Context the apps add to the frame: `navigation_context = {"name": "dotted.path"}`."""
    found: dict[str, Callable[[Any], Any]] = {}
    for config in apps.get_app_configs():
        for name, path in getattr(config, "navigation_context", {}).items():
            found[name] = import_string(path)
    return found


def _holds(user, rule: Policy | tuple[str, ...]) -> bool:
    if rule is PUBLIC or rule is SIGNED_IN:
        return True
    if isinstance(rule, Policy):
        return rule.holds(user)
    return bool(user.is_superuser or user.role in rule)  # roles named directly (older apps)
