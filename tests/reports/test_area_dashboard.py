"""Area dashboards: plan coverage and budgets with SVG charts, in a fixed number of queries."""

import pytest
from django.urls import reverse

from plans.models import CommunityPlan
from tests.reports.plan_builders import accepted_plan

MAE_SAI_TAMBONS = ("570901", "570902", "570903", "570904", "570905", "570906", "570908")


@pytest.mark.parametrize("tambons", [2, 7])
def test_province_dashboard_query_count_does_not_grow(
    db, tambons, province_coordinator, client_for, django_assert_num_queries
):
    for code in MAE_SAI_TAMBONS[:tambons]:
        accepted_plan(code)
    client = client_for(province_coordinator)
    client.get(reverse("area_dashboard", args=["57"]))
    # session, user, assignments (scope), the province; coverage: tambons, councils, plans by
    # state; themes; totals by theme, source and year; by district: districts, tambons, plans;
    # totals by district; the curated areas (provinces); the area's books.
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(18):
        response = client.get(reverse("area_dashboard", args=["57"]))
    assert response.status_code == 200


def test_dashboard_shows_coverage_and_budget_charts(db, district_coordinator, client_for):
    accepted_plan("570901", amounts={"economy": [1500], "society": [10], "environment": [5]})
    accepted_plan("570902", state=CommunityPlan.State.SUBMITTED)
    page = client_for(district_coordinator).get(
        reverse("area_dashboard", args=["5709"]) + "?year=2570"
    )
    html = page.content.decode()
    assert html.count("<svg") == 4
    assert "3,030" in html  # (1,500 + 10 + 5) x 2 years, from the accepted plan only
    assert "ด้านเศรษฐกิจ" in html
