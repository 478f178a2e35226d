"""Background tasks: importing a fund's big member or contribution files (django-tasks).

The import page queues them with import_later; a worker (or, in development, the request
itself) runs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django_tasks import task

from councils.spreadsheets import jobs
from welfare import imports
from welfare.models import WelfareFund

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from councils.access import AnyUser


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
