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

OWN = f"""
UPDATE {TABLE} SET counts_as = kind, counts_as_source = source, counts_as_benefit = ''
WHERE reverses_id IS NULL
"""
# The benefit of the entry's own claim (a payout).
CLAIMED = f"""
UPDATE {TABLE} SET counts_as_benefit = welfare_benefittype.kind
FROM welfare_claim, welfare_benefittype
WHERE welfare_claim.id = {TABLE}.claim_id
  AND welfare_benefittype.id = welfare_claim.benefit_type_id
"""
# A reversal counts as the entry it reverses; run until no row changes, so that a reversal of a
# reversal (which welfare.ledger refuses, but an old database may hold) follows the chain.
REVERSALS = f"""
UPDATE {TABLE} SET
    counts_as = reversed.counts_as,
    counts_as_source = reversed.counts_as_source,
    counts_as_benefit = CASE WHEN {TABLE}.counts_as_benefit = ''
        THEN reversed.counts_as_benefit ELSE {TABLE}.counts_as_benefit END
FROM {TABLE} AS reversed
WHERE reversed.id = {TABLE}.reverses_id AND {TABLE}.counts_as = '' AND reversed.counts_as <> ''
"""


def backfill_counts_as(connection) -> None:
    """Set counts_as, counts_as_source and counts_as_benefit on every entry, as save() does."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        cursor.execute(OWN)
        cursor.execute(CLAIMED)
        cursor.execute(REVERSALS)
        while cursor.rowcount > 0:
            cursor.execute(REVERSALS)
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
                fields=["fund", "counts_as", "occurred_on"], name="ledger_fund_counts_as_on"
            ),
        ),
    ]
