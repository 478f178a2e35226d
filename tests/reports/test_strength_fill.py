"""The auto-fill: what the portal's own data says for each AutoSource, at the thresholds, in a
fixed number of queries, and written on an assessment without overriding the council."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from councils.strength.models import AutoSource, StrengthIndicator, StrengthScore
from plans.models import CommunityPlan, PlanProject
from reports import strength
from reports.strength import PlanFacts
from tests.factories import (
    AssessmentFactory,
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
    MemberFactory,
    PersonFactory,
    TrainingFactory,
    complete_plan,
)

pytestmark = pytest.mark.django_db

YEAR = 2569  # 1 October 2025 to 30 September 2026
TODAY = dt.date(2026, 10, 15)  # the year has ended; its data is all in


def _values(council):
    return strength.portal_values(council, YEAR, TODAY)


@pytest.mark.parametrize(
    ("members", "level"), [(None, 1), (0, 2), (99, 2), (100, 3), (249, 3), (250, 4), (500, 5)]
)
def test_welfare_fund_levels(members, level):
    assert strength.welfare_fund_level(members).level == level


@pytest.mark.parametrize(
    ("held", "level"), [(0, 1), (1, 2), (2, 3), (3, 3), (4, 4), (5, 4), (6, 5)]
)
def test_meeting_levels_against_the_acts_four(held, level):
    assert strength.meetings_level(held).level == level


@pytest.mark.parametrize(
    ("trained", "level"), [(0, 1), (1, 2), (2, 3), (4, 3), (5, 4), (9, 4), (10, 5)]
)
def test_leaders_trained_levels(trained, level):
    assert strength.leaders_trained_level(trained).level == level


@pytest.mark.parametrize(
    ("officers", "named", "level"),
    [(0, 0, 1), (4, 0, 1), (4, 1, 2), (4, 2, 3), (4, 3, 4), (4, 4, 5), (3, 2, 3)],
)
def test_successor_levels_by_share_of_sitting_officers(officers, named, level):
    assert strength.successors_level(officers, named).level == level


def _plan(state, projects=4, moving=0, taken=0, accepted_once=None):
    once = state == "accepted" if accepted_once is None else accepted_once
    return PlanFacts(state, once, projects, moving, taken)


@pytest.mark.parametrize(
    ("plan", "level"),
    [
        (None, 1),
        (_plan("draft"), 2),
        (_plan("submitted"), 3),
        (_plan("returned"), 3),
        (_plan("accepted"), 4),
        (_plan("accepted", taken=1), 5),
    ],
)
def test_plan_levels_by_state(plan, level):
    assert strength.accepted_plan_level(plan).level == level


@pytest.mark.parametrize(
    ("plan", "level"),
    [
        (None, 1),
        (_plan("draft", moving=4), 1),  # not accepted: its projects are not the plan's yet
        (_plan("accepted", projects=0), 1),
        (_plan("accepted", moving=0), 1),
        (_plan("accepted", projects=5, moving=1), 2),
        (_plan("accepted", moving=1), 3),
        (_plan("accepted", moving=2), 4),
        (_plan("accepted", moving=3), 5),
        (_plan("returned", moving=3, accepted_once=True), 5),  # reopened after acceptance
    ],
)
def test_projects_under_way_levels(plan, level):
    assert strength.projects_under_way_level(plan).level == level


def test_no_data_gives_level_one_everywhere(council):
    values = _values(council)
    assert {source: filled.level for source, filled in values.items()} == {
        source: 1 for source in AutoSource.values if source
    }


def test_meetings_count_only_council_meetings_of_the_fiscal_year(council, in_english):
    for held_on in (dt.date(2025, 10, 1), dt.date(2026, 3, 12), dt.date(2026, 9, 30)):
        MeetingFactory(council=council, held_on=held_on)
    MeetingFactory(council=council, held_on=dt.date(2025, 9, 30))  # the year before
    MeetingFactory(council=council, held_on=dt.date(2026, 5, 1), kind="community_forum")
    filled = _values(council)[AutoSource.MEETINGS]
    assert filled.level == 3
    assert filled.value == "3 council meetings held of the 4 the Act asks for"


def test_the_meetings_text_in_thai(council):
    MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    assert _values(council)[AutoSource.MEETINGS].value == "ประชุม 1 ครั้งจาก 4 ครั้งที่ พ.ร.บ. กำหนด"


def test_meetings_after_today_are_not_held_yet(council):
    MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    MeetingFactory(council=council, held_on=dt.date(2026, 6, 12))
    values = strength.portal_values(council, YEAR, dt.date(2026, 4, 1))
    assert values[AutoSource.MEETINGS].level == 2


def test_a_fund_counts_its_active_members(council, in_english):
    fund = FundFactory(council=council)
    FundMemberFactory.create_batch(2, fund=fund)
    lapsed = FundMemberFactory(fund=fund)
    type(lapsed).objects.filter(pk=lapsed.pk).update(status="lapsed")
    filled = _values(council)[AutoSource.WELFARE_FUND]
    assert filled == strength.Filled(2, "A community welfare fund with 2 active members")


def test_leaders_trained_are_distinct_persons_of_the_council_in_the_year(council, other_council):
    trained = PersonFactory(council=council)
    TrainingFactory(person=trained, attended_on=dt.date(2025, 11, 1))
    TrainingFactory(person=trained, attended_on=dt.date(2026, 2, 10))
    TrainingFactory(person=PersonFactory(council=council), attended_on=dt.date(2026, 8, 1))
    TrainingFactory(person=PersonFactory(council=council), attended_on=dt.date(2025, 9, 1))
    TrainingFactory(person=PersonFactory(council=other_council), attended_on=dt.date(2026, 2, 1))
    assert _values(council)[AutoSource.LEADERS_TRAINED].level == 3  # 2 persons


def test_successors_count_sitting_officers(council, in_english):
    successor = PersonFactory(council=council)
    MemberFactory(council=council, role="chair", successor=successor)
    MemberFactory(council=council, role="secretary")
    MemberFactory(council=council, role="vice_chair_1", left_on=dt.date(2025, 1, 1),
                  successor=PersonFactory(council=council))  # fmt: skip
    MemberFactory(council=council, role="member")
    filled = _values(council)[AutoSource.SUCCESSORS]
    assert filled == strength.Filled(3, "1 of 2 sitting officers have a named successor")


def _execute(plan, count, **fields):
    pks = list(PlanProject.objects.filter(issue__plan=plan).values_list("pk", flat=True)[:count])
    PlanProject.objects.filter(pk__in=pks)._record_execution(**fields)


def test_the_plan_covering_the_year_and_its_projects(council):
    plan = complete_plan(council, state="accepted")  # 3 projects, 2569-2573
    values = _values(council)
    assert values[AutoSource.ACCEPTED_PLAN].level == 4
    assert values[AutoSource.PROJECTS_UNDER_WAY].level == 1
    _execute(plan, 1, execution_status="under_way")
    _execute(plan, 1, taken_into_plan=True)
    values = _values(council)
    assert values[AutoSource.ACCEPTED_PLAN].level == 5
    assert values[AutoSource.PROJECTS_UNDER_WAY].level == 3  # 1 of 3 is 33 %
    _execute(plan, 3, execution_status="done")
    assert _values(council)[AutoSource.PROJECTS_UNDER_WAY].level == 5


def test_a_draft_plan_of_another_period_does_not_count(council):
    complete_plan(council, first_year=2574, last_year=2578)
    assert _values(council)[AutoSource.ACCEPTED_PLAN].level == 1
    QuerySet.update(CommunityPlan.objects.filter(council=council), first_year=2568)
    assert _values(council)[AutoSource.ACCEPTED_PLAN].level == 2


def _rich_council(council, n):
    fund = FundFactory(council=council) if not hasattr(council, "welfare_fund") else None
    if fund:
        FundMemberFactory.create_batch(n, fund=fund)
    for i in range(n):
        MeetingFactory(council=council, held_on=dt.date(2026, 1, 1) + dt.timedelta(days=i))
        TrainingFactory(person=PersonFactory(council=council), attended_on=dt.date(2026, 2, 1))


def test_the_portal_values_cost_five_queries_however_much_data(council, other_council):
    _rich_council(council, 1)
    complete_plan(council, state="accepted")
    _rich_council(other_council, 8)
    complete_plan(other_council, state="accepted")
    for each in (council, other_council):
        # the fund and its active members; the plan covering the year with its project
        # counts; the council meetings of the year; the distinct persons trained; the sitting
        # officers and those with a successor
        with CaptureQueriesContext(connection) as queries:
            strength.portal_values(each, YEAR, TODAY)
        assert len(queries) == 5


def test_fill_in_writes_the_filled_levels_and_keeps_the_councils_choice(council, in_english):
    assessment = AssessmentFactory(council=council, fiscal_year=YEAR)
    meetings = StrengthIndicator.objects.for_province("57").get(auto_source=AutoSource.MEETINGS)
    fund = StrengthIndicator.objects.for_province("57").get(auto_source=AutoSource.WELFARE_FUND)
    assessment.record_scores({meetings.pk: 5})
    MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    strength.fill_in(assessment, today=TODAY)
    scores = {s.indicator_id: s for s in StrengthScore.objects.filter(assessment=assessment)}
    auto = StrengthIndicator.objects.for_province("57").exclude(auto_source="")
    assert set(scores) == {i.pk for i in auto}
    assert (scores[meetings.pk].level, scores[meetings.pk].filled_level) == (5, 2)
    assert scores[meetings.pk].changed_by_council
    # Kept in the portal's own language, whatever the language of the request.
    assert scores[meetings.pk].filled_value == "ประชุม 1 ครั้งจาก 4 ครั้งที่ พ.ร.บ. กำหนด"
    assert (scores[fund.pk].level, scores[fund.pk].filled_level) == (1, 1)
    assessment.refresh_from_db()
    assert assessment.overall_level is not None
    assert assessment.component_levels.exists()
