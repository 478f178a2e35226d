"""The admin site: CODI regional staff see, choose and save only rows in their region."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from councils.access import Role
from councils.admin import OUTSIDE_AREA
from councils.geography import Region
from councils.models import Assignment, Council, CouncilMember, Partner
from tests.accounts_helpers import verified_client
from tests.factories import (
    OTHER_PROVINCE_TAMBON,
    TAMBON_HUAI_KHRAI,
    TAMBON_MAE_SAI,
    AssignmentFactory,
    CouncilFactory,
    MemberFactory,
    UserFactory,
)


@pytest.fixture
def charlie(codi_staff, client_for):
    return verified_client(codi_staff)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def council_form(subdistrict: str, **extra) -> dict:
    return {
        "subdistrict": subdistrict,
        "name": "สภาองค์กรชุมชนตำบลทดสอบ",
        "registration_number": "ชร 0099/2568",
        "registered_on": "15/3/2568",
        "status": Council.Status.ACTIVE,
        "dissolved_on": "",
        "office_address": "",
        "phone": "",
        **extra,
    }


def test_regional_staff_changelist_shows_only_their_regions_councils(council, far_council, charlie):
    response = charlie.get(reverse("admin:councils_council_changelist"))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [council]
    assert far_council.name not in response.content.decode()


def test_superuser_changelist_shows_every_region(council, far_council, superuser, client_for):
    response = verified_client(superuser).get(reverse("admin:councils_council_changelist"))
    assert set(response.context["cl"].result_list) == {council, far_council}


def test_change_page_of_another_regions_council_is_not_found(far_council, charlie):
    response = charlie.get(reverse("admin:councils_council_change", args=[far_council.pk]))
    # The admin's answer to an object it cannot find: back to the index with a warning.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_regional_staff_cannot_delete_another_regions_council(far_council, charlie):
    charlie.post(reverse("admin:councils_council_delete", args=[far_council.pk]), {"post": "yes"})
    assert Council.objects.filter(pk=far_council.pk).exists()


def test_regional_staff_registers_a_council_in_their_region(charlie):
    response = charlie.post(reverse("admin:councils_council_add"), council_form(TAMBON_HUAI_KHRAI))
    assert response.status_code == 302
    created = Council.objects.get(subdistrict_id=TAMBON_HUAI_KHRAI)
    assert created.registered_on.isoformat() == "2025-03-15"  # typed as B.E. 2568


def test_regional_staff_cannot_register_a_council_in_another_region(charlie):
    response = charlie.post(
        reverse("admin:councils_council_add"), council_form(OTHER_PROVINCE_TAMBON)
    )
    assert response.status_code == 200
    assert "subdistrict" in response.context["adminform"].form.errors
    assert not Council.objects.filter(subdistrict_id=OTHER_PROVINCE_TAMBON).exists()


def test_tambon_autocomplete_offers_only_the_staff_members_region(charlie):
    def search(term: str) -> list[str]:
        response = charlie.get(
            reverse("admin:autocomplete"),
            {
                "term": term,
                "app_label": "councils",
                "model_name": "council",
                "field_name": "subdistrict",
            },
        )
        assert response.status_code == 200
        return [result["id"] for result in response.json()["results"]]

    assert TAMBON_MAE_SAI in search("5709")
    assert search("8601") == []


def test_a_member_cannot_be_added_to_a_council_of_another_region(far_council, charlie):
    response = charlie.post(
        reverse("admin:councils_councilmember_add"),
        {
            "council": far_council.pk,
            "first_name": "สมศรี",
            "last_name": "ทองดี",
            "sex": CouncilMember.Sex.FEMALE,
            "seat": CouncilMember.Seat.REPRESENTATIVE,
            "role": CouncilMember.Role.MEMBER,
            "village_no": 3,
            "selected_on": "1/2/2568",
        },
    )
    assert response.status_code == 200
    assert "council" in response.context["adminform"].form.errors
    assert not CouncilMember.objects.exists()


def test_member_list_masks_phone_numbers(council, charlie):
    MemberFactory(council=council, phone="0812345678")
    page = charlie.get(reverse("admin:councils_councilmember_changelist")).content.decode()
    assert "0812345678" not in page
    assert "08x-xxx-5678" in page


def test_regional_staff_may_assign_a_coordinator_in_their_region(charlie):
    dao = UserFactory(username="dao2")
    response = charlie.post(
        reverse("admin:councils_assignment_add"),
        {"user": dao.pk, "role": Role.DISTRICT_COORDINATOR, "area_code": "5709", "region": ""},
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(user=dao, area_code="5709").exists()


@pytest.mark.parametrize(
    ("role", "area_code", "region", "field"),
    [
        (Role.TAMBON_COORDINATOR, OTHER_PROVINCE_TAMBON, "", "area_code"),
        (Role.CODI_REGIONAL, "", Region.SOUTH, "region"),
        (Role.CODI_NATIONAL, "", "", "role"),
    ],
)
def test_regional_staff_cannot_grant_roles_outside_their_region(
    charlie, role, area_code, region, field
):
    pim = UserFactory(username="pim2")
    response = charlie.post(
        reverse("admin:councils_assignment_add"),
        {"user": pim.pk, "role": role, "area_code": area_code, "region": region},
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Assignment.objects.filter(user=pim).exists()


def test_only_a_superuser_grants_the_national_role(superuser, client_for):
    nat = UserFactory(username="nat")
    response = verified_client(superuser).post(
        reverse("admin:councils_assignment_add"),
        {"user": nat.pk, "role": Role.CODI_NATIONAL, "area_code": "", "region": ""},
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(user=nat, role=Role.CODI_NATIONAL).exists()


def test_assignment_list_of_regional_staff_leaves_out_other_regions(
    codi_staff, charlie, tambon_coordinator
):
    far = AssignmentFactory(role=Role.TAMBON_COORDINATOR, area_code=OTHER_PROVINCE_TAMBON)
    south = AssignmentFactory(role=Role.CODI_REGIONAL, area_code="", region=Region.SOUTH)
    shown = set(
        charlie.get(reverse("admin:councils_assignment_changelist")).context["cl"].result_list
    )
    assert tambon_coordinator.assignments.get() in shown
    assert codi_staff.assignments.get() in shown
    assert far not in shown
    assert south not in shown


def test_geography_is_read_only_for_regional_staff(charlie):
    url = reverse("admin:councils_subdistrict_change", args=[TAMBON_MAE_SAI])
    assert charlie.get(url).status_code == 200  # viewable
    response = charlie.post(url, {"code": TAMBON_MAE_SAI, "name_th": "x", "name_en": "x"})
    assert response.status_code == 403


def test_out_of_area_error_message_is_translatable():
    assert gettext(str(OUTSIDE_AREA))  # a real msgid, not an empty string


def _changelist_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name",
    ["admin:councils_council_changelist", "admin:councils_councilmember_changelist"],
)
def test_changelists_query_count_stays_flat_as_rows_grow(council, charlie, url_name):
    # Session, user, permissions, scope, count, rows and the province filter: the same
    # handful whether one council or five are listed, because related rows are joined.
    url = reverse(url_name)
    MemberFactory(council=council, phone="0812345678")
    few = _changelist_queries(charlie, url)
    for code in ("570902", "570903", "570904", "570905"):
        MemberFactory(council=CouncilFactory(subdistrict_id=code), phone="0812345678")
    assert _changelist_queries(charlie, url) == few


def test_staff_without_a_codi_role_see_no_councils(council, client_for):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_council"))
    response = verified_client(clerk).get(reverse("admin:councils_council_changelist"))
    assert list(response.context["cl"].result_list) == []


def test_regional_staff_cannot_record_a_partner_outside_their_region(charlie):
    def add(area_code: str):
        return charlie.post(
            reverse("admin:councils_partner_add"),
            {"name": "อบต.ท่าตะเภา", "kind": "local_government", "area_code": area_code},
        )

    refused = add(OTHER_PROVINCE_TAMBON)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["area_code"] == [str(OUTSIDE_AREA)]
    national = add("")  # a national agency is for national staff to record
    assert "area_code" in national.context["adminform"].form.errors
    assert add(TAMBON_MAE_SAI).status_code == 302
    assert Partner.objects.get().area_code == TAMBON_MAE_SAI
