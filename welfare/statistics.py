"""Aggregate figures of funds: one fund's year, and roll-ups over a district or province.

Every function here runs a fixed number of grouped queries whatever the number of members,
entries or funds, so pages built on them keep a flat query count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from councils.buddhist_era import fiscal_year_bounds
from welfare.models import (
    EXPENSE_SHARE_LIMIT,
    ZERO,
    BenefitType,
    Claim,
    LedgerEntry,
    Member,
    WelfareFund,
    money,
)

Kind = LedgerEntry.Kind
Source = LedgerEntry.Source


@dataclass
class MonthRow:
    month: dt.date
    contributions: Decimal = ZERO
    other_income: Decimal = ZERO  # grants and other income
    benefits: Decimal = ZERO  # paid out, as a positive number
    expenses: Decimal = ZERO  # spent, as a positive number


@dataclass
class ExceptionRow:
    """A claim the fund committee let through against a rule: shown on the public statement by
    member number only, with the resolution that granted it and the rules it waived."""

    member_no: int
    benefit: str
    event_on: dt.date
    amount: Decimal
    meeting: str
    meeting_on: dt.date | None
    resolution_no: int
    waived: list[str]


@dataclass
class YearStatement:
    """A fund's fiscal year: what came in, by source; what went out, by benefit; the balance."""

    year_be: int
    starts_on: dt.date
    ends_on: dt.date
    opening_balance: Decimal = ZERO
    income_by_source: dict[str, Decimal] = field(default_factory=dict)
    other_income: Decimal = ZERO
    benefits_by_kind: dict[str, Decimal] = field(default_factory=dict)
    benefit_counts: dict[str, int] = field(default_factory=dict)
    expenses: Decimal = ZERO
    months: list[MonthRow] = field(default_factory=list)
    exceptions: list[ExceptionRow] = field(default_factory=list)

    @property
    def income(self) -> Decimal:
        return sum(self.income_by_source.values(), ZERO) + self.other_income

    @property
    def benefits(self) -> Decimal:
        return sum(self.benefits_by_kind.values(), ZERO)

    @property
    def closing_balance(self) -> Decimal:
        return self.opening_balance + self.income - self.benefits - self.expenses

    @property
    def fund_size(self) -> Decimal:
        """The money the fund had to work with in the year: what it held plus what came in."""
        return self.opening_balance + self.income

    @property
    def expense_share(self) -> Decimal:
        return self.expenses / self.fund_size if self.fund_size > 0 else ZERO

    @property
    def expenses_flagged(self) -> bool:
        return self.expense_share > EXPENSE_SHARE_LIMIT

    @property
    def expense_percent(self) -> Decimal:
        return (self.expense_share * 100).quantize(Decimal("0.1"))

    def income_rows(self) -> list[tuple[str, Decimal]]:
        rows = [(str(Source(s).label), self.income_by_source.get(s, ZERO)) for s in Source.values]
        return [*rows, (str(Kind.OTHER_INCOME.label), self.other_income)]

    def benefit_rows(self) -> list[tuple[str, Decimal, int]]:
        return [
            (str(BenefitType.Kind(kind).label), amount, self.benefit_counts.get(kind, 0))
            for kind, amount in sorted(self.benefits_by_kind.items(), key=lambda kv: -kv[1])
        ]


def year_statement(fund: WelfareFund, year_be: int) -> YearStatement:
    """A fund's fiscal year in three grouped queries (opening balance, by kind, by month)."""
    starts_on, ends_on = fiscal_year_bounds(year_be)
    statement = YearStatement(year_be, starts_on, ends_on)
    entries = LedgerEntry.objects.filter(fund=fund)
    # The opening balance is the balance less what came and went since the year began: the
    # fund keeps its balance as the sum of its entries (reports.integrity checks it), so only
    # this year's entries are read, not the fund's whole history.
    since = entries.filter(occurred_on__gte=starts_on).order_by().values("fund")
    since = since.annotate(total=Sum("amount")).values("total")
    balance, moved = (
        WelfareFund.objects.filter(pk=fund.pk)
        .annotate(moved=Coalesce(Subquery(since), ZERO, output_field=DecimalField()))
        .values_list("balance", "moved")
        .get()
    )
    statement.opening_balance = money(balance) - money(moved)
    in_year = entries.filter(occurred_on__range=(starts_on, ends_on))
    grouped = (
        # A reversal counts under what the entry it reverses counts as (LedgerEntry.count_as).
        in_year.values(k=F("counts_as"), s=F("counts_as_source"), b=F("counts_as_benefit"))
        .annotate(total=Sum("amount"), n=Count("pk", filter=Q(kind=Kind.BENEFIT)))
        .order_by()
    )
    for row in grouped:
        kind, total = row["k"], money(row["total"])
        if kind in (Kind.CONTRIBUTION, Kind.GRANT):
            source = row["s"] or (Source.MEMBERS if kind == Kind.CONTRIBUTION else Source.OTHER)
            statement.income_by_source[source] = (
                statement.income_by_source.get(source, ZERO) + total
            )
        elif kind == Kind.OTHER_INCOME:
            statement.other_income += total
        elif kind == Kind.BENEFIT:
            benefit = row["b"] or BenefitType.Kind.OTHER
            statement.benefits_by_kind[benefit] = (
                statement.benefits_by_kind.get(benefit, ZERO) - total
            )
            statement.benefit_counts[benefit] = statement.benefit_counts.get(benefit, 0) + row["n"]
        elif kind == Kind.EXPENSE:
            statement.expenses -= total
    statement.months = _months(in_year, starts_on)
    statement.exceptions = _exceptions(fund, starts_on, ends_on)
    return statement


def _exceptions(fund: WelfareFund, starts_on: dt.date, ends_on: dt.date) -> list[ExceptionRow]:
    """The exceptions granted for events of the year (one query, no names)."""
    claims = (
        Claim.objects.filter(
            fund=fund, exception_resolution__isnull=False, event_on__range=(starts_on, ends_on)
        )
        .exclude(status=Claim.Status.REJECTED)
        .order_by("event_on", "pk")
        .values_list(
            "member__member_no", "benefit_type__name", "event_on", "amount",
            "exception_resolution__meeting__title", "exception_resolution__meeting__held_on",
            "exception_resolution__position", "waived_rules",
        )
    )  # fmt: skip
    return [
        ExceptionRow(no, benefit, on, money(amount), meeting, held_on, position,
                     [waived["reason"] for waived in waived_rules])
        for no, benefit, on, amount, meeting, held_on, position, waived_rules in claims
    ]  # fmt: skip


def _months(entries, starts_on: dt.date) -> list[MonthRow]:
    rows = {}
    day = starts_on
    for _ in range(12):
        rows[day] = MonthRow(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    grouped = (
        entries.annotate(month=TruncMonth("occurred_on"))
        .values("month", k=F("counts_as"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for item in grouped:
        month = item["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        row = rows.get(month)
        if row is None:
            continue
        kind, total = item["k"], money(item["total"])
        if kind == Kind.CONTRIBUTION:
            row.contributions += total
        elif kind in (Kind.GRANT, Kind.OTHER_INCOME):
            row.other_income += total
        elif kind == Kind.BENEFIT:
            row.benefits -= total
        elif kind == Kind.EXPENSE:
            row.expenses -= total
    return list(rows.values())


def member_counts(fund: WelfareFund) -> dict[str, dict[str, int]]:
    """Members by group, then by status, in one grouped query."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    rows = fund.members.values("group", "status").annotate(n=Count("pk")).order_by()
    for row in rows:
        counts[row["group"]][row["status"]] = row["n"]
    return counts


@dataclass(frozen=True)
class MemberTable:
    """Members by group (one row each) and status (one column each), with each column's total."""

    rows: list[tuple[str, list[int]]]
    status_totals: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.status_totals.values())


def member_table(fund: WelfareFund) -> MemberTable:
    counts = member_counts(fund)
    rows = [
        (label, [counts.get(value, {}).get(status, 0) for status in Member.Status.values])
        for value, label in Member.Group.choices
    ]
    totals = {
        status: sum(row[index] for _label, row in rows)
        for index, status in enumerate(Member.Status.values)
    }
    return MemberTable(rows, totals)


@dataclass
class FundRow:
    fund: WelfareFund
    members: int = 0
    active_members: int = 0
    income_by_source: dict[str, Decimal] = field(default_factory=dict)
    benefits: Decimal = ZERO
    expenses: Decimal = ZERO

    @property
    def income(self) -> Decimal:
        return sum(self.income_by_source.values(), ZERO)


@dataclass
class AreaRollup:
    funds: list[FundRow]
    benefits_by_kind: dict[str, Decimal]
    benefit_counts: dict[str, int]

    @property
    def members(self) -> int:
        return sum(row.members for row in self.funds)

    @property
    def active_members(self) -> int:
        return sum(row.active_members for row in self.funds)

    @property
    def balance(self) -> Decimal:
        return sum((row.fund.balance for row in self.funds), ZERO)

    def income_by_source(self) -> list[tuple[str, Decimal]]:
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.funds:
            for source, amount in row.income_by_source.items():
                totals[source] += amount
        return [(str(Source(s).label), totals[s]) for s in Source.values]

    def benefit_rows(self) -> list[tuple[str, Decimal, int]]:
        return [
            (str(BenefitType.Kind(kind).label), amount, self.benefit_counts.get(kind, 0))
            for kind, amount in sorted(self.benefits_by_kind.items(), key=lambda kv: -kv[1])
        ]


def area_rollup(funds) -> AreaRollup:
    """Funds of an area with their members, money by source and payouts by benefit kind.

    Four queries for any number of funds: the funds, members grouped by fund, entries grouped
    by fund/kind/source, payouts grouped by benefit kind.
    """
    rows = {
        fund.pk: FundRow(fund)
        for fund in funds.select_related("council__subdistrict__district").order_by(
            "council__subdistrict_id"
        )
    }
    members = (
        Member.objects.filter(fund__in=list(rows))
        .values("fund")
        .annotate(n=Count("pk"), active=Count("pk", filter=Q(status=Member.Status.ACTIVE)))
        .order_by()
    )
    for item in members:
        rows[item["fund"]].members = item["n"]
        rows[item["fund"]].active_members = item["active"]
    entries = LedgerEntry.objects.filter(fund__in=list(rows))
    grouped = (
        entries.values("fund", k=F("counts_as"), s=F("counts_as_source"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for item in grouped:
        row, kind, total = rows[item["fund"]], item["k"], money(item["total"])
        if kind in (Kind.CONTRIBUTION, Kind.GRANT):
            source = item["s"] or Source.OTHER
            row.income_by_source[source] = row.income_by_source.get(source, ZERO) + total
        elif kind == Kind.OTHER_INCOME:
            row.income_by_source[Source.OTHER] = (
                row.income_by_source.get(Source.OTHER, ZERO) + total
            )
        elif kind == Kind.BENEFIT:
            row.benefits -= total
        elif kind == Kind.EXPENSE:
            row.expenses -= total
    benefits: dict[str, Decimal] = defaultdict(lambda: ZERO)
    counts: dict[str, int] = defaultdict(int)
    by_kind = (
        entries.filter(counts_as=Kind.BENEFIT)
        .values(b=F("counts_as_benefit"))
        .annotate(total=Sum("amount"), n=Count("pk", filter=Q(kind=Kind.BENEFIT)))
        .order_by()
    )
    for item in by_kind:
        kind = item["b"] or BenefitType.Kind.OTHER
        benefits[kind] -= money(item["total"])
        counts[kind] += item["n"]
    return AreaRollup(list(rows.values()), dict(benefits), dict(counts))
