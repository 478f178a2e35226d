"""Background tasks: rendering documents through Django's tasks API (django-tasks)."""

import logging

from django_tasks import task

from plans.models import BookSnapshot
from reports import jobs
from reports.models import Document

logger = logging.getLogger(__name__)


@task()
def render_document(document_id: int) -> None:
    document = Document.objects.get(pk=document_id)
    if document.state == Document.State.DONE:
        return
    try:
        jobs.render(document)
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
        jobs.render_snapshot(snapshot)
    except Exception as error:
        logger.exception("Rendering the endorsed book snapshot %s failed", snapshot_id)
        BookSnapshot.objects.filter(pk=snapshot_id).update(
            pdf_state=BookSnapshot.PdfState.FAILED, pdf_error=str(error)[:2000]
        )
        raise
