"""The shared database expressions."""

import datetime as dt

import pytest
from django.db.models import F

from jiefen.accounts.models import User
from jiefen.core.db import SecondsBetween

pytestmark = pytest.mark.django_db


def test_seconds_between_reads_fifteen_minutes_as_exactly_900_seconds(make_staff):
    joined = dt.datetime(2026, 3, 31, 15, 59, 0, tzinfo=dt.UTC)
    user = make_staff()
    User.objects.filter(pk=user.pk).update(
        date_joined=joined, last_login=joined + dt.timedelta(minutes=15)
    )

    seconds = (
        User.objects.filter(pk=user.pk)
        .annotate(s=SecondsBetween(F("last_login"), F("date_joined")))
        .values_list("s", flat=True)
        .get()
    )

    assert seconds == 900.0
