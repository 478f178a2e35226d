"""Standing worked out by the database: the same figures as Member.missed_payments member by
member, for every schedule, counted and paged with a flat number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import FundMemberFactory
from welfare import ledger, standing
from welfare.models import Member, WelfareFund

TODAY = dt.date(2026, 3, 12)
# (joined on, contributions as (amount, reversed)) : lump sums, part payments, reversals, a
# member who joins on a later day of the month than today's, one who joins tomorrow.
HISTORIES = [
    (dt.date(2025, 1, 1), []),
    (dt.date(2025, 1, 31), [("30", False)]),
    (dt.date(2025, 3, 12), [("300", False), ("30", True)]),
    (dt.date(2025, 3, 13), [("15", False), ("15", False), ("29.99", False)]),
    (dt.date(2025, 10, 1), [("60", False), ("60", True), ("45.50", False)]),
    (dt.date(2026, 1, 15), [("10000", False)]),
    (dt.date(2026, 3, 12), []),
    (dt.date(2026, 3, 13), []),
    (dt.date(2019, 7, 20), [("365", False), ("730", False), ("365", True)]),
    (dt.date(2023, 2, 28), [("0.01", False), ("120", False)]),
]


def _build(fund: WelfareFund, user, *, repeat: int = 1) -> list[Member]:
    members = []
    for _ in range(repeat):
        for joined, contributions in HISTORIES:
            member = FundMemberFactory(fund=fund, joined_on=joined)
            for amount, reversed_ in contributions:
                entry = ledger.record_contribution(member, Decimal(amount), joined, user)
                if reversed_:
                    ledger.reverse(entry, user, "เช็คเด้ง", joined)
            members.append(member)
    return members


def _python_standing(fund: WelfareFund, today: dt.date) -> list[tuple[int, int]]:
    """The old computation, member by member: (member no., missed) of the active ones behind."""
    rows = []
    for member in fund.members.filter(status=Member.Status.ACTIVE):
        member.fund = fund
        if missed := member.missed_payments(today):
            rows.append((member.member_no, missed))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


@pytest.mark.parametrize(
    ("amount", "period"),
    [("1.00", "day"), ("30.00", "month"), ("365.00", "year"), ("12.50", "month")],
)
def test_the_database_counts_missed_payments_as_the_model_does(
    fund, tambon_coordinator, amount, period
):
    fund.contribution_amount, fund.contribution_period = Decimal(amount), period
    fund.save()
    _build(fund, tambon_coordinator)
    FundMemberFactory(fund=fund, joined_on=dt.date(2020, 1, 1)).set_status("left", TODAY)
    expected = _python_standing(fund, TODAY)
    assert expected  # the fixture has members behind, by different numbers
    assert len({missed for _no, missed in expected}) > 2

    rows = standing.behind(fund, TODAY)

    assert [(row.member.member_no, row.missed) for row in rows] == expected
    counts = standing.counts(fund, TODAY)
    limit = fund.lapse_after_missed
    assert counts == standing.StandingCounts(
        behind=len(expected),
        warned=sum(missed == limit - 1 for _no, missed in expected),
        lapsing=sum(missed >= limit for _no, missed in expected),
    )
    assert [row.member.member_no for row in standing.lapsing(fund, TODAY)] == [
        no for no, missed in expected if missed >= limit
    ]


def test_the_behind_list_comes_in_pages_most_missed_first(fund, tambon_coordinator, client_for):
    _build(fund, tambon_coordinator, repeat=8)  # 80 members, most of them behind
    expected = _python_standing(fund, TODAY)
    assert len(expected) > standing.PAGE_SIZE
    counts = standing.counts(fund, TODAY)

    first = standing.behind_page(fund, TODAY, 1, counts.behind)
    second = standing.behind_page(fund, TODAY, 2, counts.behind)

    shown = [(row.member.member_no, row.missed) for row in [*first, *second]]
    assert shown == expected  # every member behind once, none up to date, in order
    assert (first.paginator.num_pages, len(first)) == (2, standing.PAGE_SIZE)
    assert not second.has_next()


def test_the_behind_page_shows_one_page_and_its_links(fund, tambon_coordinator, client_for):
    _build(fund, tambon_coordinator, repeat=8)
    client = client_for(tambon_coordinator)
    url = reverse("behind_list", args=[fund.pk])
    body = client.get(url).content.decode()
    assert body.count("payments missed") + body.count("payment missed") == standing.PAGE_SIZE
    assert 'rel="next"' in body
    assert "members behind on payments, most missed first" in body
    second = client.get(url, {"page": 2}).content.decode()
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize("repeat", [1, 3])
def test_the_fund_page_and_behind_list_stay_flat(
    fund, tambon_coordinator, client_for, django_assert_num_queries, repeat
):
    _build(fund, tambon_coordinator, repeat=repeat)  # 10 or 30 members
    client = client_for(tambon_coordinator)
    # session, user, assignments, fund, opening balance, year by kind, year by month,
    # exceptions granted, members by group/status, members by payments missed, benefit types,
    # waiting claims and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(13):
        client.get(reverse("fund_detail", args=[fund.pk]))
    # session, user, assignments, fund, members by payments missed, the page of members behind
    # and one more for the counts in the menu
    with django_assert_num_queries(7):
        client.get(reverse("behind_list", args=[fund.pk]))


def test_the_daily_run_warns_and_lapses_by_the_same_figures(fund, tambon_coordinator):
    members = _build(fund, tambon_coordinator)
    at_limit = {no for no, missed in _python_standing(fund, TODAY) if missed >= 3}

    first = standing.warn_and_lapse(fund, TODAY)
    later = standing.warn_and_lapse(fund, TODAY + dt.timedelta(days=30))

    assert {m.member_no for m in first.warned} == at_limit and not first.lapsed
    assert {m.member_no for m in later.lapsed} == at_limit
    lapsed = set(
        fund.members.filter(status=Member.Status.LAPSED).values_list("member_no", flat=True)
    )
    assert lapsed == at_limit and len(members) > len(at_limit)
