"""The reveal buttons ask the same policy the reveal checks: `{% if user|may_reveal %}` (the
role; the page showing the party already lies within the person's scope)."""

from django import template

from jiefen.parties import policies as P

register = template.Library()


@register.filter
def may_reveal(user) -> bool:
    return P.REVEAL.holds(user)
