"""Asking for a document: reuse the file made from the same data, or queue its rendering.

Also the PDF of an endorsed book, queued to render from the snapshot's frozen data, and the
renders whose worker died, noticed and queued again (reports.leases). The rendering itself is
in reports.tasks, which the workers run.
"""

import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from councils.meetings.models import Meeting
from plans.books import contents
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import CommunityPlan
from reports import annual_report, bounded, documents, leases, meeting_documents
from reports.models import Document
from reports.tasks import render_document, render_endorsed_book

DOCUMENTS, SNAPSHOTS = leases.DOCUMENTS, leases.SNAPSHOTS
logger = logging.getLogger(__name__)

KIND_FOR_LEVEL = {
    StrategyBook.Level.DISTRICT: Document.Kind.DISTRICT_BOOK,
    StrategyBook.Level.PROVINCE: Document.Kind.PROVINCE_BOOK,
}


def request_plan_pdf(plan: CommunityPlan, *, by, thai_digits: bool = False) -> Document:
    data = documents.plan_data(plan)
    return _request(
        Document.Kind.TAMBON_PLAN, plan.pk, plan.area_code, plan.title, data, by, thai_digits
    )


def request_book_pdf(book: StrategyBook, *, by, thai_digits: bool = False) -> Document:
    data = contents.book_data(book)
    return _request(
        KIND_FOR_LEVEL[book.level], book.pk, book.area_code, book.title, data, by, thai_digits
    )


def request_meeting_pdf(meeting: Meeting, *, by) -> Document:
    """The invitation with the agenda before the meeting, the minutes after it."""
    kind = meeting_documents.document_kind(meeting)
    data = meeting_documents.meeting_data(meeting, kind)
    return _request(kind, meeting.pk, meeting.area_code, meeting.title, data, by, False)


def request_annual_report_pdf(council, year: int, *, by) -> Document:
    """The annual report of the council on a fiscal year, its AnnualReport record created when
    missing (reports.annual_report.record_for); the document is attached to that record."""
    data = annual_report.report_data(council, year)
    report = annual_report.record_for(council, year, data)
    title = f"รายงานประจำปีงบประมาณ {year} {council.name}"
    kind = Document.Kind.ANNUAL_REPORT
    return _request(kind, report.pk, council.subdistrict_id, title, data, by, False)


def _request(kind, object_id, area_code, title, data, by, thai_digits) -> Document:
    """The document for this exact data: a finished one is reused, a new one is queued."""
    document, created = _document_for(kind, object_id, area_code, title, data, by, thai_digits)
    if created is None:  # two people asked at the same moment; the other one queued it
        return document
    if created:
        # The row is committed (autocommit) before a worker may look for it.
        render_document.enqueue(document.pk)
    elif document.state == Document.State.FAILED:
        retry_document(document)  # asking again for a failed one is asking for a retry
    else:
        revive_document(document)
    document.refresh_from_db()
    return document


def _document_for(kind, object_id, area_code, title, data, by, thai_digits=False):
    """The document row of this exact data, and whether it was created now (None: by someone
    else at the same moment)."""
    digest = contents.data_hash(data)
    lookup = {"kind": kind, "object_id": object_id, "data_hash": digest, "thai_digits": thai_digits}
    try:
        with transaction.atomic():
            return Document.objects.get_or_create(
                **lookup,
                defaults={"area_code": area_code, "title": title, "requested_by": by},
            )
    except IntegrityError:
        return Document.objects.get(**lookup), None


def rendered_now(
    kind: str, object_id: int, area_code: str, title: str, data: dict,
    render: Callable[[], tuple[bytes, int]],
) -> Document:  # fmt: skip
    """A small document (a fund statement) for this exact data, rendered in this request the
    first time and served from its file after: done, or failed, or being rendered by another
    request at this moment (then not done yet).

    The render is bounded like a plan's (reports.bounded). A failed one is tried again on the
    next request only while it has attempts left, so that a public URL cannot make the server
    render a failing document over and over; new data makes a new document.
    """
    document, _created = _document_for(kind, object_id, area_code, title, data, None)
    if document.state == Document.State.DONE and document.file:
        return document
    rows = DOCUMENTS.rows(document.pk).filter(
        leases.failed_or_stale(DOCUMENTS), attempts__lt=leases.max_attempts()
    )
    rows.update(state=Document.State.PENDING, lease_until=None)
    if not leases.claim(DOCUMENTS, document.pk):
        document.refresh_from_db()
        return document
    try:
        pdf, pages = bounded.run(render, deadline=bounded.Deadline.for_kind("plan"))
    except Exception as error:
        if not isinstance(error, bounded.RenderRefused):
            logger.exception("Rendering document %s failed", document.pk)
        leases.fail(DOCUMENTS, document.pk, str(error))
        document.refresh_from_db()
        return document
    document.file.save(document.filename, ContentFile(pdf), save=False)
    document.state, document.progress, document.pages = Document.State.DONE, 100, pages
    document.finished_at, document.lease_until = timezone.now(), None
    fields = ["file", "state", "progress", "pages", "finished_at", "lease_until"]
    document.save(update_fields=fields)
    return document


def retry_document(document: Document) -> bool:
    """Queue again, from the first attempt, a document that failed or whose worker died;
    False (and nothing queued) otherwise."""
    if not leases.reset(DOCUMENTS, document.pk, only_if=leases.failed_or_stale(DOCUMENTS)):
        return False
    render_document.enqueue(document.pk)
    return True


def revive_document(document: Document) -> None:
    """If the document's worker died, queue it again, or fail it after the last attempt."""
    if document.is_stale and leases.revive(DOCUMENTS, document.pk) == "queued":
        render_document.enqueue(document.pk)


@task()
def sweep_stale_renders() -> dict[str, int]:
    """The periodic sweep as a task (a timer may enqueue it for the workers)."""
    return requeue_stale_renders()


def requeue_stale_renders() -> dict[str, int]:
    """The sweep: every render whose worker died, queued again or failed; how many of each."""
    counts = {"queued": 0, "failed": 0}
    for kind, render in ((DOCUMENTS, render_document), (SNAPSHOTS, render_endorsed_book)):
        for pk in leases.stale_ids(kind):
            outcome = leases.revive(kind, pk)
            if outcome == "queued":
                render.enqueue(pk)
            if outcome:
                counts[outcome] += 1
    return counts


# --- the PDF of an endorsed book ----------------------------------------------------------------


def render_snapshot_later(snapshot: BookSnapshot) -> None:
    """Queue the rendering of an endorsed book's PDF (a worker runs it; development runs it now).

    Called after the snapshot is committed, so a worker finds it.
    """
    render_endorsed_book.enqueue(snapshot.pk)


def retry_snapshot_pdf(snapshot: BookSnapshot) -> bool:
    """Ask again for a PDF whose rendering failed (or whose worker died), from the first
    attempt; False when it had not failed."""
    if not leases.reset(SNAPSHOTS, snapshot.pk, only_if=leases.failed_or_stale(SNAPSHOTS)):
        return False
    render_snapshot_later(snapshot)
    return True


def revive_snapshot_pdf(snapshot: BookSnapshot) -> None:
    """If the endorsed PDF's worker died, queue it again, or fail it after the last attempt."""
    if snapshot.pdf_is_stale and leases.revive(SNAPSHOTS, snapshot.pk) == "queued":
        render_snapshot_later(snapshot)
