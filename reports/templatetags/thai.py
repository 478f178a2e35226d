"""Thai formatting for templates: Buddhist-era dates and years, Thai digits, baht in words."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from bahttext import bahttext
from django import template
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from councils import buddhist_era
from councils.phones import thai_phone as format_thai_phone

register = template.Library()


@register.filter
def thai_date(value, style: str = "long") -> str:
    """15 มีนาคม 2568 (or 15 มี.ค. 2568 with "short"; 15 March 2568 BE in English); datetimes
    are shown in local time.

    An ISO date string ("2026-03-15", as the documents' plain data holds dates) is read first.
    """
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        day = buddhist_era.thai_date(value.date(), short=style == "short")
        return f"{day} {buddhist_era.clock_time(value.time())}"
    return buddhist_era.thai_date(value, short=style == "short")


@register.filter
def be_year(value) -> str:
    """The Buddhist-era year of a date, or of a Christian-era year number."""
    if value in (None, ""):
        return ""
    year = value.year if isinstance(value, dt.date) else int(value)
    return str(buddhist_era.be_year(year))


# "พ.ศ. 2569" or "พ.ศ. 2569-2573" (either dash, Arabic or Thai digits), however it is spaced.
_BE_YEARS = re.compile(r"พ\.ศ\.\s*([0-9๐-๙]{4})(?:\s*([–-])\s*([0-9๐-๙]{4}))?")


def _unbroken(match: re.Match) -> str:
    first, dash, last = match.groups()
    years = f"{first}{dash}{last}" if last else first
    return f'<span class="be">พ.ศ. {years}</span>'


@register.filter(needs_autoescape=True)
def be_nowrap(value, autoescape: bool = True) -> SafeString:
    """The text with every "พ.ศ. 2569" (and "พ.ศ. 2569–2573") in a span that print_base.html
    keeps on one line: a line must not end with "พ.ศ." and the next begin with its year."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(_BE_YEARS.sub(_unbroken, text))  # noqa: S308 - escaped above; the span is ours


@register.filter
def thai_digits(value) -> str:
    """๑๒๓ for 123: official documents may be asked for in Thai digits."""
    return buddhist_era.thai_digits(str(value))


@register.filter
def baht_text(value) -> str:
    """The amount in Thai words, as on a cheque: หนึ่งพันสองร้อยบาทถ้วน. Nothing in the English
    interface, where the figure stands alone (the documents are rendered in Thai)."""
    if not (translation.get_language() or "th").startswith("th"):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return bahttext(amount)


@register.filter
def money(value) -> str:
    """1,234,567.50: amounts with thousands separators and satang, whatever the language."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return f"{amount:,.2f}"


@register.filter
def money_short(value) -> str:
    """15,000 for whole baht and 15,000.50 otherwise: for narrow columns of yearly amounts."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


@register.filter
def thai_phone(value) -> str:
    """081-234-5678 for a number stored as +66812345678."""
    return format_thai_phone(str(value or ""))


@register.filter
def clock(value) -> str:
    """09:30 น. (09:30 in English) for a time of day."""
    return buddhist_era.clock_time(value) if value else ""
