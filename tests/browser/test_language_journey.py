"""On a phone: a wrong phone number and a village the tambon lacks are refused in Thai, under
their fields; in English the plan's themes and dates read in English."""

import pytest

from councils.models import CouncilMember, Subdistrict
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import TAMBON_MAE_SAI, complete_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bad_input_is_refused_in_thai_and_english_reads_english(
    phone, log_in, tambon_coordinator, council
):
    Subdistrict.objects.filter(code=TAMBON_MAE_SAI).update(village_count=10)
    plan = complete_plan(council)
    log_in(phone, "alice")
    phone.wait_for_url(f"**{council.get_absolute_url()}")

    phone.click(f"a[href='/councils/{council.pk}/members/new/']")
    phone.wait_for_selector("#members form")
    phone.fill("#id_first_name", "สมชาย")
    phone.fill("#id_last_name", "ใจดี")
    phone.select_option("#id_seat", "representative")
    phone.fill("#id_village_no", "12")
    phone.fill("#id_selected_on", "15/1/2567")
    phone.fill("#id_phone", "08123")
    phone.click("#members-editor button[type=submit]")
    phone.locator("#id_village_no_error").wait_for()
    assert phone.locator("#id_village_no_error").inner_text() == ("ตำบลแม่สาย มี 10 หมู่บ้าน ไม่มีหมู่ที่ 12")
    assert "ไม่ใช่หมายเลขโทรศัพท์ในประเทศไทย" in phone.locator("#id_phone_error").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "member-bad-village-and-phone-360")

    phone.fill("#id_village_no", "4")
    phone.fill("#id_phone", "081 234 5678")
    phone.click("#members-editor button[type=submit]")
    phone.locator("#members").get_by_text("สมชาย").first.wait_for()
    assert CouncilMember.objects.get(first_name="สมชาย").phone == "+66812345678"

    phone.click("form[action='/i18n/setlang/'] button")
    phone.wait_for_load_state()
    phone.goto(plan.get_absolute_url())
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_text("Economy").count() > 0
    assert phone.get_by_text("ด้านเศรษฐกิจ").count() == 0
    assert "BE" in phone.locator("main").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "plan-in-english-360")
