"""Indexes for finding a member among the country's 600,000: by number and citizen ID in any
fund, and by name through trigram indexes (pg_trgm) on PostgreSQL only, where Django's
icontains on a name is UPPER(name::text) LIKE UPPER('%...%'); SQLite has no such index."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

NAME_INDEXES = (("first_name", "member_first_name_trgm"), ("last_name", "member_last_name_trgm"))


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("welfare", "Member")._meta.db_table
    for field, name in NAME_INDEXES:
        # The expression as Django's icontains writes it, so that the planner matches the two.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
        )


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _field, name in NAME_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("welfare", "0009_ledger_counts_as"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["member_no"], name="member_no_any_fund"),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["citizen_id"], name="member_citizen_id_any_fund"),
        ),
        # CREATE EXTENSION IF NOT EXISTS on PostgreSQL (pg_trgm is trusted: the database's
        # owner may create it); nothing elsewhere.
        TrigramExtension(),
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes, elidable=False),
    ]
