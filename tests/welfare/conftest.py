"""Welfare fixtures: Alice's Mae Sai fund with a benefit, a paying member and a second approver."""

import datetime as dt
from decimal import Decimal

import pytest

from councils.access import Role
from tests.factories import (
    TAMBON_MAE_SAI,
    AssignmentFactory,
    BenefitTypeFactory,
    FundFactory,
    FundMemberFactory,
    UserFactory,
)
from welfare import ledger
from welfare.models import BenefitType


@pytest.fixture
def fund(council):
    return FundFactory(council=council, name="กองทุนสวัสดิการชุมชนตำบลแม่สาย")


@pytest.fixture
def other_fund(other_council):
    return FundFactory(council=other_council, name="กองทุนสวัสดิการชุมชนตำบลห้วยไคร้")


@pytest.fixture
def sickness(fund):
    return BenefitTypeFactory(
        fund=fund,
        kind=BenefitType.Kind.SICKNESS,
        name="นอนโรงพยาบาล",
        amount=Decimal("500.00"),
        waiting_days=180,
        max_claims_per_year=3,
        max_amount_per_year=Decimal("1500.00"),
    )


@pytest.fixture
def paying_member(fund, tambon_coordinator):
    """Joined on 1 January 2025 and paid 30 baht every month since, up to the day of the test."""
    member = FundMemberFactory(
        fund=fund, first_name="บุญมา", last_name="แก้วมณี", citizen_id="3100600445635",
        joined_on=dt.date(2025, 1, 1),
    )  # fmt: skip
    today = dt.date.today()
    day = member.joined_on
    while day <= today:
        ledger.record_contribution(member, Decimal("30.00"), day, tambon_coordinator)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return member


@pytest.fixture
def second_approver(db):
    """Somsri, the fund committee's treasurer, holds a tambon role for Mae Sai too."""
    user = UserFactory(username="somsri", first_name="สมศรี", last_name="ทองคำ")
    AssignmentFactory(user=user, role=Role.TAMBON_COORDINATOR, area_code=TAMBON_MAE_SAI)
    return user


@pytest.fixture
def filer(db):
    """Kanya, the fund's clerk, files the claims; she may not approve what she filed."""
    user = UserFactory(username="kanya", first_name="กัญญา", last_name="ศรีสุข")
    AssignmentFactory(user=user, role=Role.TAMBON_COORDINATOR, area_code=TAMBON_MAE_SAI)
    return user


@pytest.fixture
def client_for(client_for):
    """The welfare tests read messages word for word: their clients chose English."""
    from django.conf import settings

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture(autouse=True)
def _messages_in_english(in_english):
    """Rule reasons and validation messages built outside a request, in English too."""
