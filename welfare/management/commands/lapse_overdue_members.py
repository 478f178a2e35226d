"""Start the daily lapse check of every fund (a cron job or systemd timer runs this each day)."""

from django.core.management.base import BaseCommand

from welfare import standing
from welfare.tasks import lapse_overdue_members


class Command(BaseCommand):
    help = (
        "Warn fund members who reached the limit of missed payments and lapse those still there "
        "after the warning period. Enqueues the task for the db_worker, or runs it with --now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueueing.")
        parser.add_argument("--warning-days", type=int, default=standing.LAPSE_WARNING_DAYS)

    def handle(self, *args, now: bool, warning_days: int, **options):
        if now:
            totals = lapse_overdue_members.call(warning_days=warning_days)
            self.stdout.write(
                "Warned {warned}, lapsed {lapsed}, cleared {cleared}.".format(**totals)
            )
            return
        result = lapse_overdue_members.enqueue(warning_days=warning_days)
        self.stdout.write(f"Enqueued the lapse check: {result.id}")
