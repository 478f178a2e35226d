"""The community-strength section of the council page: the latest assessment and its levels."""

from __future__ import annotations

from councils.models import Council
from councils.strength.models import Component, ComponentLevel, Level, current_fiscal_year


def strength_summary(council: Council) -> dict:
    """The latest assessment with its component levels in the components' order (two
    queries; one when the council has not assessed a year)."""
    this_year = current_fiscal_year()
    latest = council.strength_assessments.order_by("-fiscal_year").first()
    if latest is None:
        return {"strength": {"latest": None, "levels": [], "this_year": this_year}}
    stored = dict(
        ComponentLevel.objects.filter(assessment=latest).values_list("component", "level")
    )
    levels = [
        {"component": label, "level": Level(stored[value]).label if value in stored else ""}
        for value, label in Component.choices
    ]
    overall = Level(latest.overall_level).label if latest.overall_level else ""
    return {
        "strength": {
            "latest": latest, "levels": levels, "overall": overall, "this_year": this_year,
        }
    }  # fmt: skip
