"""`manage.py requeue_stale_renders`: queue again the renders whose worker died, or fail them."""

from django.core.management.base import BaseCommand

from reports import jobs


class Command(BaseCommand):
    help = (
        "Find the documents and endorsed PDFs left rendering by a worker that died (their lease "
        "ran out): queue each again, or mark it failed after RENDER_MAX_ATTEMPTS attempts. Run "
        "it every few minutes (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        counts = jobs.requeue_stale_renders()
        self.stdout.write(
            f"{counts['queued']} render(s) queued again, {counts['failed']} marked failed."
        )
