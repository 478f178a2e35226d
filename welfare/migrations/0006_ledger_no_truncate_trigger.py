"""On PostgreSQL, the database also refuses to TRUNCATE the ledger (a row trigger never sees it).

Only a session that says `SET welfare.allow_truncate = 'on'` may: the test suite's connections
do, since Django empties every table with one TRUNCATE after each transactional test.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION welfare_ledger_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('welfare.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'welfare ledger entries are append-only: the ledger is never truncated'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER welfare_ledger_no_truncate
    BEFORE TRUNCATE ON welfare_ledgerentry
    FOR EACH STATEMENT EXECUTE FUNCTION welfare_ledger_no_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS welfare_ledger_no_truncate ON welfare_ledgerentry;
DROP FUNCTION IF EXISTS welfare_ledger_no_truncate();
"""


def create_trigger(apps, schema_editor):
    # SQLite has no TRUNCATE; PostgreSQL (production) refuses it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("welfare", "0005_claim_exceptions_nights_lapse_warning")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
