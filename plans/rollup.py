"""The roll-up: budget totals by theme, source, fiscal year and district, and plan coverage.

Every figure is one aggregate query over ProjectBudget joined up to the plan issue and, for a
book, to the strategic issue it is linked under; nothing here loops over budget rows, so the
number of queries is the same for 8 tambons or 289.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from councils.models import Council, District, Subdistrict
from plans.books.models import StrategyBook
from plans.models import CommunityPlan, ProjectBudget

ZERO = Decimal("0.00")
TAMBON = "project__issue__plan__council__subdistrict_id"
LINKED = "project__issue__book_links__strategic_issue"
VIA_DISTRICT = f"{LINKED}__provincial_issues"

# What a total can be grouped by, as expressions over ProjectBudget.
DIMENSIONS = {
    "theme": F("project__issue__theme__code"),
    "source": F("source"),
    "year": F("fiscal_year"),
    "district": Substr(TAMBON, 1, 4),
    "tambon": F(TAMBON),
    "plan_issue": F("project__issue_id"),
    "project": F("project_id"),
}

Key = tuple  # one value per dimension asked for


def accepted_budgets(area_code: str) -> QuerySet[ProjectBudget]:
    """The budget lines of the accepted plans of an area (a province, district or tambon)."""
    return ProjectBudget.objects.filter(
        project__issue__plan__council__subdistrict__code__startswith=area_code,
        project__issue__plan__state=CommunityPlan.State.ACCEPTED,
    )


def totals(budgets: QuerySet[ProjectBudget], *by: str) -> dict[Key, Decimal]:
    """Sum the amounts of some budget lines grouped by dimensions: one query.

    `totals(lines, "theme")` -> {("economy",): Decimal(...), ...};
    `totals(lines)` -> {(): grand total}.
    """
    keys = {f"k_{name}": _expression(name) for name in by}
    rows = (
        budgets.order_by()
        .annotate(**keys)
        .values(*keys)
        .annotate(total=Sum("amount"))
        .values_list(*keys, "total")
    )
    result: dict[Key, Decimal] = {}
    for *key, total in rows:
        result[tuple(key)] = result.get(tuple(key), ZERO) + (total or ZERO)
    if not by and not result:
        result[()] = ZERO
    return result


def _expression(name: str):
    if name == "issue":
        raise ValueError("Group by the strategic issue through book_totals().")
    return DIMENSIONS[name]


def book_budget_paths(book: StrategyBook) -> list[tuple[QuerySet[ProjectBudget], str]]:
    """The budget lines under a book's strategic issues, each with the path to its issue.

    A district book links tambon issues. A provincial book gathers district issues (and the
    tambon issues linked to them) and, where a district has no book, tambon issues directly; a
    tambon issue that arrives both ways is counted once, under its district issue.
    """
    in_period = Q(fiscal_year__gte=book.first_year, fiscal_year__lte=book.last_year)
    lines = ProjectBudget.objects.filter(in_period)
    direct = lines.filter(**{f"{LINKED}__book": book})
    if book.level == StrategyBook.Level.DISTRICT:
        return [(direct, LINKED)]
    via = lines.filter(**{f"{VIA_DISTRICT}__book": book})
    direct = direct.exclude(
        project__issue__in=ProjectBudget.objects.filter(**{f"{VIA_DISTRICT}__book": book}).values(
            "project__issue"
        )
    )
    return [(direct, LINKED), (via, VIA_DISTRICT)]


def book_totals(book: StrategyBook, *by: str) -> dict[Key, Decimal]:
    """Totals of a book grouped by dimensions, where "issue" is the book's strategic issue.

    One query for a district book, two for a provincial book, whatever its size.
    """
    result: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for lines, path in book_budget_paths(book):
        keys = {f"k_{name}": F(path) if name == "issue" else _expression(name) for name in by}
        rows = (
            lines.order_by()
            .annotate(**keys)
            .values(*keys)
            .annotate(total=Sum("amount"))
            .values_list(*keys, "total")
        )
        for *key, total in rows:
            result[tuple(key)] += total or ZERO
    if not by and not result:
        result[()] = ZERO
    return dict(result)


def margin(result: dict[Key, Decimal], position: int) -> dict:
    """Totals by one dimension of a result grouped by several: {(a, b): v} -> {a: sum of v}.

    One query grouped by theme, source and year gives the totals by each of them, a handful of
    rows summed here instead of three more queries over every budget line.
    """
    totals: dict = defaultdict(lambda: ZERO)
    for key, value in result.items():
        totals[key[position]] += value
    return dict(totals)


def flat(result: dict[Key, Decimal]) -> dict:
    """{(k,): v} -> {k: v}, for totals grouped by a single dimension."""
    return {key[0]: value for key, value in result.items()}


def coverage(area_code: str, fiscal_year: int) -> dict:
    """How many tambons of an area have a plan covering a fiscal year, by the plan's state.

    Three queries: tambons, active councils, and plans by state.
    """
    tambons = Subdistrict.objects.filter(code__startswith=area_code).count()
    councils = Council.objects.in_area(area_code).active().count()
    by_state = dict(
        CommunityPlan.objects.in_area(area_code)
        .covering(fiscal_year)
        .order_by()
        .values("state")
        .annotate(n=Count("council__subdistrict", distinct=True))
        .values_list("state", "n")
    )
    states = {state: by_state.get(state, 0) for state in CommunityPlan.State.values}
    return {
        "fiscal_year": fiscal_year,
        "tambons": tambons,
        "councils": councils,
        "by_state": states,
        "no_plan": max(tambons - sum(states.values()), 0),
    }


def coverage_by_district(province_code: str, fiscal_year: int) -> list[dict]:
    """Plan coverage for each district of a province, in three queries."""
    districts = list(District.objects.filter(province_id=province_code).order_by("code"))
    tambons = dict(
        Subdistrict.objects.filter(code__startswith=province_code)
        .order_by()
        .values("district_id")
        .annotate(n=Count("pk"))
        .values_list("district_id", "n")
    )
    plans = (
        CommunityPlan.objects.in_area(province_code)
        .covering(fiscal_year)
        .order_by()
        .annotate(district=Substr("council__subdistrict_id", 1, 4))
        .values("district", "state")
        .annotate(n=Count("council__subdistrict", distinct=True))
        .values_list("district", "state", "n")
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for district, state, n in plans:
        counts[district][state] = n
    rows = []
    for district in districts:
        states = {s: counts[district.code].get(s, 0) for s in CommunityPlan.State.values}
        total = tambons.get(district.code, 0)
        rows.append(
            {
                "district": district,
                "tambons": total,
                "by_state": states,
                "no_plan": max(total - sum(states.values()), 0),
            }
        )
    return rows
