"""The welfare fund's annual statement as a PDF: totals only, for the community to read."""

import dataclasses

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.buddhist_era import is_be_year
from reports import documents, jobs
from reports.models import Document
from reports.pdf import html_to_document
from welfare import statistics
from welfare.models import Member, WelfareFund


def welfare_statement_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Public like the statement page: it carries the fund's totals and no personal data.

    Rendered once for each version of the statement's data (a new ledger entry is a new
    version), in the first request that asks for it (a page or two, bounded like a plan's
    render), and served from its file after that.
    """
    fund = get_object_or_404(
        WelfareFund.objects.select_related("council__subdistrict__district__province"), pk=pk
    )
    if not is_be_year(year):
        raise Http404
    context = statement_context(fund, year)
    document = jobs.rendered_now(
        Document.Kind.FUND_STATEMENT, fund.pk, fund.council.subdistrict_id, context["title"],
        statement_data(context), lambda: html_to_document(statement_html(context)),
    )  # fmt: skip
    if document.state == Document.State.DONE:
        with document.file.open("rb") as pdf:  # a page or two
            response = HttpResponse(pdf.read(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="welfare-{fund.pk}-{year}.pdf"'
        return response
    if document.state == Document.State.FAILED:
        message = _("The statement could not be made as a PDF. Tell CODI staff.")
    else:
        message = _("The statement is being made as a PDF. Reload the page in a moment.")
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "5"
    return response


def statement_context(fund: WelfareFund, year: int) -> dict:
    """What the statement shows, read now: the child that renders it must not query."""
    fund.council.subdistrict.district.province  # noqa: B018 - loaded here, if not joined already
    return {
        "fund": fund,
        "statement": statistics.year_statement(fund, year),
        "member_counts": statistics.member_counts(fund),
        "groups": Member.Group.choices,
        "member_total": fund.members.filter(status=Member.Status.ACTIVE).count(),
        "benefit_types": list(fund.benefit_types.filter(is_active=True)),
        "printed_on": timezone.localdate(),
        "title": f"{fund.name} {year}",
        "footer": fund.name,
    }


def statement_data(context: dict) -> dict:
    """The facts the statement's PDF is made from, whose hash names its document (the
    printing date aside: a statement whose figures did not change is not made again)."""
    fund = context["fund"]
    area = fund.council.subdistrict
    return {
        "templates": documents.templates_version(),
        "fund": [fund.name, fund.contribution_amount, fund.contribution_period],
        "area": [area.name_th, area.district.name_th, area.district.province.name_th],
        "statement": dataclasses.asdict(context["statement"]),
        "member_counts": context["member_counts"],
        "member_total": context["member_total"],
        "benefits": [(b.name, b.amount, b.waiting_days) for b in context["benefit_types"]],
    }


def statement_html(context: dict) -> str:
    return render_to_string("reports/welfare_statement.html", context)
