"""Accountability roll-ups: what became of the projects of an area's accepted plans, or of a
book's items, after the plan: taken into an agency's plan, funded, under way, done, and the
money asked, committed and spent; by partner agency; the tambons that went quiet.

A subject is an area code (a province or district prefix; accepted plans only, as in rollup.py)
or a StrategyBook (its items are tambon plan issues linked under its strategic issues, directly
or, for a provincial book, through district issues: rollup.book_budget_paths). Every figure is
one grouped query (two for a provincial book, one per path) over the tambon rows behind it, so
the number of queries is the same for 5 tambons or 500, and a figure is always the sum of the
tambons' figures (tests/plans/test_accountability.py checks both).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Substr

from councils.models import Council, District, Partner
from plans.books.models import StrategicIssueLink, StrategyBook
from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import (
    CommunityPlan,
    ExecutionStatus,
    FundingSource,
    PlanIssue,
    PlanProject,
    ProjectBudget,
    Theme,
)
from plans.rollup import ZERO

Subject = str | StrategyBook
ACCEPTED = CommunityPlan.State.ACCEPTED
# "A project actually under way": the book indicator จำนวนตำบลที่มีโครงการดำเนินการจริง.
ACTIVE = (ExecutionStatus.UNDER_WAY, ExecutionStatus.DONE)
QUIET_AFTER_DAYS = 183  # six months without an update
# Where the project is, seen from each model the figures read.
TO_PROJECT = {
    PlanProject: "",
    ProjectBudget: "project__",
    ProjectUpdate: "project__",
    Commitment: "update__project__",
    Spending: "update__project__",
}
DATED = (ProjectBudget, Commitment, Spending)  # rows with a fiscal year: a book keeps its period
# The drill-down's status filter: each project-count column of the figures.
STATUS_FILTERS = {
    "asked": Q(),
    "taken": Q(taken_into_plan=True),
    "funded": Q(committed_total__gt=0),
    "under_way": Q(execution_status=ExecutionStatus.UNDER_WAY),
    "done": Q(execution_status=ExecutionStatus.DONE),
    "not_started": Q(execution_status=ExecutionStatus.NOT_STARTED),
}


@dataclass
class Figures:
    """The figures of one row of an accountability table (one theme, issue, source, year...)."""

    asked: int = 0
    taken: int = 0
    funded: int = 0
    under_way: int = 0
    done: int = 0
    not_started: int = 0
    budget: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


COUNTS = ("asked", "taken", "funded", "under_way", "done", "not_started")


def _is_book(subject: Subject) -> bool:
    return isinstance(subject, StrategyBook)


def branches(subject: Subject, model: type[models.Model]) -> list[tuple[QuerySet, str]]:
    """The rows of `model` behind a subject, each with the path from them to the book's
    strategic issue (empty for an area). One branch for an area or a district book, two for a
    provincial book; a tambon issue that reaches a provincial book both ways counts once, under
    its district issue (as rollup.book_budget_paths does)."""
    p = TO_PROJECT[model]
    if not _is_book(subject):
        rows = model.objects.filter(
            **{
                f"{p}issue__plan__council__subdistrict__code__startswith": subject,
                f"{p}issue__plan__state": ACCEPTED,
            }
        )
        return [(rows, "")]
    book = subject
    rows = model.objects.all()
    if model in DATED:
        rows = rows.filter(fiscal_year__gte=book.first_year, fiscal_year__lte=book.last_year)
    linked = f"{p}issue__book_links__strategic_issue"
    via = f"{linked}__provincial_issues"
    direct = rows.filter(**{f"{linked}__book": book})
    if book.level == StrategyBook.Level.DISTRICT:
        return [(direct, linked)]
    through_districts = PlanIssue.objects.filter(
        book_links__strategic_issue__provincial_issues__book=book
    ).values("pk")
    direct = direct.exclude(**{f"{p}issue__in": through_districts})
    return [(direct, linked), (rows.filter(**{f"{via}__book": book}), via)]


def _dimension(name: str, p: str, issue_path: str):
    tambon = f"{p}issue__plan__council__subdistrict_id"
    if name == "issue":
        if not issue_path:
            raise ValueError("An area has themes, not strategic issues.")
        return F(issue_path)
    return {
        "theme": F(f"{p}issue__theme__code"),
        "tambon": F(tambon),
        "district": Substr(tambon, 1, 4),
        "plan_issue": F(f"{p}issue_id"),
        "source": F("source"),
        "year": F("fiscal_year"),
        "status": F(f"{p}execution_status"),
        "taken": F(f"{p}taken_into_plan"),
        "funded": ExpressionWrapper(Q(**{f"{p}committed_total__gt": 0}), BooleanField()),
    }[name]


def _grouped(subject: Subject, model, by: tuple[str, ...], aggregates: dict) -> dict[tuple, dict]:
    """One GROUP BY per branch: {key: {aggregate name: value}}, branches added together."""
    p = TO_PROJECT[model]
    result: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(aggregates, 0))
    for rows, issue_path in branches(subject, model):
        rows = rows.order_by()
        if not by:
            found = [((), rows.aggregate(**aggregates))]
        else:
            keys = {f"k_{name}": _dimension(name, p, issue_path) for name in by}
            found = [
                (tuple(row[f"k_{name}"] for name in by), row)
                for row in rows.annotate(**keys).values(*keys).annotate(**aggregates)
            ]
        for key, row in found:
            for name in aggregates:
                result[key][name] += row[name] or 0
    return dict(result)


def project_counts(subject: Subject, *by: str) -> dict[tuple, dict]:
    """Projects asked, taken, funded, under way, done, not started, and the baht they ask
    (ProjectBudget), grouped: one query.

    The query groups by the project's state as well and counts distinct projects once (one
    COUNT DISTINCT, not one per state, is what keeps it quick on a province); a project has one
    state, so the states' counts add up here. By source or year a project counts under each
    source and year its budget asks from, so those rows do not add up to the number of projects
    (a project asks from several)."""
    model = ProjectBudget if {"source", "year"} & set(by) else PlanProject
    p = TO_PROJECT[model]
    field = p.removesuffix("__") or "pk"
    if model is ProjectBudget:
        budget = Sum("amount")
    else:
        # The budget asked comes in the same pass over the budget lines (a book's period only).
        period = None
        if _is_book(subject):
            years = (subject.first_year, subject.last_year)
            period = Q(budgets__fiscal_year__range=years)
        budget = Sum("budgets__amount", filter=period)
    rows = _grouped(
        subject,
        model,
        (*by, "status", "taken", "funded"),
        {"n": Count(field, distinct=True), "budget": budget},
    )
    result: dict[tuple, dict] = defaultdict(lambda: {**dict.fromkeys(COUNTS, 0), "budget": ZERO})
    for (*key, status, taken, funded), row in rows.items():
        counts = result[tuple(key)]
        counts["budget"] += row["budget"] or ZERO
        counts["asked"] += row["n"]
        counts["taken"] += row["n"] if taken else 0
        counts["funded"] += row["n"] if funded else 0
        if status in counts:
            counts[status] += row["n"]
    return dict(result)


def money(subject: Subject, model, *by: str) -> dict[tuple, Decimal]:
    """Baht asked (ProjectBudget), committed (Commitment) or spent (Spending), grouped."""
    rows = _grouped(subject, model, by, {"total": Sum("amount")})
    return {key: row["total"] or ZERO for key, row in rows.items()}


MONEY = {"committed": Commitment, "spent": Spending}  # the budget asked: project_counts


@dataclass
class FigureTable:
    """An accountability table: its rows by theme (area) or strategic issue (book), by funding
    source and by fiscal year, and the total (the sum of the first)."""

    by_group: dict
    by_source: dict
    by_year: dict
    total: Figures


def figure_table(subject: Subject, themes: list[str] | None = None) -> FigureTable:
    """The accountability table of an area or a book.

    An area: one pass over its projects and their budget lines for every project count and
    budget figure (area_counts), and the baht committed and spent each by theme, source and
    year at once: five queries (`themes`, the theme codes, saves one). A book: the project
    counts with the budget they ask by strategic issue, by source and by year, and the same two
    money queries: five queries for a district book, ten for a provincial one."""
    group = "issue" if _is_book(subject) else "theme"
    tables: dict[str, dict] = {"group": {}, "source": {}, "year": {}}
    if _is_book(subject):
        for name, dim in (("group", group), ("source", "source"), ("year", "year")):
            for (key,), counts in project_counts(subject, dim).items():
                _set_counts(tables[name].setdefault(key, Figures()), counts)
    else:
        for name, rows in area_counts(subject, themes).items():
            table = tables["group" if name == "theme" else name]
            for key, counts in rows.items():
                _set_counts(table.setdefault(key, Figures()), counts)
    for attribute, model in MONEY.items():
        for (g, source, year), total in money(subject, model, group, "source", "year").items():
            for name, key in (("group", g), ("source", source), ("year", year)):
                row = tables[name].setdefault(key, Figures())
                setattr(row, attribute, getattr(row, attribute) + total)
    total = sum(tables["group"].values(), Figures())
    return FigureTable(tables["group"], tables["source"], tables["year"], total)


def _set_counts(row: Figures, counts: dict) -> None:
    for name in (*COUNTS, "budget"):
        setattr(row, name, counts[name])


def area_counts(area_code: str, themes: list[str] | None = None) -> dict[str, dict]:
    """The project counts and the budget asked of an area by theme, by source and by year, in
    one pass over its projects and their budget lines (two queries without `themes`, three with
    the plan years read first).

    Every column is a count of distinct projects (or a sum of their budget lines) filtered to
    one theme, source or year, grouped by the project's state: on a province that is one scan
    of its 26,000 budget lines instead of three (bench/accountability.py)."""
    if themes is None:
        themes = list(Theme.objects.values_list("code", flat=True))
    period = (
        CommunityPlan.objects.in_area(area_code)
        .accepted()
        .aggregate(first=Min("first_year"), last=Max("last_year"))
    )
    years = list(range(period["first"], period["last"] + 1)) if period["first"] else []
    columns = {
        "theme": [(code, Q(issue__theme__code=code), None) for code in themes],
        "source": [(source, None, Q(budgets__source=source)) for source in FundingSource.values],
        "year": [(year, None, Q(budgets__fiscal_year=year)) for year in years],
    }
    aggregates = {}
    for name, keys in columns.items():
        for number, (_key, of_project, of_line) in enumerate(keys):
            projects = of_project if of_project is not None else of_line
            aggregates[f"{name}{number}_n"] = Count("pk", distinct=True, filter=projects)
            aggregates[f"{name}{number}_b"] = Sum("budgets__amount", filter=projects)
    rows = _grouped(area_code, PlanProject, ("status", "taken", "funded"), aggregates)
    result: dict[str, dict] = {name: {} for name in columns}
    for (status, taken, funded), row in rows.items():
        for name, keys in columns.items():
            for number, (key, _p, _l) in enumerate(keys):
                n = row[f"{name}{number}_n"]
                budget = row[f"{name}{number}_b"] or ZERO
                if not n and not budget:
                    continue
                counts = result[name].setdefault(key, {**dict.fromkeys(COUNTS, 0), "budget": ZERO})
                counts["asked"] += n
                counts["taken"] += n if taken else 0
                counts["funded"] += n if funded else 0
                if status in counts:
                    counts[status] += n
                counts["budget"] += budget
    return result


def tambon_figures(subject: Subject) -> dict[str, Figures]:
    """The same figures for each tambon of the subject: the rows every figure is the sum of."""
    rows: dict[str, Figures] = defaultdict(Figures)
    for (tambon,), counts in project_counts(subject, "tambon").items():
        for count in (*COUNTS, "budget"):
            setattr(rows[tambon], count, counts[count])
    for attribute, model in MONEY.items():
        for (tambon,), total in money(subject, model, "tambon").items():
            setattr(rows[tambon], attribute, total)
    return dict(rows)


# --- partner agencies ---------------------------------------------------------------------


@dataclass
class PartnerFigures:
    partner_id: int
    name: str
    kind: str
    projects: int = 0
    committed: Decimal = ZERO

    @property
    def kind_label(self) -> str:
        return Partner.Kind(self.kind).label if self.kind in Partner.Kind.values else ""


def partner_figures(subject: Subject) -> list[PartnerFigures]:
    """Per partner agency: the projects it took into its plan and the baht it committed.

    Two grouped queries (per branch), one row per agency however many updates: the list is
    paged by the view."""
    agencies: dict[int, PartnerFigures] = {}
    for rows, _path in branches(subject, ProjectUpdate):
        taken = (
            rows.filter(adopted_by__isnull=False)
            .order_by()
            .values("adopted_by", "adopted_by__name", "adopted_by__kind")
            .annotate(n=Count("project", distinct=True))
        )
        for row in taken:
            agency = agencies.setdefault(
                row["adopted_by"],
                PartnerFigures(row["adopted_by"], row["adopted_by__name"], row["adopted_by__kind"]),
            )
            agency.projects += row["n"]
    for rows, _path in branches(subject, Commitment):
        committed = (
            rows.order_by()
            .values("update__adopted_by", "update__adopted_by__name", "update__adopted_by__kind")
            .annotate(total=Sum("amount"))
        )
        for row in committed:
            key = row["update__adopted_by"]
            agency = agencies.setdefault(
                key,
                PartnerFigures(
                    key, row["update__adopted_by__name"], row["update__adopted_by__kind"]
                ),
            )
            agency.committed += row["total"] or ZERO
    return sorted(agencies.values(), key=lambda a: (-a.committed, -a.projects, a.name))


# --- tambons ----------------------------------------------------------------------------------


def quiet_tambons(area_code: str, today: dt.date) -> QuerySet[Council]:
    """Councils with an accepted plan and no update for six months: none at all, or the last
    one older than QUIET_AFTER_DAYS. Each with `last_update` (None when there is none); one
    query per page, the newest update read per council from the projects' index."""
    cutoff = today - dt.timedelta(days=QUIET_AFTER_DAYS)
    accepted = CommunityPlan.objects.accepted().filter(council=OuterRef("pk"))
    newest = (
        PlanProject.objects.filter(
            issue__plan__council=OuterRef("pk"),
            issue__plan__state=ACCEPTED,
            last_update_on__isnull=False,
        )
        .order_by("-last_update_on")
        .values("last_update_on")[:1]
    )
    return (
        Council.objects.in_area(area_code)
        .filter(Exists(accepted))
        .annotate(last_update=Subquery(newest))
        .filter(Q(last_update__isnull=True) | Q(last_update__lt=cutoff))
        .select_related("subdistrict__district")
        .order_by(F("last_update").asc(nulls_first=True), "subdistrict_id")
    )


@dataclass
class TambonShare:
    """How many tambons have a project actually under way or done, of how many."""

    code: str
    name: str
    tambons: int = 0
    active: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.active / self.tambons) if self.tambons else 0


def active_tambons_by_district(subject: Subject) -> list[TambonShare]:
    """Per district: the tambons behind the subject (councils with an accepted plan, or with
    items in the book) and those with a project under way or done. Two queries."""
    tambon = "issue__plan__council__subdistrict_id"
    if _is_book(subject):
        # Both paths in one subquery over the links: an OR of joins on the projects made
        # PostgreSQL read every project of the country.
        linked = StrategicIssueLink.objects.filter(
            Q(strategic_issue__book=subject) | Q(strategic_issue__provincial_issues__book=subject)
        )
        projects = PlanProject.objects.filter(issue__in=linked.values("plan_issue_id"))
        area = subject.area_code
    else:
        projects = PlanProject.objects.in_area(subject).filter(issue__plan__state=ACCEPTED)
        area = subject
    rows = (
        projects.order_by()
        .annotate(district=Substr(tambon, 1, 4))
        .values("district")
        .annotate(
            tambons=Count(tambon, distinct=True),
            active=Count(tambon, distinct=True, filter=Q(execution_status__in=ACTIVE)),
        )
    )
    found = {row["district"]: row for row in rows}
    if not _is_book(subject):
        # A council with an accepted plan that has no project yet is a tambon with none active.
        plans = (
            CommunityPlan.objects.in_area(area)
            .accepted()
            .order_by()
            .annotate(district=Substr("council__subdistrict_id", 1, 4))
            .values("district")
            .annotate(n=Count("council__subdistrict", distinct=True))
        )
        totals = {row["district"]: row["n"] for row in plans}
    else:
        totals = {code: row["tambons"] for code, row in found.items()}
    names = dict(District.objects.filter(code__in=totals).values_list("code", "name_th"))
    return [
        TambonShare(code, names.get(code, code), totals[code], found.get(code, {}).get("active", 0))
        for code in sorted(totals)
    ]


def headline(shares: list[TambonShare]) -> TambonShare:
    """The whole subject's share: the sum of its districts'."""
    return TambonShare("", "", sum(s.tambons for s in shares), sum(s.active for s in shares))


# --- the projects behind a figure -------------------------------------------------------------


@dataclass(frozen=True)
class Drill:
    """What a figure is: the filters of the list of projects behind it (all optional)."""

    theme: str = ""
    issue: int | None = None
    source: str = ""
    year: int | None = None
    status: str = ""


def projects_behind(subject: Subject, drill: Drill) -> QuerySet[PlanProject]:
    """The tambon projects a figure counts, in the order of their tambons: one query a page.

    A source or year keeps the projects whose budget asks from it (in a book's period)."""
    if _is_book(subject):
        keep = Q(pk__in=[])
        for rows, issue_path in branches(subject, PlanProject):
            if drill.issue is not None:
                rows = rows.filter(**{issue_path: drill.issue})
            keep |= Q(pk__in=rows.values("pk"))
        projects = PlanProject.objects.filter(keep)
    else:
        # An area's one branch filters the projects themselves: the prefix on the tambon's code
        # comes first and PostgreSQL reads only the area's projects (a "pk IN" over the branch
        # made it probe every project of the country in the tambons' order).
        [(projects, _)] = branches(subject, PlanProject)
        if drill.issue is not None:
            projects = projects.none()
    if drill.theme:
        projects = projects.filter(issue__theme__code=drill.theme)
    if drill.source or drill.year:
        lines = ProjectBudget.objects.filter(project=OuterRef("pk"))
        if drill.source:
            lines = lines.filter(source=drill.source)
        if drill.year:
            lines = lines.filter(fiscal_year=drill.year)
        if _is_book(subject):
            lines = lines.filter(
                fiscal_year__gte=subject.first_year, fiscal_year__lte=subject.last_year
            )
        projects = projects.filter(Exists(lines))
    if drill.status:
        projects = projects.filter(STATUS_FILTERS[drill.status])
    return projects.select_related("issue__theme", "issue__plan__council__subdistrict").order_by(
        "issue__plan__council__subdistrict_id", "issue__order", "order", "pk"
    )


# --- a book's progress since its endorsement --------------------------------------------------


def updates_since(book: StrategyBook, since: dt.datetime | None) -> dict[int, int]:
    """Per strategic issue: the updates recorded on its items' projects since a time (the
    endorsement); one query per branch. Nothing before the book is endorsed."""
    if since is None:
        return {}
    counts: dict[int, int] = defaultdict(int)
    for rows, path in branches(book, ProjectUpdate):
        found = (
            rows.filter(recorded_at__gte=since)
            .order_by()
            .annotate(k=F(path))
            .values("k")
            .annotate(n=Count("pk", distinct=True))
        )
        for row in found:
            counts[row["k"]] += row["n"]
    return dict(counts)


def book_progress(
    book: StrategyBook, since: dt.datetime | None, labels: dict[int, str]
) -> list[tuple[str, dict]]:
    """Per strategic issue (in the order of `labels`, {issue id: title}): projects under way,
    done and not started, baht committed and spent, and the updates recorded since the
    endorsement. Figures only, no names of people. Four queries per path."""
    counts = project_counts(book, "issue")
    committed = money(book, Commitment, "issue")
    spent = money(book, Spending, "issue")
    updates = updates_since(book, since)
    return [
        (
            label,
            {
                "asked": counts.get((key,), {}).get("asked", 0),
                "under_way": counts.get((key,), {}).get("under_way", 0),
                "done": counts.get((key,), {}).get("done", 0),
                "not_started": counts.get((key,), {}).get("not_started", 0),
                "committed": committed.get((key,), ZERO),
                "spent": spent.get((key,), ZERO),
                "updates": updates.get(key, 0),
            },
        )
        for key, label in labels.items()
    ]


# --- the area's figures, kept until the area's records change -------------------------------

# How long an area's figures are kept at most (a partner renamed, a council registered: what
# the version below does not see shows within this time).
KEPT_SECONDS = 600


@dataclass
class AreaRollup:
    """An area's accountability figures: the table, the tambon shares and the partners."""

    table: FigureTable
    shares: list
    partners: list
    version: str = ""  # what the rendered tables are kept under (area_version)


def area_version(area_code: str) -> tuple:
    """What an area's figures follow, in two indexed maxima: its newest timeline update and its
    newest plan move. The figures read accepted plans only, which change only by a move (a
    return unlocks, an acceptance locks again), and the money and the states change only by an
    update (append-only), so a new figure means a new row here."""
    last_update = ProjectUpdate.objects.in_area(area_code).aggregate(n=Max("pk"))["n"]
    last_move = CommunityPlan.objects.in_area(area_code).aggregate(n=Max("history__pk"))["n"]
    return last_update, last_move


def area_rollup(area_code: str, themes: list[str] | None = None) -> AreaRollup:
    """The figures of an area's accountability page: from the cache while the area's updates and
    plan moves are the same (area_version), else computed (figure_table, the shares, the
    partners) and kept. The roll-ups read the whole area's projects and budget lines; the
    version reads two indexed maxima."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    version = "-".join(str(n) for n in area_version(area_code))
    key = f"accountability:{area_code}:{get_language()}:{','.join(themes or [])}:{version}"
    found = cache.get(key)
    if found is None:
        found = AreaRollup(
            figure_table(area_code, themes),
            active_tambons_by_district(area_code),
            partner_figures(area_code),
            version,
        )
        cache.set(key, found, KEPT_SECONDS)
    return found
