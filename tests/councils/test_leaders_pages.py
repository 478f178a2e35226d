"""The leaders' registry pages: the council's persons, a person's page and its forms."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.buddhist_era import be_year
from councils.persons.models import Person, PersonRole, Training
from tests.confirming import post_confirmed
from tests.factories import (
    MemberFactory,
    OrganizationFactory,
    PersonFactory,
    PersonRoleFactory,
    TrainingFactory,
)

THIS_YEAR_BE = be_year(timezone.localdate().year)


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


@pytest.fixture
def dao(district_coordinator, client_for):
    return client_for(district_coordinator)


def _leaders(council):
    return reverse("council_leaders", args=[council.pk])


def _person_data(**changes):
    return {
        "title": "นาง", "first_name": "คำแก้ว", "last_name": "ใจงาม", "sex": "female",
        "birth_year": str(THIS_YEAR_BE - 30), "village_no": "", "phone": "",
        **changes,
    }  # fmt: skip


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_generation_roles_and_trainings(council, alice):
    person = PersonFactory(council=council, first_name="บัวผัน", birth_year=THIS_YEAR_BE - 30)
    PersonRoleFactory(person=person, body=PersonRole.Body.VILLAGE_HEADMAN)
    PersonRoleFactory(person=person, body=PersonRole.Body.HEALTH_VOLUNTEER)
    TrainingFactory(person=person)
    response = alice.get(_leaders(council))
    row = response.context["persons_page"][0]
    assert row == person
    assert row.role_count == 2 and row.training_count == 1
    assert response.context["generation_counts"]["new"] == 1
    html = response.content.decode()
    assert "บัวผัน" in html
    assert str(PersonRole.Body.VILLAGE_HEADMAN.label) in html or "ผู้ใหญ่บ้าน" in html


def test_a_council_seat_counts_as_a_role_and_shows_as_a_badge(council, alice):
    member = MemberFactory(council=council, village_no=1, role="chair")
    response = alice.get(_leaders(council))
    row = next(p for p in response.context["persons_page"] if p.pk == member.person_id)
    assert row.role_count == 1
    assert [seat.pk for seat in row.sitting_seats] == [member.pk]


def test_a_person_with_too_many_roles_is_flagged_and_counted(council, alice):
    busy = PersonFactory(council=council)
    PersonRoleFactory.create_batch(5, person=busy)
    PersonFactory(council=council)
    response = alice.get(_leaders(council))
    assert response.context["too_many_roles"] == 1
    assert 'class="badge badge-late"' in response.content.decode()


def test_an_ended_role_is_not_counted(council, alice):
    person = PersonFactory(council=council)
    PersonRoleFactory(person=person, ended_on=dt.date(2021, 1, 1))
    response = alice.get(_leaders(council))
    assert response.context["persons_page"][0].role_count == 0


def test_the_list_filters_by_name_generation_and_body(council, alice):
    young = PersonFactory(council=council, first_name="ณัฐ", birth_year=THIS_YEAR_BE - 25)
    old = PersonFactory(council=council, first_name="คำปัน", birth_year=THIS_YEAR_BE - 70)
    unknown = PersonFactory(council=council, first_name="สมศรี", birth_year=None)
    PersonRoleFactory(person=old, body=PersonRole.Body.KAMNAN)
    seated = MemberFactory(council=council, village_no=2).person

    def shown(**params):
        return {p.pk for p in alice.get(_leaders(council), params).context["persons_page"]}

    assert shown(q="ณัฐ") == {young.pk}
    assert shown(generation="new") == {young.pk}
    assert shown(generation="old") == {old.pk}
    assert unknown.pk in shown(generation="unknown")
    assert shown(body="kamnan") == {old.pk}
    assert shown(body="council") == {seated.pk}
    assert len(shown(generation="nonsense")) == 4


def test_the_list_has_pages_of_25(council, alice):
    PersonFactory.create_batch(30, council=council)
    page = alice.get(_leaders(council)).context["persons_page"]
    assert len(page) == 25 and page.paginator.num_pages == 2


def test_the_list_shows_no_person_of_another_tambon(council, far_council, alice):
    PersonFactory(council=far_council, first_name="คนไกล")
    assert "คนไกล" not in alice.get(_leaders(council)).content.decode()


@pytest.mark.parametrize("persons", [3, 30])
def test_the_list_is_flat(council, persons, alice, django_assert_num_queries):
    for person in PersonFactory.create_batch(persons, council=council):
        PersonRoleFactory(person=person, organization=None)
        TrainingFactory(person=person)
    MemberFactory.create_batch(3, council=council)
    alice.get(_leaders(council))  # warm the session
    # session, user, assignments, the council; persons counted (the paginator), the page of
    # persons with their role and training counts, its sitting seats, its current roles; the
    # generations counted, the persons with too many roles counted; the menu's work counts
    with django_assert_num_queries(11):
        response = alice.get(_leaders(council))
    assert response.status_code == 200


# --- the person's page ---------------------------------------------------------------------


def test_the_person_page_shows_roles_seats_trainings_and_masked_phone(council, alice):
    member = MemberFactory(council=council, village_no=1, role="secretary", phone="0812345678")
    person = member.person
    PersonRoleFactory(person=person, body=PersonRole.Body.WELFARE_FUND, position="เหรัญญิก")
    TrainingFactory(person=person, hours=12)
    TrainingFactory(person=person, course="การเงินชุมชน", hours="6.5")
    response = alice.get(person.get_absolute_url())
    html = response.content.decode()
    assert response.context["role_count"] == 2
    assert response.context["training_hours"] == 18.5
    assert "เหรัญญิก" in html and "การเงินชุมชน" in html
    assert "0812345678" not in html and "081-234-5678" not in html
    assert person.masked_phone in html
    assert reverse("person_edit", args=[person.pk]) in html


def test_the_person_page_names_whom_they_succeed(council, alice):
    successor = PersonFactory(council=council, first_name="ผู้สืบ")
    chair = MemberFactory(council=council, village_no=1, role="chair", first_name="ประธานเก่า")
    chair.successor = successor
    chair.save()
    response = alice.get(successor.get_absolute_url())
    assert list(response.context["succeeding"]) == [chair]
    assert "ประธานเก่า" in response.content.decode()


def test_a_reader_sees_no_edit_links(council, dao):
    person = PersonFactory(council=council)
    html = dao.get(person.get_absolute_url()).content.decode()
    assert reverse("person_edit", args=[person.pk]) not in html


# --- the forms -----------------------------------------------------------------------------


def test_a_person_is_added_and_shown_with_the_saved_message(council, alice):
    response = alice.post(reverse("person_new", args=[council.pk]), _person_data())
    person = Person.objects.get(first_name="คำแก้ว")
    assert person.council == council
    assert response["Location"] == person.get_absolute_url()
    page = alice.get(response["Location"])
    assert 'data-region-status="person"' in page.content.decode()


def test_a_christian_era_birth_year_is_refused_not_shifted(council, alice):
    response = alice.post(reverse("person_new", args=[council.pk]), _person_data(birth_year="1985"))
    assert response.status_code == 200
    assert "birth_year" in response.context["form"].errors
    assert "data-error-summary" in response.content.decode()
    assert not Person.objects.filter(first_name="คำแก้ว").exists()


def test_a_person_is_edited(council, alice):
    person = PersonFactory(council=council)
    data = _person_data(first_name="แก้ไขแล้ว")
    response = alice.post(reverse("person_edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "แก้ไขแล้ว"


def test_a_role_is_added_with_a_be_date(council, alice):
    person = PersonFactory(council=council)
    organization = OrganizationFactory(council=council)
    data = {"body": "organization", "organization": organization.pk, "position": "ประธาน",
            "started_on": "1/10/2567", "ended_on": ""}  # fmt: skip
    response = alice.post(reverse("person_role_new", args=[person.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#roles")
    role = person.roles.get()
    assert role.started_on == dt.date(2024, 10, 1) and role.organization == organization


def test_a_role_cannot_name_another_councils_organization(council, far_council, alice):
    person = PersonFactory(council=council)
    elsewhere = OrganizationFactory(council=far_council)
    data = {"body": "organization", "organization": elsewhere.pk, "position": "",
            "started_on": "", "ended_on": ""}  # fmt: skip
    response = alice.post(reverse("person_role_new", args=[person.pk]), data)
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not person.roles.exists()


def test_a_role_is_edited(council, alice):
    role = PersonRoleFactory(person=PersonFactory(council=council))
    data = {"body": "kamnan", "organization": "", "position": "", "started_on": "1/1/2563",
            "ended_on": "31/12/2568"}  # fmt: skip
    assert alice.post(reverse("person_role_edit", args=[role.pk]), data).status_code == 302
    role.refresh_from_db()
    assert role.body == "kamnan" and role.ended_on == dt.date(2025, 12, 31)


def test_a_role_is_removed_only_after_the_confirm_step(council, alice):
    role = PersonRoleFactory(person=PersonFactory(council=council))
    url = reverse("person_role_delete", args=[role.pk])
    assert alice.post(url).status_code == 200  # the summary, nothing done
    assert PersonRole.objects.filter(pk=role.pk).exists()
    response = post_confirmed(alice, url)
    assert response.status_code == 302
    assert not PersonRole.objects.filter(pk=role.pk).exists()


def test_a_training_is_recorded_and_removed_after_the_confirm_step(council, alice):
    person = PersonFactory(council=council)
    data = {"course": "ผู้นำรุ่นใหม่", "organiser": "พอช.", "attended_on": "5/2/2569",
            "hours": "6"}  # fmt: skip
    assert alice.post(reverse("training_new", args=[person.pk]), data).status_code == 302
    training = person.trainings.get()
    assert training.attended_on == dt.date(2026, 2, 5)
    url = reverse("training_delete", args=[training.pk])
    assert alice.get(url).status_code == 200
    assert Training.objects.filter(pk=training.pk).exists()
    assert post_confirmed(alice, url).status_code == 302
    assert not Training.objects.filter(pk=training.pk).exists()


def test_a_person_without_a_seat_is_removed_after_the_confirm_step(council, alice):
    person = PersonFactory(council=council)
    PersonRoleFactory(person=person)
    url = reverse("person_delete", args=[person.pk])
    assert alice.post(url).status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()
    response = post_confirmed(alice, url)
    assert response["Location"].endswith("#leaders")
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_person_with_a_council_seat_is_not_removed(council, alice):
    person = MemberFactory(council=council, village_no=1).person
    response = alice.get(reverse("person_delete", args=[person.pk]), follow=True)
    assert Person.objects.filter(pk=person.pk).exists()
    assert 'data-region-status="person"' in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()


def test_another_tambons_person_is_a_404_by_every_url(far_council, alice):
    person = PersonFactory(council=far_council)
    role = PersonRoleFactory(person=person)
    training = TrainingFactory(person=person)
    urls = [
        reverse("person_detail", args=[person.pk]),
        reverse("person_edit", args=[person.pk]),
        reverse("person_delete", args=[person.pk]),
        reverse("person_role_new", args=[person.pk]),
        reverse("training_new", args=[person.pk]),
        reverse("person_role_edit", args=[role.pk]),
        reverse("person_role_delete", args=[role.pk]),
        reverse("training_delete", args=[training.pk]),
        reverse("council_leaders", args=[far_council.pk]),
        reverse("person_new", args=[far_council.pk]),
        reverse("council_succession", args=[far_council.pk]),
    ]
    for url in urls:
        assert alice.get(url).status_code == 404, url
        assert alice.post(url).status_code == 404, url
    assert Person.objects.filter(pk=person.pk).exists()
