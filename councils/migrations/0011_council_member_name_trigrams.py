"""Trigram indexes (pg_trgm) on council members' names, on PostgreSQL only: the admin finds a
member among the country's 173,400 by a word of the name (Django's icontains is
UPPER(name::text) LIKE UPPER('%...%'), which these indexes serve); SQLite has no such index."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

NAME_INDEXES = (
    ("first_name", "councilmember_first_name_trgm"),
    ("last_name", "councilmember_last_name_trgm"),
)


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("councils", "CouncilMember")._meta.db_table
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
        ("councils", "0010_members_are_persons_and_reference_indicators"),
    ]

    operations = [
        # CREATE EXTENSION IF NOT EXISTS on PostgreSQL (pg_trgm is trusted: the database's
        # owner may create it); nothing elsewhere.
        TrigramExtension(),
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes, elidable=False),
    ]
