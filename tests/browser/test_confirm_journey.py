"""On a phone, 360 px wide: sending a plan to the district and paying a claim each stop at a
confirm page that says what will happen, whose button is on the screen without scrolling and
not where the tap that opened it landed; only that button does it."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from councils.access import Role
from tests.browser.conftest import PHONE, fits_the_screen, screenshot
from tests.factories import (
    TAMBON_MAE_SAI,
    AssignmentFactory,
    BenefitTypeFactory,
    ClaimFactory,
    FundFactory,
    FundMemberFactory,
    UserFactory,
    complete_plan,
)
from tests.welfare.transactional import geography  # noqa: F401
from welfare import ledger
from welfare.models import BenefitType, Claim, LedgerEntry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("geography"),
]


def _tapped(page, selector: str) -> dict:
    """Where on the screen the opener is when it is tapped (scrolled into view first)."""
    opener = page.locator(selector)
    opener.scroll_into_view_if_needed()
    box = opener.bounding_box()
    opener.click()
    return box


def _confirm_button_stands_apart(page, opened_at: dict) -> None:
    """The confirm button is fully on the screen as the page opens, and away from the tap."""
    page.wait_for_selector("[data-confirm-button]")
    assert page.evaluate("window.scrollY") == 0
    box = page.locator("[data-confirm-button]").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (box, opened_at)
    overlaps = (
        box["y"] < opened_at["y"] + opened_at["height"]
        and opened_at["y"] < box["y"] + box["height"]
        and box["x"] < opened_at["x"] + opened_at["width"]
        and opened_at["x"] < box["x"] + box["width"]
    )
    assert not overlaps, (box, opened_at)
    assert fits_the_screen(page)


def test_sending_a_plan_stops_at_its_summary_first(phone, log_in, tambon_coordinator, council):
    plan = complete_plan(council)  # three issues, three projects of 50,000 baht
    log_in(phone, "alice")
    phone.goto(plan.get_absolute_url())

    opened_at = _tapped(phone, "#plan-actions [data-confirm-opener]")

    phone.wait_for_url(f"**{plan.get_absolute_url()}submit/")
    lead = phone.locator(".confirm-lead").inner_text()
    assert lead == (
        "ส่งแผนให้อำเภอ: 3 ประเด็น 3 โครงการ งบประมาณ 150,000 บาท — แก้ไขไม่ได้จนกว่าอำเภอจะส่งกลับ"
    )
    assert phone.locator("[data-confirm-button]").inner_text() == "ส่งแผนให้อำเภอ"
    screenshot(phone, "confirm-plan-submit-360")
    _confirm_button_stands_apart(phone, opened_at)
    plan.refresh_from_db()
    assert plan.state == "draft"  # the summary locks nothing

    phone.click("[data-confirm-cancel]")  # the way back changes nothing either
    phone.wait_for_url(f"**{plan.get_absolute_url()}")
    plan.refresh_from_db()
    assert plan.state == "draft"

    phone.click("#plan-actions [data-confirm-opener]")
    phone.click("[data-confirm-button]")
    phone.wait_for_url(f"**{plan.get_absolute_url()}")
    plan.refresh_from_db()
    assert plan.state == "submitted"


def test_paying_a_claim_stops_at_the_amount_and_the_balance_after(
    phone, log_in, tambon_coordinator, council
):
    fund = FundFactory(council=council, name="กองทุนสวัสดิการชุมชนตำบลแม่สาย")
    benefit = BenefitTypeFactory(
        fund=fund, kind=BenefitType.Kind.DISASTER, name="ช่วยเหลือผู้ประสบภัยน้ำท่วม",
        amount=Decimal("2000"), waiting_days=0,
    )  # fmt: skip
    ledger.record_entry(
        fund, "grant", Decimal("50000"), dt.date.today(), tambon_coordinator, source="codi"
    )
    member = FundMemberFactory(fund=fund, joined_on=dt.date.today())
    ledger.record_contribution(member, Decimal("30"), dt.date.today(), tambon_coordinator)
    approvers = []
    for username in ("somsri", "chanchai"):
        approver = UserFactory(username=username)
        AssignmentFactory(user=approver, role=Role.TAMBON_COORDINATOR, area_code=TAMBON_MAE_SAI)
        approvers.append(approver)
    claim = ClaimFactory(
        member=member, benefit_type=benefit, event_on=dt.date.today(), amount=Decimal("2000"),
        filed_by=approvers[0],
    )  # fmt: skip
    claim.approve(tambon_coordinator)
    claim.approve(approvers[1])
    log_in(phone, "alice")
    phone.goto(claim.get_absolute_url())

    opened_at = _tapped(phone, "#pay")

    phone.wait_for_url(re.compile(r"/pay/$"))
    lead = phone.locator(".confirm-lead").inner_text()
    assert lead.startswith("จ่าย 2,000 บาท ให้") and "กองทุนจะเหลือเงิน 48,030 บาท" in lead
    assert phone.locator("[data-confirm-button]").inner_text() == "จ่าย 2,000 บาท"
    screenshot(phone, "confirm-claim-pay-360")
    _confirm_button_stands_apart(phone, opened_at)
    assert not LedgerEntry.objects.filter(claim=claim).exists()  # the summary pays nothing

    phone.click("[data-confirm-button]")
    phone.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    assert LedgerEntry.objects.get(claim=claim).amount == Decimal("-2000.00")


def test_without_javascript_the_confirm_page_is_the_same_step(
    browser, live_server, log_in, tambon_coordinator, council
):
    context = browser.new_context(
        viewport=PHONE, locale="th-TH", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        plan = complete_plan(council)
        log_in(page, "alice")
        page.goto(plan.get_absolute_url())
        opened_at = _tapped(page, "#plan-actions [data-confirm-opener]")
        page.wait_for_url(f"**{plan.get_absolute_url()}submit/")
        _confirm_button_stands_apart(page, opened_at)
        plan.refresh_from_db()
        assert plan.state == "draft"
        page.click("[data-confirm-button]")
        page.wait_for_url(f"**{plan.get_absolute_url()}")
        plan.refresh_from_db()
        assert plan.state == "submitted"
    finally:
        context.close()
