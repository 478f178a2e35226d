"""`manage.py drop_unconfirmed_imports`: delete the import files nobody confirmed within a day."""

from django.core.management.base import BaseCommand

from councils.spreadsheets import jobs


class Command(BaseCommand):
    help = (
        "Delete every uploaded import file (and its job) that has waited for its uploader's "
        "confirmation longer than a day. Each upload does it too; run it daily so that a file "
        "is not kept when no one uploads again."
    )

    def handle(self, *args, **options):
        dropped = jobs.drop_unconfirmed()
        self.stdout.write(f"{dropped} unconfirmed import files deleted.")
