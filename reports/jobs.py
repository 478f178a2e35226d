"""Asking for a document: reuse the file made from the same data, or queue its rendering.

Also the PDF of an endorsed book, queued to render from the snapshot's frozen data. The
rendering itself is in reports.tasks, which the workers run.
"""

from django.db import IntegrityError, transaction

from plans.books import contents
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import CommunityPlan
from reports import documents
from reports.models import Document
from reports.tasks import render_document, render_endorsed_book

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
    if created or document.state == Document.State.FAILED:
        if not created:
            Document.objects.filter(pk=document.pk).update(
                state=Document.State.PENDING, progress=0, error=""
            )
        # The row is committed (autocommit) before a worker may look for it.
        render_document.enqueue(document.pk)
    document.refresh_from_db()
    return document


# --- the PDF of an endorsed book ----------------------------------------------------------------


def render_snapshot_later(snapshot: BookSnapshot) -> None:
    """Queue the rendering of an endorsed book's PDF (a worker runs it; development runs it now).

    Called after the snapshot is committed, so a worker finds it.
    """
    render_endorsed_book.enqueue(snapshot.pk)


def retry_snapshot_pdf(snapshot: BookSnapshot) -> bool:
    """Ask again for a PDF whose rendering failed; False when it had not failed."""
    failed = BookSnapshot.objects.filter(pk=snapshot.pk, pdf_state=BookSnapshot.PdfState.FAILED)
    if not failed.update(pdf_state=BookSnapshot.PdfState.PENDING, pdf_progress=0, pdf_error=""):
        return False
    render_snapshot_later(snapshot)
    return True
