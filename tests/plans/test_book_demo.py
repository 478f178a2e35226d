"""The demo books: Mae Sai's district book and Chumphon's provincial book, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management.base import OutputWrapper
from django.test import override_settings

from councils.demo import registry as councils_demo
from plans.books import contents, curation
from plans.books.models import ProvinceStrategy, StrategicIssue, StrategyBook
from plans.demo import books as book_demo
from plans.models import CommunityPlan
from tests.rolled_back import rolled_back_at_end


def load() -> dict[str, int]:
    out = OutputWrapper(StringIO())
    councils_demo.seed(out)
    book_demo.seed(out)
    return {
        "plans": CommunityPlan.objects.count(),
        "books": StrategyBook.objects.count(),
        "issues": StrategicIssue.objects.count(),
        "strategies": ProvinceStrategy.objects.count(),
    }


@pytest.fixture(scope="module")
def loaded_twice(django_db_setup, django_db_blocker):
    """The registry's demo and the books built on it alone (no plans demo: the books make their
    own accepted plans), loaded twice for the whole module and rolled back after it. Returns the
    counts after each load."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with rolled_back_at_end(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
            counts = (load(), load())
        yield counts


def test_demo_books_load_twice_without_duplicates(loaded_twice, db):
    first, second = loaded_twice
    assert second == first
    assert first["books"] == 2


def test_chumphon_book_maps_every_issue_to_its_six_strategies_but_one(loaded_twice, db):
    chumphon = StrategyBook.objects.get(level="province", area_code="86")
    strategies = ProvinceStrategy.objects.filter(province_id="86")
    assert strategies.count() == 6
    assert set(strategies.values_list("first_year", "last_year")) == {(2569, 2573)}
    assert not chumphon.issues.filter(province_strategies__isnull=True).exists()
    assert chumphon.issues.filter(province_strategies__number=1).count() == 2  # one to many
    data = contents.book_data(chumphon)
    assert data["totals"]["tambons"] == 8
    assert all(issue["strategies"] for issue in data["issues"])


def test_chumphon_leaves_one_strategy_unserved_to_show_the_warning(loaded_twice, db):
    from plans.books import strategy_coverage

    coverage = strategy_coverage.for_province("86", 2569, 2573)
    assert [row.strategy.number for row in coverage.unserved] == [6]
    served = [row for row in coverage.rows if row.projects]
    assert len(served) == 5 and all(row.asked > 0 for row in served)


def test_mae_sai_book_gathers_all_eight_tambons(loaded_twice, db):
    mae_sai = StrategyBook.objects.get(level="district", area_code="5709")
    assert contents.book_data(mae_sai)["totals"]["tambons"] == 8
    assert not curation.unassigned_plan_issues(mae_sai).exists()
