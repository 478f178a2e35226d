"""Community strength rolled up: a district's or province's tambons, and the country's (or a CODI
region's) provinces, at each level per component, with charts."""

from itertools import groupby

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.access import Role, area_page_or_404, scope_for
from councils.buddhist_era import fiscal_year_be, validate_be_year
from councils.geography import Level, Region
from councils.models import Council, District, Province, Subdistrict
from councils.strength import rollup
from councils.strength.models import CommunityType, Component
from reports import charts

YEARS_SHOWN = 5  # the chosen year and the four before it, "over the years"
PER_PAGE = 25


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Fiscal year (B.E.)"),
        validators=[validate_be_year],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _chosen_year(request: HttpRequest) -> tuple[YearForm, int]:
    """The fiscal year asked for, or this one; a C.E. year is an error, never shifted."""
    this_year = fiscal_year_be(timezone.localdate())
    if "year" not in request.GET:
        return YearForm(initial={"year": this_year}), this_year
    form = YearForm(request.GET)
    return form, form.cleaned_data["year"] if form.is_valid() else this_year


def _level_legend() -> list[str]:
    return [_("level %(level)s") % {"level": n} for n in rollup.LEVELS] + [_("not assessed")]


def strength_charts(figures: rollup.AreaStrength, year: int) -> dict:
    """The charts of an area's figures: the chosen year per component, each component over
    the years, the overall level and the community types over the years."""
    current = figures.year(year)
    legend = _level_legend()
    components = charts.stacked_bar(
        [(Component(c).label, current.components[c].bar) for c in rollup.COMPONENTS],
        title=_("Tambons at each level, fiscal year %(year)s") % {"year": year},
        legend=legend,
    )
    over_years = [
        charts.stacked_bar(
            [(str(y.fiscal_year), y.components[c].bar) for y in figures.years],
            title=Component(c).label,
            legend=legend,
        )
        for c in rollup.COMPONENTS
    ]
    overall = charts.stacked_bar(
        [(str(y.fiscal_year), y.overall.bar) for y in figures.years],
        title=_("Overall level over the years"),
        legend=legend,
    )
    types = charts.stacked_bar(
        [(str(y.fiscal_year), y.community_types.bar) for y in figures.years],
        title=_("Community types over the years"),
        legend=[_("type %(n)s") % {"n": t} for t in rollup.COMMUNITY_TYPES] + [_("not classed")],
    )
    return {
        "component_chart": components,
        "year_charts": over_years,
        "overall_chart": overall,
        "type_chart": types,
    }


def _figures_context(prefixes, year: int) -> dict:
    figures = rollup.area_strength(prefixes, year - YEARS_SHOWN + 1, year)
    current = figures.year(year)
    return {
        "year": year,
        "current": current,
        "component_rows": [(Component(c).label, current.components[c]) for c in rollup.COMPONENTS],
        "community_types": [
            (CommunityType(t).label, n, share) for t, n, share in current.community_types.rows
        ],
        "components": [Component(c).label for c in rollup.COMPONENTS],
        **strength_charts(figures, year),
    }


@login_required
def area_strength(request: HttpRequest, code: str) -> HttpResponse:
    """A district's or province's community strength: the share of tambons at each level per
    component, over the years, the community types, and a page of its districts or tambons.

    Queries: the user's scope, the area, the roll-up (3), the child areas' roll-up (3), the
    page of child areas (count and rows) and, for a district, the councils of its tambons: the
    same for 8 tambons or 289.
    """
    page = area_page_or_404(request.user, code)
    form, year = _chosen_year(request)
    if page.level == Level.PROVINCE:
        areas = District.objects.filter(province_id=code)
    else:
        areas = Subdistrict.objects.filter(district_id=code)
    children = rollup.child_strength([code], len(code) + 2, year)
    paged = Paginator(areas.order_by("code"), PER_PAGE).get_page(request.GET.get("page"))
    councils = {}
    if page.level == Level.DISTRICT:
        codes = [area.code for area in paged]
        councils = {
            c.subdistrict_id: c for c in Council.objects.active().filter(subdistrict_id__in=codes)
        }
    rows = [
        {
            "area": area,
            "council": councils.get(area.code),
            "figures": children.get(area.code) or rollup.empty_year(year),
        }
        for area in paged
    ]
    context = {
        "area": page.area,
        "level": page.level,
        "code": code,
        "form": form,
        "page": paged,
        "rows": rows,
        **_figures_context([code], year),
    }
    return render(request, "reports/strength/area.html", context)


@login_required
def national_strength(request: HttpRequest) -> HttpResponse:
    """The country's community strength by region and province, for CODI national staff; CODI
    regional staff see the provinces of their region. Everyone else: not found.

    Queries: the user's scope, the roll-up (3), the provinces' roll-up (3), the provinces, the
    page of provinces (count and rows).
    """
    prefixes = scope_for(request.user).codes(Role.CODI_NATIONAL, Role.CODI_REGIONAL)
    if not prefixes:
        raise Http404
    form, year = _chosen_year(request)
    provinces = Province.objects.order_by("region", "code")
    if "" not in prefixes:
        provinces = provinces.filter(code__in=prefixes)
    children = rollup.child_strength(prefixes, 2, year)
    figures = {p.code: children.get(p.code) or rollup.empty_year(year) for p in provinces}
    regions = [
        (Region(region).label, rollup.combine(year, [figures[p.code] for p in group]))
        for region, group in groupby(provinces, key=lambda p: p.region)
    ]
    paged = Paginator(provinces, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "national": True,
        "form": form,
        "regions": regions,
        "page": paged,
        "rows": [{"area": p, "figures": figures[p.code]} for p in paged],
        **_figures_context(prefixes, year),
    }
    return render(request, "reports/strength/area.html", context)
