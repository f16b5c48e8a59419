from django.db import migrations, models


def extensions_to_clocks(apps, schema_editor):
    """An award period extended before the catalogue: the days the application records as
    approved are the clock's days extended, not days paused (cases 0011 read the whole gap as a
    pause)."""
    Application = apps.get_model("arbitration", "Application")
    Clock = apps.get_model("cases", "Clock")
    for application in Application.objects.filter(extension_days__gt=0):
        for clock in Clock.objects.filter(
            case_id=application.case_id, kind="arbitration_award_45_days"
        ):
            moved = min(clock.days_paused, application.extension_days)
            clock.days_extended = moved
            clock.days_paused -= moved
            clock.save(update_fields=["days_extended", "days_paused"])


class Migration(migrations.Migration):
    dependencies = [
        ("arbitration", "0003_wage_tables"),
        ("cases", "0012_clock_raw_period_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="extension_approved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="批准延期时间"),
        ),
        migrations.RunPython(extensions_to_clocks, migrations.RunPython.noop),
    ]
