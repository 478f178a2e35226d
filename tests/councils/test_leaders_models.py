"""The leaders' registry: every member is a person, roles are counted across bodies,
successors belong to the council."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from councils.models import CouncilMember
from councils.persons.models import Generation, Person, PersonRole, generation_of
from tests.factories import MemberFactory, PersonFactory, PersonRoleFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)  # B.E. 2569


def test_a_new_member_becomes_a_person_of_the_registry(council):
    member = MemberFactory(council=council, first_name="บุญมา", last_name="แก้วมณี")
    assert member.person.full_name == "นางบุญมา แก้วมณี"
    assert member.person.council == council


def test_a_member_selected_again_is_the_same_person(council):
    first = MemberFactory(council=council, first_name="บุญมา", last_name="แก้วมณี")
    again = MemberFactory(council=council, first_name="บุญมา", last_name="แก้วมณี")
    assert first.person_id == again.person_id
    assert Person.objects.filter(council=council).count() == 1


def test_the_same_name_in_another_council_is_another_person(council, other_council):
    one = MemberFactory(council=council, first_name="บุญมา", last_name="แก้วมณี")
    other = MemberFactory(council=other_council, first_name="บุญมา", last_name="แก้วมณี")
    assert one.person_id != other.person_id


@pytest.mark.parametrize(
    ("birth_year", "generation"),
    [
        (2531, Generation.NEW),  # 38
        (2530, Generation.NEW),  # 39
        (2529, Generation.MIDDLE),  # 40
        (2510, Generation.MIDDLE),  # 59
        (2509, Generation.OLD),  # 60
        (None, Generation.UNKNOWN),
    ],
)
def test_generation_comes_from_the_birth_year(birth_year, generation):
    assert generation_of(birth_year, TODAY) == generation


def test_of_generation_filters_the_same_way(council):
    young = PersonFactory(council=council, birth_year=2530)
    middle = PersonFactory(council=council, birth_year=2529)
    old = PersonFactory(council=council, birth_year=2509)
    unknown = PersonFactory(council=council, birth_year=None)
    persons = Person.objects.filter(council=council)
    assert list(persons.of_generation(Generation.NEW, TODAY)) == [young]
    assert list(persons.of_generation(Generation.MIDDLE, TODAY)) == [middle]
    assert list(persons.of_generation(Generation.OLD, TODAY)) == [old]
    assert list(persons.of_generation(Generation.UNKNOWN, TODAY)) == [unknown]


def test_a_christian_era_birth_year_is_refused(council):
    person = PersonFactory.build(council=council, birth_year=1975)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "2518" in str(error.value.message_dict["birth_year"])


def test_role_count_includes_council_seats_and_only_current_roles(council):
    member = MemberFactory(council=council)
    person = member.person
    PersonRoleFactory(person=person, body=PersonRole.Body.HEALTH_VOLUNTEER)
    PersonRoleFactory(person=person, body=PersonRole.Body.VILLAGE_HEADMAN)
    PersonRoleFactory(person=person, body=PersonRole.Body.KAMNAN, ended_on=dt.date(2023, 1, 1))
    counted = Person.objects.with_role_counts(TODAY).get(pk=person.pk)
    assert counted.role_count == 3  # the seat and two current roles


def test_five_roles_is_too_many(council):
    person = PersonFactory(council=council)
    for body in list(PersonRole.Body)[:4]:
        PersonRoleFactory(person=person, body=body, organization=None)
    assert not Person.objects.holding_too_many_roles(TODAY).exists()
    PersonRoleFactory(person=person, body=PersonRole.Body.OTHER)
    assert list(Person.objects.holding_too_many_roles(TODAY)) == [person]


def test_an_organization_role_names_an_organization_of_the_same_council(council, other_council):
    from tests.factories import OrganizationFactory

    person = PersonFactory(council=council)
    role = PersonRole(person=person, body=PersonRole.Body.ORGANIZATION)
    with pytest.raises(ValidationError):
        role.full_clean()
    role.organization = OrganizationFactory(council=other_council)
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "organization" in error.value.message_dict


def test_a_successor_is_named_only_for_an_officer_of_the_same_council(council, other_council):
    chair = MemberFactory(council=council, role=CouncilMember.Role.CHAIR)
    chair.successor = PersonFactory(council=other_council)
    with pytest.raises(ValidationError) as error:
        chair.full_clean()
    assert "successor" in error.value.message_dict
    chair.successor = chair.person
    with pytest.raises(ValidationError):
        chair.full_clean()
    chair.successor = PersonFactory(council=council)
    chair.full_clean()
    member = MemberFactory(council=council, successor=PersonFactory(council=council))
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "successor" in error.value.message_dict
