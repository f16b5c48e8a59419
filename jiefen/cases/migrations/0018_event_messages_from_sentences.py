"""Existing timeline entries written as sentences become messages (code and parameters) where
their shape is recognised (jiefen.cases.legacy_events); the rest stays free text. Clock names
written in English go back to the source language, so they are shown through the catalogue."""

from django.db import migrations


def forwards(apps, schema_editor):
    from jiefen.cases.legacy_events import event_migrate
    from jiefen.core.messages import source_text

    CaseEvent = apps.get_model("cases", "CaseEvent")
    Clock = apps.get_model("cases", "Clock")
    batch = []
    for event in CaseEvent.objects.filter(message="").only("id", "summary", "data").iterator(
        chunk_size=2000
    ):
        fields = event_migrate(event.summary, event.data)
        if fields is None:
            continue
        for name, value in fields.items():
            setattr(event, name, value)
        batch.append(event)
        if len(batch) >= 1000:
            CaseEvent.objects.bulk_update(batch, ["message", "params", "summary"])
            batch = []
    if batch:
        CaseEvent.objects.bulk_update(batch, ["message", "params", "summary"])
    for clock in Clock.objects.only("id", "label").iterator(chunk_size=2000):
        source = source_text(clock.label)[:60]
        if source != clock.label:
            Clock.objects.filter(pk=clock.pk).update(label=source)


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_event_message_as_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
