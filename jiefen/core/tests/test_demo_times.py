"""Demo data never dated in the future (issue 17 item 4): after `seed_demo`, nothing that has
already happened (an event, a visit, a session, a held hearing, a message sent, a row written)
carries a time after now. Only what is planned may lie ahead: due dates, scheduled hearings and
bookings, retries, expiries."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Moments that are planned, not happened: they may lie ahead.
PLANNED = {
    "due_at",  # a clock's due moment
    "starts_at",  # a hearing (held ones are checked below)
    "ends_at",
    "slot_start",  # a mediation booking
    "expires_at",
    "next_attempt_at",
    "next_run_at",
    "lease_until",
}


def _happened_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("jiefen."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.DateTimeField) and field.name not in PLANNED:
                yield model, field.name


def test_seed_demo_dates_nothing_that_happened_after_now(xihu):
    call_command("seed_demo")
    now = timezone.now()

    future = []
    for model, name in _happened_fields():
        late = model.objects.filter(**{f"{name}__gt": now})
        n = late.count()
        if n:
            first = late.order_by(f"-{name}").values_list(name, flat=True).first()
            future.append(f"{model._meta.label}.{name}: {n} (latest {first:%Y-%m-%d %H:%M})")
    from jiefen.arbitration.choices import HearingStatus
    from jiefen.arbitration.models import Hearing

    held = Hearing.objects.filter(status=HearingStatus.HELD, starts_at__gt=now).count()
    if held:
        future.append(f"arbitration.Hearing held but starting after now: {held}")
    assert not future, "\n".join(future)
