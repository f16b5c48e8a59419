"""The case timeline (cases_caseevent), the largest table, partitioned by year on PostgreSQL.

Each year's events live in `cases_caseevent_y<year>` (years bounded at midnight China time), so
vacuum, backups and archiving work a year at a time while reads through (case_id, at) stay as
they are. A DEFAULT partition catches what no year holds (events far in the past). Migration
cases.0015 made the table partitioned (it holds its own copy of that conversion); the scheduler
makes next year's partition ahead of time (`caseevent_partitions_ensure`); one made late moves
its rows out of the DEFAULT partition. SQLite has no partitions: every function here is a no-op
there."""

from __future__ import annotations

from django.db import connection as default_connection
from django.db import transaction
from django.utils import timezone

TABLE = "cases_caseevent"
DEFAULT = f"{TABLE}_default"


def partition_name(year: int) -> str:
    return f"{TABLE}_y{year}"


def _bounds(year: int) -> tuple[str, str]:
    return f"{year}-01-01 00:00:00+08", f"{year + 1}-01-01 00:00:00+08"


def caseevent_is_partitioned(connection=default_connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [TABLE])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def caseevent_partitions(connection=default_connection) -> list[str]:
    """The partitions of the timeline, by name."""
    if not caseevent_is_partitioned(connection):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [TABLE],
        )
        return [name for (name,) in cursor.fetchall()]


def caseevent_partitions_ensure(*, years_ahead: int = 1, connection=default_connection) -> list:
    """Make the partitions of this year and the next `years_ahead` that are missing; rows of
    such a year already in the DEFAULT partition move into it. Returns the names made."""
    if not caseevent_is_partitioned(connection):
        return []
    have = set(caseevent_partitions(connection))
    made = []
    this_year = timezone.localdate().year
    for year in range(this_year, this_year + years_ahead + 1):
        name = partition_name(year)
        if name in have:
            continue
        start, end = _bounds(year)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS)")
            cursor.execute(
                f"WITH moved AS (DELETE FROM {DEFAULT} WHERE at >= %s AND at < %s RETURNING *) "  # noqa: S608
                f"INSERT INTO {name} SELECT * FROM moved",
                [start, end],
            )
            cursor.execute(
                f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)",
                [start, end],
            )
        made.append(name)
    return made
