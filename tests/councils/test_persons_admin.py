"""The leaders' registry in the admin: persons, roles and trainings within the staff member's
region, and a council member's person and named successor chosen from their own council."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.buddhist_era import be_year
from councils.models import CouncilMember
from councils.persons.models import Person, PersonRole, Training, young_birth_year
from tests.accounts_helpers import verified_client
from tests.factories import (
    CouncilFactory,
    MemberFactory,
    OrganizationFactory,
    PersonFactory,
    PersonRoleFactory,
    TrainingFactory,
)

PERSONS = "admin:councils_person_changelist"
ROLES = "admin:councils_personrole_changelist"
TRAININGS = "admin:councils_training_changelist"


@pytest.fixture
def charlie(codi_staff, client_for):
    return verified_client(codi_staff)


def listed(client, url_name: str, **params) -> list:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def person_form(council, **extra) -> dict:
    return {
        "council": council.pk,
        "title": "นาย",
        "first_name": "ณัฐพล",
        "last_name": "คำแสน",
        "sex": CouncilMember.Sex.MALE,
        "birth_year": "2535",
        "village_no": "3",
        "phone": "0812345678",
        **inline_management("roles"),
        **inline_management("trainings"),
        **extra,
    }


def test_regional_staff_see_only_their_regions_persons_roles_and_trainings(
    council, far_council, charlie
):
    mine, far = PersonFactory(council=council), PersonFactory(council=far_council)
    my_role, far_role = PersonRoleFactory(person=mine), PersonRoleFactory(person=far)
    my_course, far_course = TrainingFactory(person=mine), TrainingFactory(person=far)
    assert listed(charlie, PERSONS) == [mine]
    assert listed(charlie, ROLES) == [my_role]
    assert listed(charlie, TRAININGS) == [my_course]
    assert far_role not in listed(charlie, ROLES, q=far.last_name)
    assert far_course not in listed(charlie, TRAININGS, q=far.last_name)


def test_another_regions_person_cannot_be_opened(far_council, charlie):
    far = PersonFactory(council=far_council)
    response = charlie.get(reverse("admin:councils_person_change", args=[far.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_person_cannot_be_added_to_another_regions_council(far_council, charlie):
    response = charlie.post(reverse("admin:councils_person_add"), person_form(far_council))
    assert response.status_code == 200
    assert "council" in response.context["adminform"].form.errors
    assert not Person.objects.exists()


def test_the_list_masks_phones(council, charlie):
    PersonFactory(council=council, phone="0812345678")
    page = charlie.get(reverse(PERSONS)).content.decode()
    assert "0812345678" not in page
    assert "08x-xxx-5678" in page


def test_persons_are_filtered_by_generation(council, charlie):
    young = PersonFactory(council=council, birth_year=young_birth_year())
    old = PersonFactory(council=council, birth_year=young_birth_year() - 40)
    unknown = PersonFactory(council=council, birth_year=None)
    assert listed(charlie, PERSONS, generation="new") == [young]
    assert listed(charlie, PERSONS, generation="old") == [old]
    assert listed(charlie, PERSONS, generation="unknown") == [unknown]


def test_persons_are_filtered_by_the_body_of_a_role_they_hold_today(council, charlie):
    volunteer, headman = PersonFactory(council=council), PersonFactory(council=council)
    PersonRoleFactory(person=volunteer, body=PersonRole.Body.HEALTH_VOLUNTEER)
    PersonRoleFactory(person=volunteer, body=PersonRole.Body.HEALTH_VOLUNTEER)  # listed once
    PersonRoleFactory(person=headman, body=PersonRole.Body.VILLAGE_HEADMAN)
    import datetime as dt

    PersonRoleFactory(
        person=headman, body=PersonRole.Body.HEALTH_VOLUNTEER, ended_on=dt.date(2021, 1, 1)
    )
    assert listed(charlie, PERSONS, body="health_volunteer") == [volunteer]
    assert listed(charlie, PERSONS, body="village_headman") == [headman]


def test_persons_in_too_many_roles_are_filtered_and_their_roles_counted(council, charlie):
    busy, idle = PersonFactory(council=council), PersonFactory(council=council)
    for body in ("village_headman", "health_volunteer", "welfare_fund", "village_committee"):
        PersonRoleFactory(person=busy, body=body)
    MemberFactory(council=council, first_name=busy.first_name, last_name=busy.last_name)
    assert listed(charlie, PERSONS, roles="many") == [busy]
    assert listed(charlie, PERSONS, roles="none") == [idle]
    assert [p.role_count for p in listed(charlie, PERSONS, roles="many")] == [5]


def test_a_person_is_added_with_a_role_and_a_training_in_buddhist_era_dates(council, charlie):
    savings = OrganizationFactory(council=council)
    data = person_form(
        council,
        **inline_management("roles", 1),
        **inline_management("trainings", 1),
        **{
            "roles-0-body": PersonRole.Body.ORGANIZATION,
            "roles-0-organization": savings.pk,
            "roles-0-position": "ประธานกลุ่ม",
            "roles-0-started_on": "1/10/2566",
            "trainings-0-course": "การจัดทำแผนชุมชน",
            "trainings-0-organiser": "พอช.",
            "trainings-0-attended_on": "12/2/2568",
            "trainings-0-hours": "6",
        },
    )
    response = charlie.post(reverse("admin:councils_person_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get()
    assert person.birth_year == 2535
    role = person.roles.get()
    assert (role.organization, role.started_on.isoformat()) == (savings, "2023-10-01")
    assert person.trainings.get().attended_on.isoformat() == "2025-02-12"


def test_a_christian_era_birth_year_is_refused(council, charlie):
    response = charlie.post(
        reverse("admin:councils_person_add"), person_form(council, birth_year="1992")
    )
    assert response.status_code == 200
    assert "birth_year" in response.context["adminform"].form.errors
    assert not Person.objects.exists()


def test_a_role_cannot_name_an_organization_of_another_region(council, far_council, charlie):
    far_group = OrganizationFactory(council=far_council)
    data = person_form(
        council,
        **inline_management("roles", 1),
        **{"roles-0-body": PersonRole.Body.ORGANIZATION, "roles-0-organization": far_group.pk},
    )
    response = charlie.post(reverse("admin:councils_person_add"), data)
    assert response.status_code == 200
    assert not Person.objects.exists() and not PersonRole.objects.exists()


def test_a_new_persons_role_cannot_name_another_councils_organization(
    council, other_council, charlie
):
    # Huai Khrai is in Charlie's region: the model's rule, not the region, refuses it.
    neighbours_group = OrganizationFactory(council=other_council)
    data = person_form(
        council,
        **inline_management("roles", 1),
        **{
            "roles-0-body": PersonRole.Body.ORGANIZATION,
            "roles-0-organization": neighbours_group.pk,
        },
    )
    response = charlie.post(reverse("admin:councils_person_add"), data)
    assert response.status_code == 200
    assert "organization" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert not Person.objects.exists()


# --- A council member's person and named successor -------------------------------------------


def member_change_form(member: CouncilMember, **extra) -> dict:
    def be(day):
        return f"{day.day}/{day.month}/{be_year(day.year)}" if day else ""

    return {
        "council": member.council_id,
        "title": member.title,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "sex": member.sex,
        "seat": member.seat,
        "role": member.role,
        "organization": member.organization_id or "",
        "village_no": member.village_no or "",
        "community_name": member.community_name,
        "selected_on": be(member.selected_on),
        "replaces": member.replaces_id or "",
        "left_on": be(member.left_on),
        "phone": member.phone,
        "person": member.person_id or "",
        "successor": member.successor_id or "",
        **extra,
    }


@pytest.fixture
def chair(council):
    return MemberFactory(council=council, role=CouncilMember.Role.CHAIR, village_no=1)


def member_change(client, member, **extra):
    url = reverse("admin:councils_councilmember_change", args=[member.pk])
    return client.post(url, member_change_form(member, **extra))


def test_the_member_form_offers_only_the_councils_own_persons(chair, other_council, charlie):
    mine = PersonFactory(council=chair.council)
    neighbours = PersonFactory(council=other_council)
    response = charlie.get(reverse("admin:councils_councilmember_change", args=[chair.pk]))
    choices = response.context["adminform"].form.fields["successor"].queryset
    assert mine in choices and chair.person in choices
    assert neighbours not in choices


def test_an_officers_successor_is_named_in_the_admin(chair, charlie):
    young = PersonFactory(council=chair.council, birth_year=young_birth_year())
    response = member_change(charlie, chair, successor=young.pk)
    assert response.status_code == 302
    assert CouncilMember.objects.get(pk=chair.pk).successor == young


def test_a_successor_of_another_council_is_refused(chair, other_council, charlie):
    # Huai Khrai is in Charlie's region too: only the council decides, not the region.
    neighbour = PersonFactory(council=other_council)
    response = member_change(charlie, chair, successor=neighbour.pk)
    assert response.status_code == 200
    assert "successor" in response.context["adminform"].form.errors
    assert CouncilMember.objects.get(pk=chair.pk).successor is None


def test_the_model_refuses_a_successor_of_another_council_whatever_the_path(chair, other_council):
    from django.core.exceptions import ValidationError

    chair.successor = PersonFactory(council=other_council)
    with pytest.raises(ValidationError) as refused:
        chair.full_clean()
    assert "successor" in refused.value.message_dict


def test_an_ordinary_member_has_no_successor(council, charlie):
    member = MemberFactory(council=council, village_no=2)
    response = member_change(charlie, member, successor=PersonFactory(council=council).pk)
    assert response.status_code == 200
    assert "successor" in response.context["adminform"].form.errors


def test_a_new_member_is_linked_to_a_person_when_saved_not_chosen(charlie):
    response = charlie.get(reverse("admin:councils_councilmember_add"))
    fields = response.context["adminform"].form.fields
    assert "person" not in fields and "successor" not in fields


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", [PERSONS, ROLES, TRAININGS])
def test_the_registry_changelists_query_count_stays_flat_as_rows_grow(council, charlie, url_name):
    # Session, user, permissions, scope, the page's rows (with the role counts as two
    # subqueries of the same query, the tambon and organization joined) and the province
    # filter's choices; no count of the whole table (show_full_result_count is off).
    url = reverse(url_name)
    TrainingFactory(person=PersonRoleFactory(person=PersonFactory(council=council)).person)
    few = _queries(charlie, url)
    for code in ("570902", "570903", "570904", "570905"):
        person = PersonFactory(council=CouncilFactory(subdistrict_id=code), phone="0812345678")
        PersonRoleFactory(person=person, organization=None)
        TrainingFactory(person=person)
    assert _queries(charlie, url) == few
    assert Training.objects.count() == 5
