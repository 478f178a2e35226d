"""Indicators as plain data for pages and PDFs: unit, baseline, the target and the latest measured
value of every fiscal year, for any number of indicators in two queries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet

from plans.execution.models import Indicator, IndicatorMeasurement, plain_number


def indicator_rows(indicators: QuerySet[Indicator], years, group: str) -> dict[int, list[dict]]:
    """The indicators grouped by `group` (a lookup such as "strategic_issue" or "project__issue"),
    each with its figures per year. Two queries whatever their number: the indicators joined
    with their targets, and every measured value of them (the newest of each year counts)."""
    years = list(years)
    rows = indicators.order_by(group, "order", "pk").values_list(
        "pk", group, "name", "unit", "baseline", "baseline_year", "project__title",
        "targets__fiscal_year", "targets__value",
    )  # fmt: skip
    found: dict[int, dict] = {}
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, key, name, unit, baseline, baseline_year, project, year, value in rows:
        found.setdefault(
            pk,
            {
                "id": pk,
                "group": key,
                "name": name,
                "unit": unit,
                "baseline": plain_number(baseline),
                "baseline_year": baseline_year,
                "project": project or "",
            },
        )
        if year is not None:
            targets[pk][year] = value
    latest: dict[tuple[int, int], Decimal] = {}
    measured = IndicatorMeasurement.objects.filter(indicator__in=indicators.values("pk"))
    for indicator_id, year, value in measured.latest_per_year().values_list(
        "indicator_id", "fiscal_year", "value"
    ):
        latest.setdefault((indicator_id, year), value)  # the newest of the year comes first
    grouped: dict[int, list[dict]] = defaultdict(list)
    for pk, indicator in found.items():
        indicator["years"] = [
            {
                "year": year,
                "target": plain_number(targets[pk].get(year)),
                "measured": plain_number(latest.get((pk, year))),
            }
            for year in years
        ]
        grouped[indicator.pop("group")].append(indicator)
    return dict(grouped)
