"""On a phone, the fund's bookkeeper registers a member, records a payment and files a claim,
confirming the amount the benefit's rule proposes; she cannot approve what she filed, so the
treasurer and the chair approve it, the chair pays it, and the balance changes."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from councils.access import Role
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import (
    TAMBON_MAE_SAI,
    AssignmentFactory,
    BenefitTypeFactory,
    FundFactory,
    UserFactory,
)
from tests.welfare.transactional import geography  # noqa: F401
from welfare import ledger
from welfare.models import BenefitType, Claim, LedgerEntry, Member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("geography"),
]


def _balance(page) -> Decimal:
    return Decimal(page.locator("#fund-balance").inner_text().replace(",", ""))


def _log_out(page):
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_load_state()


def test_register_pay_claim_approve_twice_and_see_the_balance_change(
    phone, log_in, tambon_coordinator, council
):
    fund = FundFactory(council=council, name="กองทุนสวัสดิการชุมชนตำบลแม่สาย")
    BenefitTypeFactory(
        fund=fund, kind=BenefitType.Kind.DISASTER, name="ช่วยเหลือผู้ประสบภัยน้ำท่วม",
        amount=Decimal("2000"), waiting_days=0,
    )  # fmt: skip
    ledger.record_entry(
        fund, "grant", Decimal("50000"), dt.date.today(), tambon_coordinator, source="codi"
    )
    # The fund committee's treasurer and chair: the two people other than the filer who approve.
    for username, first, last in (("somsri", "สมศรี", "ทองคำ"), ("chanchai", "ชาญชัย", "ใจดี")):
        approver = UserFactory(username=username, first_name=first, last_name=last)
        AssignmentFactory(user=approver, role=Role.TAMBON_COORDINATOR, area_code=TAMBON_MAE_SAI)

    log_in(phone, "alice")
    phone.click("header a[href='/welfare/']")
    phone.wait_for_url(f"**{fund.get_absolute_url()}")
    assert _balance(phone) == Decimal("50000.00")
    assert fits_the_screen(phone)
    screenshot(phone, "welfare-fund-360")

    phone.click(f"a[href='/funds/{fund.pk}/members/new/']")
    phone.fill("#id_title", "นาง")
    phone.fill("#id_first_name", "จันทร์เพ็ญ")
    phone.fill("#id_last_name", "ศรีสุข")
    phone.fill("#id_citizen_id", "3-1006-00445-63-5")
    phone.fill("#id_birth_date", "12/8/2518")
    phone.select_option("#id_sex", "female")
    phone.fill("#id_village_no", "4")
    phone.fill(
        "#id_joined_on", dt.date.today().strftime("%d/%m/") + str(dt.date.today().year + 543)
    )
    phone.check("#id_consent")
    assert fits_the_screen(phone)
    phone.click("main form button[type=submit]")
    phone.wait_for_url(re.compile(r"/members/\d+/$"))
    member = Member.objects.get(first_name="จันทร์เพ็ญ")
    assert "3-1006-xxxxx-xx-5" in phone.content()
    assert "3100600445635" not in phone.content()
    assert fits_the_screen(phone)
    screenshot(phone, "welfare-member-360")

    phone.click("main a:has-text('บันทึกเงินสมทบ'), main a[href*='/contributions/new/']")
    assert phone.input_value("#id_amount") == "30.00"
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"**{member.get_absolute_url()}")
    assert LedgerEntry.objects.filter(member=member, kind="contribution").count() == 1

    phone.click(f"main a[href^='/funds/{fund.pk}/claims/new/']")
    phone.select_option("#id_benefit_type", label="ช่วยเหลือผู้ประสบภัยน้ำท่วม (2,000)")
    phone.fill("#id_description", "น้ำป่าไหลหลากเข้าบ้าน")
    assert fits_the_screen(phone)
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state()
    # The amount was left empty: the form proposes what the rule gives, and she confirms it.
    assert phone.input_value("#id_amount") == "2000.00"
    assert not Claim.objects.exists()
    phone.click("main form button[type=submit]")
    phone.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim = Claim.objects.get(member=member)
    assert phone.locator("#rules li.failed").count() == 0
    assert phone.locator("#approve").count() == 0  # she filed it, so she cannot approve it
    assert fits_the_screen(phone)
    screenshot(phone, "welfare-claim-filed-360")
    _log_out(phone)

    log_in(phone, "somsri")
    phone.goto(claim.get_absolute_url())
    phone.click("#approve")
    phone.wait_for_load_state()
    assert phone.locator("#approve").count() == 0  # she cannot approve twice
    screenshot(phone, "welfare-claim-one-approval-360")
    _log_out(phone)

    log_in(phone, "chanchai")
    phone.goto(claim.get_absolute_url())
    phone.click("#approve")
    phone.wait_for_load_state()
    phone.click("#pay")
    phone.wait_for_url(re.compile(r"/pay/$"))  # the amount and the balance after, to confirm
    assert not LedgerEntry.objects.filter(claim=claim).exists()
    phone.click("[data-confirm-button]")
    phone.wait_for_url(re.compile(r"/claims/\d+/$"))
    assert phone.locator("#claim-status").inner_text() == str(Claim.Status.PAID.label) or (
        Claim.objects.get(pk=claim.pk).status == Claim.Status.PAID
    )
    screenshot(phone, "welfare-claim-paid-360")
    phone.goto(fund.get_absolute_url())
    assert _balance(phone) == Decimal("50000.00") + Decimal("30.00") - Decimal("2000.00")
    claim.refresh_from_db()
    assert claim.filed_by.username == "alice"
    assert (claim.first_approver.username, claim.second_approver.username) == (
        "somsri",
        "chanchai",
    )
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
