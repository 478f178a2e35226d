"""Village data rolled up to an area: a tambon, a district or a province, in one survey year.

A BMN (จปฐ.) indicator adds up the households surveyed and those meeting its criterion, and
counts the villages below its target; an NRD 2C (กชช. 2ค) indicator counts the villages at each
level. Each figure is one grouped query over VillageFigure (by indicator, or by child area and
indicator), so a page costs the same queries for 8 villages or 80,000.

A village below the target is one whose share of households meeting the criterion is under the
indicator's target: passed × 100 < surveyed × target, compared exactly in the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.db.models.lookups import LessThan
from django.utils.translation import gettext as _

from councils.villages.models import (
    HUNDRED,
    Dataset,
    ProblemLevel,
    VillageFigure,
    VillageIndicator,
)

SHARE = DecimalField(max_digits=20, decimal_places=4)

# The datasets as the district CON centres write them: proper names, the same in every language.
SOURCE_NAMES = {Dataset.BASIC_NEEDS: "จปฐ.", Dataset.VILLAGE_BASIC_DATA: "กชช. 2ค"}


def percent_text(value: Decimal | None) -> str:
    """72.00 -> "72", 83.50 -> "83.5"; "—" for no figure."""
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# A BMN figure below its indicator's target (see the module's note).
BELOW_TARGET = LessThan(
    ExpressionWrapper(F("households_passed") * Value(HUNDRED), output_field=SHARE),
    ExpressionWrapper(
        F("households_surveyed") * F("indicator__target_percent"), output_field=SHARE
    ),
)


def _counted(condition) -> Sum:
    return Sum(Case(When(condition, then=1), default=0, output_field=IntegerField()))


def share(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole in percent, to two places; None when there is no whole."""
    if not whole or part is None:
        return None
    return (HUNDRED * part / whole).quantize(Decimal("0.01"))


@dataclass
class BasicNeedsRow:
    """A BMN indicator of an area (or of one child area) in a year."""

    indicator: VillageIndicator
    surveyed: int = 0
    passed: int = 0
    villages: int = 0
    villages_short: int = 0
    short_villages: list[int] = field(default_factory=list)  # village numbers, for a tambon

    @property
    def percent(self) -> Decimal | None:
        return share(self.passed, self.surveyed)

    @property
    def target(self) -> Decimal | None:
        return self.indicator.target_percent

    @property
    def falls_short(self) -> bool:
        percent = self.percent
        return percent is not None and self.target is not None and percent < self.target

    @property
    def villages_short_percent(self) -> Decimal | None:
        return share(self.villages_short, self.villages)

    @property
    def bar_percent(self) -> str:
        """The share for a CSS width: a plain number with a dot, whatever the language."""
        return f"{self.percent or 0:.1f}"

    @property
    def bar_target(self) -> str:
        return f"{self.target or 0:.1f}"

    @property
    def summary(self) -> str:
        """ "จปฐ. no. 9 clean drinking water: 72% of households meet it, target 90%"."""
        return _(
            "%(source)s no. %(code)s %(name)s: %(percent)s%% of households meet it, "
            "target %(target)s%%"
        ) % {
            "source": SOURCE_NAMES[self.indicator.dataset],
            "code": self.indicator.code,
            "name": self.indicator.name,
            "percent": percent_text(self.percent),
            "target": percent_text(self.target),
        }


@dataclass
class LevelRow:
    """An NRD 2C indicator of an area (or of one child area): the villages at each level."""

    indicator: VillageIndicator
    serious: int = 0
    some: int = 0
    none: int = 0

    @property
    def villages(self) -> int:
        return self.serious + self.some + self.none

    @property
    def falls_short(self) -> bool:
        return self.serious > 0

    @property
    def summary(self) -> str:
        return _(
            "%(source)s no. %(code)s %(name)s: a serious problem (level 1) in %(serious)s of "
            "%(villages)s villages"
        ) % {
            "source": SOURCE_NAMES[self.indicator.dataset],
            "code": self.indicator.code,
            "name": self.indicator.name,
            "serious": self.serious,
            "villages": self.villages,
        }


def figures(prefix: str, year: int) -> QuerySet[VillageFigure]:
    """The figures of an area (a DOPA code prefix) in a survey year, of indicators in use."""
    return VillageFigure.objects.in_area(prefix).filter(year=year, indicator__active=True)


def latest_years(prefix: str) -> dict[str, int]:
    """The latest survey year with figures of the area, per dataset (one query)."""
    rows = (
        VillageFigure.objects.in_area(prefix)
        .order_by()
        .values("indicator__dataset")
        .annotate(latest=Max("year"))
        .values_list("indicator__dataset", "latest")
    )
    return dict(rows)


@dataclass
class Available:
    """What an area has figures of: the survey years per dataset, newest first, and every
    indicator (in use or not) in the survey's order."""

    years: dict[str, list[int]]
    indicators: list[VillageIndicator]


def available(prefix: str) -> Available:
    """The survey years with figures of the area and the indicators (two queries).

    A DISTINCT over the area's figures reads every one of them (125,000 for a province); this
    asks instead, for each indicator and each survey year the country has, whether the area has
    one figure of it: each answer is one probe of the index on (indicator, year, tambon)."""
    span = VillageFigure.objects.aggregate(first=Min("year"), last=Max("year"))
    survey_years = range(span["first"], span["last"] + 1) if span["first"] is not None else ()
    in_area = VillageFigure.objects.in_area(prefix)
    checks = {
        f"in_{year}": Exists(in_area.filter(indicator=OuterRef("pk"), year=year))
        for year in survey_years
    }
    indicators = list(VillageIndicator.objects.annotate(**checks))
    found: dict[str, set[int]] = defaultdict(set)
    for indicator in indicators:
        found[indicator.dataset].update(y for y in survey_years if getattr(indicator, f"in_{y}"))
    years = {dataset: sorted(found[dataset], reverse=True) for dataset in found if found[dataset]}
    return Available(years, indicators)


def years(prefix: str) -> dict[str, list[int]]:
    """The survey years with figures of the area, per dataset, newest first (two queries)."""
    return available(prefix).years


def child_key(prefix: str):
    """What the children of an area are, as an expression over VillageFigure: the villages of
    a tambon, the tambons of a district, the districts of a province (and the provinces of the
    whole country)."""
    if len(prefix) >= 6:
        return F("village_no")
    if len(prefix) == 4:
        return F("subdistrict_id")
    if len(prefix) == 2:
        return Substr("subdistrict_id", 1, 4)
    return Substr("subdistrict_id", 1, 2)


def _indicators(dataset: str, among: list[VillageIndicator] | None) -> dict[int, VillageIndicator]:
    """The dataset's indicators in use: from those given (Available.indicators), else one query."""
    if among is None:
        among = list(VillageIndicator.objects.filter(dataset=dataset, active=True))
    return {
        indicator.pk: indicator
        for indicator in among
        if indicator.dataset == dataset and indicator.active
    }


def _basic_needs_values(rows: QuerySet) -> QuerySet:
    return rows.annotate(
        surveyed=Sum("households_surveyed"),
        passed=Sum("households_passed"),
        villages=Count("pk"),
        villages_short=_counted(BELOW_TARGET),
    )


def _level_values(rows: QuerySet) -> QuerySet:
    return rows.annotate(
        serious=_counted(Q(level=ProblemLevel.SERIOUS)),
        some=_counted(Q(level=ProblemLevel.SOME)),
        none=_counted(Q(level=ProblemLevel.NONE)),
    )


def basic_needs(
    prefix: str, year: int, indicators: list[VillageIndicator] | None = None
) -> list[BasicNeedsRow]:
    """The area's BMN indicators in the year, in the survey's order (two queries, one when
    given the indicators)."""
    indicators = _indicators(Dataset.BASIC_NEEDS, indicators)
    rows = _basic_needs_values(
        figures(prefix, year)
        .filter(indicator__dataset=Dataset.BASIC_NEEDS)
        .order_by()
        .values("indicator")
    )
    found = {row["indicator"]: row for row in rows}
    return [
        BasicNeedsRow(
            indicator,
            surveyed=found[pk]["surveyed"] or 0,
            passed=found[pk]["passed"] or 0,
            villages=found[pk]["villages"],
            villages_short=found[pk]["villages_short"] or 0,
        )
        for pk, indicator in indicators.items()
        if pk in found
    ]


def problem_levels(
    prefix: str, year: int, indicators: list[VillageIndicator] | None = None
) -> list[LevelRow]:
    """The area's NRD 2C indicators in the year: the villages at each level (two queries, one
    when given the indicators)."""
    indicators = _indicators(Dataset.VILLAGE_BASIC_DATA, indicators)
    rows = _level_values(
        figures(prefix, year)
        .filter(indicator__dataset=Dataset.VILLAGE_BASIC_DATA)
        .order_by()
        .values("indicator")
    )
    found = {row["indicator"]: row for row in rows}
    return [
        LevelRow(
            indicator,
            serious=found[pk]["serious"] or 0,
            some=found[pk]["some"] or 0,
            none=found[pk]["none"] or 0,
        )
        for pk, indicator in indicators.items()
        if pk in found
    ]


def by_child(prefix: str, year: int, indicator: VillageIndicator) -> QuerySet:
    """One indicator of the area's children (see child_key), a row each with its `child`:
    a grouped query to page (`Paginator` counts it with one more)."""
    rows = (
        figures(prefix, year)
        .filter(indicator=indicator)
        .order_by()
        .annotate(child=child_key(prefix))
        .values("child")
    )
    if indicator.dataset == Dataset.BASIC_NEEDS:
        rows = _basic_needs_values(rows)
    else:
        rows = _level_values(rows)
    return rows.order_by("child")


def child_rows(rows, indicator: VillageIndicator) -> list[BasicNeedsRow | LevelRow]:
    """The rows of by_child (a page of them) as BasicNeedsRow or LevelRow, each with `child`."""
    made = []
    for row in rows:
        if indicator.dataset == Dataset.BASIC_NEEDS:
            item = BasicNeedsRow(
                indicator,
                surveyed=row["surveyed"] or 0,
                passed=row["passed"] or 0,
                villages=row["villages"],
                villages_short=row["villages_short"] or 0,
            )
        else:
            item = LevelRow(
                indicator, serious=row["serious"] or 0, some=row["some"] or 0,
                none=row["none"] or 0,
            )  # fmt: skip
        item.child = row["child"]
        made.append(item)
    return made


def shortfalls(prefix: str, year: int, limit: int = 5) -> list[BasicNeedsRow]:
    """The area's BMN indicators with villages below the target, the largest share of such
    villages first: what a book names as the area's basic-needs problems (two queries)."""
    rows = [row for row in basic_needs(prefix, year) if row.villages_short]
    rows.sort(key=lambda row: (-row.villages_short_percent, row.indicator.position))
    return rows[:limit]


@dataclass
class Shortfalls:
    """An area's BMN indicators with villages below target in its latest survey year."""

    year: int | None
    rows: list[BasicNeedsRow]


def latest_shortfalls(prefix: str, limit: int = 5) -> Shortfalls:
    """The shortfalls (see shortfalls) of the area's latest BMN survey: what a district or
    provincial book names as the area's basic-needs problems (at most three queries)."""
    year = latest_years(prefix).get(Dataset.BASIC_NEEDS)
    return Shortfalls(year, shortfalls(prefix, year, limit) if year else [])


@dataclass
class TambonFigures:
    """A tambon's latest village data, as its plan's situation analysis shows it."""

    basic_needs_year: int | None
    basic_needs: list[BasicNeedsRow]
    levels_year: int | None
    levels: list[LevelRow]
    serious_by_village: list[tuple[int, list[VillageIndicator]]]

    @property
    def short(self) -> list[BasicNeedsRow]:
        return [row for row in self.basic_needs if row.falls_short]

    def rows(self) -> list[BasicNeedsRow | LevelRow]:
        """Every indicator with data: BMN ones short of target first, then NRD 2C ones with
        level-1 villages first, then the rest of each."""
        return [
            *self.basic_needs,
            *sorted(self.levels, key=lambda row: not row.falls_short),
        ]

    def by_indicator(self) -> dict[int, BasicNeedsRow | LevelRow]:
        return {row.indicator.pk: row for row in self.rows()}

    @property
    def anything(self) -> bool:
        return bool(self.basic_needs or self.serious_by_village)


def tambon_figures(code: str) -> TambonFigures:
    """The tambon's BMN indicators in its latest survey year (those that fall short first, each
    naming its villages below the target) and its villages' NRD 2C level-1 problems in theirs.

    Queries: the latest years, the indicators and figures of each dataset (four), the villages
    below the target, the level-1 figures: at most seven, however many villages.
    """
    latest = latest_years(code)
    bmn_year = latest.get(Dataset.BASIC_NEEDS)
    nrd_year = latest.get(Dataset.VILLAGE_BASIC_DATA)
    rows: list[BasicNeedsRow] = []
    if bmn_year:
        rows = basic_needs(code, bmn_year)
        short = (
            figures(code, bmn_year)
            .filter(BELOW_TARGET, indicator__dataset=Dataset.BASIC_NEEDS)
            .order_by("village_no")
            .values_list("indicator", "village_no")
        )
        villages: dict[int, list[int]] = defaultdict(list)
        for indicator_pk, village_no in short:
            villages[indicator_pk].append(village_no)
        for row in rows:
            row.short_villages = villages.get(row.indicator.pk, [])
        rows.sort(key=lambda row: (not row.falls_short, row.indicator.position, row.indicator.code))
    serious: list[tuple[int, list[VillageIndicator]]] = []
    levels: list[LevelRow] = []
    if nrd_year:
        levels = problem_levels(code, nrd_year)
        by_village: dict[int, list[VillageIndicator]] = defaultdict(list)
        for figure in (
            figures(code, nrd_year)
            .filter(indicator__dataset=Dataset.VILLAGE_BASIC_DATA, level=ProblemLevel.SERIOUS)
            .select_related("indicator")
            .order_by("village_no", "indicator__position", "indicator__code")
        ):
            by_village[figure.village_no].append(figure.indicator)
        serious = sorted(by_village.items())
    return TambonFigures(bmn_year, rows, nrd_year, levels, serious)
