"""A meeting's PDF: the invitation with its agenda before the meeting, the minutes after it
(reports.meeting_documents), made in the background like the plan and book PDFs."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from councils.access import visible_or_404
from councils.meetings.models import Meeting
from reports import jobs


@login_required
@require_POST
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever may see the meeting may ask for its PDF; the status page shows its progress."""
    queryset = Meeting.objects.select_related("council__subdistrict__district__province")
    meeting = visible_or_404(queryset, request.user, pk=pk)
    document = jobs.request_meeting_pdf(meeting, by=request.user)
    return redirect("document_status", document.pk)
