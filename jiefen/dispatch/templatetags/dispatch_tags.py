from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.filter
def case_url(case) -> str:
    """The case page's address, or "" while the case pages are not installed."""
    try:
        return case.get_absolute_url()
    except NoReverseMatch:
        return ""


@register.filter
def minutes_seconds(seconds: int) -> str:
    """A timer's figure before the page's script takes over: 16:47 (minutes:seconds)."""
    total = max(0, int(seconds or 0))
    return f"{total // 60:02d}:{total % 60:02d}"
