"""PostgreSQL: the timeline is partitioned by year, each event in its year's partition, and the
next year's partition is made ahead of time (rows already in DEFAULT move into it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from jiefen.cases.choices import EventKind
from jiefen.cases.models import CaseEvent
from jiefen.cases.partitions import (
    DEFAULT,
    caseevent_is_partitioned,
    caseevent_partitions,
    caseevent_partitions_ensure,
    partition_name,
)
from jiefen.cases.tests.factories import make_case

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL"
    ),
    pytest.mark.django_db,
]


def partition_of(event: CaseEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM cases_caseevent WHERE id = %s", [event.pk]
        )
        return cursor.fetchone()[0]


def event_at(case, at: dt.datetime) -> CaseEvent:
    return CaseEvent.objects.create(case=case, at=at, kind=EventKind.NOTE, summary="测试")


def test_the_migrated_timeline_is_partitioned_with_this_and_next_years():
    year = timezone.localdate().year

    assert caseevent_is_partitioned()
    assert {partition_name(year), partition_name(year + 1), DEFAULT} <= set(caseevent_partitions())


def test_an_event_lands_in_its_years_partition_by_china_time(clerk):
    case = make_case(actor=clerk)
    year = timezone.localdate().year
    # 16:30 UTC on 31 December is already New Year's Day in Hangzhou.
    new_year = event_at(case, dt.datetime(year, 12, 31, 16, 30, tzinfo=dt.UTC))

    assert partition_of(new_year) == partition_name(year + 1)
    assert case.events.filter(pk=new_year.pk).exists()  # read back through the parent table


def test_a_partition_made_late_takes_its_rows_out_of_default(clerk, time_machine):
    case = make_case(actor=clerk)
    later = timezone.localdate().year + 3
    early = event_at(case, dt.datetime(later, 3, 1, tzinfo=dt.UTC))
    assert partition_of(early) == DEFAULT

    time_machine.move_to(dt.datetime(later, 1, 2, tzinfo=dt.UTC))
    made = caseevent_partitions_ensure()

    assert partition_name(later) in made
    assert partition_of(early) == partition_name(later)
    assert CaseEvent.objects.get(pk=early.pk).summary == "测试"


def test_ids_go_on_after_the_partitioning(clerk):
    case = make_case(actor=clerk)
    first = event_at(case, timezone.now())
    second = event_at(case, timezone.now())

    assert second.pk > first.pk
