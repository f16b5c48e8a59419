"""An index of the major cases only (cases.models.MAJOR_CASE_Q), which the monthly report lists."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_clock_village")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("collective", True),
                    ("level", "district"),
                    ("extreme_behaviour", True),
                    ("people_gathered__gte", 10),
                    _connector="OR",
                ),
                fields=["received_at"],
                name="case_major_recv_idx",
            ),
        )
    ]
