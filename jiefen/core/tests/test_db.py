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


def _staff_from(pk):
    from django.db.models import Func, IntegerField, Subquery

    counted = User.objects.filter(pk__gte=pk).order_by().values(n=Func(F("pk"), function="COUNT"))
    return Subquery(counted, output_field=IntegerField())


def test_a_kept_column_reads_each_callers_value_not_the_first_callers(make_staff):
    from django.db.models import IntegerField

    from jiefen.core.db import kept_column

    first, second = make_staff(), make_staff()

    def staff_from(user):
        column = kept_column(
            "tests.staff_from", User, _staff_from, user.pk, output_field=IntegerField()
        )
        return User.objects.annotate(n=column).values_list("n", flat=True).get(pk=first.pk)

    assert (staff_from(first), staff_from(second)) == (2, 1)


def test_a_kept_column_whose_sql_holds_a_value_of_its_own_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from django.db.models import IntegerField, Value
    from django.db.models.functions import Coalesce

    from jiefen.core.db import kept_column

    def count_or_zero(user_id):
        # The 0 is a parameter of the statement that the caller does not pass.
        return Coalesce(Value(None, output_field=IntegerField()), Value(0)) + user_id

    with pytest.raises(ImproperlyConfigured):
        kept_column("tests.refused", User, count_or_zero, 7, output_field=IntegerField())
