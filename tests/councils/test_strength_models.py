"""Community-strength assessments: the indicator set of a province, component levels as
rounded means, stored for the roll-ups."""

import pytest
from django.core.exceptions import ValidationError

from councils.strength.models import (
    Component,
    ComponentLevel,
    StrengthIndicator,
    StrengthScore,
    rounded_mean,
)
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_the_national_set_is_loaded_with_every_component():
    national = StrengthIndicator.objects.for_province("57")
    assert {i.component for i in national} == set(Component.values)
    assert all(i.province_id is None for i in national)


def test_a_province_with_its_own_set_uses_only_it():
    own = StrengthIndicator.objects.create(
        province_id="80", component=Component.LEADERS, number=1, name="ผู้นำชุมชนอินทรีย์"
    )
    assert list(StrengthIndicator.objects.for_province("80")) == [own]
    assert own not in StrengthIndicator.objects.for_province("57")


@pytest.mark.parametrize(
    ("levels", "mean"), [([1], 1), ([2, 3], 3), ([2, 2, 3], 2), ([1, 5], 3), ([4, 5, 5], 5)]
)
def test_rounded_mean_rounds_half_up(levels, mean):
    assert rounded_mean(levels) == mean


def test_recording_scores_stores_component_and_overall_levels(council):
    assessment = AssessmentFactory(council=council, fiscal_year=2569)
    indicators = StrengthIndicator.objects.for_province("57")
    leaders = [i.pk for i in indicators if i.component == Component.LEADERS]
    finance = [i.pk for i in indicators if i.component == Component.FINANCE]
    assessment.record_scores({leaders[0]: 2, leaders[1]: 3, leaders[2]: None, finance[0]: 5})
    levels = dict(
        ComponentLevel.objects.filter(assessment=assessment).values_list("component", "level")
    )
    assert levels == {Component.LEADERS: 3, Component.FINANCE: 5}
    assessment.refresh_from_db()
    assert assessment.overall_level == 4
    row = ComponentLevel.objects.get(assessment=assessment, component=Component.LEADERS)
    assert (row.area_code, row.fiscal_year) == (council.subdistrict_id, 2569)
    # Scoring again replaces, never adds.
    assessment.record_scores({finance[0]: 1})
    assert ComponentLevel.objects.get(assessment=assessment, component=Component.FINANCE).level == 1
    assert StrengthScore.objects.filter(assessment=assessment).count() == 4


def test_a_future_or_christian_era_year_is_refused(council):
    with pytest.raises(ValidationError) as error:
        AssessmentFactory.build(council=council, fiscal_year=2026).full_clean()
    assert "2569" in str(error.value)
    with pytest.raises(ValidationError):
        AssessmentFactory.build(council=council, fiscal_year=2590).full_clean()


def test_one_assessment_a_year(council):
    AssessmentFactory(council=council, fiscal_year=2568)
    with pytest.raises(ValidationError):
        AssessmentFactory.build(council=council, fiscal_year=2568).full_clean()


def test_an_indicator_of_another_province_cannot_be_scored(council):
    other = StrengthIndicator.objects.create(
        province_id="80", component=Component.LEADERS, number=1, name="ผู้นำ"
    )
    score = StrengthScore(assessment=AssessmentFactory(council=council), indicator=other, level=3)
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert "indicator" in error.value.message_dict


def test_evidence_that_claims_to_be_a_pdf_but_is_not_is_refused(council):
    from tests.uploaded_files import upload

    score = StrengthScore(
        assessment=AssessmentFactory(council=council),
        indicator=StrengthIndicator.objects.for_province("57").first(),
        level=3,
        evidence=upload("evidence.pdf", b"<html><script>alert(1)</script></html>"),
    )
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert "evidence" in error.value.message_dict
