"""Indexes for finding a member among the country's 600,000: by number and citizen ID in any
fund, and by name through trigram indexes (pg_trgm) on PostgreSQL only, where Django's
icontains on a name is UPPER(name::text) LIKE UPPER('%...%'); SQLite has no such index."""

from django.db import migrations, models

from councils.search import trigram_indexes


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
        trigram_indexes(("welfare_member", "first_name"), ("welfare_member", "last_name")),
    ]
