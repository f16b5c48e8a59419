import django.db.models.deletion
from django.db import migrations, models


def link_notices(apps, schema_editor):
    """Each notice points at the clock that times it (kind folded, numbered by cases 0011); an
    extended investigation's approved working days become its clock's days extended."""
    Notice = apps.get_model("inspection", "ComplainantNotice")
    Inspection = apps.get_model("inspection", "Inspection")
    Clock = apps.get_model("cases", "Clock")
    for notice in Notice.objects.select_related("inspection"):
        kind, seq = notice.clock_kind, 1
        base = "inspection_notice_3_workdays"
        if kind.startswith(base + "_"):
            seq = int(kind.rsplit("_", 1)[1])
        notice.clock = Clock.objects.filter(
            case_id=notice.inspection.case_id, kind=base, seq=seq
        ).first()
        notice.save(update_fields=["clock"])
    for inspection in Inspection.objects.filter(extended_workdays__gt=0):
        for clock in Clock.objects.filter(
            case_id=inspection.case_id, kind="inspection_60_workdays"
        ):
            moved = min(clock.days_paused, inspection.extended_workdays)
            clock.days_extended = moved
            clock.days_paused -= moved
            clock.save(update_fields=["days_extended", "days_paused"])


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0001_initial"),
        ("cases", "0012_clock_raw_period_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="complainantnotice",
            name="clock",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.clock",
            ),
        ),
        migrations.RunPython(link_notices, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="complainantnotice",
            options={"ordering": ["id"]},
        ),
        migrations.RemoveField(model_name="complainantnotice", name="clock_kind"),
        migrations.RemoveField(model_name="complainantnotice", name="due_at"),
    ]
