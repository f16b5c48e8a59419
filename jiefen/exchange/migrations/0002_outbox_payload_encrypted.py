"""Outbox payloads carry identity numbers and phones in full: encrypt them at rest."""

import json

from django.db import migrations, models


def encrypt_payloads(apps, schema_editor):
    from jiefen.core import crypto

    OutboxMessage = apps.get_model("exchange", "OutboxMessage")
    for row in OutboxMessage.objects.only("pk", "payload").iterator():
        OutboxMessage.objects.filter(pk=row.pk).update(
            payload_cipher=crypto.encrypt(json.dumps(row.payload, ensure_ascii=False))
        )


def decrypt_payloads(apps, schema_editor):
    from jiefen.core import crypto

    OutboxMessage = apps.get_model("exchange", "OutboxMessage")
    for row in OutboxMessage.objects.only("pk", "payload_cipher").iterator():
        OutboxMessage.objects.filter(pk=row.pk).update(
            payload=json.loads(crypto.decrypt(row.payload_cipher) or "{}")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_exchange_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="payload_cipher",
            field=models.TextField(default=""),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="payload",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(encrypt_payloads, decrypt_payloads),
        migrations.RemoveField(
            model_name="outboxmessage",
            name="payload",
        ),
    ]
