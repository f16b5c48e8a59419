"""Words on pages in the reader's language: free text marked when it is Chinese inside another
language (`{{ name|zh }}`), amounts of money as the language writes them (`{{ amount|money }}`),
lists joined with the language's separator (`{{ labels|listing }}`), the name of a system
rather than its code (`{{ sender|system_label }}`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from jiefen.core.messages import catalogue as catalogue_text
from jiefen.core.messages import foreign, list_separator
from jiefen.core.messages import money as money_text
from jiefen.core.systems import system_label as _system_label

register = template.Library()


@register.filter
def zh(value: Any) -> SafeString:
    """Free text (a name, a place, what someone typed) as given, marked `lang="zh"` on a page
    that is not Chinese when it is Chinese."""
    return mark_safe(foreign(value))  # noqa: S308 - foreign escapes


@register.filter
def minute(value: Any) -> str:
    """A moment to the minute in the reader's time zone: `{{ e.at|minute }}` is
    `{{ e.at|date:"Y-m-d H:i" }}` at a tenth of the cost (the timeline and clocks of a case page
    format dozens)."""
    if not isinstance(value, dt.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


@register.filter
def money(value: Any) -> str:
    """An amount in yuan: 48,700.00 元 / CNY 48,700.00."""
    if value is None or value == "":
        return ""
    return money_text(value)


@register.filter
def listing(values: Iterable[Any]) -> SafeString:
    """Items joined with the language's list separator (、 / , ), Chinese items marked."""
    return mark_safe(  # noqa: S308 - each item escaped
        conditional_escape(list_separator()).join(foreign(v) for v in values)
    )


@register.filter
def system_label(code: str) -> str:
    """`{{ incident.sender|system_label }}`: 110接处警平台, never `police110`."""
    return _system_label(code or "")


@register.filter
def catalogue(value: Any) -> SafeString:
    """`{{ link.reason|catalogue }}`: stored source text in the reader's language; free text as
    written, marked `lang="zh"` when it is Chinese."""
    return mark_safe(catalogue_text(value))  # noqa: S308 - catalogue_text escapes
