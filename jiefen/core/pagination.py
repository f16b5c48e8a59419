from typing import cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CappedCountPaginator(Paginator):
    """A paginator that counts at most `cap` rows: past it the page says "more than `cap`" and
    its pages stop at the cap. Counting every case a common search word matches reads each one's
    text (180 of a 210 ms page at a million cases, issue 20); nobody pages past the cap, they
    narrow the filter instead."""

    def __init__(
        self, object_list, per_page, *, cap: int, counted: QuerySet | None = None, **kwargs
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        # The rows to count, when the page's rows carry columns from other tables: a count
        # keeps their joins (Django strips unused annotations only from an unsliced count).
        self.counted = counted

    @cached_property
    def rows_up_to_cap_and_one(self) -> int:
        # Unordered: a count needs no sort, and the LIMIT lets the scan stop at the cap.
        rows = self.counted if self.counted is not None else cast(QuerySet, self.object_list)
        return rows.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.rows_up_to_cap_and_one, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than `count` says."""
        return self.rows_up_to_cap_and_one > self.cap

    def page(self, number):
        if not self.capped:
            return super().page(number)
        # Past the cap every page is full: Django's would cut the last one at `count`.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
