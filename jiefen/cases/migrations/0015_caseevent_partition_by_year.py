"""PostgreSQL: the case timeline becomes a table partitioned by year (jiefen/cases/partitions.py);
every row, index and foreign key is kept. SQLite: nothing to do."""

from django.db import migrations


def partition(apps, schema_editor):
    from jiefen.cases.partitions import caseevent_partition_to_table

    caseevent_partition_to_table(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_channel_open311"),
        # A foreign key into the timeline must go first: a partitioned table's key is (id, at).
        ("exchange", "0003_outbox_event_without_db_constraint"),
    ]

    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
