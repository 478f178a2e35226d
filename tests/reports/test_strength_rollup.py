"""Community-strength roll-ups: every figure is the sum of its tambons, in a flat number of
queries."""

from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from councils.models import Council, Subdistrict
from councils.strength import rollup
from councils.strength.models import (
    CommunityType,
    Component,
    ComponentLevel,
    StrengthAssessment,
    StrengthIndicator,
)
from tests.factories import AssessmentFactory, CouncilFactory

pytestmark = pytest.mark.django_db


def _assess(council, year, levels_by_component, community_type=None):
    """An assessment scoring the first indicator of each given component at its level."""
    assessment = AssessmentFactory(council=council, fiscal_year=year, community_type=community_type)
    indicators = StrengthIndicator.objects.for_province(council.subdistrict_id[:2])
    first = {}
    for indicator in indicators:
        first.setdefault(indicator.component, indicator.pk)
    assessment.record_scores({first[c]: level for c, level in levels_by_component.items()})
    return assessment


def _mae_sai_councils(count):
    codes = Subdistrict.objects.filter(district_id="5709").values_list("code", flat=True)
    return [CouncilFactory(subdistrict_id=code) for code in list(codes)[:count]]


@pytest.fixture
def world():
    """Mae Sai's tambons assessed in two years, one left out, one dissolved; a Chumphon tambon."""
    mae_sai = _mae_sai_councils(6)
    _assess(mae_sai[0], 2568, {Component.LEADERS: 2, Component.FINANCE: 4}, CommunityType.WEAK)
    recovering = CommunityType.RECOVERING
    _assess(mae_sai[0], 2569, {Component.LEADERS: 3, Component.FINANCE: 5}, recovering)
    _assess(mae_sai[1], 2569, {Component.LEADERS: 3, Component.KNOWLEDGE: 1})
    _assess(mae_sai[2], 2569, dict.fromkeys(Component.values, 5), CommunityType.GLOBALISED)
    _assess(mae_sai[3], 2568, {Component.MANAGEMENT: 2})
    _assess(mae_sai[4], 2569, {Component.LEADERS: 1}, CommunityType.WEAK)
    # A council dissolved after assessing itself: its year stays, it is not "not assessed".
    _assess(mae_sai[5], 2568, {Component.LEADERS: 4})
    Council.objects.filter(pk=mae_sai[5].pk).update(status="dissolved", dissolved_on="2026-01-05")
    far = CouncilFactory(subdistrict_id="860101")
    _assess(far, 2569, {Component.LEADERS: 5})
    return mae_sai


def _naive(prefix, year):
    """The figures counted tambon by tambon, the slow way, to compare with."""
    assessments = [
        a
        for a in StrengthAssessment.objects.filter(fiscal_year=year)
        if a.council.subdistrict_id.startswith(prefix)
    ]
    components = {c: Counter() for c in Component.values}
    for assessment in assessments:
        for row in ComponentLevel.objects.filter(assessment=assessment):
            components[row.component][row.level] += 1
    active = [c for c in Council.objects.all() if c.subdistrict_id.startswith(prefix)]
    active = [c for c in active if c.status == "active"]
    assessed_councils = {a.council_id for a in assessments}
    return {
        "components": components,
        "overall": Counter(a.overall_level for a in assessments if a.overall_level),
        "types": Counter(a.community_type for a in assessments if a.community_type),
        "assessed": len(assessments),
        "not_assessed": sum(1 for c in active if c.pk not in assessed_councils),
    }


@pytest.mark.parametrize("prefix", ["", "57", "5709", "86", "570901"])
@pytest.mark.parametrize("year", [2568, 2569])
def test_every_figure_equals_the_count_of_its_tambons(world, prefix, year):
    figures = rollup.area_strength([prefix], 2567, 2569).year(year)
    naive = _naive(prefix, year)
    assert figures.assessed == naive["assessed"]
    assert figures.not_assessed == naive["not_assessed"]
    for component in Component.values:
        assert figures.components[component].counts == dict(naive["components"][component])
        assert figures.components[component].tambons == figures.not_assessed + figures.assessed
    assert figures.overall.counts == dict(naive["overall"])
    assert figures.community_types.counts == dict(naive["types"])


def test_the_children_add_up_to_their_area(world):
    area = rollup.area_strength(["57"], 2569, 2569).year(2569)
    for child_length in (4, 6):
        children = rollup.child_strength(["57"], child_length, 2569).values()
        assert sum(c.assessed for c in children) == area.assessed
        assert sum(c.not_assessed for c in children) == area.not_assessed
        for component in Component.values:
            for level in rollup.LEVELS:
                assert sum(c.components[component].count(level) for c in children) == (
                    area.components[component].count(level)
                )


def test_a_tambons_row_carries_its_own_levels(world):
    tambons = rollup.child_strength(["5709"], 6, 2569)
    first = tambons[world[0].subdistrict_id]
    assert first.components[Component.LEADERS].mean == Decimal("3.0")
    assert first.components[Component.KNOWLEDGE].mean is None
    assert first.components[Component.KNOWLEDGE].not_assessed == 1
    not_assessed = tambons[world[3].subdistrict_id]
    assert (not_assessed.assessed, not_assessed.not_assessed) == (0, 1)


def test_shares_are_percent_of_the_assessed_tambons(world):
    year = rollup.area_strength(["5709"], 2569, 2569).year(2569)
    leaders = year.components[Component.LEADERS]
    # Mae Sai 2569: leaders at 3, 3, 5, 1; one of the five active councils did not assess.
    assert leaders.counts == {1: 1, 3: 2, 5: 1}
    assert leaders.shares == {
        1: Decimal("25.0"), 2: Decimal("0.0"), 3: Decimal("50.0"), 4: Decimal("0.0"),
        5: Decimal("25.0"),
    }  # fmt: skip
    assert leaders.not_assessed == 1
    assert leaders.bar == [1, 0, 2, 0, 1, 1]
    assert year.assessed_share == Decimal("80.0")


def test_the_latest_year_is_the_last_with_an_assessment(world):
    figures = rollup.area_strength(["5709"], 2566, 2570)
    assert figures.latest.fiscal_year == 2569
    assert rollup.area_strength(["10"], 2566, 2570).latest.fiscal_year == 2570


def test_the_rollup_takes_three_queries_however_many_tambons(django_assert_num_queries):
    councils = _mae_sai_councils(8)
    _assess(councils[0], 2569, {Component.LEADERS: 3})

    # Queries: component levels grouped, assessments grouped, active councils counted.
    with django_assert_num_queries(3):
        rollup.area_strength(["57"], 2565, 2569)
    with django_assert_num_queries(3):
        rollup.child_strength(["57"], 4, 2569)

    for council in councils[2:]:
        _assess(council, 2569, dict.fromkeys(Component.values, 4))
        _assess(council, 2568, dict.fromkeys(Component.values, 2))
    with django_assert_num_queries(3):
        rollup.area_strength(["57"], 2565, 2569)
    with django_assert_num_queries(3):
        rollup.child_strength(["57"], 6, 2569)


def test_the_plan_page_shows_the_tambons_latest_assessment(client, tambon_coordinator, council):
    from tests.factories import PlanFactory

    _assess(council, 2567, {Component.LEADERS: 1})
    _assess(council, 2568, {Component.LEADERS: 4, Component.FINANCE: 2}, CommunityType.WEAK)
    plan = PlanFactory(council=council)
    client.force_login(tambon_coordinator)
    response = client.get(plan.get_absolute_url())
    latest = response.context["strength"]
    assert latest.fiscal_year == 2568
    assert [(row.component, row.level) for row in latest.levels] == [
        (Component.LEADERS, 4), (Component.FINANCE, 2),
    ]  # fmt: skip
    assert "2568" in response.content.decode()


def test_a_plan_of_a_tambon_never_assessed_shows_no_strength(client, tambon_coordinator, council):
    from tests.factories import PlanFactory

    client.force_login(tambon_coordinator)
    response = client.get(PlanFactory(council=council).get_absolute_url())
    assert response.context["strength"] is None


def test_the_district_book_shows_the_areas_latest_shares(world, client, district_coordinator):
    from plans.books.models import StrategyBook
    from tests.reports.plan_builders import book

    district = book(StrategyBook.Level.DISTRICT, "5709")
    client.force_login(district_coordinator)
    response = client.get(reverse("book_detail", args=[district.pk]))
    strength = response.context["strength"]
    assert strength["year"].fiscal_year == 2569
    leaders = dict(strength["rows"])[Component.LEADERS.label]
    assert leaders.shares[3] == Decimal("50.0")
    assert reverse("area_strength", args=["5709"]) in response.content.decode()
