"""The chain's head moves in the statement that inserts an entry (a trigger), and only if the
entry chains onto it: an entry whose `prev_hash` is not the head's hash is not inserted (the
writer reads the head again and re-chains). Appending to the audit trail becomes one atomic
statement, without a transaction around a locked head (issue 20)."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- Waits for a concurrent writer's head; its WHERE is checked again on the new row.
        UPDATE audit_audithead SET last_hash = NEW.hash, count = count + 1
         WHERE id = 1 AND last_hash = NEW.prev_hash;
        IF NOT FOUND THEN
            RETURN NULL;  -- not chained onto the head: skip the row, the writer re-chains
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_chain()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_entry_chain ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_entry_chain()",
]
# SQLite serialises writers on the whole database: the check and the move cannot interleave.
SQLITE = [
    """
    CREATE TRIGGER audit_entry_chain_check BEFORE INSERT ON audit_auditentry
    WHEN NOT EXISTS (
        SELECT 1 FROM audit_audithead WHERE id = 1 AND last_hash = NEW.prev_hash
    )
    BEGIN SELECT RAISE(IGNORE); END
    """,
    """
    CREATE TRIGGER audit_entry_chain_move AFTER INSERT ON audit_auditentry
    BEGIN
        UPDATE audit_audithead SET last_hash = NEW.hash, count = count + 1 WHERE id = 1;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_entry_chain_check",
    "DROP TRIGGER IF EXISTS audit_entry_chain_move",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_auditaction_purge")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
