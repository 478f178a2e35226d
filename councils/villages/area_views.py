"""The village data of an area: its villages, tambons or districts, by dataset and year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from councils.access import OVERVIEW_LEVELS, area_page_or_404
from councils.geography import Level
from councils.models import District, Subdistrict
from councils.villages import rollup
from councils.villages.models import Dataset

CHILDREN_PAGE_SIZE = 50


@login_required
def area_villages(request: HttpRequest, code: str) -> HttpResponse:
    """The roll-up of one dataset in one survey year (the latest by default): its indicators,
    those short of target highlighted with their bars, and one indicator by child area, paged.

    Queries: the country's span of survey years, the indicators with the years the area has
    figures of, the indicators' grouped figures, the children's grouped figures and their
    count, the children's names: the same for 8 villages or 80,000.
    """
    page = area_page_or_404(request.user, code, levels=(*OVERVIEW_LEVELS, Level.SUBDISTRICT))
    found = rollup.available(code)
    available = found.years
    dataset = request.GET.get("dataset")
    if dataset not in Dataset.values:
        dataset = (
            Dataset.BASIC_NEEDS
            if available.get(Dataset.BASIC_NEEDS) or not available
            else (next(iter(available)))
        )
    years = available.get(dataset, [])
    year = _chosen_year(request.GET.get("year"), years)
    context = {
        "area": page.area,
        "level": page.level,
        "code": code,
        "datasets": [(choice, bool(available.get(choice.value))) for choice in Dataset],
        "dataset": Dataset(dataset),
        "is_basic_needs": dataset == Dataset.BASIC_NEEDS,
        "years": years,
        "year": year,
        "rows": [],
    }
    if year is None:
        return render(request, "councils/villages/area_villages.html", context)
    if dataset == Dataset.BASIC_NEEDS:
        rows = rollup.basic_needs(code, year, found.indicators)
        context["short"] = [row for row in rows if row.falls_short]
    else:
        rows = rollup.problem_levels(code, year, found.indicators)
    chosen = _chosen_indicator(request.GET.get("indicator"), rows)
    context["rows"] = rows
    context["chosen"] = chosen
    if chosen is not None:
        children = Paginator(rollup.by_child(code, year, chosen.indicator), CHILDREN_PAGE_SIZE)
        children_page = children.get_page(request.GET.get("page"))
        items = rollup.child_rows(children_page.object_list, chosen.indicator)
        _name_children(code, items)
        context["children_page"] = children_page
        context["children"] = items
    return render(request, "councils/villages/area_villages.html", context)


def _chosen_year(value: str | None, years: list[int]) -> int | None:
    if value and value.isdigit() and int(value) in years:
        return int(value)
    return years[0] if years else None


def _chosen_indicator(value: str | None, rows: list):
    """The indicator asked for; else the one with the largest share of villages in trouble."""
    if value and value.isdigit():
        for row in rows:
            if row.indicator.pk == int(value):
                return row
    if not rows:
        return None

    def trouble(row) -> tuple:
        if isinstance(row, rollup.BasicNeedsRow):
            return (-(row.villages_short_percent or 0), row.indicator.position)
        return (-row.serious, row.indicator.position)

    return min(rows, key=trouble)


def _name_children(code: str, items: list) -> None:
    """Each child's name and, for an area, its code to link: one query for a page of them."""
    keys = [item.child for item in items]
    if len(code) >= 6:
        for item in items:
            item.child_code, item.child_name = None, None
        return
    model = Subdistrict if len(code) == 4 else District
    names = dict(model.objects.filter(code__in=keys).values_list("code", "name_th"))
    for item in items:
        item.child_code, item.child_name = item.child, names.get(item.child, item.child)
