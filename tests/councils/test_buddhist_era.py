"""Buddhist-era years and Thai fiscal years: never shifted by 543 behind anyone's back."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from councils.buddhist_era import (
    fiscal_year_be,
    fiscal_year_bounds,
    parse_be_date,
    validate_be_year,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/3/2568", dt.date(2025, 3, 15)),
        ("1-10-2568", dt.date(2025, 10, 1)),
        ("๑๕/๓/๒๕๖๘", dt.date(2025, 3, 15)),
        ("2568-03-15", dt.date(2025, 3, 15)),
    ],
)
def test_dates_are_read_in_the_buddhist_era(text, expected):
    assert parse_be_date(text) == expected


def test_a_christian_era_year_is_refused_with_the_be_year_suggested():
    with pytest.raises(ValidationError) as error:
        parse_be_date("15/3/2025")
    assert error.value.code == "ce_year"
    assert "2568" in str(error.value.messages)


@pytest.mark.parametrize("text", ["31/2/2568", "15/13/2568", "tomorrow", "15/3/68"])
def test_nonsense_is_refused(text):
    with pytest.raises(ValidationError):
        parse_be_date(text)


def test_validate_be_year_bounds():
    validate_be_year(2569)
    with pytest.raises(ValidationError):
        validate_be_year(2026)
    with pytest.raises(ValidationError):
        validate_be_year(3000)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(dt.date(2025, 9, 30), 2568), (dt.date(2025, 10, 1), 2569), (dt.date(2026, 9, 30), 2569)],
)
def test_thai_fiscal_year_starts_on_the_first_of_october(day, fiscal_year):
    assert fiscal_year_be(day) == fiscal_year


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))


def test_template_filters():
    template = Template(
        "{% load thai %}{{ day|thai_date }}|{{ day|thai_date:'short' }}|{{ day|be_year }}|"
        "{{ 2569|thai_digits }}|{{ amount|baht_text }}"
    )
    text = template.render(Context({"day": dt.date(2025, 10, 1), "amount": "1200"}))
    assert text == "1 ตุลาคม 2568|1 ต.ค. 2568|2568|๒๕๖๙|หนึ่งพันสองร้อยบาทถ้วน"
