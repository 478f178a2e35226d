"""The roll-up: totals by theme, source, year and district come from aggregate queries."""

from decimal import Decimal

import pytest

from plans import rollup
from plans.books.models import StrategyBook
from plans.models import CommunityPlan
from tests.reports.plan_builders import accepted_plan, book

MAE_SAI_TAMBONS = ("570901", "570902", "570903", "570904", "570905", "570906", "570908")


@pytest.fixture
def two_plans(db):
    accepted_plan("570901", amounts={"economy": [1000, 500], "society": [200]})
    accepted_plan("570902", amounts={"economy": [300], "environment": [50]}, source="codi")
    accepted_plan("570903", amounts={"economy": [99999]}, state=CommunityPlan.State.DRAFT)


def test_area_totals_count_only_accepted_plans(two_plans):
    lines = rollup.accepted_budgets("5709")
    assert rollup.totals(lines) == {(): Decimal("4100.00")}  # (1500+200+300+50) x 2 years
    by_theme = rollup.flat(rollup.totals(lines, "theme"))
    assert by_theme == {
        "economy": Decimal("3600"),
        "society": Decimal("400"),
        "environment": Decimal("100"),
    }
    assert rollup.flat(rollup.totals(lines, "source")) == {
        "community": Decimal("3400"),
        "codi": Decimal("700"),
    }
    assert rollup.flat(rollup.totals(lines, "year")) == {
        2569: Decimal("2050"),
        2570: Decimal("2050"),
    }
    assert rollup.flat(rollup.totals(lines, "district")) == {"5709": Decimal("4100")}


def test_totals_of_an_empty_area_are_zero(db):
    assert rollup.totals(rollup.accepted_budgets("5709")) == {(): Decimal("0.00")}


def test_coverage_counts_tambons_by_plan_state(two_plans):
    coverage = rollup.coverage("5709", 2570)
    assert coverage["by_state"]["accepted"] == 2
    assert coverage["by_state"]["draft"] == 1
    assert coverage["tambons"] == 8
    assert coverage["no_plan"] == 5


def test_coverage_ignores_plans_outside_the_fiscal_year(two_plans):
    assert rollup.coverage("5709", 2580)["by_state"]["accepted"] == 0


def test_book_totals_follow_the_links_not_the_area(two_plans):
    district = book(StrategyBook.Level.DISTRICT, "5709")
    assert rollup.book_totals(district) == {(): Decimal("4100.00")}
    economy = district.issues.get(theme__code="economy")
    economy.links.filter(plan_issue__plan__council__subdistrict_id="570902").delete()
    assert rollup.book_totals(district) == {(): Decimal("3500.00")}
    assert rollup.flat(rollup.book_totals(district, "issue"))[economy.pk] == Decimal("3000")


@pytest.mark.parametrize("tambons", [2, 7])
def test_roll_up_query_count_does_not_grow_with_tambons(db, tambons, django_assert_num_queries):
    for code in MAE_SAI_TAMBONS[:tambons]:
        accepted_plan(code, amounts={"economy": [100, 200], "society": [50], "environment": [5]})
    district = book(StrategyBook.Level.DISTRICT, "5709")
    lines = rollup.accepted_budgets("5709")
    # One aggregate query per call: area totals by theme, source, year and district; coverage
    # is three (tambons, councils, plans by state); the book's totals one per dimension.
    with django_assert_num_queries(4 + 3 + 2):
        for dimension in ("theme", "source", "year", "district"):
            rollup.totals(lines, dimension)
        rollup.coverage("5709", 2569)
        rollup.book_totals(district, "issue", "year")
        rollup.book_totals(district, "theme")
