"""Background work of the welfare funds: the daily check that warns and lapses members, and
the import of big member or contribution files.

Every import is checked before it writes (councils/spreadsheets/jobs.py): check_upload keeps the
file and runs the import rolled back, in the request for a small file and as a task for a big
one; once the person who uploaded it confirms, import_held imports the kept file for real.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from councils.spreadsheets import jobs
from welfare import imports, standing
from welfare.models import WelfareFund

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from councils.access import AnyUser

logger = logging.getLogger(__name__)


@task()
def lapse_overdue_members(warning_days: int = standing.LAPSE_WARNING_DAYS) -> dict[str, int]:
    """Every fund, one at a time: warn members at the limit of missed payments, lapse those
    still there after the warning period, clear the warning of those who paid."""
    today = timezone.localdate()
    totals = {"warned": 0, "lapsed": 0, "cleared": 0}
    for fund in WelfareFund.objects.order_by("pk").iterator():
        run = standing.warn_and_lapse(fund, today, warning_days)
        totals["warned"] += len(run.warned)
        totals["lapsed"] += len(run.lapsed)
        totals["cleared"] += len(run.cleared)
    logger.info("Daily lapse check: %s", totals)
    return totals


def import_later(
    fund: WelfareFund, what: str, upload: UploadedFile, user: AnyUser
) -> jobs.ImportJob:
    """Queue a big file's import as a task, without a preview (the shell and scripts)."""
    return jobs.queue(f"welfare.{what}", fund, upload, user, import_fund_file)


def check_upload(
    fund: WelfareFund, what: str, upload: UploadedFile, user: AnyUser
) -> jobs.ImportJob:
    """Keep the file and find out what it would write: now for a small file, by a worker for a
    big one (the job's page shows how far the check is)."""
    job = jobs.hold(f"welfare.{what}", fund, upload, user)
    if jobs.runs_in_background(upload):
        check_fund_file.enqueue(job.pk)
    else:
        jobs.check(job.pk, _import)
    job.refresh_from_db()
    return job


def import_held(job: jobs.ImportJob) -> None:
    """The person confirmed the preview: import the kept file, once however often they tap."""
    if not jobs.release(job):
        return
    if job.rows_total > settings.IMPORT_BACKGROUND_ROWS:
        import_fund_file.enqueue(job.pk)
    else:
        jobs.run(job.pk, _import)


@task()
def import_fund_file(job_id: int) -> None:
    jobs.run(job_id, _import)


@task()
def check_fund_file(job_id: int) -> None:
    jobs.check(job_id, _import)


def _import(job: jobs.ImportJob, upload, progress) -> imports.ImportOutcome:
    fund = WelfareFund.objects.get(pk=job.object_id)
    what = job.kind.removeprefix("welfare.")
    return imports.import_file(fund, what, upload, job.requested_by, progress)
