"""Asking for a document: reuse the file made from the same data, or render it in the background.

Also the PDF of an endorsed book, rendered in the background from the snapshot's frozen data.
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from plans import books
from plans.models import BookSnapshot, CommunityPlan, StrategyBook
from reports import documents
from reports.models import Document

KIND_FOR_LEVEL = {
    StrategyBook.Level.DISTRICT: Document.Kind.DISTRICT_BOOK,
    StrategyBook.Level.PROVINCE: Document.Kind.PROVINCE_BOOK,
}


def data_for(kind: str, object_id: int) -> dict:
    if kind == Document.Kind.TAMBON_PLAN:
        plan = CommunityPlan.objects.select_related("council").get(pk=object_id)
        return documents.plan_data(plan)
    return books.book_data(StrategyBook.objects.get(pk=object_id))


def request_plan_pdf(plan: CommunityPlan, *, by, thai_digits: bool = False) -> Document:
    data = documents.plan_data(plan)
    return _request(
        Document.Kind.TAMBON_PLAN, plan.pk, plan.area_code, plan.title, data, by, thai_digits
    )


def request_book_pdf(book: StrategyBook, *, by, thai_digits: bool = False) -> Document:
    data = books.book_data(book)
    return _request(
        KIND_FOR_LEVEL[book.level], book.pk, book.area_code, book.title, data, by, thai_digits
    )


def _request(kind, object_id, area_code, title, data, by, thai_digits) -> Document:
    """The document for this exact data: a finished one is reused, a new one is queued."""
    from reports.tasks import render_document  # the task module imports this one

    digest = books.data_hash(data)
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


def render(document: Document) -> None:
    """Render one document now, reporting progress on the row as sections finish."""
    Document.objects.filter(pk=document.pk).update(state=Document.State.RUNNING, progress=1)

    def progress(done: int, steps: int) -> None:
        percent = min(99, max(1, round(done * 100 / max(steps, 1))))
        Document.objects.filter(pk=document.pk).update(progress=percent)

    data = data_for(document.kind, document.object_id)
    if document.kind == Document.Kind.TAMBON_PLAN:
        pdf, pages = documents.render_plan(data, thai_digits=document.thai_digits)
    else:
        pdf, pages = documents.render_book(
            data, thai_digits=document.thai_digits, progress=progress
        )
    document.file.save(document.filename, ContentFile(pdf), save=False)
    document.state = Document.State.DONE
    document.progress = 100
    document.pages = pages
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "state", "progress", "pages", "finished_at"])


# --- the PDF of an endorsed book ----------------------------------------------------------------


def render_snapshot_later(snapshot: BookSnapshot) -> None:
    """Queue the rendering of an endorsed book's PDF (a worker runs it; development runs it now).

    Called after the snapshot is committed, so a worker finds it.
    """
    from reports.tasks import render_endorsed_book  # the task module imports this one

    render_endorsed_book.enqueue(snapshot.pk)


def retry_snapshot_pdf(snapshot: BookSnapshot) -> bool:
    """Ask again for a PDF whose rendering failed; False when it had not failed."""
    failed = BookSnapshot.objects.filter(pk=snapshot.pk, pdf_state=BookSnapshot.PdfState.FAILED)
    if not failed.update(pdf_state=BookSnapshot.PdfState.PENDING, pdf_progress=0, pdf_error=""):
        return False
    render_snapshot_later(snapshot)
    return True


def render_snapshot(snapshot: BookSnapshot) -> None:
    """Render the endorsed PDF now, from the data frozen in the snapshot, never the live book."""
    rows = BookSnapshot.objects.filter(pk=snapshot.pk)
    rows.update(pdf_state=BookSnapshot.PdfState.RUNNING, pdf_progress=1)

    def progress(done: int, steps: int) -> None:
        rows.update(pdf_progress=min(99, max(1, round(done * 100 / max(steps, 1)))))

    endorsement = {"body": snapshot.endorsed_by_body, "on": snapshot.endorsed_on}
    pdf, _pages = documents.render_book(snapshot.data, endorsement=endorsement, progress=progress)
    name = f"book-{snapshot.book_id}-{snapshot.data_hash[:12]}.pdf"
    snapshot.pdf.save(name, ContentFile(pdf), save=False)
    snapshot.pdf_state = BookSnapshot.PdfState.DONE
    snapshot.pdf_progress = 100
    snapshot.pdf_error = ""
    snapshot.save(update_fields=["pdf", "pdf_state", "pdf_progress", "pdf_error"])
