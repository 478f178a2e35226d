"""On a 360 px phone, every in-place save answers where the eye is: a failed save keeps its
form in view with the error summary and the focus on the first invalid field; a save shows its
confirmation inside the region that changed; #messages holds only the last save's message."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from councils.models import CouncilMember
from plans.models import PlanProject
from tests.browser.conftest import PHONE, has_focus, in_viewport, screenshot, screenshot_view
from tests.factories import (
    AgendaItemFactory,
    IssueFactory,
    MeetingFactory,
    MemberFactory,
    OrganizationFactory,
    PlanFactory,
    ProjectFactory,
    ResolutionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_long_registry(council) -> None:
    """A council as big as the field test's: its sections thousands of pixels apart."""
    for n in range(24):
        OrganizationFactory(council=council, village_no=n % 12 + 1)
    for n in range(18):
        MemberFactory(council=council, village_no=n % 12 + 1)


def _focus_reaches(phone, selector: str) -> None:
    """Give portal.js, which runs after htmx settles the swap, its moment."""
    with contextlib.suppress(PlaywrightTimeout):
        phone.wait_for_function(
            "selector => document.activeElement === document.querySelector(selector)",
            arg=selector,
            timeout=3_000,
        )


def _failed_save_is_in_view(phone, region: str, first_invalid: str, name: str) -> None:
    summary = phone.locator(f"#{region} [data-error-summary]")
    summary.wait_for()
    field = phone.locator(first_invalid)
    _focus_reaches(phone, first_invalid)
    assert in_viewport(summary), f"{name}: the error summary is off the screen"
    assert in_viewport(field), f"{name}: the first invalid field is off the screen"
    assert has_focus(field)
    assert field.get_attribute("aria-invalid") == "true"
    # The summary links the field, and the field is described by its error.
    assert summary.locator(f"a[href='{first_invalid}']").count() == 1
    assert f"{first_invalid[1:]}_error" in field.get_attribute("aria-describedby")
    assert "ยังบันทึกไม่ได้" in summary.inner_text()
    screenshot_view(phone, f"feedback-{name}-error-360")


def _save_is_confirmed_in_view(phone, status_selector: str, name: str) -> None:
    status = phone.locator(status_selector)
    status.wait_for()
    # portal.js scrolls to the confirmation, then puts the focus on it.
    _focus_reaches(phone, status_selector)
    assert status.get_attribute("role") == "status"
    assert in_viewport(status), f"{name}: the confirmation is off the screen"
    assert has_focus(status)
    screenshot_view(phone, f"feedback-{name}-saved-360")


def _one_message(phone) -> str:
    messages = phone.locator("#messages p")
    assert messages.count() == 1
    return messages.inner_text()


def test_a_council_member_save_answers_where_the_form_is(
    phone, log_in, tambon_coordinator, council
):
    _a_long_registry(council)
    log_in(phone, "alice")
    phone.goto(council.get_absolute_url())
    phone.locator("#members a[href$='/members/new/']").click()
    phone.wait_for_selector("#members-editor form")
    phone.locator("#members-editor button[type=submit]").scroll_into_view_if_needed()

    phone.locator("#members-editor button[type=submit]").click()
    _failed_save_is_in_view(phone, "members", "#id_first_name", "member")
    assert phone.locator("#members-editor").count() == 1  # still the form, what was typed kept

    phone.fill("#id_first_name", "คำแปง")
    phone.fill("#id_last_name", "ใจมั่น")
    phone.select_option("#id_seat", "representative")
    phone.fill("#id_village_no", "7")
    phone.fill("#id_selected_on", "15/01/2568")
    phone.locator("#members-editor button[type=submit]").scroll_into_view_if_needed()
    phone.locator("#members-editor button[type=submit]").click()
    _save_is_confirmed_in_view(phone, "#members [data-region-status]", "member")
    assert CouncilMember.objects.filter(first_name="คำแปง").exists()
    assert _one_message(phone) == "บันทึกข้อมูลสมาชิกแล้ว"
    screenshot(phone, "feedback-member-saved-full-360")

    # A second save: the live region says only what this one did.
    member = CouncilMember.objects.get(first_name="คำแปง")
    phone.locator(f"#members a[href$='/members/{member.pk}/edit/']").click()
    phone.wait_for_selector("#members-editor form")
    phone.fill("#id_phone", "0812345678")
    phone.locator("#members-editor button[type=submit]").click()
    phone.wait_for_selector("#members-editor", state="detached")
    _save_is_confirmed_in_view(phone, "#members [data-region-status]", "member-again")
    assert phone.locator("[data-region-status]").count() == 1
    assert _one_message(phone) == "บันทึกข้อมูลสมาชิกแล้ว"


def test_an_organization_save_answers_where_the_form_is(phone, log_in, tambon_coordinator, council):
    _a_long_registry(council)
    log_in(phone, "alice")
    phone.goto(council.get_absolute_url())
    phone.locator("#organizations a[href$='/organizations/new/']").click()
    phone.wait_for_selector("#organizations-editor form")
    phone.locator("#organizations-editor button[type=submit]").scroll_into_view_if_needed()

    phone.locator("#organizations-editor button[type=submit]").click()
    _failed_save_is_in_view(phone, "organizations", "#id_name", "organization")

    phone.fill("#id_name", "กลุ่มทอผ้าไทลื้อบ้านเวียงพางคำ")
    phone.select_option("#id_kind", "occupation")
    phone.fill("#id_village_no", "5")
    phone.fill("#id_member_count", "24")
    phone.locator("#organizations-editor button[type=submit]").click()
    _save_is_confirmed_in_view(phone, "#organizations [data-region-status]", "organization")
    assert _one_message(phone) == "บันทึกข้อมูลองค์กรแล้ว"

    phone.locator("#organizations a[href$='/organizations/new/']").click()
    phone.wait_for_selector("#organizations-editor form")
    phone.fill("#id_name", "กลุ่มผู้สูงอายุบ้านเหมืองแดง")
    phone.select_option("#id_kind", "elders")
    phone.fill("#id_member_count", "40")
    phone.locator("#organizations-editor button[type=submit]").click()
    phone.wait_for_selector("#organizations-editor", state="detached")
    _save_is_confirmed_in_view(phone, "#organizations [data-region-status]", "organization-2")
    assert _one_message(phone) == "บันทึกข้อมูลองค์กรแล้ว"


def test_a_resolution_save_answers_at_the_end_of_a_long_meeting(
    phone, log_in, tambon_coordinator, council
):
    meeting = MeetingFactory(council=council)
    items = [AgendaItemFactory(meeting=meeting, position=n) for n in range(1, 16)]
    for n in range(1, 9):
        ResolutionFactory(meeting=meeting, position=n, agenda_item=items[n])
    log_in(phone, "alice")
    phone.goto(meeting.get_absolute_url())
    phone.locator("#resolutions a[href$='/resolutions/new/']").click()
    phone.wait_for_selector("#resolutions-editor form")
    phone.locator("#resolutions-editor button[type=submit]").scroll_into_view_if_needed()

    phone.locator("#resolutions-editor button[type=submit]").click()
    _failed_save_is_in_view(phone, "resolutions", "#id_text", "resolution")

    phone.fill("#id_text", "เห็นชอบให้เสนอเทศบาลซ่อมถนนสายบ้านป่าซาง")
    phone.locator("#resolutions-editor button[type=submit]").click()
    _save_is_confirmed_in_view(phone, "#resolutions [data-region-status]", "resolution")
    assert _one_message(phone) == "บันทึกมติแล้ว"

    phone.locator("#agenda a[href$='/agenda/new/']").click()
    phone.wait_for_selector("#agenda-editor form")
    phone.fill("#agenda-editor #id_title", "เรื่องอื่น ๆ")
    phone.locator("#agenda-editor button[type=submit]").click()
    phone.wait_for_selector("#agenda-editor", state="detached")
    _save_is_confirmed_in_view(phone, "#agenda [data-region-status]", "agenda")
    assert _one_message(phone) == "บันทึกระเบียบวาระแล้ว"
    # The confirmation of the first save went with its section's next swap or stays alone.
    assert phone.locator("#agenda [data-region-status]").count() == 1


def test_a_plan_project_save_answers_inside_the_project(phone, log_in, tambon_coordinator, council):
    plan = PlanFactory(council=council)
    issues = [IssueFactory(plan=plan) for _ in range(5)]
    for issue in issues:
        for _ in range(3):
            ProjectFactory(issue=issue)
    last_issue = issues[-1]
    log_in(phone, "alice")
    phone.goto(plan.get_absolute_url())
    phone.locator(f"a[href$='/issues/{last_issue.pk}/projects/new/']").click()
    phone.wait_for_selector("#project-editor form")
    phone.locator("#project-editor button[type=submit]").scroll_into_view_if_needed()

    phone.locator("#project-editor button[type=submit]").click()
    _failed_save_is_in_view(phone, "plan-editor", "#id_title", "project")

    phone.fill("#id_title", "โครงการธนาคารขยะบ้านเหมืองแดง")
    phone.check("#id_approach_0")
    phone.locator("#project-editor button[type=submit]").click()
    phone.wait_for_selector("#project-editor", state="detached")
    project = PlanProject.objects.get(title="โครงการธนาคารขยะบ้านเหมืองแดง")
    _save_is_confirmed_in_view(phone, f"#project-{project.pk} [data-region-status]", "project")
    assert _one_message(phone) == "บันทึกโครงการแล้ว"

    first = issues[0].projects.first()
    phone.locator(f"a[href$='/projects/{first.pk}/edit/']").click()
    phone.wait_for_selector("#project-editor form")
    phone.fill("#id_target", "ครัวเรือน 80 ครัวเรือน")
    phone.locator("#project-editor button[type=submit]").click()
    phone.wait_for_selector("#project-editor", state="detached")
    _save_is_confirmed_in_view(phone, f"#project-{first.pk} [data-region-status]", "project-2")
    assert phone.locator("[data-region-status]").count() == 1
    assert _one_message(phone) == "บันทึกโครงการแล้ว"


@pytest.fixture
def phone_without_javascript(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, locale="th-TH", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_without_javascript_a_save_lands_on_its_section_with_the_message(
    phone_without_javascript, log_in, tambon_coordinator, council
):
    phone = phone_without_javascript
    _a_long_registry(council)
    log_in(phone, "alice")
    phone.goto(council.get_absolute_url())
    phone.locator("#members a[href$='/members/new/']").click()
    phone.wait_for_url("**/members/new/")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator("[data-error-summary] a[href='#id_first_name']").count() == 1
    screenshot_view(phone, "feedback-nojs-member-error-360")

    phone.fill("#id_first_name", "คำแปง")
    phone.fill("#id_last_name", "ใจมั่น")
    phone.select_option("#id_seat", "representative")
    phone.fill("#id_village_no", "7")
    phone.fill("#id_selected_on", "15/01/2568")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"**{council.get_absolute_url()}?page=*#members")
    status = phone.locator("#members [data-region-status]")
    assert status.inner_text() == "✓ บันทึกข้อมูลสมาชิกแล้ว"
    assert in_viewport(status)  # the anchor brought the section and its message to the screen
    screenshot_view(phone, "feedback-nojs-member-saved-360")
