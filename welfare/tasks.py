"""Background tasks: importing a fund's big member or contribution files (django-tasks).

welfare.imports.import_later queues them; a worker (or, in development, the request) runs them.
"""

from django_tasks import task

from councils.spreadsheets import jobs
from welfare import imports
from welfare.models import WelfareFund


@task()
def import_fund_file(job_id: int) -> None:
    jobs.run(job_id, _import)


def _import(job: jobs.ImportJob, upload, progress) -> imports.ImportOutcome:
    fund = WelfareFund.objects.get(pk=job.object_id)
    what = job.kind.removeprefix("welfare.")
    return imports.import_file(fund, what, upload, job.requested_by, progress)
