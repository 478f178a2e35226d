"""On a phone: Alice records what became of a project of her accepted plan. A progress figure
out of range is refused with the summary and the field on the screen; the corrected update with
a spending line lands in the project's timeline, and the plan page shows the project's state."""

import pytest

from plans.execution.models import Indicator, ProjectUpdate
from plans.models import PlanProject
from tests.browser.conftest import (
    PHONE,
    fits_the_screen,
    has_focus,
    in_viewport,
    screenshot,
    screenshot_view,
)
from tests.factories import PartnerFactory, complete_plan, put_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "อบรมการทำบัญชีครัวเรือนให้สมาชิกกลุ่มออมทรัพย์ 30 คนแล้ว"


def test_alice_records_an_update_with_spending_and_sees_it_on_the_timeline(
    phone, browser, live_server, log_in, tambon_coordinator, district_coordinator, council,
    settings, tmp_path,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    PartnerFactory()
    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__plan=plan).first()
    Indicator.objects.create(project=project, name="ครัวเรือนที่ทำบัญชีรับจ่าย", unit="ครัวเรือน")
    put_in_state(plan, "accepted")
    log_in(phone, "alice")

    phone.goto(plan.get_absolute_url())
    assert phone.locator("#execution-summary").is_visible()
    phone.click(f"#project-{project.pk} strong a")
    phone.wait_for_url(f"**/projects/{project.pk}/")
    assert fits_the_screen(phone)
    phone.click("#state a[role=button]")
    phone.wait_for_selector("#update-form")
    assert fits_the_screen(phone)

    # Out of range: not saved, the summary on the screen, the field focused, the note kept.
    phone.fill("#id_progress", "150")
    phone.fill("#id_note", NOTE)
    phone.click("#update-form .form-buttons button[type=submit]")
    summary = phone.locator("[data-error-summary]")
    summary.wait_for()
    assert "ความคืบหน้า" in summary.inner_text()
    assert in_viewport(summary)
    assert has_focus(phone.locator("#id_progress"))
    assert phone.input_value("#id_note") == NOTE
    assert not ProjectUpdate.objects.exists()
    screenshot_view(phone, "execution-form-error-360")
    screenshot(phone, "execution-form-error-360-full")

    # Corrected, with one spending line from the folded part.
    phone.fill("#id_progress", "40")
    phone.check("input[name=status][value=under_way]")
    phone.click("#part-spending summary")
    phone.select_option("#id_spending-0-fiscal_year", "2570")
    phone.select_option("#id_spending-0-source", "community")
    phone.fill("#id_spending-0-amount", "3500")
    assert fits_the_screen(phone)
    for part in ("proposal", "adoption", "results", "evidence"):
        phone.click(f"#part-{part} summary")
    assert fits_the_screen(phone)
    screenshot(phone, "execution-form-open-360")
    phone.click("#update-form .form-buttons button[type=submit]")
    phone.wait_for_url(f"**/projects/{project.pk}/#timeline")
    status = phone.locator("[data-region-status='timeline']")
    status.wait_for()
    assert in_viewport(status)
    assert "40" in status.inner_text()
    first = phone.locator("#timeline .timeline-item").first
    assert NOTE in first.inner_text() and "3,500.00" in first.inner_text()
    assert fits_the_screen(phone)
    screenshot_view(phone, "execution-saved-360")
    screenshot(phone, "execution-project-360")

    stored = PlanProject.objects.get(pk=project.pk)
    assert (stored.execution_status, stored.progress) == ("under_way", 40)

    phone.goto(plan.get_absolute_url())
    badge = phone.locator(f"#project-{project.pk} .execution-line .badge")
    assert badge.inner_text() == "กำลังดำเนินการ"
    assert "40%" in phone.locator(f"#project-{project.pk} .execution-line").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "execution-plan-360")

    # Dao, on her own phone, sees it on the district's accountability view: the tambon has a
    # project under way now, and the baht spent is the line Alice typed.
    context = browser.new_context(viewport=PHONE, locale="th-TH", base_url=live_server.url)
    dao = context.new_page()
    try:
        log_in(dao, "dao")
        dao.click("a[href='/areas/5709/accountability/']")
        dao.wait_for_url("**/areas/5709/accountability/")
        assert "ตำบลที่มีโครงการดำเนินการจริง 1 จาก 1 ตำบล" in dao.locator("#headline").inner_text()
        assert "3,500" in dao.locator("main").inner_text()
        assert fits_the_screen(dao)
        screenshot(dao, "execution-seen-by-district-360")
    finally:
        context.close()
