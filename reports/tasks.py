"""Background tasks: rendering documents through Django's tasks API (django-tasks).

reports.jobs queues them; a worker (or, in development, the request itself) runs them.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from councils.meetings.models import AnnualReport, Meeting
from plans.books import contents
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import CommunityPlan
from reports import (
    annual_report,
    bounded,
    digests,
    documents,
    leases,
    meeting_documents,
    part_layouts,
)
from reports.bounded import Deadline
from reports.models import Document

logger = logging.getLogger(__name__)


@task()
def render_document(document_id: int) -> None:
    """Render a document if this worker can claim it (reports.leases); else another has it."""
    if not leases.claim(leases.DOCUMENTS, document_id):
        return
    document = Document.objects.get(pk=document_id)
    try:
        _render(document)
    except bounded.RenderRefused as refused:
        logger.warning("Rendering document %s was stopped: %s", document_id, refused)
        leases.fail(leases.DOCUMENTS, document_id, str(refused))
    except Exception as error:
        logger.exception("Rendering document %s failed", document_id)
        leases.fail(leases.DOCUMENTS, document_id, str(error))
        raise


@task()
def render_endorsed_book(snapshot_id: int) -> None:
    """The PDF of an endorsed book, from the data frozen when it was endorsed."""
    if not leases.claim(leases.SNAPSHOTS, snapshot_id):
        return
    snapshot = BookSnapshot.objects.get(pk=snapshot_id)
    try:
        _render_snapshot(snapshot)
    except bounded.RenderRefused as refused:
        logger.warning("Rendering the endorsed snapshot %s was stopped: %s", snapshot_id, refused)
        leases.fail(leases.SNAPSHOTS, snapshot_id, str(refused))
    except Exception as error:
        logger.exception("Rendering the endorsed book snapshot %s failed", snapshot_id)
        leases.fail(leases.SNAPSHOTS, snapshot_id, str(error))
        raise


# A helper goes before the renders waiting in the queue: it speeds up one that already runs.
@task(priority=50)
def lay_out_book_parts(render: str, ends_at: float) -> int:
    """Help a running book render: lay out the parts left to claim (reports.part_layouts);
    how many. One that finds nothing left returns at once."""
    return part_layouts.help_render(render, ends_at)


def spread_over_workers() -> part_layouts.Spread | None:
    """How a book's render spreads its parts over the queue's workers; None where there are no
    other workers (the immediate backend runs a task inline: the render lays everything out)."""
    helpers = settings.RENDER_BOOK_HELPERS
    if helpers <= 0 or isinstance(lay_out_book_parts.get_backend(), ImmediateBackend):
        return None
    return part_layouts.Spread(
        enqueue=lay_out_book_parts.enqueue,
        helpers=helpers,
        processes=documents.layout_processes(),
    )


def _data_for(kind: str, object_id: int) -> dict:
    if kind == Document.Kind.TAMBON_PLAN:
        plan = CommunityPlan.objects.select_related("council").get(pk=object_id)
        return documents.plan_data(plan)
    if kind in Document.MEETING_KINDS:
        return meeting_documents.meeting_data(Meeting.objects.get(pk=object_id), kind)
    if kind == Document.Kind.ANNUAL_REPORT:
        report = AnnualReport.objects.select_related(
            "council__subdistrict__district__province"
        ).get(pk=object_id)
        return annual_report.report_data(report.council, report.fiscal_year)
    return contents.book_data(StrategyBook.objects.get(pk=object_id))


def _progress_of(kind: leases.Rendered, pk: int):
    """The progress callback of a render: the row's percentage, and its lease renewed."""

    def progress(done: int, steps: int) -> None:
        leases.renew(kind, pk, min(99, max(1, round(done * 100 / max(steps, 1)))))

    return progress


def _render(document: Document) -> None:
    """Render one document now, reporting progress on the row as sections finish."""
    progress = _progress_of(leases.DOCUMENTS, document.pk)
    data = _data_for(document.kind, document.object_id)
    heartbeat = lambda: leases.renew(leases.DOCUMENTS, document.pk)  # noqa: E731
    if document.kind == Document.Kind.TAMBON_PLAN:
        pdf, pages = documents.render_plan(
            data,
            thai_digits=document.thai_digits,
            deadline=Deadline.for_kind("plan"),
            heartbeat=heartbeat,
        )
    elif document.kind in Document.MEETING_KINDS:
        # As small as a plan, but a provincial meeting's annexes may summarise many books.
        pdf, pages = meeting_documents.render_meeting(
            data, deadline=Deadline.for_kind("plan"), heartbeat=heartbeat
        )
    elif document.kind == Document.Kind.ANNUAL_REPORT:
        pdf, pages = annual_report.render_report(
            data, deadline=Deadline.for_kind("plan"), heartbeat=heartbeat
        )
    else:
        pdf, pages = documents.render_book(
            data,
            thai_digits=document.thai_digits,
            progress=progress,
            deadline=Deadline.for_kind("book"),
            spread=spread_over_workers(),
        )
    document.file.save(document.filename, ContentFile(pdf), save=False)
    document.state = Document.State.DONE
    document.progress = 100
    document.pages = pages
    document.finished_at = timezone.now()
    document.lease_until = None
    fields = ["file", "state", "progress", "pages", "finished_at", "lease_until"]
    document.save(update_fields=fields)


def _render_snapshot(snapshot: BookSnapshot) -> None:
    """Render the endorsed PDF now, from the data frozen in the snapshot, never the live book."""
    endorsement = {"body": snapshot.endorsed_by_body, "on": snapshot.endorsed_on}
    pdf, _pages = documents.render_book(
        snapshot.data,
        endorsement=endorsement,
        progress=_progress_of(leases.SNAPSHOTS, snapshot.pk),
        deadline=Deadline.for_kind("book"),
        spread=spread_over_workers(),
    )
    name = f"book-{snapshot.book_id}-{snapshot.data_hash[:12]}.pdf"
    snapshot.pdf.save(name, ContentFile(pdf), save=False)
    snapshot.pdf_state = BookSnapshot.PdfState.DONE
    snapshot.pdf_progress = 100
    snapshot.pdf_error = ""
    snapshot.pdf_lease_until = None
    fields = ["pdf", "pdf_state", "pdf_progress", "pdf_error", "pdf_lease_until"]
    snapshot.save(update_fields=fields)


@task()
def send_digests() -> int:
    """The daily email digest (reports.digests), queued by a scheduler; returns how many went."""
    return digests.send_all().sent
