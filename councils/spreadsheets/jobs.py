"""Imports too big to wait for, and every import's preview: the file kept until it is imported.

Every import by a coordinator is looked at before it writes: `hold` keeps the uploaded file on
the server with the job, `check` runs the whole import in a transaction that is rolled back and
keeps what it would write (rows to add and to change, or every bad row), and only when the same
person confirms (`release`) is the kept file imported for real. The browser never posts a file
name or path back; the job's id is in the URL and the job names whose file it is.

An app queues its import with `queue` and runs it in its task with `run`: the whole import is
one transaction (all rows or none, with its ImportRecord), and the job is marked done in that
same transaction, so a job that says done has its rows and a job whose task died says nothing
false. Progress is written through a connection of its own: rows written inside the import's
transaction are invisible to others until it commits, and a progress written there would be too.
The file is kept under MEDIA_ROOT/imports/, which nothing serves, and deleted once imported.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet
from councils.spreadsheets.errors import RowError
from councils.spreadsheets.guard import data_rows
from councils.spreadsheets.outcome import ImportOutcome

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django_tasks import Task

    from councils.access import AnyUser

logger = logging.getLogger(__name__)


def runs_in_background(upload: UploadedFile) -> bool:
    """Whether the guarded upload has too many rows to import while the page waits."""
    return data_rows(upload) > settings.IMPORT_BACKGROUND_ROWS


class ImportJob(models.Model):
    """One import run by a task: whose, into what, how far it is, and what came of it."""

    class State(models.TextChoices):
        CHECKING = "checking", _("checking the file")
        HELD = "held", _("waiting for your confirmation")
        PENDING = "pending", _("waiting to start")
        RUNNING = "running", _("importing")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("what is imported"), max_length=40)  # "welfare.members"
    object_id = models.PositiveBigIntegerField(_("imported into"))  # the fund or plan
    area_code = models.CharField(_("area code"), max_length=6, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("imported by"),
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=8, default="th")
    file = models.FileField(_("file"), upload_to="imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    # {"imported": {"members": 2500}, "errors": [[row, column, message], ...]}
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.kind}: {self.file_name} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def is_checking(self) -> bool:
        return self.state == self.State.CHECKING

    @property
    def is_held(self) -> bool:
        """Checked, and waiting for the person who uploaded it to confirm the import."""
        return self.state == self.State.HELD

    def is_held_for(self, user) -> bool:
        """Whether this person may confirm the import: only the one who uploaded the file."""
        return self.is_held and user.is_authenticated and self.requested_by_id == user.pk

    @property
    def preview(self) -> ImportOutcome | None:
        """What the import will write once confirmed (the check's outcome), while it is held."""
        if self.state != self.State.HELD:
            return None
        return ImportOutcome(
            imported=self.outcome.get("imported", {}),
            added=self.outcome.get("added", 0),
            changed=self.outcome.get("changed", 0),
            amount=self.outcome.get("amount", ""),
        )

    @property
    def is_in_progress(self) -> bool:
        """Being checked or imported: its page keeps asking how far it is."""
        return self.state in (self.State.CHECKING, self.State.PENDING, self.State.RUNNING)

    @property
    def rows_imported(self) -> int:
        return sum(self.outcome.get("imported", {}).values())

    @property
    def result(self) -> ImportOutcome | None:
        """What the import did, shown like an import that ran while the page waited."""
        if self.state != self.State.DONE:
            return None
        errors = [RowError(*error) for error in self.outcome.get("errors", [])]
        return ImportOutcome(
            imported=self.outcome.get("imported", {}),
            errors=errors,
            added=self.outcome.get("added", 0),
            changed=self.outcome.get("changed", 0),
        )


def queue(kind: str, target, upload: UploadedFile, user: AnyUser, task: Task) -> ImportJob:
    """Keep the file and queue the task that imports it into `target` (a fund or a plan)."""
    job = _kept(kind, target, upload, user, ImportJob.State.PENDING)
    # Views run in autocommit, so the row is committed before a worker may look for it; the
    # database backend queues the task in the caller's transaction anyway.
    task.enqueue(job.pk)
    job.refresh_from_db()
    return job


# How long a checked file waits for its confirmation before the next upload drops it.
HELD_FOR = dt.timedelta(days=1)


def hold(kind: str, target, upload: UploadedFile, user: AnyUser) -> ImportJob:
    """Keep the file for its check and the person's confirmation; their earlier file for the same
    target that was never confirmed is dropped."""
    _drop(_waiting().filter(kind=kind, object_id=target.pk, requested_by=user))
    drop_unconfirmed()
    return _kept(kind, target, upload, user, ImportJob.State.CHECKING)


def drop_unconfirmed() -> int:
    """Every file left unconfirmed for longer than HELD_FOR, deleted with its job: a person's
    spreadsheet of names and amounts is not kept for a confirmation that never came. Called by
    each upload and by the daily `drop_unconfirmed_imports`; returns how many were dropped."""
    return _drop(_waiting().filter(created_at__lt=timezone.now() - HELD_FOR))


def _waiting():
    return ImportJob.objects.filter(state__in=[ImportJob.State.CHECKING, ImportJob.State.HELD])


def _drop(jobs) -> int:
    dropped = 0
    for job in jobs:
        job.file.delete(save=False)
        job.delete()
        dropped += 1
    return dropped


def _kept(kind: str, target, upload: UploadedFile, user: AnyUser, state: str) -> ImportJob:
    job = ImportJob(
        kind=kind,
        object_id=target.pk,
        area_code=target.area_code,
        requested_by=user if user.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        file_name=upload.name[-255:],
        rows_total=data_rows(upload),
        state=state,
    )
    upload.seek(0)
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    return job


def release(job: ImportJob) -> bool:
    """The person confirmed: the held job may be imported now. False when it was already
    released (a second tap of the button), so the file is imported once."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.HELD).update(
            state=ImportJob.State.PENDING, progress=0, rows_done=0
        )
    )


ImportWork = Callable[["ImportJob", File, Callable[[int], None]], ImportOutcome]


def run(job_id: int, work: ImportWork) -> None:
    """The task's body: `work(job, file, progress)` imports the file and returns its outcome."""
    jobs = ImportJob.objects.filter(pk=job_id)
    if not jobs.filter(state=ImportJob.State.PENDING).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now(), progress=1
    ):
        return  # already run (a retried task) or gone
    job = jobs.get()
    progress = Progress(job)
    try:
        with (
            translation.override(job.language),
            job.file.open("rb") as stored,
            transaction.atomic(),
        ):
            outcome = work(job, File(stored, name=job.file_name), progress)
            progress.close()  # nothing may write to the job's row outside this transaction now
            jobs.update(
                state=ImportJob.State.DONE,
                progress=100,
                rows_done=job.rows_total,
                finished_at=timezone.now(),
                outcome=_stored(outcome),
            )
    except Exception:
        logger.exception("Import job %s failed", job_id)
        jobs.update(state=ImportJob.State.FAILED, finished_at=timezone.now())
        raise
    finally:
        progress.close()
        job.file.delete(save=False)
        jobs.update(file="")


def check(job_id: int, work: ImportWork) -> None:
    """The import run for its preview: every row read and written as it would be, then rolled
    back. A file without errors is held for the person's confirmation; a file with errors is
    done, its bad rows named, and its copy deleted."""
    jobs = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.CHECKING)
    job = jobs.first()
    if job is None:
        return  # checked already, or dropped for a newer file
    progress = Progress(job)
    try:
        with (
            translation.override(job.language),
            job.file.open("rb") as stored,
            transaction.atomic(),
        ):
            outcome = work(job, File(stored, name=job.file_name), progress)
            transaction.set_rollback(True)  # a preview writes nothing
    except Exception:
        logger.exception("Checking import job %s failed", job_id)
        jobs.update(state=ImportJob.State.FAILED, finished_at=timezone.now(), file="")
        job.file.delete(save=False)
        raise
    finally:
        progress.close()
    state = ImportJob.State.HELD if outcome.ok else ImportJob.State.DONE
    jobs.update(state=state, progress=100, rows_done=job.rows_total, outcome=_stored(outcome))
    if not outcome.ok:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(file="", finished_at=timezone.now())


def _stored(outcome: ImportOutcome) -> dict:
    return {
        "imported": outcome.imported,
        "added": outcome.added,
        "changed": outcome.changed,
        "amount": outcome.amount,
        "errors": [list(error) for error in outcome.errors],
    }


class Progress:
    """Reports rows read as a percentage on the job's row, at most once per percent."""

    def __init__(self, job: ImportJob):
        self.job_id = job.pk
        self.total = max(job.rows_total, 1)
        self.percent = 1
        # SQLite has one writer: a second connection would wait for the import's transaction.
        # There the import runs in the request (development), and no one is watching.
        self.connection = (
            None
            if connection.vendor == "sqlite"
            else connections.create_connection(DEFAULT_DB_ALIAS)
        )

    def __call__(self, rows_done: int) -> None:
        percent = min(99, max(1, rows_done * 100 // self.total))
        if self.connection is None or percent <= self.percent:
            return
        self.percent = percent
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s, rows_done = %s WHERE id = %s",  # noqa: S608
                [percent, rows_done, self.job_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
