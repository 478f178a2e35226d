"""Background tasks: rendering documents through Django's tasks API (django-tasks).

reports.jobs queues them; a worker (or, in development, the request itself) runs them.
"""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from plans.books import contents
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import CommunityPlan
from reports import documents
from reports.models import Document

logger = logging.getLogger(__name__)


@task()
def render_document(document_id: int) -> None:
    document = Document.objects.get(pk=document_id)
    if document.state == Document.State.DONE:
        return
    try:
        _render(document)
    except Exception as error:
        logger.exception("Rendering document %s failed", document_id)
        Document.objects.filter(pk=document_id).update(
            state=Document.State.FAILED, error=str(error)[:2000]
        )
        raise


@task()
def render_endorsed_book(snapshot_id: int) -> None:
    """The PDF of an endorsed book, from the data frozen when it was endorsed."""
    snapshot = BookSnapshot.objects.get(pk=snapshot_id)
    if snapshot.pdf_is_ready:
        return
    try:
        _render_snapshot(snapshot)
    except Exception as error:
        logger.exception("Rendering the endorsed book snapshot %s failed", snapshot_id)
        BookSnapshot.objects.filter(pk=snapshot_id).update(
            pdf_state=BookSnapshot.PdfState.FAILED, pdf_error=str(error)[:2000]
        )
        raise


def _data_for(kind: str, object_id: int) -> dict:
    if kind == Document.Kind.TAMBON_PLAN:
        plan = CommunityPlan.objects.select_related("council").get(pk=object_id)
        return documents.plan_data(plan)
    return contents.book_data(StrategyBook.objects.get(pk=object_id))


def _render(document: Document) -> None:
    """Render one document now, reporting progress on the row as sections finish."""
    Document.objects.filter(pk=document.pk).update(state=Document.State.RUNNING, progress=1)

    def progress(done: int, steps: int) -> None:
        percent = min(99, max(1, round(done * 100 / max(steps, 1))))
        Document.objects.filter(pk=document.pk).update(progress=percent)

    data = _data_for(document.kind, document.object_id)
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


def _render_snapshot(snapshot: BookSnapshot) -> None:
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
