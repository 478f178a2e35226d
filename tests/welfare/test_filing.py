"""Filing a claim follows the fund's rules: a claim that breaks one is refused with every reason,
unless it cites the committee's exception, which is recorded and shown on the statement; the
amount is proposed by the rule and confirmed; the filer never approves; caps count the FY."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from councils.buddhist_era import fiscal_year_be
from tests.factories import (
    BenefitTypeFactory,
    ClaimFactory,
    FundMemberFactory,
    MeetingFactory,
    ResolutionFactory,
)
from welfare import ledger, rules, statistics
from welfare.models import Claim

TODAY = dt.date.today()


@pytest.fixture
def newcomer(fund, tambon_coordinator):
    """Joined today: the waiting period of every benefit is still running."""
    member = FundMemberFactory(fund=fund, first_name="สมพร", last_name="ทองดี", joined_on=TODAY)
    ledger.record_contribution(member, Decimal("30"), TODAY, tambon_coordinator)
    return member


@pytest.fixture
def exception(fund):
    return ResolutionFactory(meeting=MeetingFactory(council=fund.council))


def _claim(member, benefit, **fields):
    return Claim(fund=member.fund, member=member, benefit_type=benefit, event_on=TODAY, **fields)


def test_a_claim_that_breaks_rules_is_refused_with_every_reason(newcomer, sickness, filer):
    claim = _claim(newcomer, sickness, amount=Decimal("900"))
    with pytest.raises(ValidationError) as refused:
        rules.file_claim(claim, by=filer, today=TODAY)
    messages = refused.value.messages
    assert any("waiting period of 180 days" in m for m in messages)
    assert any("more than the 500.00 baht" in m for m in messages)
    assert any("citing the fund committee's resolution" in m for m in messages)
    assert not Claim.objects.exists()


def test_the_claim_form_names_each_broken_rule(newcomer, sickness, filer, client_for):
    response = client_for(filer).post(
        reverse("claim_new", args=[newcomer.fund_id]),
        {"member": newcomer.pk, "benefit_type": sickness.pk, "event_on": "", "amount": "500"}
        | {"event_on": f"{TODAY.day}/{TODAY.month}/{TODAY.year + 543}"},
    )
    assert response.status_code == 200 and not Claim.objects.exists()
    errors = " ".join(response.context["form"].non_field_errors())
    assert "waiting period" in errors and "resolution" in errors


def test_an_exception_is_recorded_and_shown(newcomer, sickness, filer, exception, client_for):
    claim = _claim(newcomer, sickness, amount=Decimal("500"), exception_resolution=exception)
    with pytest.raises(ValidationError, match="Say why"):
        rules.file_claim(claim, by=filer, today=TODAY)
    claim.exception_reason = "ผู้ป่วยติดเตียง ครอบครัวยากจน"
    rules.file_claim(claim, by=filer, today=TODAY)
    claim.refresh_from_db()
    assert [w["rule"] for w in claim.waived_rules] == ["waiting"]
    assert claim.waived_rule_names == {"waiting"}
    page = client_for(filer).get(claim.get_absolute_url()).content.decode()
    assert "Exception granted" in page and "ผู้ป่วยติดเตียง" in page

    statement = statistics.year_statement(newcomer.fund, fiscal_year_be(TODAY))
    (row,) = statement.exceptions
    assert (row.member_no, row.amount) == (newcomer.member_no, Decimal("500.00"))
    assert "waiting period" in row.waived[0]
    public = client_for(filer).get(
        reverse("fund_statement", args=[newcomer.fund_id, fiscal_year_be(TODAY)])
    )
    body = public.content.decode()
    assert 'id="exceptions"' in body and newcomer.first_name not in body


def test_an_exception_from_another_council_is_refused(newcomer, sickness, filer, far_council):
    far = ResolutionFactory(meeting=MeetingFactory(council=far_council))
    claim = _claim(
        newcomer, sickness, amount=Decimal("500"), exception_resolution=far,
        exception_reason="อ้างมติผิดที่",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="own meetings"):
        rules.file_claim(claim, by=filer, today=TODAY)


def test_a_waived_rule_does_not_stop_the_payment(
    newcomer, sickness, filer, exception, tambon_coordinator, second_approver
):
    ledger.record_entry(newcomer.fund, "grant", Decimal("1000"), TODAY, filer, source="codi")
    claim = _claim(
        newcomer, sickness, amount=Decimal("500"), exception_resolution=exception,
        exception_reason="มติที่ประชุมกรรมการ",
    )  # fmt: skip
    rules.file_claim(claim, by=filer, today=TODAY)
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    entry = ledger.pay_claim(claim, tambon_coordinator, TODAY)
    assert entry.amount == Decimal("-500.00")


def test_the_filer_cannot_approve_and_two_others_must(
    paying_member, sickness, filer, tambon_coordinator, second_approver, client_for
):
    claim = ClaimFactory(
        member=paying_member, benefit_type=sickness, event_on=TODAY, filed_by=filer
    )
    with pytest.raises(ValidationError, match="You filed this claim"):
        claim.approve(filer)
    page = client_for(filer).get(claim.get_absolute_url())
    assert not page.context["may_approve"]
    assert "Still needed: 2 approvals" in page.content.decode()
    assert 'id="approve"' not in page.content.decode()
    claim.approve(tambon_coordinator)
    page = client_for(second_approver).get(claim.get_absolute_url())
    assert page.context["may_approve"] and "Still needed: 1 approval" in page.content.decode()
    claim.approve(second_approver)
    assert claim.status == Claim.Status.APPROVED
    assert filer.pk not in (claim.first_approver_id, claim.second_approver_id)


def test_a_hospital_stay_is_proposed_per_night_and_more_is_refused(
    paying_member, fund, filer, client_for
):
    stay = BenefitTypeFactory(
        fund=fund, name="นอนโรงพยาบาลรายคืน", amount=Decimal("1500"),
        amount_per_night=Decimal("200"),
    )  # fmt: skip
    assert stay.amount_for(3) == Decimal("600") and stay.amount_for(10) == Decimal("1500")
    client = client_for(filer)
    url = reverse("claim_new", args=[fund.pk])
    data = {"member": paying_member.pk, "benefit_type": stay.pk, "nights": "3",
            "event_on": f"{TODAY.day}/{TODAY.month}/{TODAY.year + 543}"}  # fmt: skip
    proposed = client.post(url, data)
    assert proposed.context["form"]["amount"].value() == "600.00"
    too_much = client.post(url, {**data, "amount": "700"})
    assert "for 3 nights" in " ".join(too_much.context["form"].non_field_errors())
    assert not Claim.objects.exists()
    client.post(url, {**data, "amount": "550"})  # less than the rule gives is fine
    assert Claim.objects.get().amount == Decimal("550.00")


def test_yearly_caps_count_the_fiscal_year(fund):
    benefit = BenefitTypeFactory(fund=fund, waiting_days=0, max_claims_per_year=1)
    member = FundMemberFactory(fund=fund, joined_on=dt.date(2020, 1, 1))

    def per_year(claim):
        return next(r for r in rules.check(claim, claim.event_on) if r.name == "per_year")

    ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, 9, 30))
    first_of_fy = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2025, 10, 1))
    assert per_year(first_of_fy).passed  # FY 2569 began on 1 October 2025
    later_in_fy = ClaimFactory(member=member, benefit_type=benefit, event_on=dt.date(2026, 9, 1))
    assert not per_year(later_in_fy).passed  # the same FY as 1 October, not calendar 2026
    assert "2569" in str(per_year(later_in_fy).reason)
