"""Case.outcome: what a concluded case came to, kept through 结案. Until now the reports read it
from the timeline (the last move into resolved or unresolved) for every closed case; the backfill
writes that same value once."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

CONCLUDED = ("resolved", "unresolved")


def outcome_backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Case.objects.filter(status__in=CONCLUDED).update(outcome=models.F("status"))
    last = (
        CaseEvent.objects.filter(
            case=OuterRef("pk"), kind="transition", new_status__in=CONCLUDED
        )
        .order_by("-at", "-id")
        .values("new_status")[:1]
    )
    closed = Case.objects.filter(status="closed")
    closed.update(outcome=models.functions.Coalesce(Subquery(last), models.Value("")))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_clock_sweep_due_idx"),
        ("geo", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[("resolved", "已化解"), ("unresolved", "未化解")],
                max_length=12,
                verbose_name="化解结果",
            ),
        ),
        migrations.RunPython(outcome_backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "concluded_at", "outcome", "accepted_at", "village"],
                name="case_concluded_cover_idx",
            ),
        ),
    ]
