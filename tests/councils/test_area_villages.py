"""The village data page of an area: the roll-up per dataset and year, the indicators short of
target first, one indicator by child area, paged, at the same cost for more villages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.villages import area_views as views
from councils.villages.models import Dataset, VillageFigure, VillageIndicator
from tests.factories import VillageFigureFactory, basic_needs_indicator

pytestmark = pytest.mark.django_db


def _road():
    return VillageIndicator.objects.get(dataset=Dataset.VILLAGE_BASIC_DATA, code="1")


@pytest.fixture
def figures():
    water, first = basic_needs_indicator("9"), basic_needs_indicator("1")
    for tambon, passed in (("570901", 60), ("570902", 98)):
        for village in (1, 2):
            VillageFigureFactory(
                subdistrict_id=tambon, village_no=village, indicator=water,
                households_surveyed=100, households_passed=passed,
            )  # fmt: skip
            VillageFigureFactory(subdistrict_id=tambon, village_no=village, indicator=first,
                                 households_passed=120)  # fmt: skip
    VillageFigureFactory(year=2565, indicator=water, households_passed=1)
    VillageFigure.objects.create(
        subdistrict_id="570902", village_no=1, year=2567, indicator=_road(), level=1
    )
    return {"water": water, "first": first}


def test_a_district_shows_its_short_indicators_and_its_tambons(
    figures, district_coordinator, client_for
):
    page = client_for(district_coordinator).get(reverse("area_villages", args=["5709"]))
    assert page.status_code == 200
    context = page.context
    assert context["year"] == 2568 and context["years"] == [2568, 2565]
    assert [row.indicator for row in context["short"]] == [figures["water"]]
    (water,) = context["short"]
    assert (water.surveyed, water.passed, water.villages_short) == (400, 316, 2)
    # The indicator with the most villages in trouble is shown by tambon.
    assert context["chosen"].indicator == figures["water"]
    assert [(row.child_name, row.villages_short) for row in context["children"]] == [
        ("แม่สาย", 2),
        ("ห้วยไคร้", 0),
    ]
    html = page.content.decode()
    assert 'style="width: 79.0%"' in html  # 316 of 400 households
    assert reverse("area_villages", args=["570901"]) in html


def test_the_year_and_the_indicator_are_chosen_by_the_query(
    figures, district_coordinator, client_for
):
    client = client_for(district_coordinator)
    url = reverse("area_villages", args=["5709"])
    older = client.get(url, {"year": 2565}).context
    assert older["year"] == 2565 and [r.villages for r in older["rows"]] == [1]
    first = client.get(url, {"indicator": figures["first"].pk}).context
    assert first["chosen"].indicator == figures["first"]
    # A year without data falls back to the latest one.
    assert client.get(url, {"year": 2550}).context["year"] == 2568


def test_the_village_basic_data_counts_villages_per_level(
    figures, district_coordinator, client_for
):
    page = client_for(district_coordinator).get(
        reverse("area_villages", args=["5709"]), {"dataset": "nrd2c"}
    )
    (road,) = page.context["rows"]
    assert (road.serious, road.some, road.none) == (1, 0, 0)
    assert [row.child for row in page.context["children"]] == ["570902"]


def test_a_tambon_shows_its_villages(figures, tambon_coordinator, client_for):
    page = client_for(tambon_coordinator).get(reverse("area_villages", args=["570901"]))
    assert [row.child for row in page.context["children"]] == [1, 2]
    assert "หมู่ 1" in page.content.decode()


def test_an_area_without_data_says_so(tambon_coordinator, client_for):
    page = client_for(tambon_coordinator).get(reverse("area_villages", args=["570901"]))
    assert page.context["year"] is None
    assert "ยังไม่มีการนำเข้าข้อมูลชุดนี้" in page.content.decode()


def test_the_area_pages_link_to_it(council, district_coordinator, tambon_coordinator, client_for):
    overview = client_for(district_coordinator).get(reverse("area_overview", args=["5709"]))
    assert reverse("area_villages", args=["5709"]) in overview.content.decode()
    council_page = client_for(tambon_coordinator).get(council.get_absolute_url())
    assert reverse("area_villages", args=["570901"]) in council_page.content.decode()


def test_the_children_are_paged_and_the_queries_stay_flat(
    province_coordinator, client_for, monkeypatch
):
    monkeypatch.setattr(views, "CHILDREN_PAGE_SIZE", 2)
    water = basic_needs_indicator("9")
    client = client_for(province_coordinator)
    url = reverse("area_villages", args=["5709"])
    tambons = ["570901", "570902", "570903", "570904", "570905"]

    def count(villages: int) -> int:
        VillageFigure.objects.all().delete()
        for tambon in tambons:
            for village in range(1, villages + 1):
                VillageFigureFactory(subdistrict_id=tambon, village_no=village, indicator=water)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, {"page": 2})
        assert [row.child for row in page.context["children"]] == tambons[2:4]
        return len(queries)

    # session, user, scope, the area; the years; the indicators and their grouped figures; the
    # page count and the page of tambons; their names; the menu's counts: the same for any size.
    assert count(1) == count(6)
