"""Citizen IDs: the check digit, one membership per ID, masked everywhere, revealed by a logged
action only."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.factories import FundMemberFactory
from welfare.models import RevealLog, mask_citizen_id, validate_citizen_id

FULL = "1234545678781"
MASKED = "1-2345-xxxxx-xx-1"


@pytest.mark.parametrize("value", ["3100600445635", "1234545678781", "1-2345-45678-78-1"])
def test_valid_citizen_ids_pass_the_check_digit(value):
    validate_citizen_id(value)


@pytest.mark.parametrize("value", ["1234545678789", "123454567878", "abcdefghijklm", ""])
def test_invalid_citizen_ids_are_refused(value):
    with pytest.raises(ValidationError):
        validate_citizen_id(value)


def test_an_invalid_id_is_not_echoed_back_whole():
    with pytest.raises(ValidationError) as error:
        validate_citizen_id("1234545678789")
    assert "1234545678789" not in " ".join(error.value.messages)


def test_masking_keeps_the_first_five_and_the_last_digit():
    assert mask_citizen_id(FULL) == MASKED
    assert mask_citizen_id("3100600445635") == "3-1006-xxxxx-xx-5"


def test_an_id_is_registered_once_per_fund_but_may_join_another_fund(fund, other_fund):
    FundMemberFactory(fund=fund, citizen_id=FULL)
    FundMemberFactory(fund=other_fund, citizen_id=FULL)
    with pytest.raises(IntegrityError):
        FundMemberFactory(fund=fund, citizen_id=FULL)


def test_the_register_form_refuses_a_wrong_check_digit_and_a_duplicate(
    fund, tambon_coordinator, client_for
):
    FundMemberFactory(fund=fund, citizen_id=FULL)
    client = client_for(tambon_coordinator)
    url = reverse("fund_member_new", args=[fund.pk])
    data = {
        "first_name": "สมพร", "last_name": "ใจดี", "birth_date": "1/5/2513",
        "sex": "female", "group": "working_age", "joined_on": "1/1/2568", "consent": "on",
    }  # fmt: skip
    response = client.post(url, {**data, "citizen_id": "1234545678789"})
    assert response.status_code == 200
    assert "citizen_id" in response.context["form"].errors
    response = client.post(url, {**data, "citizen_id": "1-2345-45678-78-1"})
    assert response.status_code == 200
    assert "citizen_id" in response.context["form"].errors
    assert fund.members.count() == 1


def _pages(fund, member):
    return [
        reverse("member_list", args=[fund.pk]),
        reverse("member_detail", args=[fund.pk, member.pk]),
        reverse("fund_member_edit", args=[fund.pk, member.pk]),
        reverse("fund_detail", args=[fund.pk]),
        reverse("behind_list", args=[fund.pk]),
    ]


def test_pages_show_the_id_masked_and_are_not_cached(fund, tambon_coordinator, client_for):
    member = FundMemberFactory(fund=fund, citizen_id=FULL)
    client = client_for(tambon_coordinator)
    for url in _pages(fund, member):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert FULL not in body, url
    detail = client.get(reverse("member_detail", args=[fund.pk, member.pk]))
    assert MASKED in detail.content.decode()
    assert "no-store" in detail["Cache-Control"]
    assert "no-store" in client.get(reverse("member_list", args=[fund.pk]))["Cache-Control"]


def test_a_district_coordinator_reads_members_masked_and_cannot_reveal(
    fund, district_coordinator, client_for
):
    member = FundMemberFactory(fund=fund, citizen_id=FULL)
    client = client_for(district_coordinator)
    body = client.get(reverse("member_detail", args=[fund.pk, member.pk])).content.decode()
    assert MASKED in body and FULL not in body
    assert client.post(reverse("member_reveal", args=[fund.pk, member.pk])).status_code == 403
    assert not RevealLog.objects.exists()


def test_the_export_is_masked(fund, district_coordinator, client_for):
    FundMemberFactory(fund=fund, citizen_id=FULL)
    response = client_for(district_coordinator).get(reverse("member_export", args=[fund.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row]
    assert MASKED in cells
    assert not any(FULL in cell for cell in cells)
    assert "no-store" in response["Cache-Control"]


def test_reveal_shows_the_full_id_once_and_logs_who_and_when(fund, tambon_coordinator, client_for):
    member = FundMemberFactory(fund=fund, citizen_id=FULL)
    client = client_for(tambon_coordinator)
    response = client.post(reverse("member_reveal", args=[fund.pk, member.pk]))
    assert FULL in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    log = RevealLog.objects.get()
    assert (log.member, log.revealed_by) == (member, tambon_coordinator)
    assert log.revealed_at is not None
    # Only that one answer carries it: the page read again is masked.
    again = client.get(reverse("member_detail", args=[fund.pk, member.pk])).content.decode()
    assert FULL not in again


def test_a_reveal_from_the_shell_is_logged_like_one_from_the_page(fund, tambon_coordinator):
    member = FundMemberFactory(fund=fund, citizen_id=FULL)
    assert member.reveal_citizen_id(by=tambon_coordinator) == FULL
    log = RevealLog.objects.get()
    assert (log.member, log.revealed_by) == (member, tambon_coordinator)


def test_a_reveal_by_get_is_refused(fund, tambon_coordinator, client_for):
    member = FundMemberFactory(fund=fund, citizen_id=FULL)
    response = client_for(tambon_coordinator).get(
        reverse("member_reveal", args=[fund.pk, member.pk])
    )
    assert response.status_code == 405
    assert not RevealLog.objects.exists()


def test_the_admin_list_and_change_form_show_the_id_masked(fund, client_for, admin_user):
    member = FundMemberFactory(fund=fund, citizen_id=FULL)
    client = verified_client(admin_user, "en")
    listing = client.get(reverse("admin:welfare_member_changelist")).content.decode()
    change = client.get(reverse("admin:welfare_member_change", args=[member.pk])).content.decode()
    for body in (listing, change):
        assert MASKED in body
        assert FULL not in body


def test_editing_a_member_keeps_the_id_without_sending_it(fund, tambon_coordinator, client_for):
    member = FundMemberFactory(fund=fund, citizen_id=FULL, first_name="เดิม")
    client = client_for(tambon_coordinator)
    url = reverse("fund_member_edit", args=[fund.pk, member.pk])
    assert FULL not in client.get(url).content.decode()
    data = {
        "first_name": "ใหม่", "last_name": member.last_name, "citizen_id": "",
        "birth_date": "1/5/2513", "sex": "female", "group": "working_age", "joined_on": "1/1/2563",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.citizen_id) == ("ใหม่", FULL)
