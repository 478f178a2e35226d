"""Buddhist-era years, Thai fiscal years, Thai dates and Thai digits, for forms and display."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
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
# The English interface writes the same B.E. date with English month names: "1 December 2569 BE".
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
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


def _in_english() -> bool:
    return (get_language() or "th").startswith("en")


def month_name(month: int, *, short: bool = False) -> str:
    """มีนาคม (มี.ค. short), or March (Mar) in the English interface."""
    if _in_english():
        name = ENGLISH_MONTHS[month - 1]
        return name[:3] if short else name
    return (THAI_MONTHS_SHORT if short else THAI_MONTHS)[month - 1]


def thai_date(day: dt.date, *, short: bool = False) -> str:
    """15 มีนาคม 2568, or 15 March 2568 BE in the English interface: the year is always B.E.

    Documents (the PDFs) are rendered in Thai whatever the reader's language, so they keep the
    Thai months."""
    text = f"{day.day} {month_name(day.month, short=short)} {be_year(day.year)}"
    return f"{text} BE" if _in_english() else text


def month_and_year(day: dt.date) -> str:
    """มีนาคม 2569, or March 2569 BE."""
    text = f"{month_name(day.month)} {be_year(day.year)}"
    return f"{text} BE" if _in_english() else text


def clock_time(value: dt.time) -> str:
    """09:30 น., or 09:30 in the English interface."""
    return f"{value:%H:%M}" if _in_english() else f"{value:%H:%M} น."


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
        # The year is B.E. in both languages: 15/3/2568.
        placeholder = _("dd/mm/yyyy (B.E.)")
        defaults = {"placeholder": placeholder, "inputmode": "numeric", "autocomplete": "off"}
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
