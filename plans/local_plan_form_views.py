"""The local development plan's project form (แบบ ผ.02): the pages that list the agencies a
tambon plan or a district's accepted plans ask for support, and the form as xlsx (the PDF is
made in reports.local_plan_form_views)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.access import area_page_or_404, visible_or_404
from councils.buddhist_era import fiscal_year_be, validate_be_year
from councils.geography import Level
from councils.models import Partner
from plans import local_plan_form
from plans.local_plan_form import LocalPlanForm, TooManyRows
from plans.models import CommunityPlan

if TYPE_CHECKING:
    from councils.access import AnyUser

# The bound of the object ids the URLs take (councils.converters.ObjectId).
AGENCY_ID = re.compile("[0-9]{1,18}")
AGENCIES_PAGE_SIZE = 25
ALL_AGENCIES = "all"
PLAN_QUERYSET = CommunityPlan.objects.select_related("council__subdistrict__district__province")


def agency_or_404(user: AnyUser, value: str | None) -> Partner | None:
    """The agency of `?agency=`: a local government or PAO the user may see, or None for all
    of them ("all" or nothing given); anything else is a 404."""
    if value in (None, "", ALL_AGENCIES):
        return None
    if not AGENCY_ID.fullmatch(value):
        raise Http404
    queryset = Partner.objects.filter(kind__in=local_plan_form.AGENCY_KINDS)
    return visible_or_404(queryset, user, pk=int(value))


def row_bounds() -> dict:
    """The most rows an xlsx and a PDF take, for the links that say when one is too big."""
    return {
        "max_rows": local_plan_form.MAX_FORM_ROWS,
        "max_pdf_rows": local_plan_form.MAX_PDF_ROWS,
    }


def plan_or_404(user: AnyUser, pk: int) -> CommunityPlan:
    return visible_or_404(PLAN_QUERYSET, user, pk=pk)


class YearForm(forms.Form):
    """The fiscal year whose accepted plans a district's form gathers (B.E., never shifted)."""

    year = forms.IntegerField(
        label=gettext_lazy("Fiscal year (B.E.)"),
        validators=[validate_be_year],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": gettext_lazy("Write the fiscal year as four digits, for example 2569.")
        },
    )


@dataclass(frozen=True)
class DistrictChoice:
    """A district's form: its area, the fiscal year its accepted plans cover, their plans."""

    district: object
    year: int
    plans: QuerySet[CommunityPlan]
    year_form: YearForm

    @property
    def error(self) -> str:
        return "" if self.year_form.is_valid() else self.year_form.errors["year"][0]


def district_choice(request: HttpRequest, code: str) -> DistrictChoice:
    """The district (a 404 outside the user's scope) and the year of `?year=` (B.E.; this
    fiscal year when not given); an invalid year leaves the form's error and no plan chosen."""
    page = area_page_or_404(request.user, code, levels=(Level.DISTRICT,))
    this_year = fiscal_year_be(timezone.localdate())
    form = YearForm(request.GET if "year" in request.GET else {"year": this_year})
    plans = CommunityPlan.objects.visible_to(request.user).in_area(code).accepted()
    if not form.is_valid():
        return DistrictChoice(page.area, this_year, plans.none(), form)
    year = form.cleaned_data["year"]
    return DistrictChoice(page.area, year, plans.covering(year), form)


def xlsx_response(form: LocalPlanForm, name: str) -> HttpResponse:
    response = HttpResponse(local_plan_form.workbook(form), content_type=local_plan_form.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def too_many_rows(limit: int) -> HttpResponse:
    message = _(
        "The plans ask this of more than %(n)s projects, more than one file of this kind "
        "takes. Export the form of one agency at a time, or as Excel."
    ) % {"n": limit}
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def bad_year(error: str) -> HttpResponse:
    return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")


# --- A tambon plan ----------------------------------------------------------------------------


@login_required
def plan_local_plan_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The agencies the plan asks for support, each with its form as Excel and PDF.

    Queries: the user's scope, the plan, the agencies with their counts (one query of
    subqueries) and the page's count: the same for one agency or fifty.
    """
    plan = plan_or_404(request.user, pk)
    plans = CommunityPlan.objects.filter(pk=plan.pk)
    agencies = local_plan_form.agencies_asked(Partner.objects.visible_to(request.user), plans)
    context = {
        "plan": plan,
        "page": Paginator(agencies, AGENCIES_PAGE_SIZE).get_page(request.GET.get("page")),
        "all_count": local_plan_form.asked_of(None, plans).count(),
        "xlsx_url": "local_plan_form_xlsx",
        "pdf_url": "local_plan_form_pdf",
        "url_arg": plan.pk,
        "query": "",
        **row_bounds(),
    }
    return render(request, "plans/local_plan_form.html", context)


def plan_form(
    request: HttpRequest, pk: int, max_rows: int
) -> tuple[LocalPlanForm, str] | HttpResponse:
    """The plan's form for `?agency=` with the stem of its file name, or the answer that
    refuses it."""
    plan = plan_or_404(request.user, pk)
    agency = agency_or_404(request.user, request.GET.get("agency"))
    try:
        form = local_plan_form.for_plan(plan, agency, max_rows=max_rows)
    except TooManyRows as refused:
        return too_many_rows(refused.limit)
    stem = f"{plan.council.subdistrict_id}-{plan.first_year}-{agency.pk if agency else 'all'}"
    return form, stem


@login_required
def plan_local_plan_form_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    made = plan_form(request, pk, local_plan_form.MAX_FORM_ROWS)
    if isinstance(made, HttpResponse):
        return made
    form, stem = made
    return xlsx_response(form, local_plan_form.filename(stem, "xlsx"))


# --- A district's accepted plans ----------------------------------------------------------------


@login_required
def district_local_plan_form(request: HttpRequest, code: str) -> HttpResponse:
    """The agencies a district's accepted plans of a fiscal year ask for support, each with the
    form of all those tambons' projects asked of it, as Excel and PDF.

    Queries: the user's scope, the district, the agencies with their counts (one query of
    subqueries), the page's count and the count for all agencies: flat in tambons and projects.
    """
    choice = district_choice(request, code)
    agencies = local_plan_form.agencies_asked(
        Partner.objects.visible_to(request.user), choice.plans
    )
    context = {
        "district": choice.district,
        "year": choice.year,
        "year_form": choice.year_form,
        "page": Paginator(agencies, AGENCIES_PAGE_SIZE).get_page(request.GET.get("page")),
        "all_count": local_plan_form.asked_of(None, choice.plans).count(),
        "xlsx_url": "district_local_plan_form_xlsx",
        "pdf_url": "district_local_plan_form_pdf",
        "url_arg": code,
        "query": f"year={choice.year}&",
        **row_bounds(),
    }
    return render(request, "plans/local_plan_form.html", context)


def district_form(
    request: HttpRequest, code: str, max_rows: int
) -> tuple[LocalPlanForm, str] | HttpResponse:
    """The district's form for `?agency=` and `?year=` with the stem of its file name, or the
    answer that refuses it."""
    choice = district_choice(request, code)
    if choice.error:
        return bad_year(choice.error)
    agency = agency_or_404(request.user, request.GET.get("agency"))
    try:
        form = local_plan_form.for_district(
            choice.district, choice.plans, agency, max_rows=max_rows
        )
    except TooManyRows as refused:
        return too_many_rows(refused.limit)
    return form, f"{code}-{choice.year}-{agency.pk if agency else ALL_AGENCIES}"


@login_required
def district_local_plan_form_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    made = district_form(request, code, local_plan_form.MAX_FORM_ROWS)
    if isinstance(made, HttpResponse):
        return made
    form, stem = made
    return xlsx_response(form, local_plan_form.filename(stem, "xlsx"))
