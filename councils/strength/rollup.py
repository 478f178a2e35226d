"""Community-strength roll-ups: an area's tambons at each level, per component and fiscal year.

Every figure comes from three grouped queries, whatever the number of tambons: the stored
component levels (ComponentLevel), the assessments (overall level and community type), and the
count of active councils. The same queries grouped by a child area's code prefix give the
districts of a province, the provinces of the country or the tambons of a district.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Case, Count, Value, When
from django.db.models.functions import Substr

from councils.models import Council
from councils.strength.models import (
    CommunityType,
    Component,
    ComponentLevel,
    Level,
    StrengthAssessment,
)

LEVELS = tuple(Level.values)
COMPONENTS = tuple(Component.values)
COMMUNITY_TYPES = tuple(CommunityType.values)
HUNDRED = Decimal(100)


def percent(part: int, whole: int) -> Decimal:
    """A share in percent with one decimal, rounded half up; 0 of nothing is 0."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Distribution:
    """How many tambons are at each level (or of each type), and how many have none.

    `shares` are percent of the tambons that have one; `not_assessed` counts the active
    councils without an assessment that year and the assessments that left this out."""

    keys: tuple[int, ...]
    counts: dict[int, int] = field(default_factory=dict)
    not_assessed: int = 0

    @property
    def assessed(self) -> int:
        return sum(self.counts.get(key, 0) for key in self.keys)

    @property
    def tambons(self) -> int:
        return self.assessed + self.not_assessed

    def count(self, key: int) -> int:
        return self.counts.get(key, 0)

    @property
    def rows(self) -> list[tuple[int, int, Decimal]]:
        """(key, tambons, percent of the assessed) for each key in order."""
        assessed = self.assessed
        return [(key, self.count(key), percent(self.count(key), assessed)) for key in self.keys]

    @property
    def shares(self) -> dict[int, Decimal]:
        return {key: share for key, _count, share in self.rows}

    @property
    def not_assessed_share(self) -> Decimal:
        return percent(self.not_assessed, self.tambons)

    @property
    def mean(self) -> Decimal | None:
        """The mean level with one decimal (a tambon's own level when it is one tambon)."""
        if not self.assessed:
            return None
        total = sum(key * self.count(key) for key in self.keys)
        return (Decimal(total) / self.assessed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def bar(self) -> list[int]:
        """The counts of each key and then the tambons with none: one stacked bar."""
        return [self.count(key) for key in self.keys] + [self.not_assessed]


@dataclass(frozen=True)
class YearStrength:
    """One area's (or child area's) community strength in one fiscal year."""

    fiscal_year: int
    councils: int
    assessed: int
    assessed_active: int
    components: dict[int, Distribution]
    overall: Distribution
    community_types: Distribution

    @property
    def not_assessed(self) -> int:
        """Active councils with no assessment this year."""
        return max(self.councils - self.assessed_active, 0)

    @property
    def assessed_share(self) -> Decimal:
        return percent(self.assessed_active, self.councils)


@dataclass(frozen=True)
class AreaStrength:
    """An area's figures over a range of fiscal years, oldest first."""

    years: list[YearStrength]

    @property
    def latest(self) -> YearStrength | None:
        """The latest year with an assessment, or the last year of the range."""
        assessed = [year for year in self.years if year.assessed]
        return (assessed or self.years or [None])[-1]

    def year(self, fiscal_year: int) -> YearStrength | None:
        return next((y for y in self.years if y.fiscal_year == fiscal_year), None)


def _child(field_name: str, child_length: int | None) -> dict:
    return {"child": Substr(field_name, 1, child_length)} if child_length else {}


def _figures(
    prefixes: Iterable[str], first_year: int, last_year: int, child_length: int | None = None
) -> dict[tuple[str, int], YearStrength]:
    """{(child code or "", fiscal year): YearStrength} in three grouped queries."""
    prefixes = tuple(prefixes)
    group = ("child",) if child_length else ()
    levels = (
        ComponentLevel.objects.within(prefixes)
        .between(first_year, last_year)
        .annotate(**_child("area_code", child_length))
        .order_by()
        .values(*group, "fiscal_year", "component", "level")
        .annotate(n=Count("pk"))
    )
    assessments = (
        StrengthAssessment.objects.within(prefixes)
        .filter(fiscal_year__gte=first_year, fiscal_year__lte=last_year)
        .annotate(
            **_child("council__subdistrict_id", child_length),
            active=Case(
                When(council__status=Council.Status.DISSOLVED, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .order_by()
        .values(*group, "fiscal_year", "overall_level", "community_type", "active")
        .annotate(n=Count("pk"))
    )
    councils = Council.objects.within(prefixes).active()
    if child_length:
        council_counts = {
            row["child"]: row["n"]
            for row in councils.annotate(**_child("subdistrict_id", child_length))
            .order_by()
            .values("child")
            .annotate(n=Count("pk"))
        }
    else:
        council_counts = {"": councils.count()}

    component_counts: dict[tuple[str, int], dict[int, dict[int, int]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for row in levels:
        key = (row.get("child", ""), row["fiscal_year"])
        component_counts[key][row["component"]][row["level"]] = row["n"]
    overall: dict[tuple[str, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    types: dict[tuple[str, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    assessed: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in assessments:
        key = (row.get("child", ""), row["fiscal_year"])
        if row["overall_level"]:
            overall[key][row["overall_level"]] += row["n"]
        if row["community_type"]:
            types[key][row["community_type"]] += row["n"]
        assessed[key][0] += row["n"]
        if row["active"]:
            assessed[key][1] += row["n"]

    children = set(council_counts) | {child for child, _year in assessed}
    figures = {}
    for child in children:
        for fiscal_year in range(first_year, last_year + 1):
            key = (child, fiscal_year)
            all_assessed, active_assessed = assessed.get(key, (0, 0))
            without = max(council_counts.get(child, 0) - active_assessed, 0)

            def distribution(keys, counts, of_assessed=all_assessed, without=without):
                counts = dict(counts)
                return Distribution(keys, counts, without + of_assessed - sum(counts.values()))

            figures[key] = YearStrength(
                fiscal_year=fiscal_year,
                councils=council_counts.get(child, 0),
                assessed=all_assessed,
                assessed_active=active_assessed,
                components={
                    c: distribution(LEVELS, component_counts.get(key, {}).get(c, {}))
                    for c in COMPONENTS
                },
                overall=distribution(LEVELS, overall.get(key, {})),
                community_types=distribution(COMMUNITY_TYPES, types.get(key, {})),
            )
    return figures


def area_strength(prefixes: Iterable[str], first_year: int, last_year: int) -> AreaStrength:
    """An area's figures (one code prefix, or several such as a CODI region's provinces; ""
    is the whole country) for each fiscal year from first_year to last_year."""
    figures = _figures(prefixes, first_year, last_year)
    years = [
        figures.get(("", year)) or empty_year(year) for year in range(first_year, last_year + 1)
    ]
    return AreaStrength(years)


def child_strength(
    prefixes: Iterable[str], child_length: int, fiscal_year: int
) -> dict[str, YearStrength]:
    """Each child area's figures of one year, by the child's code (length child_length: 2 for
    provinces, 4 districts, 6 tambons). A child without councils or assessments is absent;
    `empty_year(year)` stands in for it."""
    figures = _figures(prefixes, fiscal_year, fiscal_year, child_length)
    return {child: strength for (child, _year), strength in figures.items()}


def empty_year(fiscal_year: int) -> YearStrength:
    return YearStrength(
        fiscal_year=fiscal_year,
        councils=0,
        assessed=0,
        assessed_active=0,
        components={c: Distribution(LEVELS) for c in COMPONENTS},
        overall=Distribution(LEVELS),
        community_types=Distribution(COMMUNITY_TYPES),
    )


def combine(fiscal_year: int, parts: Iterable[YearStrength]) -> YearStrength:
    """The figures of several areas together (the provinces of a CODI region)."""
    parts = list(parts)

    def added(distributions: list[Distribution], keys) -> Distribution:
        counts = {key: sum(d.count(key) for d in distributions) for key in keys}
        return Distribution(
            keys, {k: n for k, n in counts.items() if n}, sum(d.not_assessed for d in distributions)
        )

    return YearStrength(
        fiscal_year=fiscal_year,
        councils=sum(p.councils for p in parts),
        assessed=sum(p.assessed for p in parts),
        assessed_active=sum(p.assessed_active for p in parts),
        components={c: added([p.components[c] for p in parts], LEVELS) for c in COMPONENTS},
        overall=added([p.overall for p in parts], LEVELS),
        community_types=added([p.community_types for p in parts], COMMUNITY_TYPES),
    )


@dataclass(frozen=True)
class LatestAssessment:
    """A council's latest assessed year, as its plan page shows it."""

    assessment: StrengthAssessment
    levels: list[ComponentLevel]

    @property
    def fiscal_year(self) -> int:
        return self.assessment.fiscal_year


def latest_assessment(council_id: int) -> LatestAssessment | None:
    """The council's latest assessment that has component levels, with them (one query)."""
    rows = list(
        ComponentLevel.objects.filter(assessment__council_id=council_id)
        .select_related("assessment")
        .order_by("-fiscal_year", "component")[: len(COMPONENTS)]
    )
    if not rows:
        return None
    latest = [row for row in rows if row.fiscal_year == rows[0].fiscal_year]
    return LatestAssessment(latest[0].assessment, latest)
