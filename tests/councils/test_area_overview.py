"""The district and province overviews: every tambon, its council and its warnings."""

import pytest
from django.urls import reverse

from councils.models import Subdistrict
from tests.factories import CouncilFactory, MemberFactory, OrganizationFactory


def councils_in_chiang_rai(count: int):
    for subdistrict in Subdistrict.objects.filter(code__startswith="57")[:count]:
        council = CouncilFactory(subdistrict_id=subdistrict.code)
        OrganizationFactory(council=council)
        MemberFactory(council=council, role="chair", village_no=1)
        MemberFactory(council=council, village_no=2)


@pytest.mark.parametrize("count", [5, 50])
def test_province_overview_queries_stay_flat(
    count, province_coordinator, client_for, django_assert_num_queries
):
    councils_in_chiang_rai(count)
    client = client_for(province_coordinator)
    # session, user, assignments (scope), province, subdistricts with districts, councils
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(7):
        response = client.get(reverse("area_overview", args=["57"]))
    assert response.status_code == 200
    assert response.context["totals"]["councils"] == count


def test_overview_shows_tambons_without_a_council(council, district_coordinator, client_for):
    response = client_for(district_coordinator).get(reverse("area_overview", args=["5709"]))
    rows = response.context["rows"]
    assert len(rows) == 8  # all of Mae Sai's tambons
    assert sum(1 for row in rows if row["council"]) == 1
    assert "ห้วยไคร้" in response.content.decode()


def test_overview_lists_the_warnings(council, district_coordinator, client_for):
    MemberFactory(council=council, role="chair", village_no=1)
    page = client_for(district_coordinator).get(reverse("area_overview", args=["5709"]))
    warnings = page.context["rows"][0]["warnings"]
    assert {w.rule for w in warnings} >= {"no_secretary", "no_vice_chair_1"}
