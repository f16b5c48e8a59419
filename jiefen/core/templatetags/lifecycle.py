"""What the pages ask the lifecycle kernel: how a state looks (`{{ obj|state_tone }}`), so no
template compares a status itself."""

from __future__ import annotations

from django import template
from django.db import models

from jiefen.core.lifecycle import lifecycle_of

register = template.Library()


@register.filter
def state_tone(obj: models.Model, field: str = "status") -> str:
    """The badge classes of the object's state, as its lifecycle declares them."""
    return lifecycle_of(obj, field).tone(obj)
