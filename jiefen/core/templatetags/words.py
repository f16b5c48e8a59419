"""Words for people in the templates: the name of a system rather than its code."""

from __future__ import annotations

from django import template

from jiefen.core.systems import system_label as _system_label

register = template.Library()


@register.filter
def system_label(code: str) -> str:
    """`{{ incident.sender|system_label }}`: 110接处警平台, never `police110`."""
    return _system_label(code or "")
