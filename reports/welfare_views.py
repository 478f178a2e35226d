"""The welfare fund's annual statement as a PDF: totals only, for the community to read."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from councils.buddhist_era import is_be_year
from reports.pdf import render_pdf
from welfare import statistics
from welfare.models import Member, WelfareFund


def welfare_statement_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Public like the statement page: it carries the fund's totals and no personal data."""
    fund = get_object_or_404(
        WelfareFund.objects.select_related("council__subdistrict__district__province"), pk=pk
    )
    if not is_be_year(year):
        raise Http404
    context = {
        "fund": fund,
        "statement": statistics.year_statement(fund, year),
        "member_counts": statistics.member_counts(fund),
        "groups": Member.Group.choices,
        "member_total": fund.members.filter(status=Member.Status.ACTIVE).count(),
        "benefit_types": fund.benefit_types.filter(is_active=True),
        "printed_on": timezone.localdate(),
        "title": f"{fund.name} {year}",
        "footer": fund.name,
    }
    pdf = render_pdf("reports/welfare_statement.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="welfare-{fund.pk}-{year}.pdf"'
    return response
