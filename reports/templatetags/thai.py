"""Thai formatting for templates: Buddhist-era dates and years, Thai digits, baht in words."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from bahttext import bahttext
from django import template
from django.utils import timezone, translation

from councils import buddhist_era
from councils.phones import thai_phone as format_thai_phone

register = template.Library()


@register.filter
def thai_date(value, style: str = "long") -> str:
    """15 มีนาคม 2568 (or 15 มี.ค. 2568 with "short"; 15 March 2568 BE in English); datetimes
    are shown in local time."""
    if not value:
        return ""
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
