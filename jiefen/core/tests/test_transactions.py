"""service_atomic: one savepoint for a service and the services it calls."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from jiefen.accounts.models import User
from jiefen.core.transactions import service_atomic, service_scratch

pytestmark = pytest.mark.django_db


@service_atomic()
def _inner(name: str) -> None:
    User.objects.create(username=name)


@service_atomic()
def _outer(*, fail: bool = False) -> None:
    User.objects.create(username="outer")
    _inner("inner")
    if fail:
        raise RuntimeError("after the inner service")


def _savepoints(ctx) -> list[str]:
    return [q["sql"].split()[0] for q in ctx.captured_queries if "SAVEPOINT" in q["sql"]]


def test_a_service_called_by_a_service_opens_no_savepoint_of_its_own():
    with CaptureQueriesContext(connection) as ctx:
        _outer()
    assert _savepoints(ctx) == [
        "SAVEPOINT",
        "RELEASE",
    ]  # the outer one's, in the test's transaction


def test_an_error_after_the_inner_service_rolls_back_both_and_nothing_else():
    User.objects.create(username="before")
    with pytest.raises(RuntimeError):
        _outer(fail=True)
    assert sorted(User.objects.values_list("username", flat=True)) == ["before"]


def test_an_error_inside_a_plain_atomic_block_within_a_service_is_survived():
    @service_atomic()
    def guarded() -> None:
        try:
            with transaction.atomic():
                _inner("rolled back")
                raise RuntimeError("a concurrent insert, say")
        except RuntimeError:
            pass
        _inner("kept")

    guarded()
    assert sorted(User.objects.values_list("username", flat=True)) == ["kept"]


def test_the_scratch_lives_as_long_as_the_outermost_service_block():
    seen = []

    @service_atomic()
    def inner() -> None:
        seen.append(service_scratch())

    @service_atomic()
    def outer() -> None:
        service_scratch()["mark"] = 1
        inner()

    outer()
    assert seen == [{"mark": 1}]
    assert service_scratch() is None
