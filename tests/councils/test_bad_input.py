"""Input that cannot be true is refused where it is typed, in Thai, under the field it is about."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from councils.meetings.models import Attendance, Resolution
from councils.models import CouncilMember, Subdistrict
from councils.phones import normalise_phone, thai_phone
from tests.factories import (
    TAMBON_MAE_SAI,
    MeetingFactory,
    MemberFactory,
    OrganizationFactory,
    PartnerFactory,
)

# --- Votes against the attendance -----------------------------------------------------------


@pytest.fixture
def meeting_of_five(council):
    """Three members and two other participants came."""
    meeting = MeetingFactory(council=council, guests_female=1, guests_male=1)
    for village in (1, 2, 3):
        Attendance.objects.create(
            meeting=meeting, member=MemberFactory(council=council, village_no=village)
        )
    return meeting


def test_votes_cannot_add_up_to_more_than_those_present(meeting_of_five, in_english):
    resolution = Resolution(
        meeting=meeting_of_five, position=1, text="เห็นชอบ", votes_for=4, votes_against=1,
        abstentions=1,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        resolution.full_clean()
    assert refused.value.message_dict["votes_for"] == [
        "The votes for, against and abstentions add up to 6, more than the 5 people recorded "
        "as present at the meeting."
    ]
    resolution.abstentions = 0
    resolution.full_clean()  # five votes from five people is fine


def test_votes_are_not_checked_before_the_attendance_is_recorded(council):
    meeting = MeetingFactory(council=council)
    Resolution(meeting=meeting, position=1, text="เห็นชอบ", votes_for=12).full_clean()


def test_the_resolution_form_refuses_too_many_votes_in_thai(
    meeting_of_five, tambon_coordinator, client_for
):
    response = client_for(tambon_coordinator).post(
        reverse("resolution_new", args=[meeting_of_five.pk]),
        {"position": 1, "text": "เห็นชอบ", "votes_for": 9},
    )
    assert response.context["form"].errors["votes_for"] == [
        "คะแนนเห็นด้วย ไม่เห็นด้วย และงดออกเสียงรวมกันได้ 9 เสียง มากกว่าผู้เข้าประชุมที่บันทึกไว้ 5 คน"
    ]
    assert not Resolution.objects.exists()


# --- Village numbers the tambon has ---------------------------------------------------------


@pytest.fixture
def mae_sai_has_ten_villages(council):
    Subdistrict.objects.filter(code=TAMBON_MAE_SAI).update(village_count=10)
    council.subdistrict.refresh_from_db()


def test_a_village_the_tambon_does_not_have_is_refused(council, mae_sai_has_ten_villages):
    with pytest.raises(ValidationError) as refused:
        MemberFactory.build(council=council, village_no=11).full_clean()
    assert refused.value.message_dict["village_no"] == ["ตำบลแม่สาย มี 10 หมู่บ้าน ไม่มีหมู่ที่ 11"]
    with pytest.raises(ValidationError) as refused:
        OrganizationFactory.build(council=council, village_no=12).full_clean()
    assert "village_no" in refused.value.message_dict
    MemberFactory.build(council=council, village_no=10).full_clean()


def test_any_village_number_is_taken_where_the_villages_are_not_known(council):
    assert council.subdistrict.village_count is None
    MemberFactory.build(council=council, village_no=25).full_clean()


def test_the_member_form_names_the_missing_village(
    council, mae_sai_has_ten_villages, tambon_coordinator, client_for
):
    response = client_for(tambon_coordinator).post(
        reverse("member_new", args=[council.pk]),
        {
            "title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "sex": "male",
            "seat": "representative", "role": "member", "village_no": 14,
            "selected_on": "15/1/2567",
        },
    )  # fmt: skip
    assert response.context["form"].errors["village_no"] == ["ตำบลแม่สาย มี 10 หมู่บ้าน ไม่มีหมู่ที่ 14"]


# --- Phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["081-234-5678", "0812345678", "081 234 5678", "+66 81 234 5678", "๐๘๑-๒๓๔-๕๖๗๘"],
)
def test_a_thai_mobile_number_is_stored_one_way(typed):
    assert normalise_phone(typed) == "+66812345678"
    assert thai_phone(normalise_phone(typed)) == "081-234-5678"


def test_a_landline_is_shown_as_thais_write_it():
    assert thai_phone(normalise_phone("02 123 4567")) == "02-123-4567"
    assert thai_phone(normalise_phone("053-123456")) == "053-123-456"


@pytest.mark.parametrize("typed", ["12345", "081-234-567", "0812345678901", "+95 9 123 456 789"])
def test_a_number_that_is_not_thai_is_refused(typed, in_english):
    with pytest.raises(ValidationError) as refused:
        normalise_phone(typed)
    assert "is not a Thai phone number" in refused.value.messages[0]


def test_the_member_form_stores_the_number_normalised_and_shows_it_thai(
    council, tambon_coordinator, client_for
):
    alice = client_for(tambon_coordinator)
    fields = {
        "title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "sex": "male",
        "seat": "representative", "role": "member", "village_no": 4,
        "selected_on": "15/1/2567",
    }  # fmt: skip
    refused = alice.post(reverse("member_new", args=[council.pk]), {**fields, "phone": "08123"})
    assert refused.context["form"].errors["phone"] == [
        "“08123” ไม่ใช่หมายเลขโทรศัพท์ในประเทศไทย กรุณากรอกหมายเลขมือถือหรือโทรศัพท์บ้าน "
        "เช่น 081-234-5678 หรือ 02-123-4567"
    ]
    alice.post(reverse("member_new", args=[council.pk]), {**fields, "phone": "081 234 5678"})
    member = CouncilMember.objects.get(first_name="สมชาย")
    assert member.phone == "+66812345678"
    assert member.masked_phone == "08x-xxx-5678"
    form = alice.get(reverse("member_edit", args=[council.pk, member.pk])).content.decode()
    assert 'value="081-234-5678"' in form


def test_the_admin_refuses_a_phone_number_that_is_not_thai(council, codi_staff):
    from tests.accounts_helpers import verified_client

    response = verified_client(codi_staff).post(
        reverse("admin:councils_partner_add"),
        {"name": "อบต.แม่สาย", "kind": "local_government", "area_code": TAMBON_MAE_SAI,
         "phone": "999"},
    )  # fmt: skip
    assert "phone" in response.context["adminform"].form.errors


# --- One error for one mistake --------------------------------------------------------------


def test_a_due_date_that_cannot_be_read_has_one_error(council, tambon_coordinator, client_for):
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    response = client_for(tambon_coordinator).post(
        reverse("resolution_new", args=[meeting.pk]),
        {"position": 1, "text": "ขอรับการสนับสนุน", "addressed_to": PartnerFactory().pk,
         "due_on": "30/6/2025"},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert len(errors["due_on"]) == 1
    assert "2025" in errors["due_on"][0]
    assert not errors.get("__all__")


# --- The sitting chair is named -------------------------------------------------------------


def test_a_second_chair_is_refused_naming_the_sitting_one(council):
    MemberFactory(council=council, role="chair", title="นาง", first_name="บุญมา",
                  last_name="แก้วมณี", village_no=1)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        MemberFactory.build(council=council, role="chair", village_no=2).full_clean()
    assert refused.value.message_dict["role"] == [
        "สภาฯ มีประธานที่ดำรงตำแหน่งอยู่แล้ว คือ นางบุญมา แก้วมณี กรุณาบันทึกวันที่ประธานคนปัจจุบันพ้นจากตำแหน่งก่อน"
    ]
