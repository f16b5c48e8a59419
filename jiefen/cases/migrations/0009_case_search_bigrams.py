"""Two-character keyword search over a million cases (PostgreSQL only).

A trigram index cannot answer `LIKE '%王芳%'`: a two-character word holds no trigram, so the
search scanned every case (0.6-0.8 s at 1M), and a name of two characters is what a clerk types
most. This index holds `search_text` cut into overlapping character pairs, as a `tsvector`; the
case list asks it for the pair and keeps `LIKE` to confirm (see cases.selectors). SQLite has no
such index: there the migration does nothing."""

from django.db import migrations

INDEX = "case_search_bigram_idx"
FUNCTION = """
CREATE OR REPLACE FUNCTION jiefen_bigrams(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(substr(t, i, 2), ' ') FROM generate_series(1, char_length(t) - 1) AS i
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON cases_case "
        "USING gin (to_tsvector('simple', jiefen_bigrams(search_text)))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS jiefen_bigrams(text)")


class Migration(migrations.Migration):
    # Built concurrently: at a million cases the index takes minutes, and the window clerks
    # keep registering meanwhile.
    atomic = False
    dependencies = [("cases", "0008_case_major_recv_idx")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
