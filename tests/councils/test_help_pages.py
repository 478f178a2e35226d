"""The help pages: one per role, linked from every page, public and without personal data."""

import pytest
from django.urls import reverse

from councils.help_pages import TOPICS


def test_the_help_link_takes_a_coordinator_to_their_roles_page(
    tambon_coordinator, district_coordinator, province_coordinator, client_for
):
    for user, page in (
        (tambon_coordinator, "help_tambon"),
        (district_coordinator, "help_district"),
        (province_coordinator, "help_province"),
    ):
        response = client_for(user).get(reverse("help_index"))
        assert response.url == reverse(page)


def test_visitors_and_codi_staff_choose_from_every_roles_page(anonymous, codi_staff, client_for):
    for user in (anonymous, codi_staff):
        html = client_for(user).get(reverse("help_index")).content.decode()
        for topic in TOPICS.values():
            assert reverse(topic.name) in html


def test_a_coordinator_can_still_see_the_list(tambon_coordinator, client_for):
    response = client_for(tambon_coordinator).get(reverse("help_index"), {"all": "1"})
    assert response.status_code == 200 and reverse("help_fund") in response.content.decode()


def test_every_page_links_to_help(tambon_coordinator, client_for):
    html = client_for(tambon_coordinator).get(reverse("plan_index")).content.decode()
    assert f'href="{reverse("help_index")}"' in html


@pytest.mark.parametrize(
    ("topic", "phrases"),
    [
        ("tambon", ["อย่างน้อยปีละ 4 ครั้ง", "2568", "ส่งแผนให้อำเภอ"]),
        ("district", ["ส่งกลับแก้ไข", "สิ่งที่เปลี่ยนไปตั้งแต่ส่งแผนกลับไปแก้ไข"]),
        ("province", ["ผู้แทน 2 คน", "ชุมพร"]),
        ("fund", ["ผู้อนุมัติ", "180", "ร้อยละ 20"]),
    ],
)
def test_each_roles_page_explains_its_work_in_thai(topic, phrases, anonymous, client_for):
    client = client_for(anonymous)
    client.cookies["django_language"] = "th"
    html = client.get(reverse(TOPICS[topic].name)).content.decode()
    for phrase in phrases:
        assert phrase in html, phrase
