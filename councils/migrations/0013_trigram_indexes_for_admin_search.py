"""Trigram indexes on the name columns the admin searches (councils/search.py), PostgreSQL only."""

from django.db import migrations

from councils.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("councils", "0012_village_figure_by_indicator_index")]

    operations = [
        trigram_indexes(
            ("councils_council", "name"),
            ("councils_council", "registration_number"),
            ("councils_person", "first_name"),
            ("councils_person", "last_name"),
            ("councils_meeting", "title"),
            ("councils_auditentry", "object_repr"),
        )
    ]
