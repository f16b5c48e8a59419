"""Indexes the reports read by, on the cases app's tables: the month ranges of conclusion,
acceptance and the clocks' outcomes. Created here (plain SQL, valid on SQLite and PostgreSQL) so
the reports need no migration in the cases app; they may move into cases.Meta.indexes later."""

from django.db import migrations

INDEXES = {
    "reports_case_concluded_idx": "cases_case (concluded_at)",
    "reports_case_accepted_idx": "cases_case (accepted_at)",
    "reports_clock_kind_met_idx": "cases_clock (kind, met_at, due_at, cancelled)",
    "reports_clock_kind_due_idx": "cases_clock (kind, due_at, met_at, paused_at, cancelled)",
    "reports_clock_kind_start_idx": "cases_clock (kind, started_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report_run"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
