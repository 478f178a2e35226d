"""The cells every import reads: text, phone numbers, whole numbers, baht, B.E. dates, choices."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets

from councils.buddhist_era import arabic_digits, be_year, parse_be_date, validate_be_year
from councils.spreadsheets.errors import cell_error
from councils.spreadsheets.formats import unescape_formula


def cell_text(value) -> str:
    """A cell as trimmed text, with the apostrophe of our formula escaping taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip())


class TextWidget(widgets.CharWidget):
    """A text cell, trimmed, with the apostrophe of our formula escaping taken off again."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class PhoneWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(
                gettext(
                    "The phone number was read as a number, which drops its leading 0. "
                    "Format the column as text and type the number again."
                )
            )
        return super().clean(value, row, **kwargs)


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number; "3.5" or "abc" is a clear error, never truncated or a crash."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(gettext("Enter a whole number."))
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError(gettext("Enter a whole number."))
        text = arabic_digits(cell_text(value)).replace(",", "")
        if not text:
            return None
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            raise ValueError(gettext("Enter a whole number."))
        return int(text)


class AmountWidget(widgets.Widget):
    """Baht as a Decimal: 12,500 or 12500.50 (Thai digits too); never negative, 2 decimals.

    A payment (`above_zero`) cannot be 0 either; a budget line may be.
    """

    def __init__(self, *, above_zero: bool = False):
        super().__init__()
        self.above_zero = above_zero

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(gettext("Write the amount in baht, for example 12,500."))
        if isinstance(value, int | float):
            value = repr(value) if isinstance(value, float) else str(value)
        text = arabic_digits(cell_text(value)).replace(",", "").replace("บาท", "").strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():  # "nan" and "inf" parse as Decimals
            raise ValueError(gettext("Write the amount in baht, for example 12,500."))
        if amount < 0:
            raise ValueError(gettext("The amount cannot be negative."))
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(gettext("Amounts have at most two decimals (satang)."))
        if self.above_zero and not amount:
            raise ValueError(gettext("Enter an amount above 0 with at most 2 decimals."))
        return amount.quantize(Decimal("0.01"))


class BuddhistDateWidget(widgets.Widget):
    """Dates as day/month/B.E. year (15/3/2568) or B.E. ISO (2568-03-15), both ways.

    A date cell that a spreadsheet stored as a date is read with the year it holds, so a
    Christian-era year gets validate_be_year's clear error rather than being shifted by 543.
    """

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            text = f"{value.day}/{value.month}/{value.year}"
        else:
            text = cell_text(value)
        if not text:
            return None
        try:
            return parse_be_date(text)
        except ValidationError as error:
            raise cell_error(error) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{value.day}/{value.month}/{be_year(value.year)}"


class ChoiceWidget(widgets.Widget):
    """A choice written as its Thai label, its code, or a word people write for it.

    Exported, and offered in the template, as its first word, or its label when it has none.
    """

    def __init__(self, choices: type[models.TextChoices], words: dict[str, str] | None = None):
        super().__init__()
        self.choices = choices
        self.words = words or {}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        wanted = text.casefold()
        for word, choice in self.words.items():
            if wanted == word.casefold():
                return choice
        for choice in self.choices:
            if wanted in (choice.value.casefold(), str(choice.label).casefold()):
                return choice.value
        raise ValueError(
            gettext("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": self.allowed()}
        )

    def allowed(self) -> str:
        return ", ".join(self.word_for(choice.value) for choice in self.choices)

    def word_for(self, value: str) -> str:
        for word, choice in self.words.items():
            if choice == value:
                return word
        return str(self.choices(value).label)

    def render(self, value, obj=None, **kwargs):
        return self.word_for(value) if value else ""


class ResourceWidget(widgets.Widget):
    """A cell read with what the importing resource knows: its user, its plan, its lookups."""

    resource: resources.ModelResource | None = None  # bound by the resource

    def bind(self, resource: resources.ModelResource) -> None:
        self.resource = resource


class BuddhistYearWidget(ResourceWidget):
    """A B.E. year ("2569", "พ.ศ. 2569", Thai digits); a C.E. year gets validate_be_year's
    clear error, never shifted. An empty cell is None."""

    # What a cell that is not a 4-digit year is told (a birth year's column says so).
    not_a_year = _("Write the fiscal year as a Buddhist-era year, e.g. 2569.")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = arabic_digits(cell_text(value)).removeprefix("พ.ศ.").strip()
        if not text:
            return None
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(str(self.not_a_year))
        try:
            validate_be_year(int(text))
        except ValidationError as error:
            raise cell_error(error) from None
        return int(text)
