"""The claim rules: plain functions that say whether a claim may be paid, and why (in Thai).

Each rule takes the claim and the day it is judged on and returns a RuleResult with its reason,
so the claim page can show every rule, passed or not, in the member's own words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import fiscal_year_be, fiscal_year_bounds, thai_date
from welfare.models import Claim, Member, money

# A committee's exception may waive any rule but this one: a claim is always on its own fund.
NEVER_WAIVED = frozenset({"fund"})


@dataclass(frozen=True)
class RuleResult:
    name: str
    passed: bool
    reason: str


def _counted_claims(claim: Claim):
    """The member's other claims of this benefit in the same fiscal year (1 October to
    30 September, as the fund keeps its books) that count against the caps."""
    starts_on, ends_on = fiscal_year_bounds(fiscal_year_be(claim.event_on))
    return (
        Claim.objects.filter(
            member_id=claim.member_id,
            benefit_type_id=claim.benefit_type_id,
            event_on__range=(starts_on, ends_on),
        )
        .exclude(status=Claim.Status.REJECTED)
        .exclude(pk=claim.pk)
    )


def active_member(claim: Claim, today: dt.date) -> RuleResult:
    member = claim.member
    if member.status != Member.Status.ACTIVE:
        return RuleResult(
            "active",
            False,
            _("The member's status is “%(status)s”; only an active member may claim.")
            % {"status": member.get_status_display()},
        )
    missed = member.missed_payments(today)
    limit = member.fund.lapse_after_missed
    if member.fund.lapses(missed):
        return RuleResult(
            "active",
            False,
            _("The member has missed %(missed)s payments; membership lapses after %(limit)s.")
            % {"missed": missed, "limit": limit},
        )
    return RuleResult("active", True, _("The member is active and up to date with payments."))


def waiting_period(claim: Claim, today: dt.date) -> RuleResult:
    days = claim.benefit_type.waiting_days
    eligible_on = claim.member.joined_on + dt.timedelta(days=days)
    if claim.event_on < eligible_on:
        return RuleResult(
            "waiting",
            False,
            _(
                "The waiting period of %(days)s days ends on %(date)s; the event was on "
                "%(event)s, before it ended."
            )
            % {"days": days, "date": _thai(eligible_on), "event": _thai(claim.event_on)},
        )
    return RuleResult(
        "waiting",
        True,
        _("The waiting period of %(days)s days ended on %(date)s.")
        % {"days": days, "date": _thai(eligible_on)},
    )


def amount_per_event(claim: Claim, today: dt.date) -> RuleResult:
    benefit = claim.benefit_type
    cap = benefit.amount_for(claim.nights)
    if benefit.is_per_night and claim.amount > cap:
        return RuleResult(
            "per_event",
            False,
            _(
                "%(amount)s baht is more than the %(cap)s baht this benefit pays for %(nights)s "
                "nights (%(per_night)s baht a night, at most %(most)s baht)."
            )
            % {
                "amount": _baht(claim.amount),
                "cap": _baht(cap),
                "nights": claim.nights or 0,
                "per_night": _baht(benefit.amount_per_night),
                "most": _baht(benefit.amount),
            },
        )
    if claim.amount > cap:
        return RuleResult(
            "per_event",
            False,
            _("%(amount)s baht is more than the %(cap)s baht this benefit pays per event.")
            % {"amount": _baht(claim.amount), "cap": _baht(cap)},
        )
    return RuleResult(
        "per_event",
        True,
        _("%(amount)s baht is within the %(cap)s baht per event.")
        % {"amount": _baht(claim.amount), "cap": _baht(cap)},
    )


def yearly_caps(claim: Claim, today: dt.date) -> RuleResult:
    benefit = claim.benefit_type
    if benefit.max_claims_per_year is None and benefit.max_amount_per_year is None:
        return RuleResult("per_year", True, _("This benefit has no yearly limit."))
    earlier = _counted_claims(claim).aggregate(n=Count("pk"), total=Sum("amount"))
    count, total = earlier["n"], money(earlier["total"])
    year = fiscal_year_be(claim.event_on)
    if benefit.max_claims_per_year is not None and count + 1 > benefit.max_claims_per_year:
        return RuleResult(
            "per_year",
            False,
            _(
                "The member already has %(count)s claims of this benefit in %(year)s; the limit "
                "is %(cap)s a year."
            )
            % {"count": count, "year": year, "cap": benefit.max_claims_per_year},
        )
    if (
        benefit.max_amount_per_year is not None
        and total + claim.amount > benefit.max_amount_per_year
    ):
        return RuleResult(
            "per_year",
            False,
            _(
                "With %(earlier)s baht already claimed in %(year)s, this claim would pass the "
                "limit of %(cap)s baht a year."
            )
            % {"earlier": _baht(total), "year": year, "cap": _baht(benefit.max_amount_per_year)},
        )
    return RuleResult(
        "per_year",
        True,
        _("Within the yearly limit: %(count)s earlier claims, %(earlier)s baht in %(year)s.")
        % {"count": count, "earlier": _baht(total), "year": year},
    )


def age_condition(claim: Claim, today: dt.date) -> RuleResult | None:
    benefit = claim.benefit_type
    if benefit.min_age is None and benefit.max_age is None:
        return None
    age = claim.member.age_on(claim.event_on)
    if benefit.min_age is not None and age < benefit.min_age:
        return RuleResult(
            "age",
            False,
            _("The member was %(age)s years old; this benefit starts at %(min)s.")
            % {"age": age, "min": benefit.min_age},
        )
    if benefit.max_age is not None and age > benefit.max_age:
        return RuleResult(
            "age",
            False,
            _("The member was %(age)s years old; this benefit ends at %(max)s.")
            % {"age": age, "max": benefit.max_age},
        )
    return RuleResult(
        "age", True, _("The member's age, %(age)s, meets the condition.") % {"age": age}
    )


def membership_years(claim: Claim, today: dt.date) -> RuleResult | None:
    wanted = claim.benefit_type.min_membership_years
    if wanted is None:
        return None
    years = claim.member.membership_years_on(claim.event_on)
    if years < wanted:
        return RuleResult(
            "membership_years",
            False,
            _("The member had been a member for %(years)s years; this benefit needs %(wanted)s.")
            % {"years": years, "wanted": wanted},
        )
    return RuleResult(
        "membership_years",
        True,
        _("%(years)s years of membership meet the %(wanted)s years needed.")
        % {"years": years, "wanted": wanted},
    )


def same_fund(claim: Claim, today: dt.date) -> RuleResult:
    if claim.member.fund_id != claim.fund_id or claim.benefit_type.fund_id != claim.fund_id:
        return RuleResult("fund", False, _("The member and the benefit must belong to this fund."))
    if not claim.benefit_type.is_active:
        return RuleResult("fund", False, _("The fund no longer offers this benefit."))
    return RuleResult("fund", True, _("The fund offers this benefit to its member."))


RULES: tuple[Callable[[Claim, dt.date], RuleResult | None], ...] = (
    same_fund,
    active_member,
    waiting_period,
    amount_per_event,
    yearly_caps,
    age_condition,
    membership_years,
)


def check(claim: Claim, today: dt.date) -> list[RuleResult]:
    """Every rule that applies to the claim, in order, with its reason."""
    return [result for rule in RULES if (result := rule(claim, today)) is not None]


def passes(claim: Claim, today: dt.date) -> bool:
    return all(result.passed for result in check(claim, today))


def _thai(day: dt.date) -> str:
    return thai_date(day, short=True)


def _baht(amount: Decimal) -> str:
    return f"{amount:,.2f}"


# --- filing a claim ---------------------------------------------------------------------------


def check_filing(claim: Claim, today: dt.date) -> None:
    """Refuse a claim that breaks a rule of the fund, naming every rule it breaks, unless it
    cites the committee's resolution granting the exception; then record what was waived."""
    failed = [result for result in check(claim, today) if not result.passed]
    claim.waived_rules = []
    if not failed:
        return
    reasons = [str(result.reason) for result in failed]
    if not claim.exception_resolution_id or any(result.name in NEVER_WAIVED for result in failed):
        raise ValidationError(
            [
                *reasons,
                _(
                    "The claim breaks the fund's rules. It can be filed only by citing the "
                    "fund committee's resolution that grants an exception."
                ),
            ],
            code="breaks_rules",
        )
    if claim.exception_resolution.meeting.council_id != claim.fund.council_id:
        raise ValidationError(
            {"exception_resolution": _("Cite a resolution of this council's own meetings.")}
        )
    if not claim.exception_reason.strip():
        raise ValidationError(
            {"exception_reason": _("Say why the committee granted the exception.")}
        )
    claim.waived_rules = [
        {"rule": result.name, "reason": reason}
        for result, reason in zip(failed, reasons, strict=True)
    ]


def file_claim(claim: Claim, *, by, today: dt.date | None = None) -> None:
    """File the claim for `by`: every rule checked first (see check_filing). Every filing
    path (the claim form, the pages, the shell) goes through here."""
    claim.filed_by = by
    check_filing(claim, today or timezone.localdate())
    claim.save()
