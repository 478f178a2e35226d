"""Village data rolled up: every tambon, district and province figure is the sum of its parts."""

import random
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import Subdistrict
from councils.villages import rollup
from councils.villages.models import Dataset, VillageFigure, VillageIndicator
from tests.factories import VillageFigureFactory, basic_needs_indicator

pytestmark = pytest.mark.django_db

YEAR = 2568
# Two tambons of Mae Sai district (5709), one of another district of Chiang Rai (5701).
TAMBONS = ("570901", "570902", "570101")


def _road():
    return VillageIndicator.objects.get(dataset=Dataset.VILLAGE_BASIC_DATA, code="1")


def _scatter(seed: int = 7, villages: int = 6) -> None:
    """Figures of three BMN indicators and one NRD 2C indicator for a few villages of each
    tambon, in two years, with shares on both sides of the 90 % target."""
    chance = random.Random(seed)
    bmn = [basic_needs_indicator(code) for code in ("1", "9", "20")]
    for tambon in TAMBONS:
        for village in range(1, villages + 1):
            for year in (YEAR - 1, YEAR):
                for indicator in bmn:
                    surveyed = chance.randint(40, 160)
                    VillageFigureFactory(
                        subdistrict_id=tambon, village_no=village, year=year,
                        indicator=indicator, households_surveyed=surveyed,
                        households_passed=chance.randint(surveyed // 2, surveyed),
                    )  # fmt: skip
                VillageFigure.objects.create(
                    subdistrict_id=tambon, village_no=village, year=year, indicator=_road(),
                    level=chance.randint(1, 3),
                )  # fmt: skip


def _naive(prefix: str, year: int) -> dict:
    """The same figures by a loop over every row, the way one would add them up by hand."""
    sums = defaultdict(lambda: [0, 0, 0, 0])
    levels = defaultdict(lambda: [0, 0, 0])
    for figure in VillageFigure.objects.filter(
        subdistrict__code__startswith=prefix, year=year
    ).select_related("indicator"):
        if figure.indicator.dataset == Dataset.BASIC_NEEDS:
            row = sums[figure.indicator.pk]
            row[0] += figure.households_surveyed
            row[1] += figure.households_passed
            row[2] += 1
            short = (
                figure.households_passed * 100
                < figure.households_surveyed * figure.indicator.target_percent
            )
            row[3] += int(short)
        else:
            levels[figure.indicator.pk][figure.level - 1] += 1
    return {"bmn": dict(sums), "levels": dict(levels)}


def _as_dicts(prefix: str, year: int) -> dict:
    return {
        "bmn": {
            row.indicator.pk: [row.surveyed, row.passed, row.villages, row.villages_short]
            for row in rollup.basic_needs(prefix, year)
        },
        "levels": {
            row.indicator.pk: [row.serious, row.some, row.none]
            for row in rollup.problem_levels(prefix, year)
        },
    }


@pytest.mark.parametrize("prefix", ["570901", "570902", "5709", "5701", "57"])
def test_every_area_figure_equals_the_loop_over_its_villages(prefix):
    _scatter()
    assert _as_dicts(prefix, YEAR) == _naive(prefix, YEAR)
    assert _as_dicts(prefix, YEAR - 1) == _naive(prefix, YEAR - 1)


@pytest.mark.parametrize("prefix", ["570901", "5709", "57"])
def test_the_children_of_an_area_add_up_to_the_area(prefix):
    _scatter()
    for area_row in rollup.basic_needs(prefix, YEAR):
        children = rollup.child_rows(
            rollup.by_child(prefix, YEAR, area_row.indicator), area_row.indicator
        )
        assert len(children) > 1
        assert sum(c.surveyed for c in children) == area_row.surveyed
        assert sum(c.passed for c in children) == area_row.passed
        assert sum(c.villages for c in children) == area_row.villages
        assert sum(c.villages_short for c in children) == area_row.villages_short
    (road,) = rollup.problem_levels(prefix, YEAR)
    children = rollup.child_rows(rollup.by_child(prefix, YEAR, road.indicator), road.indicator)
    assert sum(c.serious for c in children) == road.serious
    assert sum(c.villages for c in children) == road.villages


def test_the_children_of_a_district_are_its_tambons_and_of_a_province_its_districts():
    _scatter(villages=2)
    indicator = basic_needs_indicator("9")
    district = rollup.by_child("5709", YEAR, indicator)
    assert [row["child"] for row in district] == ["570901", "570902"]
    province = rollup.by_child("57", YEAR, indicator)
    assert [row["child"] for row in province] == ["5701", "5709"]
    tambon = rollup.by_child("570901", YEAR, indicator)
    assert [row["child"] for row in tambon] == [1, 2]


def test_a_village_below_the_target_is_counted_and_named():
    water = basic_needs_indicator("9")  # target 90 %
    VillageFigureFactory(
        village_no=3, indicator=water, households_surveyed=100, households_passed=72
    )
    VillageFigureFactory(
        village_no=5, indicator=water, households_surveyed=100, households_passed=89
    )
    VillageFigureFactory(
        village_no=1, indicator=water, households_surveyed=100, households_passed=90
    )
    (row,) = rollup.basic_needs("570901", 2568)
    assert (row.surveyed, row.passed, row.villages, row.villages_short) == (300, 251, 3, 2)
    assert str(row.percent) == "83.67"
    assert row.falls_short
    figures = rollup.tambon_figures("570901")
    assert figures.basic_needs_year == 2568
    assert figures.short[0].short_villages == [3, 5]


def test_the_latest_year_is_told_per_dataset():
    VillageFigureFactory(year=2566)
    VillageFigureFactory(year=2567)
    VillageFigure.objects.create(
        subdistrict_id="570902", village_no=1, year=2565, indicator=_road(), level=2
    )
    assert rollup.latest_years("5709") == {"bmn": 2567, "nrd2c": 2565}
    assert rollup.latest_years("570901") == {"bmn": 2567}
    assert rollup.years("5709") == {"bmn": [2567, 2566], "nrd2c": [2565]}


def test_indicators_no_longer_in_use_are_left_out():
    VillageFigureFactory()
    VillageIndicator.objects.filter(pk=basic_needs_indicator().pk).update(active=False)
    assert rollup.basic_needs("570901", 2568) == []


def test_the_shortfalls_put_the_largest_share_of_villages_below_first():
    water, other = basic_needs_indicator("9"), basic_needs_indicator("1")
    for village in (1, 2):
        VillageFigureFactory(village_no=village, indicator=water, households_passed=60)
    VillageFigureFactory(village_no=1, indicator=other, households_passed=60)
    VillageFigureFactory(village_no=2, indicator=other, households_passed=120)
    assert [row.indicator for row in rollup.shortfalls("5709", 2568)] == [water, other]


def test_the_tambon_figures_name_each_villages_serious_problems():
    VillageFigure.objects.create(
        subdistrict_id="570901", village_no=4, year=2567, indicator=_road(), level=1
    )
    VillageFigure.objects.create(
        subdistrict_id="570901", village_no=2, year=2567, indicator=_road(), level=3
    )
    figures = rollup.tambon_figures("570901")
    assert figures.levels_year == 2567
    assert figures.serious_by_village == [(4, [_road()])]


def test_the_roll_up_queries_stay_flat_as_villages_grow():
    def count(villages: int) -> int:
        VillageFigure.objects.all().delete()
        _scatter(villages=villages)
        with CaptureQueriesContext(connection) as queries:
            rollup.basic_needs("57", YEAR)  # the indicators, the grouped figures
            rollup.problem_levels("57", YEAR)  # the same
            # The latest years, the BMN indicators and figures, the villages below the target,
            # the NRD 2C indicators and figures, the level-1 figures: 7.
            rollup.tambon_figures("570901")
            # The indicator, its grouped figures by district: 2.
            list(rollup.by_child("57", YEAR, basic_needs_indicator("9")))
        return len(queries)

    Subdistrict.objects.filter(code__in=TAMBONS).update(village_count=None)
    assert count(2) == count(8) == 13
