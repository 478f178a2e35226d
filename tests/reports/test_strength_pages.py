"""The community-strength pages: the yearly form (save, errors kept, years it refuses, evidence,
the portal's values marked and overridable), the years page and its query count, and the
evidence file."""

import re

import pytest
from django.urls import reverse

from councils.strength.models import (
    AutoSource,
    StrengthAssessment,
    StrengthIndicator,
    StrengthScore,
    current_fiscal_year,
)
from tests.factories import AssessmentFactory, MeetingFactory
from tests.uploaded_files import HTML_BYTES, PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


@pytest.fixture
def en_alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _indicators():
    return list(StrengthIndicator.objects.for_province("57"))


def _by_source(source):
    return next(i for i in _indicators() if i.auto_source == source)


def _plain():
    return next(i for i in _indicators() if not i.auto_source)


def _form_url(council, year=None):
    return reverse("strength_assess", args=[council.pk, year or current_fiscal_year()])


def _data(**extra):
    """Every indicator at level 3, the tambon of type 3."""
    data = {f"level_{i.pk}": "3" for i in _indicators()}
    data.update(community_type="3", note="ประเมินในเวทีสภา")
    data.update(extra)
    return data


def test_a_get_shows_the_form_and_writes_nothing(council, en_alice):
    response = en_alice.get(_form_url(council))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="radio"' in html
    assert html.count("Filled in from the portal's data") == len(
        [i for i in _indicators() if i.auto_source]
    )
    assert not StrengthAssessment.objects.exists()
    assert not StrengthScore.objects.exists()


def test_saving_creates_the_assessment_with_its_levels(council, alice, tambon_coordinator):
    plain = _plain()
    response = alice.post(_form_url(council), _data(**{f"note_{plain.pk}": "มีศูนย์เรียนรู้"}))
    year = current_fiscal_year()
    assert response.status_code == 302
    assert response["Location"] == reverse("council_strength", args=[council.pk]) + f"#year-{year}"
    assessment = StrengthAssessment.objects.get(council=council, fiscal_year=year)
    assert (assessment.community_type, assessment.note) == (3, "ประเมินในเวทีสภา")
    assert assessment.assessed_by == tambon_coordinator
    assert assessment.overall_level == 3
    assert assessment.scores.get(indicator=plain).note == "มีศูนย์เรียนรู้"
    assert assessment.scores.filter(level=3).count() == len(_indicators())
    page = alice.get(response["Location"]).content.decode()
    assert 'data-region-status="year-' in page


def test_errors_name_the_indicator_and_keep_what_was_typed(council, en_alice):
    plain = _plain()
    data = _data(**{f"level_{plain.pk}": "7", f"note_{plain.pk}": "ข้อความที่พิมพ์ไว้"})
    response = en_alice.post(_form_url(council), data)
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r"data-error-summary>(.*?)</div>", html, re.S).group(1)
    assert plain.name in summary
    assert f'href="#id_level_{plain.pk}"' in summary
    assert "ข้อความที่พิมพ์ไว้" in html
    assert "ประเมินในเวทีสภา" in html
    assert not StrengthAssessment.objects.exists()


def test_a_web_page_named_pdf_is_refused_naming_the_indicator(council, en_alice):
    plain = _plain()
    data = _data(**{f"evidence_{plain.pk}": upload("scan.pdf", HTML_BYTES, "application/pdf")})
    response = en_alice.post(_form_url(council), data)
    assert response.status_code == 200
    summary = re.search(r"data-error-summary>(.*?)</div>", response.content.decode(), re.S).group(1)
    assert "not one of the accepted kinds" in summary
    assert plain.name in summary
    assert not StrengthAssessment.objects.exists()


def test_evidence_is_served_as_an_attachment_to_those_who_see_the_council(
    council, alice, client_for, district_coordinator, other_tambon_coordinator
):
    plain = _plain()
    alice.post(_form_url(council), _data(**{f"evidence_{plain.pk}": upload("ภาพ.pdf", PDF_BYTES)}))
    score = StrengthScore.objects.get(indicator=plain)
    assert score.evidence_type == "application/pdf"
    url = reverse("strength_evidence", args=[score.pk])
    response = client_for(district_coordinator).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client_for(other_tambon_coordinator).get(url).status_code == 404
    # A score without a file has nothing to serve.
    bare = StrengthScore.objects.exclude(pk=score.pk).first()
    assert alice.get(reverse("strength_evidence", args=[bare.pk])).status_code == 404


def test_a_christian_era_year_is_refused_clearly(council, en_alice):
    response = en_alice.get(_form_url(council, 2026))
    assert response.status_code == 404
    assert "looks like a Christian-era (C.E.) year" in response.content.decode()
    assert en_alice.post(_form_url(council, 2026), _data()).status_code == 404
    assert not StrengthAssessment.objects.exists()


@pytest.mark.parametrize("offset", [-2, 1, -10])
def test_only_the_current_and_previous_year_are_assessed_here(council, en_alice, offset):
    year = current_fiscal_year() + offset
    response = en_alice.post(_form_url(council, year), _data())
    assert response.status_code == 404
    assert "assesses the current fiscal year" in response.content.decode()
    assert not StrengthAssessment.objects.exists()


def test_the_previous_year_may_be_assessed(council, alice):
    year = current_fiscal_year() - 1
    assert alice.post(_form_url(council, year), _data()).status_code == 302
    assert StrengthAssessment.objects.filter(council=council, fiscal_year=year).exists()


def test_filled_values_are_chosen_marked_and_overridable(council, en_alice):
    meetings = _by_source(AutoSource.MEETINGS)
    MeetingFactory(council=council, held_on=_a_day_of_this_year())
    html = en_alice.get(_form_url(council)).content.decode()
    # The portal's level (1 meeting: 2) is chosen on the form until the council says otherwise.
    assert re.search(rf'name="level_{meetings.pk}" value="2"[^>]*checked', html)
    assert "1 council meetings held of the 4 the Act asks for" in html
    en_alice.post(_form_url(council), _data(**{f"level_{meetings.pk}": "5"}))
    score = StrengthScore.objects.get(indicator=meetings)
    assert (score.level, score.filled_level) == (5, 2)
    html = en_alice.get(_form_url(council)).content.decode()
    assert "The council chose level 5; the portal's data suggests level 2." in html
    years = en_alice.get(reverse("council_strength", args=[council.pk])).content.decode()
    assert "the data suggests level 2" in years


def _a_day_of_this_year():
    from django.utils import timezone

    return timezone.localdate()


def test_the_years_page_shows_this_year_against_earlier_ones(council, en_alice):
    this_year = current_fiscal_year()
    en_alice.post(_form_url(council), _data())
    earlier = AssessmentFactory(council=council, fiscal_year=this_year - 3)
    earlier.record_scores({i.pk: 1 for i in _indicators()})
    response = en_alice.get(reverse("council_strength", args=[council.pk]))
    html = response.content.decode()
    assert f'href="#year-{this_year}"' in html and f'href="#year-{this_year - 3}"' in html
    assert html.index(f"#year-{this_year}") < html.index(f"#year-{this_year - 3}")
    assert "3 fair" in html and "1 starting" in html
    assert f"Change the assessment of {this_year}" in html


def test_older_years_are_a_page_away(council, en_alice):
    for year in range(2560, 2568):
        AssessmentFactory(council=council, fiscal_year=year)
    response = en_alice.get(reverse("council_strength", args=[council.pk]))
    assert [y["assessment"].fiscal_year for y in response.context["years"]] == list(
        range(2567, 2562, -1)
    )
    response = en_alice.get(reverse("council_strength", args=[council.pk]), {"page": 2})
    assert [y["assessment"].fiscal_year for y in response.context["years"]] == [2562, 2561, 2560]


def test_those_who_only_read_get_no_button(council, client_for, district_coordinator):
    html = (
        client_for(district_coordinator)
        .get(reverse("council_strength", args=[council.pk]))
        .content.decode()
    )
    assert reverse("strength_assess", args=[council.pk, current_fiscal_year()]) not in html


@pytest.mark.parametrize("years", [1, 7])
def test_the_years_page_is_flat(council, alice, years, django_assert_num_queries):
    indicators = _indicators()
    for year in range(2569 - years, 2569):
        AssessmentFactory(council=council, fiscal_year=year).record_scores(
            {i.pk: 1 + year % 5 for i in indicators}
        )
    url = reverse("council_strength", args=[council.pk])
    alice.get(url)  # warm the session
    # session, user, assignments, the council; the assessments counted, the page of them;
    # their component levels; their scores with the indicators; which of the two assessable
    # years are done; the menu's work counts
    with django_assert_num_queries(10):
        assert alice.get(url).status_code == 200


def test_the_council_page_shows_the_latest_year(council, en_alice):
    en_alice.post(_form_url(council), _data())
    html = en_alice.get(council.get_absolute_url()).content.decode()
    assert 'id="strength"' in html
    assert f"Fiscal year {current_fiscal_year()}" in html
    assert reverse("council_strength", args=[council.pk]) in html


def test_the_council_pages_summary_costs_at_most_two_queries(
    council, django_assert_num_queries, in_english
):
    from councils.strength.summary import strength_summary

    with django_assert_num_queries(1):  # the latest assessment: none
        assert strength_summary(council)["strength"]["latest"] is None
    for year in (2567, 2568):
        AssessmentFactory(council=council, fiscal_year=year).record_scores(
            {i.pk: 4 for i in _indicators()}
        )
    # the latest assessment; its component levels
    with django_assert_num_queries(2):
        summary = strength_summary(council)["strength"]
    assert summary["latest"].fiscal_year == 2568
    assert [row["level"] for row in summary["levels"]] == ["4 good"] * 5
