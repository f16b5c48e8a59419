"""The audit chain becomes keyed (HMAC) with a time-zone-stable encoding: every existing entry
is re-chained once, in order, under the newest configured key."""

from django.db import migrations, models


def rechain(apps, schema_editor):
    from jiefen.audit.chain import GENESIS, current_key, entry_digest, entry_fields

    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    connection = schema_editor.connection
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    update = f"UPDATE {table} SET key_id = %s, prev_hash = %s, hash = %s WHERE id = %s"
    key = current_key()
    prev, count, last_id = GENESIS, 0, 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:2000])
        if not rows:
            break
        params = []
        for entry in rows:
            entry.key_id = key.id
            entry.hash = entry_digest(key=key, prev_hash=prev, fields=entry_fields(entry))
            params.append((key.id, prev, entry.hash, entry.id))
            prev, last_id, count = entry.hash, entry.id, count + 1
        with connection.cursor() as cursor:
            cursor.executemany(update, params)
    if count:
        AuditHead.objects.update_or_create(id=1, defaults={"last_hash": prev, "count": count})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop, elidable=True),
    ]
