"""A district book names its area's basic-needs problems from the village data."""

import pytest
from django.urls import reverse

from councils.villages import rollup
from plans.books.models import StrategyBook
from tests.factories import VillageFigureFactory, basic_needs_indicator
from tests.reports.plan_builders import accepted_plan, book

pytestmark = pytest.mark.django_db


def test_the_book_shows_the_indicators_with_most_villages_below_target(
    district_coordinator, client_for
):
    accepted_plan("570901")
    district = book(StrategyBook.Level.DISTRICT, "5709")
    water, first = basic_needs_indicator("9"), basic_needs_indicator("1")
    for village in (1, 2):
        VillageFigureFactory(village_no=village, indicator=water, households_passed=60)
        VillageFigureFactory(village_no=village, indicator=first, households_passed=120)
    VillageFigureFactory(year=2566, village_no=3, indicator=first, households_passed=1)
    page = client_for(district_coordinator).get(reverse("book_detail", args=[district.pk]))
    shortfalls = page.context["village_shortfalls"]
    assert shortfalls.year == 2568
    assert [row.indicator for row in shortfalls.rows] == [water]  # not the older survey
    html = page.content.decode()
    assert 'id="village-shortfalls"' in html
    assert "ไม่ผ่านเกณฑ์ 2 จาก 2 หมู่บ้าน (100%)" in html
    assert reverse("area_villages", args=["5709"]) in html


def test_a_book_of_an_area_without_village_data_has_no_such_section(
    district_coordinator, client_for
):
    accepted_plan("570901")
    district = book(StrategyBook.Level.DISTRICT, "5709")
    page = client_for(district_coordinator).get(reverse("book_detail", args=[district.pk]))
    assert page.context["village_shortfalls"] == rollup.Shortfalls(None, [])
    assert 'id="village-shortfalls"' not in page.content.decode()
