"""An area at a glance: every tambon of a district or province with its council and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from councils import compliance
from councils.models import Council, Subdistrict


@dataclass
class AreaOverview:
    rows: list[dict] = field(default_factory=list)  # one per tambon, in code order
    districts: dict[str, dict] = field(default_factory=dict)  # the rows again, by district
    totals: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("tambons", "councils", "organizations", "members", "warnings"), 0
        )
    )


def area_overview(code: str, councils: QuerySet[Council]) -> AreaOverview:
    """The tambons under `code`, each with its council among `councils` (those the reader may
    see) and that council's warnings: two queries for 8 tambons or 2,000."""
    subdistricts = Subdistrict.objects.filter(code__startswith=code).select_related("district")
    by_code = {c.subdistrict_id: c for c in compliance.with_compliance_facts(councils)}
    overview = AreaOverview()
    totals = overview.totals
    for subdistrict in subdistricts:
        council = by_code.get(subdistrict.code)
        warnings = compliance.check(council) if council else []
        row = {"subdistrict": subdistrict, "council": council, "warnings": warnings}
        overview.rows.append(row)
        group = overview.districts.setdefault(
            subdistrict.district_id,
            {"district": subdistrict.district, "councils": [], "without_council": []},
        )
        group["councils" if council else "without_council"].append(row)
        totals["tambons"] += 1
        if council:
            totals["councils"] += 1
            totals["organizations"] += council.organization_count
            totals["members"] += council.representative_count + council.qualified_count
            totals["warnings"] += bool(warnings)
    return overview
