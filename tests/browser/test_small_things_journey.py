"""On a phone: the small things that save a coordinator's time. Every member ticked at once on
the attendance form; a budget line added to a project without saving first; a claim's member
found by a search in a fund of many members."""

import datetime as dt
from decimal import Decimal

import pytest

from councils.meetings.models import Meeting
from plans.models import ProjectBudget
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import (
    BenefitTypeFactory,
    FundFactory,
    FundMemberFactory,
    IssueFactory,
    MeetingFactory,
    MemberFactory,
    PlanFactory,
)
from tests.welfare.transactional import geography  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("geography"),
]


def test_select_all_ticks_every_member_in_place_and_saves(
    phone, log_in, tambon_coordinator, council
):
    members = [MemberFactory(council=council, village_no=n % 8 + 1) for n in range(12)]
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    log_in(phone, "alice")
    phone.goto(meeting.get_absolute_url())
    phone.click(f"#attendance a[href='/meetings/{meeting.pk}/attendance/']")
    phone.wait_for_selector("#attendance form")
    boxes = phone.locator("#attendance input[name=members]")
    assert boxes.count() == 12

    requests = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.get_by_role("button", name="เลือกทั้งหมด").click()
    assert all(boxes.nth(n).is_checked() for n in range(12))
    assert requests == []  # ticked in place, nothing sent
    phone.get_by_role("button", name="ไม่เลือกเลย").click()
    assert not any(boxes.nth(n).is_checked() for n in range(12))
    phone.get_by_role("button", name="เลือกทั้งหมด").click()
    phone.uncheck(f"#attendance input[value='{members[3].pk}']")  # the one who was absent
    phone.fill("#id_guests_female", "5")
    phone.fill("#id_guests_male", "2")
    assert fits_the_screen(phone)
    screenshot(phone, "attendance-select-all-360")

    phone.press("#id_guests_male", "Enter")  # Enter saves: select-all is not the default button
    phone.locator("#attendance form").wait_for(state="detached")
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert set(meeting.attendances.values_list("member_id", flat=True)) == {
        m.pk for m in members if m != members[3]
    }
    assert meeting.guests_female == 5
    screenshot(phone, "attendance-saved-360")


def test_a_budget_line_is_added_in_place_and_saved_with_the_project(
    phone, log_in, tambon_coordinator, council
):
    plan = PlanFactory(council=council)
    issue = IssueFactory(plan=plan)
    log_in(phone, "alice")
    phone.goto(plan.get_absolute_url())
    phone.click(f"a[href='{plan.get_absolute_url()}issues/{issue.pk}/projects/new/']")
    phone.wait_for_selector("#project-editor form")
    phone.fill("#id_title", "โครงการธนาคารขยะชุมชน")
    phone.check("#id_approach_0")
    lines = [("2569", "codi", "30000"), ("2570", "community", "5000"), ("2571", "pao", "12000")]
    assert phone.locator(".budget-line").count() == 2
    requests = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.get_by_role("button", name="+ เพิ่มรายการงบประมาณ").click()
    assert phone.locator("#budget-lines .budget-line").count() == 3
    assert phone.input_value("#id_budget-TOTAL_FORMS") == "3"
    assert requests == []  # added in place, nothing sent
    for index, (year, source, amount) in enumerate(lines):
        phone.select_option(f"#id_budget-{index}-fiscal_year", year)
        phone.select_option(f"#id_budget-{index}-source", source)
        phone.fill(f"#id_budget-{index}-amount", amount)
    assert fits_the_screen(phone)
    screenshot(phone, "budget-line-added-360")
    # The full-page screenshot resizes the page for a moment; with the amount field still
    # focused, Chromium then shifts the layout under the next click. A person tapping Save
    # leaves the field first, as here.
    phone.evaluate("document.activeElement.blur()")

    phone.click("#project-editor .form-buttons button[type=submit]")
    phone.locator("#plan-editor .project strong", has_text="ธนาคารขยะ").wait_for()
    budgets = ProjectBudget.objects.filter(project__issue=issue)
    assert sorted((b.fiscal_year, b.amount) for b in budgets) == [
        (2569, Decimal("30000")),
        (2570, Decimal("5000")),
        (2571, Decimal("12000")),
    ]
    assert "47,000" in phone.locator("#totals").inner_text()
    screenshot(phone, "budget-line-saved-360")


def test_a_claims_member_is_found_by_typing_part_of_a_name(
    phone, log_in, tambon_coordinator, council
):
    fund = FundFactory(council=council, name="กองทุนสวัสดิการชุมชนตำบลแม่สาย")
    BenefitTypeFactory(fund=fund, name="ช่วยเหลือผู้ประสบภัย", amount=Decimal("2000"))
    for n in range(40):
        FundMemberFactory(fund=fund, first_name=f"บุญมี{n}", last_name="แก้วมณี")
    wanted = FundMemberFactory(fund=fund, first_name="จันทร์เพ็ญ", last_name="ศรีสุข", village_no=4)
    log_in(phone, "alice")
    phone.goto(f"/funds/{fund.pk}/claims/new/")
    assert phone.locator("#member-choices input[type=radio]").count() == 0
    phone.fill("#id_member_q", "จันทร์ ศรี")
    choice = phone.locator(f"#member-choices input[value='{wanted.pk}']")
    choice.wait_for()
    assert phone.locator("#member-choices input[type=radio]").count() == 1
    choice.check()
    assert fits_the_screen(phone)
    screenshot(phone, "claim-member-search-360")

    phone.fill("#id_member_q", "แก้วมณี")  # a second search keeps the member picked, first
    phone.locator("#member-choices nav").wait_for()
    assert phone.locator("#member-choices input[type=radio]").first.is_checked()
    phone.locator("#member-choices nav button").click()  # the next page of those found
    phone.get_by_text("หน้า 2 จาก 4").wait_for()
    screenshot(phone, "claim-member-search-page-2-360")


def test_the_district_reads_what_changed_and_the_help_on_a_phone(
    phone, log_in, tambon_coordinator, district_coordinator, council
):
    from tests.factories import BudgetFactory, ProjectFactory, complete_plan

    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    plan.send_back(by=district_coordinator, note="เพิ่มงบประมาณจากเทศบาลให้ชัดเจน")
    line = ProjectBudget.objects.filter(project__issue__plan=plan).first()
    line.amount = Decimal("65000")
    line.save()
    issue = plan.issues.first()
    BudgetFactory(
        project=ProjectFactory(issue=issue, title="โครงการตลาดนัดชุมชนชายแดน"),
        source="local_government",
        amount=Decimal("20000"),
    )
    plan.submit(by=tambon_coordinator)

    log_in(phone, "dao")
    phone.goto(plan.get_absolute_url())
    changes = phone.locator("#changes")
    assert "โครงการตลาดนัดชุมชนชายแดน" in changes.inner_text()
    assert "65,000.00" in changes.inner_text()
    assert fits_the_screen(phone)
    changes.screenshot(path="test-artifacts/plan-changes-since-return-360.png")

    phone.click("footer a[href='/help/']")
    phone.wait_for_url("**/help/district/")
    assert fits_the_screen(phone)
    screenshot(phone, "help-district-360")
