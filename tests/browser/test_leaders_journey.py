"""A tambon coordinator on a phone reads the leaders' registry and a person's page."""

import pytest
from django.utils import timezone

from councils.buddhist_era import be_year
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import MemberFactory, PersonFactory, PersonRoleFactory, TrainingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tambon_coordinator_reads_the_leaders_on_a_phone(
    phone, log_in, tambon_coordinator, council
):
    year = be_year(timezone.localdate().year)
    chair = MemberFactory(council=council, role="chair", village_no=1, first_name="บุญศรี",
                          last_name="คำแสนยอดเยี่ยม", phone="0812345678")  # fmt: skip
    person = chair.person
    person.birth_year = year - 66
    person.save()
    for body in ("welfare_fund", "village_headman", "health_volunteer", "con_centre"):
        PersonRoleFactory(person=person, body=body, position="ประธานกรรมการ")
    TrainingFactory(person=person, course="หลักสูตรผู้นำการเปลี่ยนแปลงรุ่นที่ 3", hours=18)
    young = PersonFactory(council=council, first_name="ณัฐพล", birth_year=year - 28)
    PersonRoleFactory(person=young, body="village_committee")
    chair.successor = young
    chair.save()
    PersonFactory.create_batch(4, council=council)

    log_in(phone, "alice")
    phone.goto(f"/councils/{council.pk}/leaders/")
    assert fits_the_screen(phone)
    screenshot(phone, "leaders-360")

    phone.click(f"a[href='{person.get_absolute_url()}']")
    phone.wait_for_url(f"**{person.get_absolute_url()}")
    assert "0812345678" not in phone.content()
    assert fits_the_screen(phone)
    screenshot(phone, "person-360")

    phone.goto(f"/councils/{council.pk}/succession/")
    assert fits_the_screen(phone)
    screenshot(phone, "succession-360")
