"""Filing, approving (two different people), rejecting and paying a claim through the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.confirming import post_confirmed
from tests.factories import ClaimFactory, FundMemberFactory
from welfare import ledger
from welfare.models import Claim, LedgerEntry


@pytest.fixture
def claim(paying_member, sickness, tambon_coordinator, filer):
    ledger.record_entry(
        paying_member.fund, "grant", Decimal("10000"), dt.date.today(), tambon_coordinator,
        source="codi",
    )  # fmt: skip
    return ClaimFactory(
        member=paying_member, benefit_type=sickness, event_on=dt.date.today(),
        amount=Decimal("500.00"), filed_by=filer,
    )  # fmt: skip


def test_filing_a_claim_proposes_the_benefit_amount_to_confirm(
    paying_member, sickness, tambon_coordinator, client_for
):
    client = client_for(tambon_coordinator)
    url = reverse("claim_new", args=[paying_member.fund_id])
    data = {"member": paying_member.pk, "benefit_type": sickness.pk, "event_on": "1/10/2568"}
    proposed = client.post(url, data)
    assert proposed.status_code == 200 and not Claim.objects.exists()
    assert proposed.context["form"]["amount"].value() == "500.00"
    assert "rule gives 500.00 baht" in proposed.content.decode()
    response = client.post(url, {**data, "amount": "500.00"})
    claim = Claim.objects.get()
    assert response.url == claim.get_absolute_url()
    assert (claim.amount, claim.status, claim.filed_by) == (
        Decimal("500.00"), Claim.Status.FILED, tambon_coordinator,
    )  # fmt: skip


def test_the_claim_page_shows_each_rule_and_its_reason(claim, tambon_coordinator, client_for):
    response = client_for(tambon_coordinator).get(claim.get_absolute_url())
    results = response.context["results"]
    assert [r.name for r in results] == ["fund", "active", "waiting", "per_event", "per_year"]
    body = response.content.decode()
    for result in results:
        assert str(result.reason) in body


def test_a_claim_needs_two_different_approvers_before_payment(
    claim, tambon_coordinator, second_approver, client_for
):
    alice, somsri = client_for(tambon_coordinator), client_for(second_approver)
    fund = claim.fund
    pay = reverse("claim_pay", args=[fund.pk, claim.pk])
    approve = reverse("claim_approve", args=[fund.pk, claim.pk])

    alice.post(approve)
    alice.post(approve)  # the same person twice is still one approval
    claim.refresh_from_db()
    assert (claim.approvals, claim.status) == (1, Claim.Status.FILED)
    alice.post(pay)
    assert not claim.payouts.exists()

    somsri.post(approve)
    claim.refresh_from_db()
    assert (claim.approvals, claim.status) == (2, Claim.Status.APPROVED)
    assert claim.first_approver != claim.second_approver

    fund.refresh_from_db()
    before = fund.balance
    summary = somsri.get(pay)
    assert not claim.payouts.exists()  # the confirm page pays nothing
    assert "500" in summary.content.decode()
    post_confirmed(somsri, pay)
    claim.refresh_from_db()
    fund.refresh_from_db()
    entry = LedgerEntry.objects.get(claim=claim)
    assert (claim.status, entry.amount, entry.kind) == (
        Claim.Status.PAID, Decimal("-500.00"), LedgerEntry.Kind.BENEFIT,
    )  # fmt: skip
    assert fund.balance == before - Decimal("500.00") == fund.ledger_total()


def test_paying_twice_writes_one_entry(claim, tambon_coordinator, second_approver):
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    first = ledger.pay_claim(claim, tambon_coordinator, dt.date.today())
    again = ledger.pay_claim(claim, second_approver, dt.date.today())
    assert first == again
    assert claim.payouts.count() == 1


def test_a_claim_that_breaks_a_rule_is_not_paid(
    fund, sickness, tambon_coordinator, second_approver, client_for
):
    newcomer = FundMemberFactory(fund=fund, joined_on=dt.date.today())
    ledger.record_contribution(newcomer, Decimal("30"), dt.date.today(), tambon_coordinator)
    ledger.record_entry(
        fund, "grant", Decimal("1000"), dt.date.today(), tambon_coordinator, source="codi"
    )
    claim = ClaimFactory(member=newcomer, benefit_type=sickness, event_on=dt.date.today())
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    response = client_for(tambon_coordinator).post(
        reverse("claim_pay", args=[fund.pk, claim.pk]), follow=True
    )
    assert "waiting period" in response.content.decode()
    assert not claim.payouts.exists()


def test_a_claim_is_not_paid_beyond_the_balance(
    fund, paying_member, sickness, tambon_coordinator, second_approver
):
    claim = ClaimFactory(
        member=paying_member, benefit_type=sickness, event_on=dt.date.today(),
        amount=Decimal("500"),
    )  # fmt: skip
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    ledger.record_entry(fund, "expense", Decimal("400"), dt.date.today(), tambon_coordinator)
    fund.refresh_from_db()
    assert fund.balance < Decimal("500")
    with pytest.raises(ValidationError, match="less than"):
        ledger.pay_claim(claim, tambon_coordinator, dt.date.today())
    assert not claim.payouts.exists()


def test_a_rejected_claim_cannot_be_approved_or_paid(claim, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    fund = claim.fund
    client.post(reverse("claim_reject", args=[fund.pk, claim.pk]), {"reason": "ไม่มีใบรับรองแพทย์"})
    client.post(reverse("claim_approve", args=[fund.pk, claim.pk]))
    client.post(reverse("claim_pay", args=[fund.pk, claim.pk]))
    claim.refresh_from_db()
    assert (claim.status, claim.approvals) == (Claim.Status.REJECTED, 0)
    assert not claim.payouts.exists()


def test_a_reversed_payout_returns_the_claim_to_payable(claim, tambon_coordinator, second_approver):
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    entry = ledger.pay_claim(claim, tambon_coordinator, dt.date.today())
    ledger.reverse(entry, tambon_coordinator, "จ่ายผิดคน", dt.date.today())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    again = ledger.pay_claim(claim, tambon_coordinator, dt.date.today())
    assert again != entry
    claim.fund.refresh_from_db()
    assert claim.fund.balance == claim.fund.ledger_total()


def test_a_claim_cites_a_resolution_of_its_own_council_only(
    paying_member, sickness, tambon_coordinator, client_for, far_council
):
    from tests.factories import MeetingFactory, ResolutionFactory

    own = ResolutionFactory(meeting=MeetingFactory(council=paying_member.fund.council))
    far = ResolutionFactory(meeting=MeetingFactory(council=far_council))
    client = client_for(tambon_coordinator)
    url = reverse("claim_new", args=[paying_member.fund_id])
    data = {"member": paying_member.pk, "benefit_type": sickness.pk, "event_on": "1/10/2568"}

    refused = client.post(url, {**data, "resolution": far.pk, "amount": "500"})
    assert refused.status_code == 200 and "resolution" in refused.context["form"].errors
    assert not Claim.objects.exists()

    client.post(url, {**data, "resolution": own.pk, "amount": "500"})
    claim = Claim.objects.get()
    assert claim.resolution == own
    assert own.text[:30] in client.get(claim.get_absolute_url()).content.decode()
