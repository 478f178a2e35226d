"""The meeting record as one numbered PDF: agenda, strategy books presented, attendance, minutes
and resolutions."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from councils.access import visible_or_404
from councils.meetings.models import Meeting
from reports.pdf import render_pdf


@login_required
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Meeting.objects.select_related("council__subdistrict__district__province")
    meeting = visible_or_404(queryset, request.user, pk=pk)
    context = {
        "meeting": meeting,
        "agenda_items": meeting.agenda_items.all(),
        "attendance": meeting.attendance_counts(),
        "attendees": meeting.attendances.select_related("member__council").order_by(
            "member__council", "member__last_name"
        ),
        "partners_present": meeting.partners_present.all(),
        "quorum": meeting.quorum(),
        "resolutions": meeting.resolutions.select_related("addressed_to", "agenda_item"),
        "books_presented": meeting.strategy_books() if meeting.presents_books else [],
        "printed_on": timezone.localdate(),
        "title": meeting.title,
        "heading": _record_heading(meeting.title),
    }
    # An official Thai document, whatever language the reader browses in.
    with translation.override("th"):
        pdf = render_pdf("councils/meetings/meeting_print.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}.pdf"'
    return response


def _record_heading(title: str) -> str:
    """รายงานการประชุม… without doubling a title that already says การประชุม."""
    if title.startswith("การประชุม"):
        return f"รายงาน{title}"
    return f"รายงานการประชุม{title}"
