from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_application_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="language",
            field=models.CharField(default="zh-hans", max_length=8, verbose_name="语言"),
        ),
    ]
