"""On PostgreSQL, the database itself refuses to change or delete a ledger entry."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION welfare_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'welfare ledger entries are append-only: post a reversing entry instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER welfare_ledger_append_only
    BEFORE UPDATE OR DELETE ON welfare_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION welfare_ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS welfare_ledger_append_only ON welfare_ledgerentry;
DROP FUNCTION IF EXISTS welfare_ledger_append_only();
"""


def create_trigger(apps, schema_editor):
    # SQLite (development) relies on the model layer; PostgreSQL (production) enforces it too.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("welfare", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
