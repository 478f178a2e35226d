"""Erasing a data subject by anonymisation: the person is gone from every row, page and the
audit trail; the money, the ledger and the council's counts are exactly as before."""

import json
import os
from dataclasses import asdict

import pytest
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from councils.audit import AuditEntry
from councils.meetings.models import Attendance, Delegate
from councils.models import CouncilMember
from councils.persons.models import Person, PersonRole
from reports import integrity
from reports.models import PrivacyRequest
from tests.accounts_helpers import verified_client
from tests.factories import PersonFactory, PersonRoleFactory
from tests.reports.privacy_world import (
    BIRTH_YEAR,
    FIRST,
    FULL_ID,
    LAST,
    PERSONAL,
    action_post,
    build_person,
    southern_staff,
)
from welfare import ledger, statistics
from welfare.models import Claim, LedgerEntry, Member, RevealLog, validate_citizen_id

MEMBERS = "admin:welfare_member_changelist"
COUNCIL_MEMBERS = "admin:councils_councilmember_changelist"
PERSONS = "admin:councils_person_changelist"
REASON = "นางบุญมาขอให้ลบข้อมูลตามมาตรา 33 หนังสือลงวันที่ 2 มี.ค. 2569"
ERASE = {"reason": REASON, "understood": "on"}


@pytest.fixture
def person(council, tambon_coordinator):
    return build_person(council, tambon_coordinator)


def money_figures(fund) -> dict:
    """What the fund's books say: balance, every entry, and the statements of two years."""
    fund.refresh_from_db()
    return {
        "balance": fund.balance,
        "ledger": list(
            LedgerEntry.objects.filter(fund=fund)
            .order_by("pk")
            .values_list(
                "pk",
                "kind",
                "occurred_on",
                "amount",
                "member_id",
                "claim_id",
                "reverses_id",
                "description",
            )
        ),  # fmt: skip
        "statements": [asdict(statistics.year_statement(fund, year)) for year in (2568, 2569)],
        "claims": list(Claim.objects.values_list("pk", "amount", "status", "event_on")),
    }


def council_counts(council) -> dict:
    members = CouncilMember.objects.filter(council=council)
    return {
        "members": list(
            members.order_by("pk").values_list(
                "seat", "role", "village_no", "sex", "selected_on", "term_ends_on", "left_on"
            )
        ),
        "attendances": Attendance.objects.count(),
        "delegates": Delegate.objects.count(),
    }


def trail_text() -> str:
    rows = AuditEntry.objects.values_list(
        "object_repr", "changes", "changes_text", "serialized_data", "additional_data"
    )
    admin_rows = AdminLogEntry.objects.values_list("object_repr", "change_message")
    return json.dumps([list(rows), list(admin_rows)], ensure_ascii=False, default=str)


def _erase(client, pk, url_name=MEMBERS, **confirm):
    return client.post(reverse(url_name), action_post(pk, "erase_personal_data", **confirm))


def test_erasure_removes_the_person_everywhere_and_keeps_the_money(
    person, council, codi_staff, tambon_coordinator, client_for
):
    fund = person["fund"]
    before, counts = money_figures(fund), council_counts(council)
    assert FIRST in trail_text()  # the trail did name her
    response = _erase(verified_client(codi_staff), person["member"].pk, **ERASE)
    assert response.status_code == 302

    member = Member.objects.get(pk=person["member"].pk)
    seat = CouncilMember.objects.get(pk=person["seat"].pk)
    for row in (member, seat):
        assert FIRST not in row.full_name and LAST not in row.full_name
        assert row.phone == ""
    assert member.citizen_id != FULL_ID
    validate_citizen_id(member.citizen_id)  # still a well-formed number, but no one's
    assert member.birth_date.year == 1961 and member.beneficiaries == ""
    assert Claim.objects.get(pk=person["claim"].pk).description == ""
    for text in PERSONAL:
        assert text not in trail_text(), text

    assert money_figures(fund) == before
    assert council_counts(council) == counts
    assert RevealLog.objects.get().member_id == member.pk
    assert not any(integrity.problems().values()), integrity.problems()

    other = Member.objects.get(pk=person["other"].pk)
    assert other.first_name == "สมพร", "nobody else is touched"


def test_the_council_and_fund_pages_no_longer_name_the_person(
    person, council, codi_staff, tambon_coordinator, client_for
):
    _erase(verified_client(codi_staff), person["seat"].pk, COUNCIL_MEMBERS, **ERASE)
    alice = client_for(tambon_coordinator)
    fund = person["fund"]
    pages = [
        reverse("council_detail", args=[council.pk]),
        reverse("member_list", args=[fund.pk]),
        reverse("member_detail", args=[fund.pk, person["member"].pk]),
        reverse("claim_detail", args=[fund.pk, person["claim"].pk]),
        reverse("meeting_detail", args=[person["meeting"].pk]),
    ]
    for url in pages:
        response = alice.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert FIRST not in body and LAST not in body, url
    assert "ทองดี" in alice.get(pages[0]).content.decode(), "the neighbour still sits"


def test_the_erasure_is_logged_with_its_reason_and_rows(person, codi_staff, client_for):
    _erase(verified_client(codi_staff), person["member"].pk, **ERASE)
    record = PrivacyRequest.objects.get()
    assert (record.kind, record.requested_by) == (PrivacyRequest.Kind.ERASE, codi_staff)
    # The reason named her: kept, but without her name.
    assert record.reason == REASON.replace(FIRST, "[ลบข้อมูลแล้ว]")
    assert record.rows["fund_members"] == [person["member"].pk]
    assert record.rows["council_members"] == [person["seat"].pk]
    assert record.rows["audit_entries"]
    assert FULL_ID not in record.subject and FIRST not in record.subject
    # The trail says who erased the rows, and under which request.
    erased = AuditEntry.objects.filter(additional_data__privacy_request=record.pk)
    assert {e.actor for e in erased} == {codi_staff}
    assert erased.count() == 3  # her council seat, her person and her fund membership
    assert record.rows["persons"] == [person["leader"].pk]


def test_erasure_anonymises_her_leaders_registry_person_and_keeps_the_counts(
    person, council, codi_staff, client_for
):
    leader = person["leader"]
    roles_before = Person.objects.with_role_counts().get(pk=leader.pk).role_count
    _erase(verified_client(codi_staff), person["member"].pk, **ERASE)

    leader.refresh_from_db()
    assert FIRST not in leader.full_name and LAST not in leader.full_name
    assert (leader.phone, leader.birth_year, leader.title) == ("", None, "")
    assert (leader.council, leader.village_no, leader.sex) == (
        council, person["seat"].village_no, person["seat"].sex,
    )  # fmt: skip
    # Her roles, trainings and the succession she was named to stay, and are still counted.
    assert Person.objects.with_role_counts().get(pk=leader.pk).role_count == roles_before
    assert list(leader.roles.all()) == [person["headman"]]
    assert list(leader.trainings.all()) == [person["training"]]
    assert CouncilMember.objects.get(pk=person["chair"].pk).successor == leader
    assert CouncilMember.objects.get(pk=person["seat"].pk).person == leader
    # The trail of her person kept her birth year in its changes; they are blanked.
    person_entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(leader.pk)
    )
    changes = json.dumps(list(person_entries.values_list("changes", flat=True)))
    assert "birth_year" in changes and str(BIRTH_YEAR) not in changes
    assert str(BIRTH_YEAR) not in str(PrivacyRequest.objects.get().subject)


def test_a_leader_without_a_council_seat_is_erased_from_the_person_changelist(
    person, council, codi_staff, client_for
):
    volunteer = PersonFactory(
        council=council, first_name="คำปัน", last_name="ใจงาม", phone="0898765432"
    )
    PersonRoleFactory(person=volunteer, body=PersonRole.Body.HEALTH_VOLUNTEER)
    response = _erase(verified_client(codi_staff), volunteer.pk, PERSONS, **ERASE)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert "คำปัน" not in volunteer.full_name and volunteer.phone == ""
    assert volunteer.roles.count() == 1
    assert "คำปัน" not in trail_text() and "0898765432" not in trail_text()
    assert Person.objects.get(pk=person["leader"].pk).first_name == FIRST, "only the one chosen"
    assert Member.objects.get(pk=person["member"].pk).first_name == FIRST


def test_the_confirmation_page_warns_in_thai_and_needs_the_reason(person, codi_staff, client_for):
    client = verified_client(codi_staff)
    response = _erase(client, person["member"].pk)
    assert response.status_code == 200
    with translation.override("th"):
        from django.utils.translation import gettext

        warning = gettext("Erasure cannot be undone.")
    assert warning != "Erasure cannot be undone." and warning in response.content.decode()
    response = _erase(client, person["member"].pk, reason="", understood="on")
    assert response.context["form"].errors
    response = _erase(client, person["member"].pk, reason=REASON)
    assert "understood" in response.context["form"].errors
    assert Member.objects.get(pk=person["member"].pk).first_name == FIRST
    assert not PrivacyRequest.objects.exists()


def test_staff_of_another_region_cannot_erase(person, client_for):
    response = _erase(verified_client(southern_staff()), person["member"].pk, **ERASE)
    assert response.status_code == 302
    assert Member.objects.get(pk=person["member"].pk).first_name == FIRST
    assert not PrivacyRequest.objects.exists()


def test_a_ledger_note_that_names_the_person_is_reported_not_changed(
    person, codi_staff, tambon_coordinator, client_for
):
    import datetime as dt
    from decimal import Decimal

    note = ledger.record_contribution(
        person["member"], Decimal("30"), dt.date(2025, 4, 5), tambon_coordinator,
        description="บุญมาฝากลูกมาจ่าย",
    )  # fmt: skip
    _erase(verified_client(codi_staff), person["member"].pk, **ERASE)
    record = PrivacyRequest.objects.get()
    assert str(note.pk) in record.notes
    assert LedgerEntry.objects.get(pk=note.pk).description == "บุญมาฝากลูกมาจ่าย"


def test_the_meeting_pdfs_that_named_the_person_are_made_again_without_her(
    person,
    codi_staff,
    tambon_coordinator,
    client_for,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    from reports.models import Document
    from tests.reports.test_pdf import pdf_text

    settings.MEDIA_ROOT = tmp_path
    alice = client_for(tambon_coordinator)
    meeting = person["meeting"]
    alice.post(reverse("meeting_pdf", args=[meeting.pk]))
    before = Document.objects.get(object_id=meeting.pk, kind=Document.Kind.MEETING_MINUTES)
    path = before.file.path
    assert FIRST in pdf_text(before.file.read())

    with django_capture_on_commit_callbacks(execute=True):
        _erase(verified_client(codi_staff), person["seat"].pk, COUNCIL_MEMBERS, **ERASE)
    assert not Document.objects.filter(pk=before.pk).exists()
    assert not os.path.exists(path)
    alice.post(reverse("meeting_pdf", args=[meeting.pk]))
    again = Document.objects.get(object_id=meeting.pk, kind=Document.Kind.MEETING_MINUTES)
    text = pdf_text(again.file.read())
    assert FIRST not in text and LAST not in text and "ลบข้อมูลแล้ว" in text
