"""The indexes created here in plain SQL give way to the ones the cases app declares (which
SQLite keeps when Django rebuilds a table, and which hold the clock's village as well)."""

from django.db import migrations

# As 0002 created them.
SUPERSEDED = {
    "reports_case_concluded_idx": "cases_case (concluded_at)",
    "reports_case_accepted_idx": "cases_case (accepted_at)",
    "reports_clock_kind_met_idx": "cases_clock (kind, met_at, due_at, cancelled)",
    "reports_clock_kind_due_idx": "cases_clock (kind, due_at, met_at, paused_at, cancelled)",
    "reports_clock_kind_start_idx": "cases_clock (kind, started_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_read_indexes"),
        ("cases", "0007_clock_village"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"DROP INDEX IF EXISTS {name}",
            reverse_sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
        )
        for name, target in SUPERSEDED.items()
    ]
