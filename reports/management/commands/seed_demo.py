"""`manage.py seed_demo`: load the demo data of every app and print the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from councils import demo as councils_demo
from councils.models import CommunityOrganization, Council, CouncilMember, Partner
from plans import demo as plans_demo
from reports import demo as reports_demo
from reports import notifications
from welfare import demo as welfare_demo


class Command(BaseCommand):
    help = "Load the demo councils, members and partners and one user per role; print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (it creates users with a known password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates users whose password is printed; it runs only with DEBUG=1, "
                "or with --force on a machine that is not production."
            )
        with transaction.atomic():
            # Each app's demo builds on the apps to its left (DESIGN.md, section 3).
            councils_demo.seed(self.stdout)
            plans_demo.seed(self.stdout)
            reports_demo.seed(self.stdout)
            welfare_demo.seed(self.stdout)
            # What has fallen due in the demo (overdue proposals, ending terms), as the daily
            # digest's sweep would notify it.
            notifications.sweep()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {Council.objects.count()} councils, "
                f"{CommunityOrganization.objects.count()} community organizations, "
                f"{CouncilMember.objects.count()} council members, "
                f"{Partner.objects.count()} partners."
            )
        )
