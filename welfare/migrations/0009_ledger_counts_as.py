"""What every ledger entry counts under (its own kind, or a reversal's reversed entry's), stored.

The statements and roll-ups used to find a reversal's kind by joining the ledger to itself; at
national size that join read all the entries of the country for one province. The backfill sets
the new fields as LedgerEntry.save does; on PostgreSQL the append-only trigger is disabled for
the backfill's UPDATEs only, inside this migration's transaction.
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "welfare_ledgerentry"
TRIGGER = "welfare_ledger_append_only"

# Each entry once, in one statement: an entry that is not a reversal counts as itself and its
# claim's benefit; a reversal as the entry it reverses, through any chain of reversals (which
# welfare.ledger refuses, but an old database may hold), with its own claim's benefit first.
# (PostgreSQL queues a foreign-key check for a row updated twice in one transaction, and a table
# with checks pending cannot have its trigger enabled again.)
BACKFILL = f"""
WITH RECURSIVE counted (id, counts_as, counts_as_source, counts_as_benefit) AS (
    SELECT entry.id, entry.kind, entry.source, COALESCE(benefit.kind, '')
    FROM {TABLE} AS entry
    LEFT JOIN welfare_claim AS claim ON claim.id = entry.claim_id
    LEFT JOIN welfare_benefittype AS benefit ON benefit.id = claim.benefit_type_id
    WHERE entry.reverses_id IS NULL
    UNION ALL
    SELECT entry.id, counted.counts_as, counted.counts_as_source,
        COALESCE(benefit.kind, counted.counts_as_benefit)
    FROM {TABLE} AS entry
    JOIN counted ON counted.id = entry.reverses_id
    LEFT JOIN welfare_claim AS claim ON claim.id = entry.claim_id
    LEFT JOIN welfare_benefittype AS benefit ON benefit.id = claim.benefit_type_id
)
UPDATE {TABLE} SET
    counts_as = counted.counts_as,
    counts_as_source = counted.counts_as_source,
    counts_as_benefit = counted.counts_as_benefit
FROM counted
WHERE counted.id = {TABLE}.id
"""


def backfill_counts_as(connection) -> None:
    """Set counts_as, counts_as_source and counts_as_benefit on every entry, as save() does."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        cursor.execute(BACKFILL)
        if postgresql:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


def backfill(apps, schema_editor):
    backfill_counts_as(schema_editor.connection)


class Migration(migrations.Migration):
    # One transaction on PostgreSQL: the trigger is never off outside the backfill.
    atomic = True
    dependencies = [
        ("welfare", "0008_benefit_type_name_en"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="counts_as",
            field=models.CharField(
                blank=True,
                choices=[
                    ("contribution", "member contribution"),
                    ("grant", "grant"),
                    ("other_income", "interest and other income"),
                    ("benefit", "benefit payout"),
                    ("expense", "operating expense"),
                    ("reversal", "reversal"),
                ],
                editable=False,
                max_length=20,
                verbose_name="counts as",
            ),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="counts_as_benefit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("birth", "birth of a child"),
                    ("sickness", "sickness and hospital stay"),
                    ("elderly", "elderly allowance"),
                    ("death", "death and funeral"),
                    ("disability", "disability"),
                    ("education", "education"),
                    ("disaster", "disaster"),
                    ("other", "other"),
                ],
                editable=False,
                max_length=20,
                verbose_name="counts under benefit",
            ),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="counts_as_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("members", "members"),
                    ("local_government", "local government"),
                    ("codi", "government through CODI"),
                    ("other", "other"),
                ],
                editable=False,
                max_length=20,
                verbose_name="counts under source",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                fields=["fund", "counts_as", "counts_as_source", "counts_as_benefit"],
                include=["amount", "kind", "occurred_on"],
                name="ledger_counts_as",
            ),
        ),
    ]
