from django.db import migrations, models


def fill(apps, schema_editor):
    """Existing claimants: the case records what the person's record holds today."""
    Claimant = apps.get_model("cases", "Claimant")
    batch = []
    for c in Claimant.objects.select_related("worker").iterator(chunk_size=2000):
        c.name = c.worker.name
        c.phone_cipher = c.worker.phone_cipher
        c.phone_hash = c.worker.phone_hash or ""
        c.phone_masked = c.worker.phone_masked
        batch.append(c)
        if len(batch) >= 2000:
            Claimant.objects.bulk_update(
                batch, ["name", "phone_cipher", "phone_hash", "phone_masked"]
            )
            batch = []
    if batch:
        Claimant.objects.bulk_update(batch, ["name", "phone_cipher", "phone_hash", "phone_masked"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_clock_raw_period_required"), ("parties", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="claimant",
            name="name",
            field=models.CharField(blank=True, max_length=50, verbose_name="本案登记姓名"),
        ),
        migrations.AddField(
            model_name="claimant",
            name="phone_cipher",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="claimant",
            name="phone_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="claimant",
            name="phone_masked",
            field=models.CharField(
                blank=True, editable=False, max_length=32, verbose_name="本案联系电话"
            ),
        ),
        migrations.AddField(
            model_name="claimant",
            name="claimed",
            field=models.BooleanField(default=False, verbose_name="身份未核实"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
