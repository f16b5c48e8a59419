"""The case list's paginator (jiefen.core.pagination.CappedCountPaginator): an exact count up to
its cap, then "more than the cap", its pages stopping at the cap, each full."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.paginator import EmptyPage

from jiefen.core.pagination import CappedCountPaginator

pytestmark = pytest.mark.django_db


def _paginator(rows: int, *, cap: int = 7, per_page: int = 3) -> CappedCountPaginator:
    """A paginator over `rows` groups named g00, g01, ... in that order."""
    Group.objects.bulk_create(Group(name=f"g{i:02d}") for i in range(rows))
    return CappedCountPaginator(Group.objects.order_by("name"), per_page, cap=cap)


def _names(page) -> list[str]:
    return [group.name for group in page]


def test_rows_up_to_the_cap_are_counted_exactly():
    paginator = _paginator(7, cap=7)

    assert (paginator.count, paginator.capped) == (7, False)


def test_rows_past_the_cap_are_counted_as_the_cap_and_more():
    paginator = _paginator(10, cap=7)

    assert (paginator.count, paginator.capped) == (7, True)


def test_the_pages_stop_at_the_cap():
    paginator = _paginator(20, cap=6, per_page=3)

    assert paginator.num_pages == 2


def test_the_last_page_past_the_cap_is_full():
    paginator = _paginator(20, cap=7, per_page=3)

    # Django's own would cut it at the count, to the one row g06.
    assert _names(paginator.page(3)) == ["g06", "g07", "g08"]


def test_a_page_past_the_cap_is_refused():
    paginator = _paginator(20, cap=7, per_page=3)

    with pytest.raises(EmptyPage):
        paginator.page(4)


def test_asking_for_a_page_past_the_cap_gives_the_full_last_page():
    paginator = _paginator(20, cap=7, per_page=3)

    page = paginator.get_page(9)

    assert (page.number, _names(page)) == (3, ["g06", "g07", "g08"])
