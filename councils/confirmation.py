"""Asking before what cannot be undone: the confirm step every irreversible action goes through.

The action's URL answers GET with a page that says what will happen, with the real figures, and a
form that posts back to the same URL with a signed token. The token names the person, the action
and the state of the object as it was shown (a plan's version, the members about to lapse), so a
POST without it, from another person, or after the object changed does nothing but show the
summary again: one accidental tap never locks a plan or moves money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

# The name of the posted field that carries the token.
CONFIRM_FIELD = "confirm"
# A summary read longer ago than this is read again before anything happens.
MAX_AGE_SECONDS = 2 * 60 * 60
_SALT = "councils.confirmation"
TEMPLATE = "confirm.html"


@dataclass(frozen=True)
class Fact:
    """One line of the summary: a label and its figure, already formatted."""

    label: str
    value: str


@dataclass
class Summary:
    """What a confirm page says. `lead` is the one sentence with the figures that says what will
    happen; `button` says exactly what the irreversible button does."""

    title: str
    lead: str
    button: str
    facts: list[Fact] = field(default_factory=list)
    warning: str = ""
    items: list[str] = field(default_factory=list)  # the rows it applies to, named
    danger: bool = False
    # Values the action needs (a review's decision and note), carried through the confirm form.
    carry: dict[str, str] = field(default_factory=dict)


def baht(amount) -> str:
    """An amount as a confirm page writes it: 916,000 or 1,250.50 (satang only when there are)."""
    amount = Decimal(amount or 0)
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def token_for(user, action: str, state: str) -> str:
    return signing.dumps([user.pk, action, state], salt=_SALT)


def is_valid(token: str, user, action: str, state: str) -> bool:
    try:
        value = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one too
        return False
    return value == [user.pk, action, state]


@dataclass
class Step:
    """The confirm step of one action on one object in one state.

    `state` is whatever must not change between the summary and the action: if it does, the
    token no longer matches and the person sees the new summary instead.
    """

    request: HttpRequest
    action: str
    state: str

    @property
    def confirmed(self) -> bool:
        if self.request.method != "POST":
            return False
        token = self.request.POST.get(CONFIRM_FIELD, "")
        return is_valid(token, self.request.user, self.action, self.state)

    def fields(self) -> dict[str, str]:
        """For a form page that is its own confirm step: the field's name and its token."""
        return {
            "confirm_field": CONFIRM_FIELD,
            "token": token_for(self.request.user, self.action, self.state),
        }

    def ask(self, summary: Summary, *, cancel_url: str) -> HttpResponse:
        """The confirm page (its region alone for htmx); nothing has been done."""
        context = {
            "step": summary,
            **self.fields(),
            "action_url": self.request.path,
            "cancel_url": cancel_url,
        }
        template = f"{TEMPLATE}#confirm-step" if getattr(self.request, "htmx", False) else TEMPLATE
        response = render(self.request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response
