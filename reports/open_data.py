"""Open data: an endorsed strategy book with the progress of the tambon projects behind it, and a
welfare fund's statement, as CSV and JSON, without personal data.

A book's projects are the ones behind the tambon items of its endorsed snapshot (the book as it
was endorsed), with their execution state as it stands today. They are read per strategic
issue with one grouped query each, streamed from the database in chunks (`iterator`), so a
province of thousands of projects is never held in memory at once. No person's name, citizen
ID or phone is read: only areas, the council's name, titles, money and states.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.http import Http404
from django.utils import timezone

from councils.spreadsheets.formats import escape_formula
from plans.books.contents import money, thai_labels
from plans.books.models import BookSnapshot
from plans.models import ExecutionStatus, FundingSource, PlanProject
from welfare import statistics
from welfare.models import WelfareFund

CHUNK_SIZE = 500
BOM = "\ufeff"  # so that Excel reads the CSV as UTF-8 and shows the Thai
ZERO = Decimal(0)


def book_schema() -> dict:
    """What the book's JSON holds (its status labels in Thai, as the documents say them)."""
    return {**BOOK_SCHEMA, "execution_status": thai_labels(ExecutionStatus)}


BOOK_SCHEMA = {
    "note": (
        "Tambon projects behind a strategy book as it was endorsed, with their execution "
        "state today. No personal data: no names, citizen IDs or phones of persons."
    ),
    "amounts": "Baht, as decimal strings with two places.",
    "asked": (
        "Budget asked in the tambon plan for the book's fiscal years (B.E.): asked_total, "
        "asked_<year> per fiscal year, asked_<source> per funding source."
    ),
    "committed": "Committed by agencies that took the project into their plans, whole timeline.",
    "spent": "Spent on the project, whole timeline.",
    "progress": "Percent, 0-100, from the project's latest update.",
    "last_update_on": "ISO date of the project's latest update, empty if none.",
    "issues": "A project under two strategic issues is listed under each.",
}

STATEMENT_SCHEMA = {
    "note": (
        "A community welfare fund's statement for one fiscal year (B.E., 1 October to "
        "30 September): totals only, no member's personal data."
    ),
    "amounts": "Baht, as decimal strings with two places.",
    "months": "One row per month of the fiscal year; benefits and expenses as positive amounts.",
}


def endorsed_snapshot_or_404(pk: int) -> BookSnapshot:
    """The book's latest endorsement, as its public page shows it; a book never endorsed is
    not public (404)."""
    snapshot = (
        BookSnapshot.objects.filter(book_id=pk)
        .select_related("book")
        .order_by("-endorsed_at", "-pk")
        .first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


# --- the book ---------------------------------------------------------------------------------


def book_years(snapshot: BookSnapshot) -> list[int]:
    return list(snapshot.data.get("book", {}).get("years") or snapshot.book.years)


def book_issues(snapshot: BookSnapshot) -> list[tuple[dict, list[int]]]:
    """The book's strategic issues as endorsed, each with the tambon items (plan issue ids)
    behind it, read from the snapshot's data."""
    data = snapshot.data
    behind: dict[int, list[int]] = {}
    for district in data.get("districts", []):
        for tambon in district.get("tambons", []):
            for item in tambon.get("items", []):
                for issue_id in item.get("under_ids", []):
                    behind.setdefault(issue_id, []).append(item["id"])
    return [(issue, behind.get(issue["id"], [])) for issue in data.get("issues", [])]


def _book_fields(snapshot: BookSnapshot) -> dict:
    book = snapshot.book
    return {
        "book_id": book.pk,
        "book": snapshot.data.get("book", {}).get("title") or book.title,
    }


def project_columns(years: list[int]) -> list[str]:
    return [
        "book_id", "book", "issue_number", "strategic_issue", "district_code", "district",
        "tambon_code", "tambon", "council", "theme", "plan_issue", "project_id", "project",
        "approach", "approach_th", "asked_total",
        *[f"asked_{year}" for year in years],
        *[f"asked_{source}" for source in FundingSource.values],
        "committed", "spent", "execution_status", "execution_status_th", "progress",
        "last_update_on",
    ]  # fmt: skip


def projects(plan_issue_ids: list[int], years: list[int]) -> Iterator[dict]:
    """The projects of these tambon items with their budget asked (in the book's years, in
    total, by year and by source) and their execution state: one grouped query, streamed."""
    if not plan_issue_ids:
        return iter(())
    in_years = Q(budgets__fiscal_year__in=years)
    asked = {"asked_total": Sum("budgets__amount", filter=in_years)}
    for year in years:
        asked[f"asked_{year}"] = Sum("budgets__amount", filter=Q(budgets__fiscal_year=year))
    for source in FundingSource.values:
        asked[f"asked_{source}"] = Sum(
            "budgets__amount", filter=in_years & Q(budgets__source=source)
        )
    council = "issue__plan__council__"
    rows = (
        PlanProject.objects.filter(issue_id__in=plan_issue_ids)
        .order_by(f"{council}subdistrict_id", "issue__order", "issue_id", "order", "pk")
        .values(
            "approach", "execution_status", "progress", "last_update_on",
            project_id=F("pk"), project=F("title"), committed=F("committed_total"),
            spent=F("spent_total"), plan_issue=F("issue__title"), theme=F("issue__theme__name_th"),
            council=F(f"{council}name"), tambon_code=F(f"{council}subdistrict_id"),
            tambon=F(f"{council}subdistrict__name_th"),
            district_code=F(f"{council}subdistrict__district_id"),
            district=F(f"{council}subdistrict__district__name_th"),
        )
        .annotate(**asked)
    )  # fmt: skip
    return rows.iterator(chunk_size=CHUNK_SIZE)


def _project_row(row: dict, approaches: dict, statuses: dict) -> dict:
    row = dict(row)
    for name in list(row):
        if name.startswith("asked_") or name in ("committed", "spent"):
            row[name] = money(row[name])
    row["approach_th"] = approaches.get(row["approach"], "")
    row["execution_status_th"] = statuses.get(row["execution_status"], "")
    row["last_update_on"] = row["last_update_on"].isoformat() if row["last_update_on"] else ""
    return row


def book_rows(snapshot: BookSnapshot) -> Iterator[dict]:
    """One row per tambon project under each strategic issue of the book, in the book's order."""
    years = book_years(snapshot)
    book = _book_fields(snapshot)
    approaches = thai_labels(PlanProject.Approach)
    statuses = thai_labels(ExecutionStatus)
    for issue, plan_issue_ids in book_issues(snapshot):
        head = {**book, "issue_number": issue["number"], "strategic_issue": issue["title"]}
        for row in projects(plan_issue_ids, years):
            yield {**head, **_project_row(row, approaches, statuses)}


class _Echo:
    """A file whose write returns what it was given, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The CSV, line by line: a BOM, the header, then each row with its cells that a
    spreadsheet would run as formulas escaped."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([escape_formula(_cell(row.get(name))) for name in columns])


def _cell(value) -> object:
    return "" if value is None else value


def book_csv(snapshot: BookSnapshot) -> Iterator[str]:
    return csv_lines(project_columns(book_years(snapshot)), book_rows(snapshot))


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def book_json(snapshot: BookSnapshot) -> Iterator[str]:
    """The book as nested JSON (book, its strategic issues, their projects), written in pieces
    as the projects stream in."""
    data = snapshot.data.get("book", {})
    book = snapshot.book
    years = book_years(snapshot)
    head = {
        "id": book.pk,
        "title": data.get("title") or book.title,
        "level": book.level,
        "area_code": book.area_code,
        "area_name": data.get("area_name", ""),
        "first_year": data.get("first_year", book.first_year),
        "last_year": data.get("last_year", book.last_year),
        "years": years,
        "endorsed_on": snapshot.endorsed_on.isoformat() if snapshot.endorsed_on else "",
        "endorsed_by_body": snapshot.endorsed_by_body,
    }
    approaches = thai_labels(PlanProject.Approach)
    statuses = thai_labels(ExecutionStatus)
    yield "{" + f'"schema": {_dumps(book_schema())}, "generated_at": {_dumps(_now())}, '
    yield '"book": ' + _dumps(head)[:-1] + ', "issues": ['
    for number, (issue, plan_issue_ids) in enumerate(book_issues(snapshot)):
        fields = {
            "number": issue["number"],
            "title": issue["title"],
            "theme": issue.get("theme", ""),
            "goal": issue.get("goal", ""),
            "asked_total": issue.get("total", ""),
        }
        yield ("" if number == 0 else ", ") + _dumps(fields)[:-1] + ', "projects": ['
        for index, row in enumerate(projects(plan_issue_ids, years)):
            row = _project_row(row, approaches, statuses)
            row["asked_by_year"] = {str(y): row.pop(f"asked_{y}") for y in years}
            row["asked_by_source"] = {s: row.pop(f"asked_{s}") for s in FundingSource.values}
            yield ("" if index == 0 else ", ") + _dumps(row)
        yield "]}"
    yield "]}}"


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


# --- the fund statement -------------------------------------------------------------------------

STATEMENT_COLUMNS = [
    "fund_id", "fund", "tambon_code", "tambon", "district", "province", "fiscal_year", "month",
    "contributions", "other_income", "benefits", "expenses",
]  # fmt: skip


def _fund_fields(fund: WelfareFund) -> dict:
    area = fund.council.subdistrict
    return {
        "fund_id": fund.pk,
        "fund": fund.name,
        "tambon_code": area.code,
        "tambon": area.name_th,
        "district": area.district.name_th,
        "province": area.district.province.name_th,
    }


def statement_months(fund: WelfareFund, statement: statistics.YearStatement) -> list[dict]:
    """The statement's months, and a last row for the whole year ("total")."""
    head = {**_fund_fields(fund), "fiscal_year": statement.year_be}
    rows = [
        {
            **head,
            "month": month.month.strftime("%Y-%m"),
            "contributions": money(month.contributions),
            "other_income": money(month.other_income),
            "benefits": money(month.benefits),
            "expenses": money(month.expenses),
        }
        for month in statement.months
    ]
    totals = {
        name: money(sum((Decimal(row[name]) for row in rows), ZERO))
        for name in ("contributions", "other_income", "benefits", "expenses")
    }
    return [*rows, {**head, "month": "total", **totals}]


def statement_csv(fund: WelfareFund, year: int) -> Iterator[str]:
    statement = statistics.year_statement(fund, year)
    return csv_lines(STATEMENT_COLUMNS, statement_months(fund, statement))


def statement_json(fund: WelfareFund, year: int) -> dict:
    statement = statistics.year_statement(fund, year)
    months = statement_months(fund, statement)
    return {
        "schema": STATEMENT_SCHEMA,
        "generated_at": _now(),
        "fund": {
            **_fund_fields(fund),
            "contribution_amount": money(fund.contribution_amount),
            "contribution_period": fund.contribution_period,
        },
        "year": {
            "fiscal_year": year,
            "starts_on": statement.starts_on.isoformat(),
            "ends_on": statement.ends_on.isoformat(),
            "opening_balance": money(statement.opening_balance),
            "income_by_source": {k: money(v) for k, v in statement.income_by_source.items()},
            "other_income": money(statement.other_income),
            "income": money(statement.income),
            "benefits_by_kind": {k: money(v) for k, v in statement.benefits_by_kind.items()},
            "benefit_counts": statement.benefit_counts,
            "benefits": money(statement.benefits),
            "expenses": money(statement.expenses),
            "expense_percent": str(statement.expense_percent),
            "closing_balance": money(statement.closing_balance),
        },
        "months": [
            {key: row[key] for key in STATEMENT_COLUMNS[6:]}
            for row in months
            if row["month"] != "total"
        ],
    }
