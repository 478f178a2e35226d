"""A tambon coordinator on a phone logs in and adds a community organization in place."""

import pytest

from councils.models import CommunityOrganization
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tambon_coordinator_adds_an_organization_on_a_phone(
    phone, log_in, tambon_coordinator, council, live_server
):
    OrganizationFactory(council=council, name="กลุ่มออมทรัพย์บ้านสันผักฮี้", village_no=1)
    MemberFactory(council=council, role="chair", village_no=1, first_name="บุญศรี")

    log_in(phone, "alice")
    phone.wait_for_url(f"{live_server.url}/")  # she lands on her work, and goes to her council
    phone.click(f"main a[href='{council.get_absolute_url()}']")
    phone.wait_for_url(f"**{council.get_absolute_url()}")
    assert phone.locator("h1").inner_text() == "สภาองค์กรชุมชนตำบลแม่สาย"
    assert fits_the_screen(phone)
    screenshot(phone, "council-page-360")

    phone.click(f"a[href='/councils/{council.pk}/organizations/new/']")
    phone.wait_for_selector("#organizations form")
    assert phone.url.endswith(council.get_absolute_url())  # the form opened in place
    phone.fill("#id_name", "กลุ่มทอผ้าไทลื้อบ้านเวียงพางคำ")
    phone.select_option("#id_kind", "occupation")
    phone.fill("#id_village_no", "5")
    phone.fill("#id_member_count", "24")
    assert fits_the_screen(phone)
    phone.click("#organizations-editor button[type=submit]")
    phone.locator("#organizations").get_by_text("กลุ่มทอผ้าไทลื้อบ้านเวียงพางคำ").wait_for()
    assert phone.locator("#organizations-editor").count() == 0
    # The counts above the section were swapped out of band: 2 organizations now.
    assert phone.locator("#registration .stats div").nth(4).locator("strong").inner_text() == "2"
    organization = CommunityOrganization.objects.get(name="กลุ่มทอผ้าไทลื้อบ้านเวียงพางคำ")
    assert (organization.council, organization.village_no) == (council, 5)
    assert fits_the_screen(phone)
    screenshot(phone, "organization-added-360")
