"""`manage.py export_personal_data`: one data subject's data as a JSON file, logged."""

from reports.management.privacy_command import PrivacyCommand
from reports.privacy import export


class Command(PrivacyCommand):
    help = (
        "Write everything the portal holds about one person (by citizen ID, fund member or "
        "council member) as one UTF-8 JSON file, citizen ID in full, and log the export."
    )
    default_reason = "The data subject asked for a copy of their personal data (PDPA s.30)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--output", help="the file to write (default: standard output)")

    def carry_out(self, records, user, reason, options):
        data, request = export(records, by=user, reason=reason)
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(data)
            self.stderr.write(f"privacy request {request.pk}: wrote {options['output']}")
        else:
            self.stdout.write(data.decode("utf-8"))
