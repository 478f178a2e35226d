"""Thai phone numbers: typed any usual way, stored as E.164 (+66812345678), shown 081-234-5678.

`phonenumbers` (Google's libphonenumber) knows which Thai numbers exist, mobile and fixed line,
so a number with a digit too many or too few, or a foreign number, is refused when it is typed
rather than found unreachable when the council needs to call.
"""

from __future__ import annotations

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

REGION = "TH"


def _parse(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, REGION):
        return None
    return number


def normalise_phone(value: str) -> str:
    """The number in E.164, or a ValidationError that says what a Thai number looks like."""
    number = _parse(value)
    if number is None:
        raise ValidationError(
            _(
                "“%(value)s” is not a Thai phone number. Enter a mobile or landline number "
                "such as 081-234-5678 or 02-123-4567."
            ),
            code="invalid_phone",
            params={"value": value},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def thai_phone(value: str) -> str:
    """The number as Thais write it (081-234-5678, 053-123-456); anything unreadable as it is."""
    number = _parse(value) if value else None
    if number is None:
        return value
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return national.replace(" ", "-")


def national_digits(value: str) -> str:
    """The digits as dialled inside Thailand (0812345678), for masking."""
    number = _parse(value) if value else None
    if number is None:
        return "".join(c for c in value if c.isdigit())
    return thai_phone(value).replace("-", "")


class ThaiPhoneFormField(forms.CharField):
    def prepare_value(self, value):
        return thai_phone(value) if isinstance(value, str) else value


class ThaiPhoneField(models.CharField):
    """A phone number checked and stored in one form by every path that cleans the model."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)

    # In clean, not to_python: CharField.get_prep_value calls to_python, and a lookup or a row
    # saved without cleaning must not raise.
    def clean(self, value, model_instance):
        value = super().clean(value, model_instance)
        return normalise_phone(value.strip()) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ThaiPhoneFormField, **kwargs})
