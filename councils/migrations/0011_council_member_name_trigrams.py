"""Trigram indexes (pg_trgm) on council members' names, on PostgreSQL only: the admin finds a
member among the country's 173,400 by a word of the name (Django's icontains is
UPPER(name::text) LIKE UPPER('%...%'), which these indexes serve); SQLite has no such index."""

from django.db import migrations

from councils.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0010_members_are_persons_and_reference_indicators"),
    ]

    operations = [
        trigram_indexes(
            ("councils_councilmember", "first_name"), ("councils_councilmember", "last_name")
        ),
    ]
