"""Keyword search over a million cases: a trigram GIN index on `search_text` (PostgreSQL only).

The case list filters with `search_text LIKE '%word%'`; pg_trgm's GIN operator class answers such
a pattern from the index when the word has three characters or more (it splits Chinese text into
character trigrams under a UTF-8 ctype). SQLite has no such index: there the migration does
nothing, and a search scans the table (measured in docs/scaling.md)."""

from django.db import migrations

INDEX = "case_search_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
