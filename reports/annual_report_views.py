"""The council's annual report (s.21): its page with the year's figures and the PDF, which the
tambon coordinator generates (creating the AnnualReport record) and the areas above read."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from councils.access import editable_or_403, scope_for, visible_or_404
from councils.meetings.models import AnnualReport
from councils.models import Council
from reports import annual_report, jobs
from reports.models import Document

COUNCILS = Council.objects.select_related("subdistrict__district__province")


def _year_or_404(year: int) -> int:
    if not annual_report.reportable(year):
        raise Http404
    return year


@login_required
def annual_report_page(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The year's figures as the report will show them, the record if there is one, and its
    PDFs (the newest first) for whoever may see the council."""
    council = visible_or_404(COUNCILS, request.user, pk=pk)
    year = _year_or_404(year)
    report = AnnualReport.objects.filter(council=council, fiscal_year=year).first()
    documents = Document.objects.none()
    if report is not None:
        documents = Document.objects.visible_to(request.user).filter(
            kind=Document.Kind.ANNUAL_REPORT, object_id=report.pk
        )
    context = {
        "council": council,
        "year": year,
        "report": report,
        "data": annual_report.report_data(council, year, language=get_language()),
        "document": documents.order_by("-created_at", "-pk").first(),
        "can_edit": scope_for(request.user).edits(council.area_code),
    }
    return render(request, "reports/annual_report_page.html", context)


@login_required
@require_POST
def annual_report_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The tambon coordinator makes the report from the year's records: the record is created
    if missing, and the PDF attached to it; the status page shows its progress."""
    council = editable_or_403(COUNCILS, request.user, pk=pk)
    year = _year_or_404(year)
    document = jobs.request_annual_report_pdf(council, year, by=request.user)
    return redirect("document_status", document.pk)
