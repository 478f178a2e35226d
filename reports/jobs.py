"""Asking for a document: reuse the file made from the same data, or queue its rendering.

Also the PDF of an endorsed book, queued to render from the snapshot's frozen data, and the
renders whose worker died, noticed and queued again (reports.leases). The rendering itself is
in reports.tasks, which the workers run.
"""

from django.db import IntegrityError, transaction

from plans.books import contents
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import CommunityPlan
from reports import documents, leases
from reports.models import Document
from reports.tasks import render_document, render_endorsed_book

DOCUMENTS, SNAPSHOTS = leases.DOCUMENTS, leases.SNAPSHOTS

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


def _request(kind, object_id, area_code, title, data, by, thai_digits) -> Document:
    """The document for this exact data: a finished one is reused, a new one is queued."""
    digest = contents.data_hash(data)
    lookup = {"kind": kind, "object_id": object_id, "data_hash": digest, "thai_digits": thai_digits}
    try:
        with transaction.atomic():
            document, created = Document.objects.get_or_create(
                **lookup,
                defaults={"area_code": area_code, "title": title, "requested_by": by},
            )
    except IntegrityError:  # two people asked at the same moment; the other one queued it
        return Document.objects.get(**lookup)
    if created:
        # The row is committed (autocommit) before a worker may look for it.
        render_document.enqueue(document.pk)
    elif document.state == Document.State.FAILED:
        retry_document(document)  # asking again for a failed one is asking for a retry
    else:
        revive_document(document)
    document.refresh_from_db()
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


def requeue_stale_renders() -> dict[str, int]:
    """The sweep: every render whose worker died, queued again or failed; how many of each."""
    counts = {"queued": 0, "failed": 0}
    for kind, task in ((DOCUMENTS, render_document), (SNAPSHOTS, render_endorsed_book)):
        for pk in leases.stale_ids(kind):
            outcome = leases.revive(kind, pk)
            if outcome == "queued":
                task.enqueue(pk)
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
