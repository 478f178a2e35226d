"""Background tasks: rendering documents through Django's tasks API (django-tasks)."""

import logging

from django_tasks import task

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
