"""`manage.py seed_demo`: load the demo data of every app and print the demo logins."""

from django.core.management.base import BaseCommand
from django.db import transaction

from councils import demo as councils_demo
from councils.models import CommunityOrganization, Council, CouncilMember, Partner


class Command(BaseCommand):
    help = "Load the demo councils, members and partners and one user per role; print the logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            councils_demo.seed(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {Council.objects.count()} councils, "
                f"{CommunityOrganization.objects.count()} community organizations, "
                f"{CouncilMember.objects.count()} council members, "
                f"{Partner.objects.count()} partners."
            )
        )
