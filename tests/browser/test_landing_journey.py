"""On a phone, a tambon and a district coordinator log in and land on what needs them now."""

import datetime as dt

import pytest
from django.utils import timezone

from councils.buddhist_era import add_years, fiscal_year_be
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import (
    ClaimFactory,
    CouncilFactory,
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
    MemberFactory,
    PartnerFactory,
    ResolutionFactory,
    UserFactory,
    complete_plan,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
YEAR = fiscal_year_be(TODAY)


def test_tambon_coordinator_lands_on_her_work_and_approves_a_claim(
    phone, log_in, live_server, tambon_coordinator, council
):
    plan = complete_plan(council, first_year=YEAR, last_year=YEAR + 4)
    plan.title = f"แผนพัฒนาตำบลแม่สาย พ.ศ. {YEAR}-{YEAR + 4}"
    plan.save(update_fields=["title"])
    fund = FundFactory(council=council, name="กองทุนสวัสดิการชุมชนตำบลแม่สาย")
    claim = ClaimFactory(
        member=FundMemberFactory(fund=fund, first_name="บุญมา", last_name="แก้วมณี"),
        filed_by=UserFactory(username="clerk"),
    )
    meeting = MeetingFactory(council=council, held_on=TODAY - dt.timedelta(days=60))
    proposal = ResolutionFactory.build(
        meeting=meeting,
        addressed_to=PartnerFactory(name="องค์การบริหารส่วนตำบลแม่สาย"),
        due_on=TODAY - dt.timedelta(days=12),
        text="ขอรับการสนับสนุนงบประมาณซ่อมแซมฝายกั้นน้ำบ้านป่ายาง",
    )
    proposal.save_by(None)
    MemberFactory(
        council=council, role="secretary", first_name="จันทร์เพ็ญ", last_name="ศรีสุข",
        selected_on=add_years(TODAY + dt.timedelta(days=25), -4),
    )  # fmt: skip
    MeetingFactory(
        council=council, held_on=TODAY + dt.timedelta(days=9), title="ประชุมสภาองค์กรชุมชนตำบลแม่สาย",
        place="ศาลาอเนกประสงค์หมู่ที่ 1",
    )  # fmt: skip

    log_in(phone, "alice")
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.locator("h1").inner_text() == "งานที่รอท่านอยู่"
    assert f"แผนปี {YEAR}-{YEAR + 4} ยังเป็นร่าง" in phone.locator("#tambon-plans").inner_text()
    # The menu counts what waits: one plan, one claim, one overdue proposal, one notification.
    menu = phone.locator("nav.section-bar")
    assert menu.locator("a[href='/plans/'] .badge-count").inner_text() == "1"
    assert menu.locator("a[href='/welfare/'] .badge-count").inner_text() == "1"
    assert menu.locator("a[href='/meetings/'] .badge-count").inner_text() == "1"
    assert menu.locator("a[href='/notifications/'] .badge-count").inner_text() == "1"
    assert fits_the_screen(phone)
    screenshot(phone, "landing-tambon-360")

    phone.click(f"#tambon-claims a[href='{claim.get_absolute_url()}']")
    phone.wait_for_url(f"**{claim.get_absolute_url()}")
    assert phone.locator("h1").count() == 1


def test_district_coordinator_lands_on_the_plans_to_review(
    phone, log_in, live_server, district_coordinator, council, other_council
):
    submitted = complete_plan(
        other_council, first_year=YEAR, last_year=YEAR + 4, state="submitted",
        title=f"แผนพัฒนาตำบลห้วยไคร้ พ.ศ. {YEAR}-{YEAR + 4}",
    )  # fmt: skip
    complete_plan(council, first_year=YEAR, last_year=YEAR + 4, state="accepted")
    CouncilFactory(subdistrict_id="570903", name="สภาองค์กรชุมชนตำบลเกาะช้าง")

    log_in(phone, "dao")
    phone.wait_for_url(f"{live_server.url}/")
    reviews = phone.locator("#district-reviews")
    assert reviews.locator(".badge").inner_text() == "1"
    assert "สภาองค์กรชุมชนตำบลเกาะช้าง" in phone.locator("#district-without-plan").inner_text()
    assert phone.locator("a[href='/areas/5709/reviews/']").count() >= 1
    assert phone.locator("a[href='/areas/5709/plans/']").count() >= 1
    assert fits_the_screen(phone)
    screenshot(phone, "landing-district-360")

    reviews.locator(f"a[href='{submitted.get_absolute_url()}']").click()
    phone.wait_for_url(f"**{submitted.get_absolute_url()}")
