"""`manage.py erase_personal_data`: anonymise one data subject, keeping the money whole; logged."""

from django.core.management.base import CommandError

from reports.management.privacy_command import PrivacyCommand
from reports.privacy import erase


class Command(PrivacyCommand):
    help = (
        "Erase one person (by citizen ID, fund member or council member) by anonymisation: "
        "names, citizen IDs, phones and texts are replaced, amounts and balances kept. "
        "Cannot be undone; --reason is required."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def carry_out(self, records, user, reason, options):
        counts = ", ".join(f"{kind} {n}" for kind, n in records.counts().items() if n)
        self.stdout.write(f"erasing {records.masked_subject()}: {counts}")
        asked = "This cannot be undone. Type 'erase' to go on: "
        if not options["yes"] and input(asked) != "erase":
            raise CommandError("nothing was erased")
        request = erase(records, by=user, reason=reason)
        self.stdout.write(f"privacy request {request.pk}: erased")
        if request.notes:
            self.stdout.write(request.notes)
