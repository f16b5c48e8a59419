"""PostgreSQL: the case timeline becomes a table partitioned by year (see jiefen/cases/partitions.py
for the partitions made afterwards); every row, index and foreign key is kept. SQLite: nothing to
do. The conversion is written out here, not imported, so that this migration does the same thing
whatever the app's code becomes."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

TABLE = "cases_caseevent"
CHINA = ZoneInfo("Asia/Shanghai")


def partition(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [TABLE])
        row = cursor.fetchone()
        if row and row[0] == "p":
            return  # already partitioned
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
            [TABLE, TABLE],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [TABLE],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(f"SELECT MIN(at), MAX(id) FROM {TABLE}")  # noqa: S608 - our table name
        first_at, last_id = cursor.fetchone()
        old = f"{TABLE}_unpartitioned"
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {old}")
        # The primary key of a partitioned table must hold the partition key: (id, at). Django
        # still treats id alone as the key; ids stay unique through the one identity sequence.
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY "
            f"INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (at)"
        )
        cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id, at)")
        # Years bounded at midnight China time, from the first event's year to next year.
        this_year = dt.datetime.now(CHINA).year
        first_year = min(first_at.astimezone(CHINA).year if first_at else this_year, this_year)
        for year in range(first_year, this_year + 2):
            cursor.execute(
                f"CREATE TABLE {TABLE}_y{year} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)",
                [f"{year}-01-01 00:00:00+08", f"{year + 1}-01-01 00:00:00+08"],
            )
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {old}")  # noqa: S608
        if last_id:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [TABLE, last_id])
        cursor.execute(f"DROP TABLE {old}")
        for _name, definition in indexes:
            cursor.execute(definition.replace(f" ON public.{old} ", f" ON public.{TABLE} "))
        for name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_channel_open311"),
        # A foreign key into the timeline must go first: a partitioned table's key is (id, at).
        ("exchange", "0003_outbox_event_without_db_constraint"),
    ]

    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
