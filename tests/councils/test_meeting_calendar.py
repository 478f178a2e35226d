"""The calendar of meetings: upcoming ones in a list, a month on a grid, flat in queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Subdistrict
from tests.factories import CouncilFactory, MeetingFactory


def upcoming(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_a_tambon_sees_its_own_meetings_and_those_of_its_district_and_province(
    council, other_council, tambon_coordinator, client_for
):
    mine = MeetingFactory(council=council, held_on=upcoming(3))
    district = MeetingFactory(
        council=None, level="district", kind="district_network", area_code="5709",
        held_on=upcoming(10), title="ประชุมเครือข่ายอำเภอแม่สาย",
    )  # fmt: skip
    neighbour = MeetingFactory(council=other_council, held_on=upcoming(4))
    MeetingFactory(council=council, held_on=upcoming(-3))  # past: not upcoming
    response = client_for(tambon_coordinator).get(reverse("meeting_calendar", args=["570901"]))
    assert response.context["meetings"] == [mine, district]
    assert neighbour not in response.context["meetings"]


def test_the_month_view_takes_a_buddhist_era_month(council, tambon_coordinator, client_for):
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    client = client_for(tambon_coordinator)
    url = reverse("meeting_calendar", args=["570901"])
    response = client.get(url, {"view": "month", "month": "2569-03"})
    assert response.context["meetings"] == [meeting]
    assert response.context["month_label"] == "มีนาคม 2569"
    assert response.context["previous_month"] == "2569-02"
    busy = [day for week in response.context["weeks"] for day, found in week if found]
    assert busy == [dt.date(2026, 3, 12)]
    # A month outside the allow-listed shape shows this month instead of failing.
    odd = client.get(url, {"view": "year", "month": "2026-13"})
    assert odd.status_code == 200 and odd.context["view"] == "list"


@pytest.mark.parametrize("count", [2, 30])
def test_calendar_queries_stay_flat(
    count, province_coordinator, client_for, django_assert_num_queries
):
    for n, subdistrict in enumerate(Subdistrict.objects.filter(code__startswith="57")[:count]):
        council = CouncilFactory(subdistrict_id=subdistrict.code)
        MeetingFactory(council=council, held_on=upcoming(n % 20 + 1))
    client = client_for(province_coordinator)
    # session, user, assignments (scope), area name, meetings with their councils
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(6):
        response = client.get(reverse("meeting_calendar", args=["57"]))
    assert len(response.context["meetings"]) == count
    with django_assert_num_queries(6):
        client.get(reverse("meeting_calendar", args=["57"]), {"view": "month"})
