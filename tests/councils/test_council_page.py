"""The council page: organizations and members added and edited in place, with or without htmx."""

import pytest
from django.urls import reverse

from councils.models import CouncilMember
from tests.factories import MemberFactory, OrganizationFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


def test_council_page_shows_registry_and_warnings(council, alice):
    OrganizationFactory(council=council, name="กลุ่มสตรีบ้านป่าซาง", village_no=4)
    MemberFactory(
        council=council, role="chair", first_name="บุญศรี", village_no=4, phone="0812345678"
    )
    page = alice.get(council.get_absolute_url()).content.decode()
    assert "กลุ่มสตรีบ้านป่าซาง" in page
    assert "บุญศรี" in page
    assert "0812345678" not in page  # phone numbers are masked on the page
    assert "81x-xxx-5678" in page or "08x-xxx-5678" in page


def test_adding_an_organization_with_htmx_returns_the_section(council, alice):
    url = reverse("organization_new", args=[council.pk])
    form = alice.get(url, headers=HTMX)
    assert form.content.decode().lstrip().startswith('<section id="organizations">')
    response = alice.post(
        url,
        {"name": "วิสาหกิจชุมชนกาแฟดอยตุง", "kind": "enterprise", "village_no": 7, "member_count": 18},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "วิสาหกิจชุมชนกาแฟดอยตุง" in response.content.decode()
    assert response["Vary"].count("HX-Request") == 1
    assert council.organizations.get().village_no == 7


def test_adding_an_organization_without_javascript_redirects(council, alice):
    response = alice.post(
        reverse("organization_new", args=[council.pk]),
        {"name": "ชมรมผู้สูงอายุ", "kind": "elders", "member_count": 40},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#organizations")


def test_an_invalid_organization_keeps_what_was_typed(council, alice):
    response = alice.post(
        reverse("organization_new", args=[council.pk]),
        {"name": "กลุ่มออมทรัพย์", "kind": "", "member_count": 12},
        headers=HTMX,
    )
    page = response.content.decode()
    assert 'value="กลุ่มออมทรัพย์"' in page
    assert "errorlist" in page
    assert not council.organizations.exists()


def test_editing_an_organization_in_place(council, alice):
    organization = OrganizationFactory(council=council, name="กลุ่มเดิม")
    url = reverse("organization_edit", args=[council.pk, organization.pk])
    assert "กลุ่มเดิม" in alice.get(url, headers=HTMX).content.decode()
    alice.post(url, {"name": "กลุ่มใหม่", "kind": "women", "member_count": 9}, headers=HTMX)
    organization.refresh_from_db()
    assert organization.name == "กลุ่มใหม่"


def test_a_member_with_a_christian_era_year_is_refused_clearly(council, alice):
    response = alice.post(
        reverse("member_new", args=[council.pk]),
        {
            "first_name": "สมศรี", "last_name": "มีสุข", "sex": "female", "seat": "representative",
            "role": "member", "village_no": 2, "selected_on": "15/1/2025",
        },
        headers=HTMX,
    )  # fmt: skip
    page = response.content.decode()
    assert "2568" in page  # the message suggests the B.E. year instead of shifting silently
    assert not council.members.exists()


def test_adding_a_member_computes_the_term(council, alice):
    alice.post(
        reverse("member_new", args=[council.pk]),
        {
            "title": "นาย", "first_name": "ประเสริฐ", "last_name": "ใจงาม", "sex": "male",
            "seat": "representative", "role": "secretary", "village_no": 2,
            "selected_on": "15/1/2568",
        },
        headers=HTMX,
    )  # fmt: skip
    member = CouncilMember.objects.get()
    assert (member.selected_on.year, member.term_ends_on.year) == (2025, 2029)


def test_a_second_secretary_is_refused_with_the_field_named(council, alice):
    MemberFactory(council=council, role="secretary", village_no=1)
    response = alice.post(
        reverse("member_new", args=[council.pk]),
        {
            "first_name": "ก", "last_name": "ข", "sex": "male", "seat": "representative",
            "role": "secretary", "village_no": 2, "selected_on": "1/2/2568",
        },
        headers=HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    assert council.members.count() == 1
    assert response.context["form"].errors["role"]


def test_member_choices_come_from_this_council_only(council, far_council, alice):
    far_org = OrganizationFactory(council=far_council)
    response = alice.post(
        reverse("member_new", args=[council.pk]),
        {
            "first_name": "ก", "last_name": "ข", "sex": "male", "seat": "representative",
            "role": "member", "village_no": 2, "selected_on": "1/2/2568",
            "organization": far_org.pk,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors


def test_an_organization_with_representatives_is_not_removed(council, alice):
    organization = OrganizationFactory(council=council)
    MemberFactory(council=council, organization=organization, village_no=1)
    alice.post(reverse("organization_delete", args=[council.pk, organization.pk]))
    assert council.organizations.filter(pk=organization.pk).exists()


def test_saving_in_place_refreshes_the_counts_and_warnings(council, alice):
    MemberFactory(council=council, role="chair", village_no=1)
    response = alice.post(
        reverse("member_new", args=[council.pk]),
        {
            "first_name": "สุดา", "last_name": "ใจดี", "sex": "female", "seat": "representative",
            "role": "secretary", "village_no": 2, "selected_on": "1/2/2568",
        },
        headers=HTMX,
    )  # fmt: skip
    page = response.content.decode()
    assert page.count('hx-swap-oob="true"') == 3  # counts, compliance and the message
    assert "No secretary" not in page and "ไม่มีเลขานุการ" not in page
    assert "No first vice-chair" in page or "รองประธานคนที่หนึ่ง" in page


def test_the_standalone_form_page_posts_without_htmx_targets(council, alice):
    # Reached without JavaScript (or by a bookmarked link): the page has no section to swap.
    page = alice.get(reverse("member_new", args=[council.pk])).content.decode()
    assert "<form" in page
    assert "hx-target" not in page.split("<form", 1)[1].split("</form>", 1)[0]
