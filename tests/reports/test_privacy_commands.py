"""`manage.py export_personal_data` and `erase_personal_data`: by CODI staff of the person's
region, named with --by, and logged like the admin's actions."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import PrivacyRequest
from tests.reports.privacy_world import FIRST, FORMATTED_ID, FULL_ID, build_person, southern_staff
from welfare.models import Member


@pytest.fixture
def person(council, tambon_coordinator):
    return build_person(council, tambon_coordinator)


def test_export_by_citizen_id_writes_the_file_and_logs_it(person, codi_staff, tmp_path):
    out = tmp_path / "boonma.json"
    call_command(
        "export_personal_data", "--citizen-id", FORMATTED_ID, "--by", "charlie",
        "--output", str(out), stderr=StringIO(),
    )  # fmt: skip
    text = out.read_text(encoding="utf-8")
    assert FORMATTED_ID in text and FIRST in text
    json.loads(text)
    record = PrivacyRequest.objects.get()
    assert (record.kind, record.requested_by) == (PrivacyRequest.Kind.EXPORT, codi_staff)
    assert record.rows["council_members"] == [person["seat"].pk]


def test_export_of_a_council_member_to_standard_output(person, codi_staff):
    out = StringIO()
    call_command(
        "export_personal_data", "--council-member", str(person["seat"].pk), "--by", "charlie",
        stdout=out,
    )  # fmt: skip
    assert FORMATTED_ID in out.getvalue()


def test_the_commands_refuse_without_by(person):
    with pytest.raises(CommandError, match="--by"):
        call_command("export_personal_data", "--citizen-id", FULL_ID)
    with pytest.raises(CommandError, match="--by"):
        call_command("erase_personal_data", "--citizen-id", FULL_ID, "--reason", "x", "--yes")
    assert not PrivacyRequest.objects.exists()


def test_the_commands_refuse_staff_of_another_region_and_coordinators(person, tambon_coordinator):
    southern_staff()
    with pytest.raises(CommandError, match="nobody found"):
        call_command("export_personal_data", "--citizen-id", FULL_ID, "--by", "sunee")
    with pytest.raises(CommandError, match="not CODI staff"):
        call_command("export_personal_data", "--citizen-id", FULL_ID, "--by", "alice")
    with pytest.raises(CommandError, match="nobody found"):
        call_command(
            "erase_personal_data", "--member", str(person["member"].pk), "--by", "sunee",
            "--reason", "คำขอเลขที่ 12/2569", "--yes",
        )  # fmt: skip
    assert not PrivacyRequest.objects.exists()


def test_erase_needs_a_reason_then_erases_and_integrity_holds(person, codi_staff):
    with pytest.raises(CommandError, match="--reason"):
        call_command("erase_personal_data", "--member", str(person["member"].pk), "--by", "charlie")
    out = StringIO()
    call_command(
        "erase_personal_data", "--member", str(person["member"].pk), "--by", "charlie",
        "--reason", "คำขอเลขที่ 12/2569 ลงวันที่ 2 มี.ค. 2569", "--yes", stdout=out,
    )  # fmt: skip
    member = Member.objects.get(pk=person["member"].pk)
    assert member.first_name != FIRST and member.citizen_id != FULL_ID
    assert PrivacyRequest.objects.get().kind == PrivacyRequest.Kind.ERASE
    call_command("check_integrity", stdout=StringIO())  # raises CommandError on any problem
