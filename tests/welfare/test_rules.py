"""Each claim rule, passing and failing, with the reason it gives."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import BenefitTypeFactory, ClaimFactory, FundMemberFactory
from welfare import rules
from welfare.models import BenefitType, Claim, Member

pytestmark = pytest.mark.django_db


def _result(claim, name, today=None):
    today = today or claim.event_on
    [result] = [r for r in rules.check(claim, today) if r.name == name]
    return result


@pytest.fixture
def member(paying_member):
    return paying_member


def test_an_active_member_who_pays_passes(member, sickness):
    claim = ClaimFactory(member=member, benefit_type=sickness, event_on=dt.date.today())
    assert _result(claim, "active", dt.date.today()).passed


@pytest.mark.parametrize(
    "status", [Member.Status.LAPSED, Member.Status.LEFT, Member.Status.DECEASED]
)
def test_a_member_who_is_not_active_fails(member, sickness, status):
    member.set_status(status, dt.date.today())
    claim = ClaimFactory(member=member, benefit_type=sickness, event_on=dt.date.today())
    result = _result(claim, "active", dt.date.today())
    assert not result.passed
    assert str(member.get_status_display()) in result.reason


def test_a_member_past_the_missed_payment_limit_fails_before_being_lapsed(fund, sickness):
    member = FundMemberFactory(fund=fund, joined_on=dt.date(2024, 1, 1))  # never paid
    claim = ClaimFactory(member=member, benefit_type=sickness, event_on=dt.date(2025, 6, 1))
    result = _result(claim, "active", dt.date(2025, 6, 1))
    assert not result.passed
    assert "missed" in result.reason


def test_the_waiting_period_counts_from_joining(fund):
    benefit = BenefitTypeFactory(fund=fund, waiting_days=180)
    member = FundMemberFactory(fund=fund, joined_on=dt.date(2025, 1, 1))
    early = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, 6, 29))
    on_time = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, 6, 30))
    assert not _result(early, "waiting").passed
    assert "30 Jun 2568 BE" in _result(early, "waiting").reason  # when it ends, in B.E.
    assert _result(on_time, "waiting").passed


def test_a_claim_above_the_amount_per_event_fails(fund):
    benefit = BenefitTypeFactory(fund=fund, amount=Decimal("500.00"))
    member = FundMemberFactory(fund=fund)
    assert not _result(
        ClaimFactory(member=member, benefit_type=benefit, amount=Decimal("500.01")), "per_event"
    ).passed
    assert _result(
        ClaimFactory(member=member, benefit_type=benefit, amount=Decimal("500")), "per_event"
    ).passed


def test_the_yearly_count_cap(fund):
    benefit = BenefitTypeFactory(fund=fund, max_claims_per_year=2)
    member = FundMemberFactory(fund=fund)
    for month in (2, 3):
        ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, month, 1))
    third = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, 5, 1))
    result = _result(third, "per_year")
    assert not result.passed
    assert "2568" in result.reason
    next_year = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2026, 1, 5))
    assert _result(next_year, "per_year").passed


def test_rejected_claims_do_not_count_against_the_cap(fund):
    benefit = BenefitTypeFactory(fund=fund, max_claims_per_year=1)
    member = FundMemberFactory(fund=fund)
    rejected = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, 2, 1))
    Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED)
    claim = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, 3, 1))
    assert _result(claim, "per_year").passed


def test_the_yearly_amount_cap(fund):
    benefit = BenefitTypeFactory(
        fund=fund, amount=Decimal("1000"), max_amount_per_year=Decimal("1500")
    )
    member = FundMemberFactory(fund=fund)
    ClaimFactory(
        member=member, benefit_type=benefit, amount=Decimal("1000"), event_on=dt.date(2025, 2, 1)
    )
    within = ClaimFactory(
        member=member, benefit_type=benefit, amount=Decimal("500"), event_on=dt.date(2025, 3, 1)
    )
    assert _result(within, "per_year").passed
    over = ClaimFactory(
        member=member, benefit_type=benefit, amount=Decimal("501"), event_on=dt.date(2025, 3, 2)
    )
    assert not _result(over, "per_year").passed


def test_age_conditions(fund):
    elderly = BenefitTypeFactory(fund=fund, kind=BenefitType.Kind.ELDERLY, min_age=60, max_age=None)
    young = FundMemberFactory(fund=fund, birth_date=dt.date(1970, 5, 1))
    old = FundMemberFactory(fund=fund, birth_date=dt.date(1960, 5, 1))
    day = dt.date(2025, 6, 1)
    result = _result(ClaimFactory(member=young, benefit_type=elderly, event_on=day), "age")
    assert not result.passed and "55" in result.reason
    assert _result(ClaimFactory(member=old, benefit_type=elderly, event_on=day), "age").passed
    education = BenefitTypeFactory(fund=fund, kind=BenefitType.Kind.EDUCATION, max_age=18)
    assert not _result(ClaimFactory(member=old, benefit_type=education, event_on=day), "age").passed


def test_years_of_membership(fund):
    benefit = BenefitTypeFactory(fund=fund, min_membership_years=5)
    member = FundMemberFactory(fund=fund, joined_on=dt.date(2021, 7, 1))
    assert not _result(
        ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2026, 6, 30)),
        "membership_years",
    ).passed
    assert _result(
        ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2026, 7, 1)),
        "membership_years",
    ).passed


def test_rules_without_conditions_are_not_listed(fund):
    benefit = BenefitTypeFactory(fund=fund)
    claim = ClaimFactory(member=FundMemberFactory(fund=fund), benefit_type=benefit)
    names = [r.name for r in rules.check(claim, claim.event_on)]
    assert names == ["fund", "active", "waiting", "per_event", "per_year"]
