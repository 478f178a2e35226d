"""`manage.py send_digests`: email each person their new notifications and waiting work."""

from django.core.management.base import BaseCommand

from reports import digests


class Command(BaseCommand):
    help = (
        "Notify what fell due (overdue follow-ups, ending terms), then email each person with "
        "an address their unread notifications and the work waiting for them, at most once a "
        "day and only when something is new. Run it daily (cron or a systemd timer), or queue "
        "the send_digests task."
    )

    def handle(self, *args, **options):
        outcome = digests.send_all()
        self.stdout.write(
            f"{outcome.notified} new notifications; {outcome.sent} digests sent, "
            f"{outcome.skipped} people had nothing new."
        )
