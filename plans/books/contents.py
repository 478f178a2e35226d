"""A strategy book's contents as plain data: what its page, its PDF and its snapshots show,
every figure computed from the tambon items linked to it; and what changed since a snapshot."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery, Sum, TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from councils.models import District, area_name
from councils.strength import rollup as strength_rollup
from councils.strength.models import Component, current_fiscal_year
from councils.villages import rollup as village_rollup
from plans import rollup
from plans.books import strategy_coverage
from plans.books.models import BookSnapshot, StrategicIssue, StrategicIssueLink, StrategyBook
from plans.execution.models import Indicator
from plans.indicators import indicator_rows
from plans.models import FundingSource, PlanIssue, PlanProject, ProjectBudget, Theme


def thai_labels(choices: type[TextChoices]) -> dict[str, str]:
    """The choices' labels in Thai: books are Thai documents whatever the reader's language."""
    with translation.override("th"):
        return {value: str(label) for value, label in choices.choices}


def money(value: Decimal | None) -> str:
    return str((value or rollup.ZERO).quantize(Decimal("0.01")))


def book_data(book: StrategyBook, community: tuple | None = None) -> dict:
    """Everything a book shows, as plain JSON data; every figure comes from the linked items.

    A constant number of queries: the issues, their links, the tambon issues with their plans,
    the projects with their totals, the roll-up aggregates, and the indicators (with their
    targets, and the measured values of all of them in one more).
    """
    issues = list(book.issues.select_related("theme").order_by("order", "pk"))
    strategies_of = _strategies_of(book)
    links = list(
        StrategicIssueLink.objects.filter(strategic_issue__book=book).values_list(
            "strategic_issue_id", "plan_issue_id"
        )
    )
    Through = StrategicIssue.district_issues.through
    gathered = list(
        Through.objects.filter(from_strategicissue__book=book).values_list(
            "from_strategicissue_id",
            "to_strategicissue_id",
            "to_strategicissue__title",
            "to_strategicissue__book__area_code",
        )
    )
    via_district = list(
        StrategicIssueLink.objects.filter(
            strategic_issue__provincial_issues__book=book
        ).values_list("strategic_issue__provincial_issues", "plan_issue_id")
    )
    # Tambon issue -> the strategic issues of this book it sits under.
    under: dict[int, list[int]] = defaultdict(list)
    for issue_id, plan_issue_id in via_district + links:
        if issue_id not in under[plan_issue_id]:
            under[plan_issue_id].append(issue_id)
    # The tambon issues under the book, from the links just read: the ids themselves, so that
    # PostgreSQL reads the area's issues and projects by their indexes (a subquery OR-ing both
    # paths hid how few they are, and it hash-joined every project and line of the country).
    plan_issue_ids = sorted(under)
    # Plain rows, not model instances: a province has thousands of tambon issues.
    plan_issues = list(
        PlanIssue.objects.filter(pk__in=plan_issue_ids)
        .order_by("plan__council__subdistrict_id", "plan", "order", "pk")
        .values(
            "pk",
            "title",
            theme_name=F("theme__name_th"),
            tambon=F("plan__council__subdistrict_id"),
            tambon_name=F("plan__council__subdistrict__name_th"),
            district=F("plan__council__subdistrict__district_id"),
            district_name=F("plan__council__subdistrict__district__name_th"),
            council=F("plan__council__name"),
            plan_title=F("plan__title"),
            plan_first_year=F("plan__first_year"),
            plan_last_year=F("plan__last_year"),
            plan_state=F("plan__state"),
        )
    )
    # Each project's total by its own lines (their index), not a join of all the country's.
    total = (
        ProjectBudget.objects.filter(
            project=OuterRef("pk"),
            fiscal_year__gte=book.first_year,
            fiscal_year__lte=book.last_year,
        )
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    projects = (
        PlanProject.objects.filter(issue__in=plan_issue_ids)
        .annotate(total=Subquery(total))
        .order_by("issue_id", "order", "pk")
        .values_list("issue_id", "title", "approach", "total")
    )
    approaches = thai_labels(PlanProject.Approach)
    projects_of: dict[int, list[dict]] = defaultdict(list)
    for issue_id, title, approach, total in projects:
        projects_of[issue_id].append(
            {"title": title, "approach": approaches.get(approach, ""), "total": money(total)}
        )

    item_totals = rollup.flat(rollup.book_totals(book, "plan_issue"))
    issue_years = rollup.book_totals(book, "issue", "year")
    issue_totals = rollup.margin(issue_years, 0)
    by_theme_source_year = rollup.book_totals(book, "theme", "source", "year")
    issue_tambons = _tambon_counts(plan_issues, under)
    themes = {t.code: t.name_th for t in Theme.objects.all()}
    sources = thai_labels(FundingSource)
    districts = {
        d.code: d.name_th for d in District.objects.filter(code__startswith=book.area_code)
    }

    indicators_of = issue_indicators(book)
    titles = {issue.pk: issue.title for issue in issues}
    data_issues = []
    for number, issue in enumerate(issues, start=1):
        data_issues.append(
            {
                "id": issue.pk,
                "number": number,
                "title": issue.title,
                "goal": issue.goal,
                "indicators": indicators_of.get(issue.pk, []),
                "theme": issue.theme.name_th if issue.theme else "",
                "strategy": "; ".join(s["label"] for s in strategies_of.get(issue.pk, [])),
                "strategies": strategies_of.get(issue.pk, []),
                "total": money(issue_totals.get(issue.pk)),
                "by_year": [
                    {"year": year, "total": money(issue_years.get((issue.pk, year)))}
                    for year in book.years
                ],
                "district_issues": [
                    {"id": d_id, "title": title, "district": districts.get(code, code)}
                    for (p_id, d_id, title, code) in gathered
                    if p_id == issue.pk
                ],
                "linked": [p_id for (i_id, p_id) in links if i_id == issue.pk],
                "tambons": issue_tambons.get(issue.pk, 0),
                "items": sum(1 for ids in under.values() if issue.pk in ids),
            }
        )

    by_district: dict[str, dict] = {}
    for item in plan_issues:
        district = by_district.setdefault(
            item["district"],
            {"code": item["district"], "name": item["district_name"], "tambons": {}},
        )
        tambon = district["tambons"].setdefault(
            item["tambon"],
            {
                "code": item["tambon"],
                "name": item["tambon_name"],
                "council": item["council"],
                "plan": _with_period(
                    item["plan_title"], item["plan_first_year"], item["plan_last_year"]
                ),
                "plan_state": item["plan_state"],
                "items": [],
            },
        )
        tambon["items"].append(
            {
                "id": item["pk"],
                "title": item["title"],
                "theme": item["theme_name"],
                "under": [titles[i] for i in under.get(item["pk"], []) if i in titles],
                "under_ids": [i for i in under.get(item["pk"], []) if i in titles],
                "total": money(item_totals.get(item["pk"])),
                "projects": projects_of.get(item["pk"], []),
            }
        )
    district_totals = rollup.flat(rollup.book_totals(book, "district"))
    district_list = []
    for code in sorted(by_district):
        district = by_district[code]
        district["tambons"] = list(district["tambons"].values())
        district["total"] = money(district_totals.get(code))
        district_list.append(district)

    return {
        "book": {
            "id": book.pk,
            "title": book.title,
            "level": book.level,
            "area_code": book.area_code,
            "area_name": area_name(book.area_code),
            "first_year": book.first_year,
            "last_year": book.last_year,
            "years": list(book.years),
            "introduction": book.introduction,
        },
        "totals": {
            "total": money(sum(by_theme_source_year.values(), rollup.ZERO)),
            "by_theme": _labelled(rollup.margin(by_theme_source_year, 0), themes),
            "by_source": _labelled(rollup.margin(by_theme_source_year, 1), sources),
            "by_year": [
                {"code": year, "label": str(year), "total": money(total)}
                for year, total in sorted(rollup.margin(by_theme_source_year, 2).items())
            ],
            "by_district": _labelled(district_totals, districts),
            "tambons": sum(len(district["tambons"]) for district in district_list),
        },
        "issues": data_issues,
        "districts": district_list,
        # Provincial books: each development strategy of the province with its coverage.
        "strategies": (
            strategy_coverage.as_data(strategy_coverage.for_book(book))
            if book.level == StrategyBook.Level.PROVINCE
            else []
        ),
        # The communities behind the plans: what the book's opening says of them.
        "community": community_figures(book.area_code, community),
    }


# How many fiscal years back a book looks for its area's latest community-strength assessment.
STRENGTH_YEARS = 5
# How many of the area's basic-needs shortfalls a book names.
SHORTFALLS = 5


def community_sources(area_code: str) -> tuple:
    """The area's latest assessed year of community strength and its latest basic-needs
    shortfalls (six grouped queries): what community_figures turns into data, and what the
    book's page shows beside it without computing them again."""
    this_year = current_fiscal_year()
    latest = strength_rollup.area_strength(
        [area_code], this_year - STRENGTH_YEARS + 1, this_year
    ).latest
    return latest, village_rollup.latest_shortfalls(area_code, SHORTFALLS)


def community_figures(area_code: str, sources: tuple | None = None) -> dict:
    """The area's community strength in its latest assessed year (tambons at each level per
    component) and the basic-needs indicators most of its villages fall short on, as plain data
    (an endorsement freezes them with the rest). Six grouped queries, none when the sources
    (community_sources) are given."""
    latest, shortfalls = sources or community_sources(area_code)
    components = thai_labels(Component)
    strength = {}
    if latest and latest.assessed:
        strength = {
            "fiscal_year": latest.fiscal_year,
            "councils": latest.councils,
            "assessed": latest.assessed_active,
            "components": [
                {
                    "label": components[component],
                    "counts": [latest.components[component].count(level) for level in range(1, 6)],
                    "shares": [str(s) for s in latest.components[component].shares.values()],
                    "not_assessed": latest.components[component].not_assessed,
                }
                for component in strength_rollup.COMPONENTS
            ],
        }
    basic_needs = {}
    if shortfalls.year:
        basic_needs = {
            "year": shortfalls.year,
            "rows": [
                {
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "percent": str(row.percent) if row.percent is not None else "",
                    "target": str(row.indicator.target_percent),
                    "villages_short": row.villages_short,
                    "villages": row.villages,
                }
                for row in shortfalls.rows
            ],
        }
    return {"strength": strength, "basic_needs": basic_needs}


def _strategies_of(book: StrategyBook) -> dict[int, list[dict]]:
    """Issue -> the provincial development strategies it serves (one query, provincial books
    only: a district book's issues map to none)."""
    if book.level != StrategyBook.Level.PROVINCE:
        return {}
    Mapping = StrategicIssue.province_strategies.through
    rows = (
        Mapping.objects.filter(strategicissue__book=book)
        .order_by("provincestrategy__number", "provincestrategy__first_year")
        .values_list(
            "strategicissue_id",
            "provincestrategy_id",
            "provincestrategy__number",
            "provincestrategy__title",
        )
    )
    strategies: dict[int, list[dict]] = defaultdict(list)
    for issue_id, strategy_id, number, title in rows:
        strategies[issue_id].append(
            {"id": strategy_id, "number": number, "title": title, "label": f"{number}. {title}"}
        )
    return strategies


def issue_indicators(book: StrategyBook) -> dict[int, list[dict]]:
    """Each strategic issue's indicators with the target and the latest measured value of every
    year of the book (two queries for the whole book)."""
    rows = indicator_rows(
        Indicator.objects.filter(strategic_issue__book=book), book.years, "strategic_issue"
    )
    for indicators in rows.values():
        for indicator in indicators:
            del indicator["project"]
    return rows


def indicator_terms(indicators: list) -> list[tuple]:
    """What an issue's indicators say, to compare an endorsed book with the book now: names,
    units, baselines and targets (measured values are recorded after the endorsement). An
    older snapshot kept the free-text lines, which compare as names alone."""
    terms = []
    for indicator in indicators:
        if isinstance(indicator, str):
            terms.append((indicator, "", "", None, ()))
            continue
        targets = tuple((y["year"], y["target"]) for y in indicator["years"] if y["target"])
        terms.append(
            (
                indicator["name"],
                indicator["unit"],
                indicator["baseline"],
                indicator["baseline_year"],
                targets,
            )
        )
    return terms


def _labelled(totals: dict, labels: dict) -> list[dict]:
    """Totals in the order of their labels (themes, sources, districts), skipping empty ones."""
    return [
        {"code": code, "label": str(label), "total": money(totals[code])}
        for code, label in labels.items()
        if totals.get(code)
    ]


def _with_period(title: str, first_year: int, last_year: int) -> str:
    """A plan's title with its period, unless the title already says it."""
    period = f"{first_year}-{last_year}"
    return title if period in title else f"{title} ({period})"


def _tambon_counts(plan_issues: list[dict], under: dict[int, list[int]]) -> dict[int, int]:
    tambons: dict[int, set[str]] = defaultdict(set)
    for item in plan_issues:
        for issue_id in under.get(item["pk"], []):
            tambons[issue_id].add(item["tambon"])
    return {issue_id: len(codes) for issue_id, codes in tambons.items()}


@dataclass(frozen=True)
class EndorsementFigures:
    """What an endorsement freezes, as its confirm page says it."""

    issues: int
    total: Decimal


def endorsement_summary(book: StrategyBook) -> EndorsementFigures:
    """The strategic issues and the budget total the endorsement freezes (two or three queries,
    the same totals as the book's own)."""
    totals = rollup.book_totals(book)
    return EndorsementFigures(book.issues.count(), sum(totals.values(), rollup.ZERO))


def data_hash(data: dict) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def changes_since(snapshot: BookSnapshot | None, data: dict) -> list[str]:
    """What differs between the endorsed data and the book now, in words a coordinator reads."""
    if snapshot is None:
        return []
    before = snapshot.data
    changes = []
    if before["book"]["title"] != data["book"]["title"]:
        changes.append(_("The book's title changed."))
    old = {issue["id"]: issue for issue in before["issues"]}
    new = {issue["id"]: issue for issue in data["issues"]}
    for issue_id, issue in new.items():
        was = old.get(issue_id)
        if was is None:
            changes.append(_("New strategic issue: %(title)s") % {"title": issue["title"]})
            continue
        if was["title"] != issue["title"]:
            changes.append(
                _("Renamed: %(old)s → %(new)s") % {"old": was["title"], "new": issue["title"]}
            )
        if was["total"] != issue["total"]:
            changes.append(
                _("Budget of %(title)s: %(old)s → %(new)s baht")
                % {
                    "title": issue["title"],
                    "old": f"{Decimal(was['total']):,.2f}",
                    "new": f"{Decimal(issue['total']):,.2f}",
                }
            )
        if was["items"] != issue["items"]:
            changes.append(
                _("Tambon items under %(title)s: %(old)s → %(new)s")
                % {"title": issue["title"], "old": was["items"], "new": issue["items"]}
            )
        if (was["goal"], indicator_terms(was["indicators"]), was["strategy"]) != (
            issue["goal"],
            indicator_terms(issue["indicators"]),
            issue["strategy"],
        ):
            changes.append(
                _("Goal, indicators or strategy of %(title)s changed.") % {"title": issue["title"]}
            )
    for issue_id, was in old.items():
        if issue_id not in new:
            changes.append(_("Removed strategic issue: %(title)s") % {"title": was["title"]})
    if before["totals"]["total"] != data["totals"]["total"]:
        changes.append(
            _("Book total: %(old)s → %(new)s baht")
            % {
                "old": f"{Decimal(before['totals']['total']):,.2f}",
                "new": f"{Decimal(data['totals']['total']):,.2f}",
            }
        )
    return changes
