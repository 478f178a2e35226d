"""Buddhist-era years, Thai fiscal years, Thai dates and Thai digits, for forms and display."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BE_OFFSET = 543
# Years a person may type: B.E. 2400 is C.E. 1857; anything below is taken as a C.E. slip.
MIN_BE_YEAR = 2400
MAX_BE_YEAR = 2700

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits(text: str) -> str:
    """๑๒๓ for 123: official documents may be asked for in Thai digits."""
    return text.translate(_TO_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """123 for ๑๒๓, so that numbers typed in Thai digits read as numbers."""
    return text.translate(_TO_ARABIC_DIGITS)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def is_be_year(year: int) -> bool:
    return MIN_BE_YEAR <= year <= MAX_BE_YEAR


def validate_be_year(year: int) -> None:
    """Refuse a year that is not plausibly Buddhist-era, never shifting it by 543 silently."""
    if MIN_BE_YEAR - BE_OFFSET <= year < MIN_BE_YEAR:
        raise ValidationError(
            _(
                "%(year)s looks like a Christian-era (C.E.) year. Please enter the Buddhist-era "
                "(B.E.) year, for example %(example)s."
            ),
            code="ce_year",
            params={"year": year, "example": year + BE_OFFSET},
        )
    if not is_be_year(year):
        raise ValidationError(
            _("%(year)s is not a Buddhist-era year between %(low)s and %(high)s."),
            code="be_year_range",
            params={"year": year, "low": MIN_BE_YEAR, "high": MAX_BE_YEAR},
        )


def fiscal_year_be(day: dt.date) -> int:
    """The Thai fiscal year (B.E.) a day falls in: FY 2569 runs 1 Oct 2568 to 30 Sep 2569."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(year_be: int) -> tuple[dt.date, dt.date]:
    year_ce = ce_year(year_be)
    return dt.date(year_ce - 1, 10, 1), dt.date(year_ce, 9, 30)


def thai_date(day: dt.date, *, short: bool = False) -> str:
    months = THAI_MONTHS_SHORT if short else THAI_MONTHS
    return f"{day.day} {months[day.month - 1]} {be_year(day.year)}"


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_be_date(text: str) -> dt.date:
    """Read a date typed as day/month/B.E. year (15/3/2568), or as an ISO B.E. date 2568-03-15."""
    text = arabic_digits(text)
    if match := _DATE_RE.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_RE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValidationError(
            _("Enter the date as day/month/Buddhist-era year, for example 15/3/2568."),
            code="invalid_date",
        )
    validate_be_year(year)
    try:
        return dt.date(ce_year(year), month, day)
    except ValueError:
        raise ValidationError(
            _("%(text)s is not a real date."), code="invalid_date", params={"text": text.strip()}
        ) from None


class BuddhistDateInput(forms.TextInput):
    """A text box that shows and takes dates as day/month/B.E. year."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "วว/ดด/ปปปป", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day}/{value.month}/{be_year(value.year)}"
        return value


class BuddhistDateField(forms.DateField):
    widget = BuddhistDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        return parse_be_date(str(value))
