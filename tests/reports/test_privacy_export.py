"""Exporting a data subject's data from the admin: every kind of record, the citizen ID in full,
logged, and only by CODI staff of the person's region."""

import json

import pytest
from django.urls import reverse

from councils.persons.models import Person, PersonRole, Training
from reports.models import PrivacyRequest
from reports.privacy import SECTION_LABELS
from tests.accounts_helpers import verified_client
from tests.factories import PersonFactory, PersonRoleFactory
from tests.reports.privacy_world import (
    BIRTH_YEAR,
    CHAIR_LAST,
    FIRST,
    FORMATTED_ID,
    FULL_ID,
    action_post,
    build_person,
    southern_staff,
)

MEMBERS = "admin:welfare_member_changelist"
PERSONS = "admin:councils_person_changelist"
COUNCIL_MEMBERS = "admin:councils_councilmember_changelist"
REASON = "นางบุญมายื่นคำขอที่สภาองค์กรชุมชนตำบล ขอสำเนาข้อมูลตามมาตรา 30"


@pytest.fixture
def person(council, tambon_coordinator):
    return build_person(council, tambon_coordinator)


def _export(client, url_name, pk):
    return client.post(reverse(url_name), action_post(pk, "export_personal_data", reason=REASON))


def _sections(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    return {kind: data[str(label)] for kind, label in _thai_labels().items()}


def _thai_labels():
    from django.utils import translation

    with translation.override("th"):
        return {kind: str(label) for kind, label in SECTION_LABELS.items()}


def test_the_export_holds_every_kind_of_record_and_the_full_citizen_id(
    person, codi_staff, client_for
):
    response = _export(verified_client(codi_staff), MEMBERS, person["member"].pk)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sections = _sections(response)
    assert {kind: len(rows) for kind, rows in sections.items()} == {
        "council_members": 1,
        "persons": 1,
        "person_roles": 1,  # the village headman
        "trainings": 1,
        "successions": 1,  # named to succeed the chair
        "fund_members": 1,
        "claims": 1,
        "ledger_entries": 4,  # three contributions and the payout
        "attendances": 1,
        "delegations": 1,
        "reveals": 1,
        "audit_entries": sections and len(sections["audit_entries"]),
    }
    assert sections["audit_entries"], "the trail's entries on her rows are in the file"
    body = response.content.decode("utf-8")
    assert FORMATTED_ID in body
    assert "ทองดี" not in body, "the neighbour's rows are not hers"
    assert CHAIR_LAST not in body, "the office she is to take over, not the officer's name"


def test_the_export_is_logged_without_the_persons_name_or_id(person, codi_staff, client_for):
    _export(verified_client(codi_staff), MEMBERS, person["member"].pk)
    record = PrivacyRequest.objects.get()
    assert (record.kind, record.requested_by, record.area_code) == (
        PrivacyRequest.Kind.EXPORT, codi_staff, person["fund"].area_code,
    )  # fmt: skip
    assert record.reason == REASON
    assert record.rows["fund_members"] == [person["member"].pk]
    assert record.rows["council_members"] == [person["seat"].pk]
    assert FIRST not in record.subject and FULL_ID not in record.subject


def test_the_council_member_changelist_finds_the_same_person(person, codi_staff, client_for):
    sections = _sections(_export(verified_client(codi_staff), COUNCIL_MEMBERS, person["seat"].pk))
    assert [row["id"] for row in sections["fund_members"]] == [person["member"].pk]
    assert [row["id"] for row in sections["attendances"]] == [
        a.pk for a in person["seat"].attendances.all()
    ]


def test_the_export_holds_her_leaders_registry_row_with_roles_and_trainings(
    person, codi_staff, client_for
):
    from django.utils import translation

    sections = _sections(_export(verified_client(codi_staff), COUNCIL_MEMBERS, person["seat"].pk))
    with translation.override("th"):
        birth_year = str(Person._meta.get_field("birth_year").verbose_name)
        position = str(PersonRole._meta.get_field("position").verbose_name)
        course = str(Training._meta.get_field("course").verbose_name)
    [leader] = sections["persons"]
    assert (leader["id"], leader[birth_year]) == (person["leader"].pk, BIRTH_YEAR)
    assert [row[position] for row in sections["person_roles"]] == ["ผู้ใหญ่บ้านหมู่ 3"]
    assert [row[course] for row in sections["trainings"]] == ["หลักสูตรผู้นำรุ่นใหม่"]
    assert [row["id"] for row in sections["successions"]] == [person["chair"].pk]


def test_the_person_changelist_finds_the_same_person(person, codi_staff, client_for):
    sections = _sections(_export(verified_client(codi_staff), PERSONS, person["leader"].pk))
    assert [row["id"] for row in sections["council_members"]] == [person["seat"].pk]
    assert [row["id"] for row in sections["fund_members"]] == [person["member"].pk]
    assert PrivacyRequest.objects.get().rows["persons"] == [person["leader"].pk]


def test_a_leader_without_a_council_seat_can_be_exported(person, council, codi_staff, client_for):
    volunteer = PersonFactory(council=council, first_name="คำปัน", last_name="ใจงาม")
    PersonRoleFactory(person=volunteer, body=PersonRole.Body.HEALTH_VOLUNTEER)
    sections = _sections(_export(verified_client(codi_staff), PERSONS, volunteer.pk))
    assert [row["id"] for row in sections["persons"]] == [volunteer.pk]
    assert len(sections["person_roles"]) == 1
    assert sections["council_members"] == [] and sections["fund_members"] == []


def test_the_action_first_asks_for_the_reason(person, codi_staff, client_for):
    client = verified_client(codi_staff)
    response = client.post(
        reverse(MEMBERS), action_post(person["member"].pk, "export_personal_data")
    )
    assert response.status_code == 200
    assert response.templates[0].name == "admin/reports/privacy_request.html"
    assert FULL_ID not in response.content.decode()
    assert not PrivacyRequest.objects.exists()
    response = client.post(
        reverse(MEMBERS), action_post(person["member"].pk, "export_personal_data", reason="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PrivacyRequest.objects.exists()


def test_staff_of_another_region_cannot_export(person, client_for):
    client = verified_client(southern_staff())
    for url_name, pk in ((MEMBERS, person["member"].pk), (COUNCIL_MEMBERS, person["seat"].pk)):
        response = _export(client, url_name, pk)
        assert response.status_code == 302  # nothing selected: the row is not theirs
        assert FULL_ID not in response.content.decode()
    assert not PrivacyRequest.objects.exists()


def test_a_tambon_coordinator_has_no_admin_to_export_from(person, tambon_coordinator, client_for):
    response = _export(client_for(tambon_coordinator), MEMBERS, person["member"].pk)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not PrivacyRequest.objects.exists()


def test_privacy_requests_are_seen_by_the_staff_of_the_region(person, codi_staff, client_for):
    _export(verified_client(codi_staff), MEMBERS, person["member"].pk)
    url = reverse("admin:reports_privacyrequest_changelist")
    assert len(verified_client(codi_staff).get(url).context["cl"].result_list) == 1
    assert len(verified_client(southern_staff()).get(url).context["cl"].result_list) == 0
