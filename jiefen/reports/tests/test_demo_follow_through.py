"""The demo's follow-through: old cases are taken the rest of their way, recent ones are not."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
import time_machine
from django.utils import timezone

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.models import Case, CaseEvent
from jiefen.cases.tests.factories import make_case, make_case_without_employer
from jiefen.reports import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_clerk(make_staff):
    return make_staff(
        Role.RECEPTION_CLERK,
        scope_level=ScopeLevel.STREET,
        scope_code="330106010",
        username="clerk",
    )


def a_110_case(clerk, *, days_ago: int) -> Case:
    received = timezone.now() - dt.timedelta(days=days_ago)
    with time_machine.travel(received, tick=False):
        return make_case_without_employer(actor=clerk, received_at=received)


def seed() -> None:
    demo.seed(out=io.StringIO(), rng=random.Random(1))


def test_a_110_case_from_two_months_ago_is_worked_to_its_end(demo_clerk):
    make_case(actor=demo_clerk)  # an employer on file to name
    case = a_110_case(demo_clerk, days_ago=60)

    seed()

    case.refresh_from_db()
    assert case.status in (S.CLOSED, S.ANSWERED)
    assert case.status == S.ANSWERED or case.employer is not None


def test_a_case_of_the_last_fortnight_is_left_as_it_stands(demo_clerk):
    case = a_110_case(demo_clerk, days_ago=5)

    seed()

    case.refresh_from_db()
    assert case.status == S.REGISTERED


def test_a_second_run_the_same_day_adds_nothing(demo_clerk):
    make_case(actor=demo_clerk)
    for days_ago in (16, 20, 30, 60, 90):
        a_110_case(demo_clerk, days_ago=days_ago)
    seed()
    events = CaseEvent.objects.count()

    seed()

    assert CaseEvent.objects.count() == events
