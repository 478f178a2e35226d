"""A trigram index on the project title the admin searches (councils/search.py), PostgreSQL
only."""

from django.db import migrations

from councils.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0014_issue_cited_village_indicators"),
        ("councils", "0013_trigram_indexes_for_admin_search"),
    ]

    operations = [trigram_indexes(("plans_planproject", "title"))]
