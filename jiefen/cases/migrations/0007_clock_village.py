"""Clock.village: the case's village (fixed at intake) kept on each clock, so that the reports
count a place's clocks from one index; and the indexes the reports read by, declared here (the
reports app had created some with plain SQL, which SQLite loses when Django rebuilds a table)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def village_backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Clock = apps.get_model("cases", "Clock")
    village = Case.objects.filter(pk=OuterRef("case_id")).values("village_id")[:1]
    Clock.objects.update(village_id=Subquery(village))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_outcome"),
        ("geo", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="clock",
            name="village",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.village",
            ),
        ),
        migrations.RunPython(village_backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clock",
            name="village",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.village",
            ),
        ),
        migrations.RemoveIndex(model_name="clock", name="clock_open_due_idx"),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("cancelled", False), ("met_at__isnull", True)),
                fields=["due_at", "paused_at", "case", "village"],
                name="clock_open_due_cover_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["village", "received_at"], name="case_village_recv_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["accepted_at"], name="case_accepted_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["concluded_at", "accepted_at", "status"], name="case_concluded_idx"),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(fields=["kind", "started_at"], name="clock_kind_start_idx"),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                fields=["kind", "met_at", "due_at", "cancelled", "village"],
                name="clock_kind_met_idx",
                # Only met clocks: an open clock's query (met_at is null) is left to the
                # open-clock indexes instead of skipping through this one by kind.
                condition=models.Q(met_at__isnull=False, cancelled=False),
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                fields=["kind", "due_at", "met_at", "paused_at", "cancelled", "village"],
                name="clock_kind_due_idx",
            ),
        ),
    ]
