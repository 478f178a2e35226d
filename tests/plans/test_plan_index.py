"""The list of plans: each person sees the plans in their scope, and the way to their work."""

import pytest
from django.urls import reverse

from tests.factories import CouncilFactory, complete_plan

MAE_SAI_TAMBONS = ("570901", "570902", "570903", "570904", "570905", "570906", "570908")


def test_alice_sees_her_plan_and_can_start_one(
    council, other_council, tambon_coordinator, client_for
):
    mine = complete_plan(council)
    complete_plan(other_council)
    response = client_for(tambon_coordinator).get(reverse("plan_index"))
    assert list(response.context["page"].object_list) == [mine]
    assert response.context["can_start"]
    assert not response.context["review_areas"]


def test_dao_is_pointed_to_the_review_queue(council, district_coordinator, client_for):
    complete_plan(council, state="submitted")
    response = client_for(district_coordinator).get(reverse("plan_index"))
    assert [d.code for d in response.context["review_areas"]] == ["5709"]
    assert reverse("review_queue", args=["5709"]) in response.content.decode()
    assert not response.context["can_start"]


@pytest.mark.parametrize("count", [2, 14])
def test_the_plan_list_queries_stay_flat(
    count, province_coordinator, client_for, django_assert_num_queries
):
    councils = [CouncilFactory(subdistrict_id=code) for code in MAE_SAI_TAMBONS]
    for number in range(count):
        year = 2550 + number
        complete_plan(councils[number % len(councils)], first_year=year, last_year=year)
    client = client_for(province_coordinator)
    # session, user, assignments (scope), the page's count, the plans with their facts (Pim
    # keeps no council and reviews no district, so those two questions need no query)
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(6):
        response = client.get(reverse("plan_index"))
    assert len(response.context["page"].object_list) == count


def test_a_returned_plan_shows_the_districts_note_first(
    council, tambon_coordinator, district_coordinator, client_for
):
    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    plan.send_back(by=district_coordinator, note="ขอให้แยกงบประมาณตามแหล่งให้ชัดเจน")
    page = client_for(tambon_coordinator).get(plan.get_absolute_url()).content.decode()
    header = page[page.index('<section id="plan-header">') : page.index('id="plan-editor"')]
    assert "ขอให้แยกงบประมาณตามแหล่งให้ชัดเจน" in header
