"""The Community Organization Council Act's rules, as the registry enforces them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from councils.models import Council, CouncilMember
from tests.factories import CouncilFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_a_tambon_has_at_most_one_council_that_is_not_dissolved(council):
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilFactory(subdistrict_id=council.subdistrict_id)


def test_a_dissolved_council_makes_room_for_a_new_one(council):
    council.status = Council.Status.DISSOLVED
    council.dissolved_on = dt.date(2020, 1, 1)
    council.save()
    assert CouncilFactory(subdistrict_id=council.subdistrict_id).pk


def test_the_one_council_rule_is_a_clear_validation_message(council):
    second = Council(subdistrict_id=council.subdistrict_id, name="สภาซ้ำ")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "already has a council" in str(error.value) or "มีสภา" in str(error.value)


@pytest.mark.parametrize("role", CouncilMember.OFFICER_ROLES)
def test_one_sitting_officer_per_role_in_the_database(council, role):
    MemberFactory(council=council, role=role, village_no=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(council=council, role=role, village_no=2)


def test_a_former_officer_does_not_block_the_new_one(council):
    MemberFactory(council=council, role="chair", village_no=1, left_on=dt.date(2025, 5, 1))
    assert MemberFactory(council=council, role="chair", village_no=2).pk


def test_a_second_chair_is_refused_with_a_message(council):
    MemberFactory(council=council, role="chair", village_no=1)
    member = MemberFactory.build(council=council, role="chair", village_no=2)
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "role" in error.value.message_dict


def test_up_to_four_representatives_per_village(council):
    for _ in range(4):
        MemberFactory(council=council, village_no=3)
    fifth = MemberFactory.build(council=council, village_no=3)
    with pytest.raises(ValidationError) as error:
        fifth.full_clean()
    assert "village_no" in error.value.message_dict


def test_up_to_two_representatives_per_other_community(council):
    for _ in range(2):
        MemberFactory(council=council, village_no=None, community_name="ชุมชนตลาดสายลมจอย")
    third = MemberFactory.build(council=council, village_no=None, community_name="ชุมชนตลาดสายลมจอย")
    with pytest.raises(ValidationError) as error:
        third.full_clean()
    assert "community_name" in error.value.message_dict


def test_qualified_persons_at_most_one_fifth_of_representatives(council):
    for village in range(1, 6):
        MemberFactory(council=council, village_no=village)
    first = MemberFactory.build(council=council, seat="qualified", village_no=None)
    first.full_clean()
    first.save()
    second = MemberFactory.build(council=council, seat="qualified", village_no=None)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "seat" in error.value.message_dict


def test_a_representative_represents_a_village_or_a_community(council):
    member = MemberFactory.build(council=council, village_no=None, community_name="")
    with pytest.raises(ValidationError):
        member.full_clean()


def test_term_ends_four_years_after_selection(council):
    member = MemberFactory(council=council, selected_on=dt.date(2024, 2, 29), village_no=1)
    assert member.term_ends_on == dt.date(2028, 2, 29)
    member.selected_on = dt.date(2023, 3, 1)
    member.save(update_fields=["selected_on"])
    member.refresh_from_db()
    assert member.term_ends_on == dt.date(2027, 3, 1)


def test_a_replacement_serves_the_rest_of_the_term(council):
    leaver = MemberFactory(
        council=council, selected_on=dt.date(2023, 6, 1), village_no=1, left_on=dt.date(2025, 1, 1)
    )
    replacement = MemberFactory(
        council=council, selected_on=dt.date(2025, 2, 1), village_no=1, replaces=leaver
    )
    assert replacement.term_ends_on == dt.date(2027, 6, 1)


def test_a_member_represents_an_organization_of_the_same_council(council, far_council):
    from tests.factories import OrganizationFactory

    member = MemberFactory.build(
        council=council, village_no=1, organization=OrganizationFactory(council=far_council)
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "organization" in error.value.message_dict


@pytest.mark.parametrize(
    ("code", "valid"),
    [("57", True), ("5709", True), ("", True), ("57abc", False), ("999999", False)],
)
def test_a_partner_works_in_a_real_area(code, valid):
    from councils.models import Partner

    partner = Partner(name="หน่วยงาน", kind=Partner.Kind.OTHER, area_code=code)
    if valid:
        partner.full_clean()
    else:
        with pytest.raises(ValidationError):
            partner.full_clean()
