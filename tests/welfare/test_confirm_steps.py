"""The fund's confirm steps: paying a claim, reversing an entry, lapsing members. Each says what
will happen with the fund's real figures, a POST without the confirmation moves no money, and
one with it does what it said."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from tests.confirming import confirm_fields
from tests.factories import ClaimFactory, FundMemberFactory
from welfare import ledger
from welfare.models import Claim, LedgerEntry, Member


@pytest.fixture
def alice(tambon_coordinator, client_for):
    """In Thai, as she works (the welfare tests' clients choose English otherwise)."""
    client = client_for(tambon_coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    return client


@pytest.fixture
def approved_claim(paying_member, sickness, tambon_coordinator, second_approver, filer):
    ledger.record_entry(
        paying_member.fund, "grant", Decimal("10000"), dt.date.today(), tambon_coordinator,
        source="codi",
    )  # fmt: skip
    claim = ClaimFactory(
        member=paying_member, benefit_type=sickness, event_on=dt.date.today(),
        amount=Decimal("500.00"), filed_by=filer,
    )  # fmt: skip
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    return claim


def test_paying_shows_the_amount_and_the_balance_after_then_pays_once(approved_claim, alice):
    fund = approved_claim.fund
    fund.refresh_from_db()
    before = fund.balance
    url = reverse("claim_pay", args=[fund.pk, approved_claim.pk])

    summary = alice.get(url)

    page = summary.content.decode()
    after = f"{before - Decimal('500'):,.0f}"
    member = approved_claim.member
    assert f"จ่าย 500 บาท ให้ {member.full_name} (สมาชิกเลขที่ {member.member_no})" in page
    assert f"กองทุนจะเหลือเงิน {after} บาท" in page
    assert ">จ่าย 500 บาท</button>" in page
    assert approved_claim.get_absolute_url() in page  # the way back
    assert alice.post(url).status_code == 200
    assert not approved_claim.payouts.exists()

    response = alice.post(url, confirm_fields(summary))
    assert response.status_code == 302
    alice.post(url, confirm_fields(summary))  # the second tap of a double tap
    assert approved_claim.payouts.count() == 1
    approved_claim.refresh_from_db()
    fund.refresh_from_db()
    assert approved_claim.status == Claim.Status.PAID
    assert fund.balance == before - Decimal("500.00") == fund.ledger_total()


def test_the_claims_page_opens_the_payment_by_a_link(approved_claim, alice):
    page = alice.get(approved_claim.get_absolute_url()).content.decode()
    pay = reverse("claim_pay", args=[approved_claim.fund.pk, approved_claim.pk])
    assert f'href="{pay}"' in page
    assert f'action="{pay}"' not in page  # no form that pays with one tap


def test_a_claim_the_rules_refuse_is_not_offered_for_payment(
    fund, sickness, tambon_coordinator, second_approver, english_client
):
    newcomer = FundMemberFactory(fund=fund, joined_on=dt.date.today())
    claim = ClaimFactory(member=newcomer, benefit_type=sickness, event_on=dt.date.today())
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    client = english_client(tambon_coordinator)
    response = client.get(reverse("claim_pay", args=[fund.pk, claim.pk]), follow=True)
    page = response.content.decode()
    assert "waiting period" in page and 'name="confirm"' not in page


def test_reversing_shows_the_entry_and_the_balance_after(fund, tambon_coordinator, alice):
    member = FundMemberFactory(fund=fund, first_name="สมพร", last_name="ทองดี")
    entry = ledger.record_contribution(member, Decimal("300"), dt.date.today(), tambon_coordinator)
    fund.refresh_from_db()
    url = reverse("entry_reverse", args=[fund.pk, entry.pk])

    summary = alice.post(url, {"reason": "บันทึกซ้ำ"})

    page = summary.content.decode()
    assert f"บันทึกรายการกลับรายการ -300 บาท ของรายการเลขที่ {entry.pk}" in page
    assert f"กองทุนจะเหลือเงิน {fund.balance - 300:,.0f} บาท" in page
    assert "สมพร ทองดี" in page and "บันทึกซ้ำ" in page
    assert not LedgerEntry.objects.filter(reverses=entry).exists()

    alice.post(url, confirm_fields(summary))
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert (reversal.amount, reversal.description) == (Decimal("-300.00"), "บันทึกซ้ำ")


def test_lapsing_names_each_member_and_lapses_exactly_them(fund, tambon_coordinator, alice):
    behind = FundMemberFactory(
        fund=fund, first_name="ประยูร", joined_on=dt.date.today() - dt.timedelta(days=200)
    )
    paid = FundMemberFactory(fund=fund, first_name="อำไพ", joined_on=dt.date.today())
    ledger.record_contribution(paid, Decimal("10000"), dt.date.today(), tambon_coordinator)
    url = reverse("lapse_members", args=[fund.pk])

    summary = alice.get(url)

    page = summary.content.decode()
    assert f"{behind.member_no} · {behind.full_name}: ขาดส่ง" in page and "อำไพ" not in page
    assert ">ให้สมาชิก 1 คนพ้นสภาพ</button>" in page
    assert alice.post(url).status_code == 200
    behind.refresh_from_db()
    assert behind.status == Member.Status.ACTIVE

    alice.post(url, confirm_fields(summary))
    behind.refresh_from_db()
    paid.refresh_from_db()
    assert (behind.status, paid.status) == (Member.Status.LAPSED, Member.Status.ACTIVE)


def test_a_lapse_confirmed_for_some_members_does_not_lapse_others(fund, alice):
    joined = dt.date.today() - dt.timedelta(days=200)
    FundMemberFactory(fund=fund, joined_on=joined)
    url = reverse("lapse_members", args=[fund.pk])
    token = confirm_fields(alice.get(url))
    newly_behind = FundMemberFactory(fund=fund, joined_on=joined)  # after the summary was read
    assert alice.post(url, token).status_code == 200  # the new summary, naming both
    assert not fund.members.filter(status=Member.Status.LAPSED).exists()
    newly_behind.refresh_from_db()
    assert newly_behind.status == Member.Status.ACTIVE
