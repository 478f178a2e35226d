"""Background work of the welfare funds: the daily check that warns and lapses members, and
the import of big member or contribution files.

The import page queues a file with import_later; a worker (or, in development, the request
itself) runs it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

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
    """Queue a big file's import as a task; its job's page shows how far it is."""
    return jobs.queue(f"welfare.{what}", fund, upload, user, import_fund_file)


@task()
def import_fund_file(job_id: int) -> None:
    jobs.run(job_id, _import)


def _import(job: jobs.ImportJob, upload, progress) -> imports.ImportOutcome:
    fund = WelfareFund.objects.get(pk=job.object_id)
    what = job.kind.removeprefix("welfare.")
    return imports.import_file(fund, what, upload, job.requested_by, progress)
