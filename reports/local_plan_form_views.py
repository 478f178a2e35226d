"""The local development plan's project form (แบบ ผ.02) as PDF: of a tambon plan, and of a
district's accepted plans (the pages that link here and the xlsx are in plans)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from plans import local_plan_form
from plans.local_plan_form import LocalPlanForm
from plans.local_plan_form_views import district_form, plan_form
from reports import bounded
from reports.local_plan_form_pdf import render_form


def pdf_response(form: LocalPlanForm, stem: str) -> HttpResponse:
    """A tambon's form takes about a second, a district's of MAX_PDF_ROWS rows some more: both
    are laid out in the request, bounded like a plan's PDF, and never kept."""
    try:
        pdf, _pages = render_form(form, deadline=bounded.Deadline.for_kind("plan"))
    except bounded.RenderRefused as refused:
        return HttpResponse(str(refused), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = local_plan_form.filename(stem, "pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def plan_local_plan_form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    made = plan_form(request, pk, local_plan_form.MAX_PDF_ROWS)
    if isinstance(made, HttpResponse):
        return made
    form, stem = made
    return pdf_response(form, stem)


@login_required
def district_local_plan_form_pdf(request: HttpRequest, code: str) -> HttpResponse:
    made = district_form(request, code, local_plan_form.MAX_PDF_ROWS)
    if isinstance(made, HttpResponse):
        return made
    form, stem = made
    return pdf_response(form, stem)
