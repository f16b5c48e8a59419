"""On PostgreSQL the database itself refuses a room or an arbitrator booked twice at overlapping
times (an exclusion constraint over the time range, btree_gist for the equality part). SQLite
has no such constraint; there the service's locked check is the guard."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE arbitration_hearing ADD CONSTRAINT hearing_room_no_overlap EXCLUDE USING gist "
    "(room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status = 'scheduled')",
    "ALTER TABLE arbitration_hearingseat ADD CONSTRAINT hearing_seat_no_overlap EXCLUDE USING gist "
    "(arbitrator_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active)",
]
DROP = [
    "ALTER TABLE arbitration_hearingseat DROP CONSTRAINT IF EXISTS hearing_seat_no_overlap",
    "ALTER TABLE arbitration_hearing DROP CONSTRAINT IF EXISTS hearing_room_no_overlap",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("arbitration", "0001_initial")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
