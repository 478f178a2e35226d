"""The compliance rules on meetings, delegates and the annual report (s.19, s.21)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils import compliance
from councils.meetings.models import AnnualReport, Meeting
from councils.models import Council, CouncilMember
from tests.factories import MeetingFactory, MemberFactory, leaders_prepared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def rules_broken(council, today) -> dict[str, str]:
    annotated = compliance.with_compliance_facts(Council.objects.all(), today).get(pk=council.pk)
    return {w.rule: w.message for w in compliance.check(annotated, today)}


@pytest.fixture
def full_council(council):
    for village, role in enumerate(CouncilMember.OFFICER_ROLES, start=1):
        MemberFactory(council=council, role=role, village_no=village)
    MemberFactory(council=council, village_no=5)
    leaders_prepared(council)
    AnnualReport.objects.create(
        council=council, fiscal_year=2568, published_on=dt.date(2025, 12, 1)
    )
    AnnualReport.objects.create(
        council=council, fiscal_year=2569, published_on=dt.date(2026, 12, 1)
    )
    return council


def meetings_on(council, *days, kind=Meeting.Kind.COUNCIL_MEETING):
    for day in days:
        MeetingFactory(council=council, kind=kind, held_on=day)


# FY 2570 runs 1 October 2569 (2026) to 30 September 2570 (2027).
@pytest.mark.parametrize(
    ("today", "held", "broken"),
    [
        (dt.date(2026, 12, 31), 0, False),  # first quarter: nothing is due yet
        (dt.date(2027, 1, 5), 0, True),  # one meeting was due by the end of December
        (dt.date(2027, 1, 5), 1, False),
        (dt.date(2027, 4, 2), 1, True),  # two by the end of March
        (dt.date(2027, 7, 1), 3, True),  # the last quarter: the 4th must still be held
        (dt.date(2027, 9, 30), 4, False),
    ],
)
def test_fewer_than_four_council_meetings_in_the_fiscal_year(full_council, today, held, broken):
    meetings_on(full_council, *[dt.date(2026, 10, 10) + dt.timedelta(days=n) for n in range(held)])
    assert ("too_few_meetings" in rules_broken(full_council, today)) is broken


def test_the_first_quarter_looks_back_at_the_year_that_ended(full_council):
    today = dt.date(2026, 11, 21)
    meetings_on(full_council, dt.date(2025, 12, 1), dt.date(2026, 6, 1))
    message = rules_broken(full_council, today)["too_few_meetings"]
    assert "Fiscal year 2569 ended with only 2 council meetings" in message
    meetings_on(full_council, dt.date(2026, 8, 1), dt.date(2026, 9, 30))
    assert "too_few_meetings" not in rules_broken(full_council, today)
    # From January the new year's pace is what counts.
    assert "too_few_meetings" in rules_broken(full_council, dt.date(2027, 1, 5))


def test_only_council_meetings_of_this_fiscal_year_up_to_today_count(full_council):
    today = dt.date(2027, 4, 2)
    meetings_on(full_council, dt.date(2026, 9, 30))  # the year before
    meetings_on(full_council, dt.date(2027, 5, 1))  # planned, not held yet
    meetings_on(full_council, dt.date(2026, 11, 1), kind=Meeting.Kind.COMMUNITY_FORUM)
    meetings_on(full_council, dt.date(2026, 12, 1))
    message = rules_broken(full_council, today)["too_few_meetings"]
    assert "Only 1 council meeting so far in fiscal year 2570" in message
    assert "(s.19)" in message


def test_no_delegates_to_this_years_provincial_meeting(full_council, other_council):
    today = dt.date(2026, 11, 21)
    assert "no_delegates" not in rules_broken(full_council, today)  # none called yet
    provincial = MeetingFactory(
        council=None, level="province", kind="provincial", area_code="57",
        held_on=dt.date(2027, 2, 20), title="ที่ประชุมระดับจังหวัดเชียงราย",
    )  # fmt: skip
    assert "No delegates" in rules_broken(full_council, today)["no_delegates"]
    chair, vice = full_council.members.all()[:2]
    provincial.delegates.create(council=full_council, member=chair)
    assert "Only 1 of the 2" in rules_broken(full_council, today)["no_delegates"]
    provincial.delegates.create(council=full_council, member=vice)
    assert "no_delegates" not in rules_broken(full_council, today)


def test_a_provincial_meeting_of_another_province_asks_nothing(full_council):
    MeetingFactory(
        council=None, level="province", kind="provincial", area_code="86",
        held_on=dt.date(2027, 2, 20), title="ที่ประชุมระดับจังหวัดชุมพร",
    )  # fmt: skip
    assert "no_delegates" not in rules_broken(full_council, dt.date(2026, 11, 21))


def test_annual_report_is_asked_for_from_january(full_council):
    AnnualReport.objects.filter(fiscal_year=2569).delete()
    assert "no_annual_report" not in rules_broken(full_council, dt.date(2026, 12, 31))
    message = rules_broken(full_council, dt.date(2027, 1, 1))["no_annual_report"]
    assert "fiscal year 2569" in message and "31 December 2569 BE" in message


def test_a_complete_council_breaks_none_of_the_meeting_rules(full_council):
    today = dt.date(2027, 4, 2)
    meetings_on(full_council, dt.date(2026, 11, 5), dt.date(2027, 2, 5))
    assert rules_broken(full_council, today) == {}


def test_the_council_page_shows_the_meeting_warnings(
    full_council, tambon_coordinator, english_client
):
    # The page checks on today's date, which always falls in the fiscal year of a meeting held
    # today: the provincial meeting asks for delegates whatever the season.
    MeetingFactory(
        council=None, level="province", kind="provincial", area_code="57",
        held_on=timezone.localdate(), title="ที่ประชุมระดับจังหวัดเชียงราย",
    )  # fmt: skip
    page = english_client(tambon_coordinator).get(full_council.get_absolute_url())
    assert "no_delegates" in {w.rule for w in page.context["warnings"]}
    assert "No delegates are named" in page.content.decode()
    assert reverse("meeting_new", args=[full_council.subdistrict_id]) in page.content.decode()


def test_overview_stays_flat_with_meetings_and_delegates(
    province_coordinator, english_client, django_assert_num_queries
):
    from tests.councils.test_area_overview import councils_in_chiang_rai

    councils_in_chiang_rai(20)
    for council in Council.objects.all():
        meetings_on(council, dt.date(2026, 10, 5), dt.date(2026, 11, 5))
    client = english_client(province_coordinator)
    # session, user, assignments (scope), province, subdistricts with districts, councils with
    # their facts (meetings, delegates and annual report are subqueries of the same query)
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(7):
        response = client.get(reverse("area_overview", args=["57"]))
    assert response.context["totals"]["councils"] == 20
