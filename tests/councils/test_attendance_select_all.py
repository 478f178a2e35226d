"""Ticking every member present at once: "select all" and "select none" on the attendance form."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, MemberFactory, PartnerFactory

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture
def board(council):
    return [MemberFactory(council=council, village_no=n % 10 + 1) for n in range(6)]


def ticked(response) -> set[int]:
    return {int(pk) for pk in response.context["form"]["members"].value()}


def test_the_form_offers_select_all_and_none(council, board, alice):
    meeting = MeetingFactory(council=council)
    html = alice.get(reverse("meeting_attendance", args=[meeting.pk])).content.decode()
    assert 'name="pick_all" value="all"' in html and 'data-pick="all"' in html
    assert 'name="pick_all" value="none"' in html and "Select none" in html


def test_select_all_without_javascript_ticks_everyone_and_keeps_the_typing(council, board, alice):
    meeting = MeetingFactory(council=council)
    partner = PartnerFactory()
    url = reverse("meeting_attendance", args=[meeting.pk])
    typed = {"members": [board[0].pk], "guests_female": "4", "partners_present": [partner.pk]}
    response = alice.post(url, {**typed, "pick_all": "all"})
    assert response.status_code == 200
    assert ticked(response) == {member.pk for member in board}
    form = response.context["form"]
    assert not form.is_bound  # a step, not a save: no errors for the empty count of men
    assert form["guests_female"].value() == "4"
    assert [int(pk) for pk in form["partners_present"].value()] == [partner.pk]
    assert not meeting.attendances.exists()


def test_select_none_unticks_everyone_and_saving_records_the_choice(council, board, alice):
    meeting = MeetingFactory(council=council)
    for member in board[:3]:
        meeting.attendances.create(member=member)
    url = reverse("meeting_attendance", args=[meeting.pk])
    cleared = alice.post(url, {"members": [m.pk for m in board[:3]], "pick_all": "none"})
    assert ticked(cleared) == set()
    assert meeting.attendances.count() == 3  # nothing saved by the step
    alice.post(url, {"members": [board[5].pk], "guests_female": 0, "guests_male": 0})
    assert [a.member_id for a in meeting.attendances.all()] == [board[5].pk]


def test_select_all_with_htmx_answers_with_the_section(council, board, alice):
    meeting = MeetingFactory(council=council)
    url = reverse("meeting_attendance", args=[meeting.pk])
    response = alice.post(url, {"pick_all": "all"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="attendance">')
    assert html.count("checked") == len(board)
