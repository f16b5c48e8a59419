from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_clock_raw_period_fill")]

    operations = [
        migrations.AlterField(
            model_name="clock",
            name="unit",
            field=models.CharField(
                choices=[
                    ("calendar_days", "日（次日起算，末日遇节假日顺延）"),
                    ("workdays", "工作日"),
                    ("months", "月（末日遇节假日顺延）"),
                    ("minutes", "分钟"),
                ],
                max_length=16,
                verbose_name="计算方式",
            ),
        ),
        migrations.AlterField(
            model_name="clock",
            name="length",
            field=models.PositiveIntegerField(verbose_name="期限"),
        ),
    ]
