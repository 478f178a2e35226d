"""The community-strength pages of a district or province and of the country: their figures,
who sees them, the B.E. year chooser, and flat query counts."""

import pytest
from django.urls import reverse

from councils.access import Role
from councils.models import Subdistrict
from councils.strength.models import Component, StrengthIndicator
from tests.factories import AssessmentFactory, AssignmentFactory, CouncilFactory

pytestmark = pytest.mark.django_db


def _assess(council, year, level):
    assessment = AssessmentFactory(council=council, fiscal_year=year)
    first = {}
    for indicator in StrengthIndicator.objects.for_province(council.subdistrict_id[:2]):
        first.setdefault(indicator.component, indicator.pk)
    assessment.record_scores(dict.fromkeys(first.values(), level))
    return assessment


def _mae_sai_councils(count):
    codes = list(Subdistrict.objects.filter(district_id="5709").values_list("code", flat=True))
    return [CouncilFactory(subdistrict_id=code) for code in codes[:count]]


def test_the_district_page_counts_its_tambons_at_each_level(client, district_coordinator):
    councils = _mae_sai_councils(3)
    _assess(councils[0], 2568, 4)
    _assess(councils[1], 2568, 2)
    client.force_login(district_coordinator)
    response = client.get(reverse("area_strength", args=["5709"]), {"year": 2568})
    assert response.status_code == 200
    current = response.context["current"]
    assert (current.councils, current.assessed_active, current.not_assessed) == (3, 2, 1)
    leaders = dict(response.context["component_rows"])[Component.LEADERS.label]
    assert leaders.counts == {2: 1, 4: 1}
    rows = {row["area"].code: row for row in response.context["rows"]}
    assert rows[councils[0].subdistrict_id]["figures"].components[Component.LEADERS].mean == 4
    assert rows[councils[2].subdistrict_id]["council"] == councils[2]
    assert not rows[councils[2].subdistrict_id]["figures"].assessed
    assert "<svg" in response.content.decode()


def test_the_province_page_lists_its_districts(client, province_coordinator):
    councils = _mae_sai_councils(2)
    _assess(councils[0], 2568, 5)
    client.force_login(province_coordinator)
    response = client.get(reverse("area_strength", args=["57"]), {"year": 2568})
    rows = {row["area"].code: row["figures"] for row in response.context["rows"]}
    assert rows["5709"].assessed == 1
    assert rows["5709"].councils == 2
    assert reverse("area_strength", args=["5709"]) in response.content.decode()


def test_a_christian_era_year_is_an_error_not_shifted(client, district_coordinator):
    client.force_login(district_coordinator)
    response = client.get(reverse("area_strength", args=["5709"]), {"year": 2025})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert response.context["year"] not in (2025, 2025 + 543)
    assert 'aria-invalid="true"' in response.content.decode()


def test_codi_regional_staff_see_their_regions_provinces(client, codi_staff, far_council):
    _assess(far_council, 2568, 3)  # Chumphon, in the south: not Charlie's region
    councils = _mae_sai_councils(1)
    _assess(councils[0], 2568, 4)
    client.force_login(codi_staff)
    response = client.get(reverse("national_strength"), {"year": 2568})
    assert response.status_code == 200
    codes = {row["area"].code for row in response.context["rows"]}
    assert "57" in codes and "86" not in codes
    assert response.context["current"].assessed == 1


def test_national_staff_see_the_country_by_region(client, far_council):
    national = AssignmentFactory(role=Role.CODI_NATIONAL, area_code="").user
    _assess(far_council, 2568, 3)
    _assess(_mae_sai_councils(1)[0], 2568, 4)
    client.force_login(national)
    response = client.get(reverse("national_strength"), {"year": 2568})
    assert response.context["current"].assessed == 2
    regions = dict(response.context["regions"])
    assert len(regions) == 6
    assert sum(r.assessed for r in regions.values()) == 2
    assert response.context["page"].paginator.count == 77


@pytest.mark.parametrize("persona", ["district_coordinator", "province_coordinator"])
def test_the_national_page_is_not_found_for_coordinators(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("national_strength")).status_code == 404


def test_the_area_page_takes_the_same_queries_for_more_tambons(
    client, district_coordinator, django_assert_num_queries
):
    councils = _mae_sai_councils(8)
    _assess(councils[0], 2568, 3)
    client.force_login(district_coordinator)
    url = reverse("area_strength", args=["5709"])
    client.get(url, {"year": 2568})  # the session and the user are read once

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"year": 2568}).status_code == 200
        return len(queries)

    few = count()
    for council in councils[1:]:
        _assess(council, 2568, 4)
        _assess(council, 2567, 2)
    # Queries: session, user, scope, the district, the tambons' roll-up (3), the page of
    # tambons (count, rows), their councils, the roll-up (3), the navigation's counts (base
    # template), the province of the breadcrumb: 15, however many are assessed.
    with django_assert_num_queries(few):
        client.get(url, {"year": 2568})
    assert few == 15


def test_the_national_page_takes_the_same_queries_for_more_provinces(
    client, codi_staff, django_assert_num_queries, far_council
):
    client.force_login(codi_staff)
    url = reverse("national_strength")
    client.get(url)
    client.get(url, {"year": 2568})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url, {"year": 2568})
    for council in _mae_sai_councils(6):
        _assess(council, 2568, 4)
    _assess(far_council, 2568, 1)
    # Queries: session, user, scope, the provinces' roll-up (3), the provinces, the roll-up
    # (3), the navigation's counts (base template), and the session saved for CODI staff
    # (savepoint, update, release): 14.
    with django_assert_num_queries(len(before)):
        client.get(url, {"year": 2568})
    assert len(before) == 14
