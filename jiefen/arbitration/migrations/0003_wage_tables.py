from django.db import migrations


def seed(apps, schema_editor):
    from jiefen.arbitration.wages import AVERAGE_WAGES, MINIMUM_WAGES

    average = apps.get_model("arbitration", "AverageWage")
    minimum = apps.get_model("arbitration", "MinimumWage")
    for row in AVERAGE_WAGES:
        average.objects.get_or_create(
            province=row["province"], effective_from=row["effective_from"], defaults=row
        )
    for row in MINIMUM_WAGES:
        minimum.objects.get_or_create(
            region=row["region"], effective_from=row["effective_from"], defaults=row
        )


class Migration(migrations.Migration):
    dependencies = [("arbitration", "0002_hearing_exclusion")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
