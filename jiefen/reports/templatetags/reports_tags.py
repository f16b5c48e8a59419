from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.filter
def case_href(case) -> str:
    """The case's page (`/cases/<pk>/` until the case page's route exists)."""
    try:
        return case.get_absolute_url()
    except NoReverseMatch:
        return f"/cases/{case.pk}/"
