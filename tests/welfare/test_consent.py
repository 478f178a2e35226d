"""Consent to the privacy notice (PDPA): asked when a member is registered, read from an
import's column or left pending, shown on the member's page and flagged on the list."""

import datetime as dt
import importlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import migrations
from django.urls import reverse
from django.utils import timezone

from tests.confirming import import_confirmed
from tests.factories import FundMemberFactory, citizen_id
from welfare.models import PRIVACY_NOTICE_VERSION, Member

NEW_MEMBER = {
    "first_name": "สมพร", "last_name": "ใจดี", "citizen_id": citizen_id(77),
    "birth_date": "1/5/2513", "sex": "female", "group": "working_age", "joined_on": "1/1/2568",
}  # fmt: skip


def test_a_new_member_needs_the_consent_box(fund, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    url = reverse("fund_member_new", args=[fund.pk])
    response = client.post(url, NEW_MEMBER)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not fund.members.exists()
    response = client.post(url, {**NEW_MEMBER, "consent": "on"})
    assert response.status_code == 302
    member = fund.members.get()
    assert (member.consented_on, member.consent_version, member.consent_recorded_by) == (
        timezone.localdate(), PRIVACY_NOTICE_VERSION, tambon_coordinator,
    )  # fmt: skip


def test_a_member_registered_before_may_consent_later(fund, tambon_coordinator, client_for):
    member = FundMemberFactory(fund=fund)
    client = client_for(tambon_coordinator)
    url = reverse("fund_member_edit", args=[fund.pk, member.pk])
    data = {**NEW_MEMBER, "citizen_id": ""}
    assert client.post(url, data).status_code == 302  # the box is not required on an edit
    member.refresh_from_db()
    assert not member.consent_recorded
    client.post(url, {**data, "consent": "on"})
    member.refresh_from_db()
    assert member.consent_recorded
    assert "consent" not in client.get(url).context["form"].fields


def test_the_member_page_and_list_flag_missing_consent(fund, tambon_coordinator, client_for):
    pending = FundMemberFactory(fund=fund, first_name="ประยูร")
    given = FundMemberFactory(fund=fund, first_name="อำไพ")
    given.record_consent(by=tambon_coordinator, on=dt.date(2026, 1, 5))
    given.save()
    client = client_for(tambon_coordinator)
    page = client.get(reverse("member_detail", args=[fund.pk, pending.pk])).content.decode()
    assert "Consent not recorded" in page
    page = client.get(reverse("member_detail", args=[fund.pk, given.pk])).content.decode()
    assert f"(version {PRIVACY_NOTICE_VERSION}) recorded on" in page
    listed = client.get(reverse("member_list", args=[fund.pk]), {"consent": "missing"})
    assert list(listed.context["page"]) == [pending]
    assert list(Member.objects.without_consent()) == [pending]


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_an_import_records_consent_from_its_column_or_leaves_it_pending(
    fund, tambon_coordinator, client_for
):
    text = (
        "ชื่อ,นามสกุล,เลขประจำตัวประชาชน,วันเกิด,วันที่สมัคร,ความยินยอม\n"
        f"บุญมา,แก้วมณี,{citizen_id(1)},15/3/2510,1/10/2567,ยินยอม\n"
        f"สมพร,ทองดี,{citizen_id(2)},2/1/2545,1/10/2567,\n"
    )
    response = import_confirmed(
        client_for(tambon_coordinator),
        reverse("member_import", args=[fund.pk]),
        {"import_file": _upload(text)},
    )
    assert response.status_code == 302
    consented = Member.objects.get(citizen_id=citizen_id(1))
    assert (consented.consent_version, consented.consent_recorded_by) == (
        PRIVACY_NOTICE_VERSION, tambon_coordinator,
    )  # fmt: skip
    assert not Member.objects.get(citizen_id=citizen_id(2)).consent_recorded


def test_an_import_without_the_column_leaves_consent_pending(fund, tambon_coordinator, client_for):
    text = (
        "ชื่อ,นามสกุล,เลขประจำตัวประชาชน,วันเกิด,วันที่สมัคร\n"
        f"บุญมา,แก้วมณี,{citizen_id(3)},15/3/2510,1/10/2567\n"
    )
    import_confirmed(
        client_for(tambon_coordinator),
        reverse("member_import", args=[fund.pk]),
        {"import_file": _upload(text)},
    )
    assert not Member.objects.get(citizen_id=citizen_id(3)).consent_recorded


def test_the_migration_only_adds_empty_consent_to_existing_members(db):
    """Existing members keep every value and read "not recorded": the migration adds nullable
    or blank fields and nothing else (a default date would claim a consent never given)."""
    migration = importlib.import_module("welfare.migrations.0004_member_consent").Migration
    assert {type(op) for op in migration.operations} == {migrations.AddField}
    for operation in migration.operations:
        field = operation.field
        assert field.null or (field.blank and field.get_default() == ""), operation.name
    assert not FundMemberFactory.build().consent_recorded
