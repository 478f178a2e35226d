"""A council's community-strength pages: its years side by side, the yearly self-assessment
form, and the evidence files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from councils import feedback
from councils.access import editable_or_403, scope_for, visible_or_404
from councils.buddhist_era import validate_be_year
from councils.models import Council
from councils.strength.models import Component, ComponentLevel, Level, StrengthScore
from councils.uploads import BY_CONTENT_TYPE
from reports import strength
from reports.strength_forms import AssessmentForm

# The years page shows this many fiscal years side by side; older ones are a page away.
YEARS_PER_PAGE = 5


def _with_area(queryset):
    return queryset.select_related("subdistrict__district__province")


def _level_label(level: int | None) -> str:
    return Level(level).label if level else ""


@login_required
def council_strength(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's assessments, the latest year first: a table of the components by year,
    and each year's indicators on demand. Five queries for any number of years and scores."""
    council = visible_or_404(_with_area(Council.objects), request.user, pk=pk)
    page = Paginator(
        council.strength_assessments.order_by("-fiscal_year"), YEARS_PER_PAGE
    ).get_page(request.GET.get("page"))
    years = list(page)
    levels = {
        (row.assessment_id, row.component): row.level
        for row in ComponentLevel.objects.filter(assessment__in=years)
    }
    scores: dict[int, list[StrengthScore]] = {}
    for score in StrengthScore.objects.filter(assessment__in=years).select_related("indicator"):
        scores.setdefault(score.assessment_id, []).append(score)
    table = [
        {
            "component": label,
            "cells": [_level_label(levels.get((year.pk, value))) for year in years],
        }
        for value, label in Component.choices
    ]
    assessable = strength.assessable_years()
    done = set(
        council.strength_assessments.filter(fiscal_year__in=assessable).values_list(
            "fiscal_year", flat=True
        )
    )
    context = {
        "council": council,
        "can_edit": scope_for(request.user).edits(council.area_code),
        "page": page,
        "years": [
            {
                "assessment": year,
                "scores": scores.get(year.pk, []),
                "overall": _level_label(year.overall_level),
            }
            for year in years
        ],  # fmt: skip
        "table": table,
        "assessable": [{"year": year, "done": year in done} for year in assessable],
    }
    return render(request, "reports/strength/council_strength.html", context)


@login_required
def strength_assess(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The form of one fiscal year (the current one or the previous). A GET shows the portal's
    values computed, not stored; the first valid POST creates the assessment."""
    council = editable_or_403(_with_area(Council.objects), request.user, pk=pk)
    refusal = year_refusal(year)
    if refusal:
        context = {"council": council, "year": year, "refusal": refusal,
                   "assessable_years": strength.assessable_years()}  # fmt: skip
        return render(request, "reports/strength/year_refused.html", context, status=404)
    assessment = (
        council.strength_assessments.filter(fiscal_year=year).prefetch_related("scores").first()
    )
    indicators = list(strength.indicators_of(council))
    values = strength.portal_values(council, year)
    filled = {i.pk: values[i.auto_source] for i in indicators if i.auto_source}
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        indicators=indicators,
        assessment=assessment,
        filled=filled,
    )
    if request.method == "POST" and form.is_valid():
        strength.record_assessment(
            council,
            year,
            levels=form.levels(),
            notes=form.notes(),
            evidence=form.evidence(),
            community_type=form.cleaned_data["community_type"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        feedback.saved(
            request,
            _("The assessment of fiscal year %(year)s was saved.") % {"year": year},
            f"year-{year}",
        )
        return redirect(reverse("council_strength", args=[council.pk]) + f"#year-{year}")
    context = {
        "council": council,
        "year": year,
        "form": form,
        "assessment": assessment,
        "components": form.by_component(),
    }
    return render(request, "reports/strength/assess_form.html", context)


def year_refusal(year: int) -> str:
    """Why a year cannot be assessed here ("" when it can): a C.E. year, or another year than
    the current fiscal year and the previous one."""
    try:
        validate_be_year(year)
    except ValidationError as error:
        return error.messages[0]
    current, previous = strength.assessable_years()
    if year not in (current, previous):
        return _(
            "A council assesses the current fiscal year (%(current)s) or the previous one "
            "(%(previous)s), not %(year)s."
        ) % {"current": current, "previous": previous, "year": year}
    return ""


@login_required
def strength_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A score's evidence, to those who may see the council: as the type its content was
    checked to be, never sniffed, and always as an attachment."""
    score = visible_or_404(
        StrengthScore.objects.select_related("assessment", "indicator"), request.user, pk=pk
    )
    if not score.evidence:
        raise Http404
    try:
        stored = score.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = BY_CONTENT_TYPE.get(score.evidence_type)
    extension = f".{kind.extension}" if kind else ""
    indicator = score.indicator
    name = (
        f"evidence-{score.assessment.fiscal_year}-{indicator.component}-{indicator.number}"
        f"{extension}"
    )
    response = FileResponse(
        stored,
        content_type=score.evidence_type or "application/octet-stream",
        as_attachment=True,
        filename=name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
