"""Deadline arithmetic on the Chinese working-day calendar.

Two kinds of period occur in labor law:
- working days (工作日): e.g. the centre's 7-working-day target, the 5 working days to open an
  inspection case; counted by `workday_add`;
- calendar days (日): e.g. the 15-day mediation period, the 45-day award period; counted by
  `calendar_days_add`. The first day is not counted, and a period whose last day falls on a
  holiday or rest day ends on the next working day (民法典 第二百零一条、第二百零三条).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, router, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    Func,
    IntegerField,
    Subquery,
)
from django.db.models.expressions import BaseExpression, RawSQL
from django.db.models.lookups import Exact

from jiefen.core.db import kept_column
from jiefen.core.policy import internal, system
from jiefen.workdays.models import CalendarDay, CalendarYear

logger = logging.getLogger("jiefen.workdays")
CN_HOLIDAYS = Path(__file__).resolve().parent / "data" / "cn_holidays.json"
_warned_years: set[int] = set()
# Called with the years whose calendar changed, inside the same transaction: the cases layer
# registers the recomputation of every open clock (a layer above may not be imported here).
_changed_hooks: list[Callable[[list[int]], object]] = []


@internal
def calendar_changed_connect(hook: Callable[[list[int]], object]) -> None:
    """Register `hook(years)` to run whenever a year of the calendar is loaded or edited."""
    if hook not in _changed_hooks:
        _changed_hooks.append(hook)


@system
def calendar_changed(*, years: list[int]) -> None:
    """Tell the registered hooks that these years changed (after a load or an edit)."""
    _warned_years.difference_update(years)
    shared = _shared_years.get()
    for year in years if shared else ():
        shared.pop(year, None)  # type: ignore[union-attr]
    if connection.in_atomic_block:
        # Until the change commits, this transaction reads the calendar from the database (the
        # hooks below recompute clocks with it) and no process may cache what it reads now.
        _changed_in.set(connection.atomic_blocks[0])
        transaction.on_commit(_cached_years_forget)
    else:
        _cached_years_forget()
    for hook in _changed_hooks:
        hook(years)


# Between requests, the years read are kept in the cache, only where it is shared by every app
# process (Redis, `JIEFEN_CACHE_SHARED`): an edit in one process then reaches the others at
# once. Each process's own memory would keep a year edited in another until it expired, and a
# registration there would store deadlines counted on the old calendar.
CACHED_YEAR_SECONDS = 300  # a change whose invalidation was lost (Redis down) lasts this long
_GENERATION_KEY = "workdays:calendar:generation"
# The outermost atomic block of the transaction that changed the calendar and has not committed.
_changed_in: ContextVar[object | None] = ContextVar("jiefen_calendar_changed_in", default=None)


def _cached_years_forget() -> None:
    """A new generation: every year cached under the old one is read again from the database.
    A reader that read the old calendar before the commit stores it under the old generation,
    where nobody looks any more (a delete could be overwritten by such a late write)."""
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, None)
    _changed_in.set(None)


def _cached_year_key(year: int) -> str | None:
    """The cache key of `year`, or None where the cache is not to be used."""
    if not getattr(settings, "JIEFEN_CACHE_SHARED", False):
        return None
    changing = _changed_in.get()
    if changing is not None and connection.atomic_blocks[:1] == [changing]:
        return None
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(_GENERATION_KEY)
        if generation is None:  # the cache is unavailable
            return None
    return f"workdays:calendar:{generation}:{year}"


@dataclass
class _Year:
    published: bool
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


def _year_read(
    year: int, *, published: bool, days: Iterable[tuple[dt.date, str]], key: str | None
) -> _Year:
    """A year as read from the database: warned about once if its schedule is not published,
    kept in the shared cache under `key` (None: not kept)."""
    days = list(days)
    info = _Year(
        published=published,
        holidays=frozenset(d for d, k in days if k == CalendarDay.Kind.HOLIDAY),
        workdays=frozenset(d for d, k in days if k == CalendarDay.Kind.WORKDAY),
    )
    if not info.published and year not in _warned_years:
        _warned_years.add(year)
        logger.warning(
            "No published holiday schedule for %s: counting Monday to Friday%s.",
            year,
            " and the statutory days" if info.holidays else "",
        )
    if key is not None:
        cache.set(key, info, CACHED_YEAR_SECONDS)
    return info


# The years loaded within a `calendar_shared()` block, shared by every WorkdayCalendar made in it.
_shared_years: ContextVar[dict[int, _Year] | None] = ContextVar("jiefen_shared_years", default=None)


def _years_store() -> dict[int, _Year]:
    shared = _shared_years.get()
    return shared if shared is not None else {}


@internal  # reads only: the pages that build many calendars call it around their work
@contextmanager
def calendar_shared() -> Iterator[None]:
    """Within the block, every WorkdayCalendar reads each year once (a page whose parts each make
    their own calendar, as the case page's track panels do, reads the calendar once)."""
    token = _shared_years.set({})
    try:
        yield
    finally:
        _shared_years.reset(token)


class _IsoDate(Func):
    """A date as its ISO text, whatever PostgreSQL's DateStyle (SQLite keeps it as that text)."""

    output_field = CharField()
    template = "%(expressions)s"
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="TO_CHAR(%(expressions)s, 'YYYY-MM-DD')", **extra_context
        )


class _DayEntry(Func):
    """A calendar day as `YYYY-MM-DD:kind` (an `_IsoDate` and the kind). The separator is in the
    SQL, not a parameter: the column is kept as text with the year its only parameter
    (`kept_column`)."""

    output_field = CharField()
    template = "%(expressions)s"
    arg_joiner = " || ':' || "
    arity = 2


class _YearOf(Func):
    """A date's year, with no parameter (SQLite's `EXTRACT` in Django passes the part as one)."""

    output_field = IntegerField()
    template = "CAST(SUBSTR(%(expressions)s, 1, 4) AS INTEGER)"
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(YEAR FROM %(expressions)s)::integer",
            **extra_context,
        )


class _Joined(Func):
    """The rows' texts joined with commas, in either database (NULL when there is no row): a
    plain function, not an aggregate, so its subquery has no GROUP BY and one row."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _year_days(year: int) -> Subquery:
    # By the date's year, not the schedule's (a year's schedule may name a day of the year
    # before). Not `date__year`: it compiles to the year's bounds as parameters, and the kept
    # text takes the year (the table holds a few hundred days: no index needed).
    days = (
        CalendarDay.objects.filter(Exact(_YearOf("date"), year))
        .order_by()
        .values(rows=_Joined(_DayEntry(_IsoDate("date"), "kind")))
    )
    return Subquery(days, output_field=CharField())


def _year_published(published: bool, year: int) -> Exists:
    # Both parameters, in the order the statement takes them (the kept text's check).
    return Exists(CalendarYear.objects.filter(published=published, year=year))


def _year_columns(year: int) -> tuple[RawSQL, RawSQL]:
    """The year's days (`_DayEntry`s joined with commas) and whether its schedule is published,
    as two columns compiled once a process, the year their parameter: read with another query's
    row (`calendar_read_with`) or in a statement of their own (`WorkdayCalendar`)."""
    days = kept_column(
        "workdays.year_days", CalendarDay, _year_days, year, output_field=CharField()
    )
    published = kept_column(
        "workdays.year_published",
        CalendarYear,
        _year_published,
        True,
        year,
        output_field=BooleanField(),
    )
    return days, published


def _days_parsed(text: str | None) -> list[tuple[dt.date, str]]:
    entries = (item.split(":") for item in (text or "").split(",") if item)
    return [(dt.date.fromisoformat(day), kind) for day, kind in entries]


@dataclass
class CalendarRead:
    """The years a query reads with its own row (`calendar_read_with`): its `columns`, then
    `keep(row)` once it ran."""

    columns: dict[str, BaseExpression] = field(default_factory=dict)
    # Each year's key in the shared cache, taken before the query ran (as `WorkdayCalendar` does):
    # a change committed meanwhile moves the generation, and what was read goes under the old one.
    keys: dict[int, str | None] = field(default_factory=dict)

    def keep(self, row: object) -> None:
        """Keep the years read with `row` for the rest of the `calendar_shared()` block: every
        WorkdayCalendar made in it reads them from there, as it would the years it read itself."""
        store = _shared_years.get()
        if store is None:
            return
        for year, key in self.keys.items():
            store[year] = _year_read(
                year,
                published=bool(getattr(row, f"calendar_{year}_published")),
                days=_days_parsed(getattr(row, f"calendar_{year}_days")),
                key=key,
            )


@internal
def calendar_read_with(*, start: dt.date, end: dt.date) -> CalendarRead:
    """The calendar's years from `start` to `end` as columns of another query, for a page that
    reads its own row first and counts working days after (the case page): the years come in
    its statement, not in one of their own.

    Only inside `calendar_shared()`, and only the years this request would read from the
    database: a year already read in the block, or kept in the shared cache, is not asked for."""
    read = CalendarRead()
    store = _shared_years.get()
    if store is None:
        return read
    for year in range(start.year, end.year + 1):
        if year in store:
            continue
        key = _cached_year_key(year)
        cached = cache.get(key) if key is not None else None
        if cached is not None:
            store[year] = cached
            continue
        days, published = _year_columns(year)
        read.columns[f"calendar_{year}_days"] = days
        read.columns[f"calendar_{year}_published"] = published
        read.keys[year] = key
    return read


@dataclass
class WorkdayCalendar:
    """The calendar, loaded one year at a time on first use; reuse one object for many dates."""

    _years: dict[int, _Year] = field(default_factory=_years_store)

    def _year(self, year: int) -> _Year:
        if year in self._years:
            return self._years[year]
        key = _cached_year_key(year)
        cached = cache.get(key) if key is not None else None
        if cached is not None:
            self._years[year] = cached
        else:
            # One round trip a year, its statement compiled once a process (a list page built
            # the ORM's query for each of its years on every view).
            days, published = _year_columns(year)
            with connections[router.db_for_read(CalendarDay)].cursor() as cursor:
                cursor.execute(
                    f"SELECT {days.sql}, {published.sql}", [*days.params, *published.params]
                )
                text, is_published = cursor.fetchone()
            self._years[year] = _year_read(
                year, published=bool(is_published), days=_days_parsed(text), key=key
            )
        return self._years[year]

    def is_published(self, year: int) -> bool:
        return self._year(year).published

    def is_workday(self, day: dt.date) -> bool:
        info = self._year(day.year)
        if day in info.workdays:
            return True
        if day in info.holidays:
            return False
        return day.weekday() < 5

    def workday_add(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (`start` itself is not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count

    def next_workday(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def working_week(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """ "This week" on `day`: Monday to Sunday of the week holding the next working day (`day`
        itself if it is one). On a Sunday, or on the last days of a holiday, that is the coming
        working week; on an adjusted working Saturday, the week it belongs to."""
        first = self.next_workday(day)
        monday = first - dt.timedelta(days=first.weekday())
        return monday, monday + dt.timedelta(days=6)

    def calendar_days_add(self, start: dt.date, days: int) -> dt.date:
        """End of a period of `days` calendar days from `start`, rolled past holidays and rest days."""
        return self.next_workday(start + dt.timedelta(days=days))


@internal
def workday_calendar() -> WorkdayCalendar:
    return WorkdayCalendar()


@internal
def workday_add(start: dt.date, days: int) -> dt.date:
    return WorkdayCalendar().workday_add(start, days)


@internal
def workdays_between(start: dt.date, end: dt.date) -> int:
    return WorkdayCalendar().workdays_between(start, end)


@internal
def calendar_days_add(start: dt.date, days: int) -> dt.date:
    return WorkdayCalendar().calendar_days_add(start, days)


@internal
def working_week(day: dt.date) -> tuple[dt.date, dt.date]:
    return WorkdayCalendar().working_week(day)


@internal
def is_workday(day: dt.date) -> bool:
    return WorkdayCalendar().is_workday(day)


@internal
def next_year_unpublished(*, today: dt.date) -> int | None:
    """From 1 November, next year when its schedule is not loaded yet: what admins are told."""
    if today.month < 11:
        return None
    year = today.year + 1
    if CalendarYear.objects.filter(year=year, published=True).exists():
        return None
    return year


@internal
def unpublished_years(*, around: dt.date) -> list[int]:
    """This year and next, where their schedule is missing: what the admin warns about."""
    years = [around.year, around.year + 1]
    published = set(
        CalendarYear.objects.filter(year__in=years, published=True).values_list("year", flat=True)
    )
    return [y for y in years if y not in published]


@system
@transaction.atomic
def calendar_load(*, data: dict) -> list[int]:
    """Load years from a holidays file (format of cn_holidays.json); returns the years loaded."""
    loaded = []
    for year_text, spec in sorted(data["years"].items()):
        year = int(year_text)
        holidays = {dt.date.fromisoformat(d) for d in spec.get("holidays") or []}
        statutory = {dt.date.fromisoformat(d) for d in spec.get("statutory_days") or []}
        workdays = {dt.date.fromisoformat(d) for d in spec.get("workdays") or []}
        if any(d.year != year for d in holidays | statutory | workdays):
            raise ValueError(f"{year}: a date lies outside its year")
        if holidays & workdays:
            raise ValueError(f"{year}: a date is both a holiday and a working day")
        published = bool(spec.get("holidays"))
        notice = spec.get("notice") or {}
        row, _ = CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "published": published,
                "source": notice.get("title", data.get("source", "")),
            },
        )
        row.days.all().delete()
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(
                    year=row, date=d, kind=CalendarDay.Kind.HOLIDAY, statutory=d in statutory
                )
                for d in sorted(holidays | statutory)
            ]
            + [
                CalendarDay(year=row, date=d, kind=CalendarDay.Kind.WORKDAY)
                for d in sorted(workdays)
            ]
        )
        loaded.append(year)
    if loaded:
        calendar_changed(years=loaded)
    return loaded


@system
def calendar_load_default() -> list[int]:
    """Seed from the bundled file, only the years not yet on file (admins' edits are kept)."""
    data = json.loads(CN_HOLIDAYS.read_text(encoding="utf-8"))
    existing = set(CalendarYear.objects.values_list("year", flat=True))
    data["years"] = {y: s for y, s in data["years"].items() if int(y) not in existing}
    return calendar_load(data=data)
