"""Totals and coverage by provincial development strategy: the strategic issues that map to each,
the tambon projects behind them, their budget asked, committed and spent, and the strategies
that no community project serves.

A project serves a strategy when its tambon plan issue is gathered under a strategic issue that
maps to it, directly (StrategicIssueLink) or through a district issue that a provincial issue
gathers. Each figure is a subquery over the projects reached by either path, taken with `IN`,
so a project reached by two paths (or by two issues mapped to the same strategy) counts once.
All figures of any number of strategies come in one query; money is counted for the fiscal
years of the strategy's plan period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from plans.books.models import ProvinceStrategy, StrategicIssue, StrategicIssueLink, StrategyBook
from plans.execution.models import Commitment, Spending
from plans.models import ExecutionStatus, PlanProject, ProjectBudget

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=18, decimal_places=2)


def _projects_serving(depth: int, book: StrategyBook | None) -> QuerySet:
    """The tambon projects behind a strategy, by either path; with a book, only through that
    book's strategic issues. The strategy is the query `depth` levels above the projects'
    query (2 for a figure counted on the projects, 3 for one summed on their lines).

    Both paths are one subquery over the links (a few thousand rows, however many projects the
    country has), so the projects are reached through their issue's index; two subqueries on
    the projects OR-ed together made PostgreSQL read every project once per strategy."""
    strategy = "pk"
    for _level in range(depth):
        strategy = OuterRef(strategy)
    direct = Q(strategic_issue__province_strategies=strategy)
    via_district = Q(strategic_issue__provincial_issues__province_strategies=strategy)
    if book is not None:
        direct &= Q(strategic_issue__book=book)
        via_district &= Q(strategic_issue__provincial_issues__book=book)
    issues = StrategicIssueLink.objects.filter(direct | via_district).values("plan_issue_id")
    return PlanProject.objects.filter(issue__in=issues)


def _scalar(queryset: QuerySet, function: str, field: str, output) -> Coalesce:
    """One value (COUNT or SUM over the rows) of a correlated subquery, zero when empty."""
    value = queryset.order_by().annotate(v=Func(field, function=function, output_field=output))
    zero = Value(ZERO if isinstance(output, DecimalField) else 0, output_field=output)
    return Coalesce(Subquery(value.values("v")[:1]), zero, output_field=output)


def _count_of(projects: QuerySet) -> Coalesce:
    return _scalar(projects, "COUNT", "pk", IntegerField())


def _in_period(queryset: QuerySet) -> QuerySet:
    """Budget, commitment or spending lines of the fiscal years of the strategy's period."""
    return queryset.filter(
        fiscal_year__gte=OuterRef("first_year"), fiscal_year__lte=OuterRef("last_year")
    )


def with_figures(strategies: QuerySet, book: StrategyBook | None = None) -> QuerySet:
    """The strategies, each annotated with its figures (one query for all of them)."""
    serving = _projects_serving(2, book)
    serving_line = _projects_serving(3, book).values("pk")
    mapped = StrategicIssue.province_strategies.through.objects.filter(
        provincestrategy=OuterRef("pk")
    )
    if book is not None:
        mapped = mapped.filter(strategicissue__book=book)
    return strategies.annotate(
        issue_count=_scalar(mapped, "COUNT", "pk", IntegerField()),
        project_count=_count_of(serving),
        under_way=_count_of(serving.filter(execution_status=ExecutionStatus.UNDER_WAY)),
        done=_count_of(serving.filter(execution_status=ExecutionStatus.DONE)),
        asked=_scalar(
            _in_period(ProjectBudget.objects.filter(project__in=serving_line)),
            "SUM",
            "amount",
            MONEY,
        ),
        committed=_scalar(
            _in_period(Commitment.objects.filter(update__project__in=serving_line)),
            "SUM",
            "amount",
            MONEY,
        ),
        spent=_scalar(
            _in_period(Spending.objects.filter(update__project__in=serving_line)),
            "SUM",
            "amount",
            MONEY,
        ),
    )


def unserved(strategies: QuerySet, book: StrategyBook | None = None) -> QuerySet:
    """The strategies that no community project serves (one query)."""
    serving = _projects_serving(2, book)
    return strategies.annotate(project_count=_count_of(serving)).filter(project_count=0)


@dataclass(frozen=True)
class StrategyFigures:
    """One strategy's coverage, as its row in a table."""

    strategy: ProvinceStrategy
    issues: int
    projects: int
    under_way: int
    done: int
    asked: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def served(self) -> bool:
        return self.projects > 0

    @classmethod
    def of(cls, strategy: ProvinceStrategy) -> StrategyFigures:
        """From a strategy annotated by with_figures."""
        return cls(
            strategy=strategy,
            issues=strategy.issue_count,
            projects=strategy.project_count,
            under_way=strategy.under_way,
            done=strategy.done,
            asked=strategy.asked or ZERO,
            committed=strategy.committed or ZERO,
            spent=strategy.spent or ZERO,
        )


@dataclass(frozen=True)
class Coverage:
    rows: list[StrategyFigures]

    @property
    def unserved(self) -> list[StrategyFigures]:
        return [row for row in self.rows if not row.served]


def coverage(strategies: QuerySet, book: StrategyBook | None = None) -> Coverage:
    ordered = strategies.order_by("-first_year", "number", "pk")
    return Coverage([StrategyFigures.of(s) for s in with_figures(ordered, book)])


def for_province(
    code: str, first_year: int | None = None, last_year: int | None = None
) -> Coverage:
    """A province's strategies (those of a plan period overlapping the years given, if given)."""
    strategies = ProvinceStrategy.objects.filter(province_id=code)
    if first_year is not None:
        strategies = strategies.overlapping(first_year, last_year or first_year)
    return coverage(strategies)


def for_book(book: StrategyBook) -> Coverage:
    """The strategies a provincial book may map to, served by that book's issues only."""
    return coverage(ProvinceStrategy.objects.mappable_to(book), book)


def as_data(coverage: Coverage) -> list[dict]:
    """The coverage as plain JSON data, for a book's data (its page, its PDF, its snapshots)."""
    return [
        {
            "id": row.strategy.pk,
            "number": row.strategy.number,
            "title": row.strategy.title,
            "period": row.strategy.period,
            "issues": row.issues,
            "projects": row.projects,
            "under_way": row.under_way,
            "done": row.done,
            "asked": str(row.asked.quantize(ZERO)),
            "committed": str(row.committed.quantize(ZERO)),
            "spent": str(row.spent.quantize(ZERO)),
            "served": row.served,
        }
        for row in coverage.rows
    ]
