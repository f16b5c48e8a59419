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
