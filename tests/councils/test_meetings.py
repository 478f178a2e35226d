"""A meeting's record: quorum, attendance, agenda and resolutions, with or without htmx."""

import datetime as dt

import pytest
from django.urls import reverse

from councils.meetings.models import Meeting, ProposalState
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MemberFactory,
    PartnerFactory,
)

HTMX = {"HX-Request": "true"}


pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


def board_of(council, count: int, **extra):
    return [MemberFactory(council=council, village_no=i % 10 + 1, **extra) for i in range(count)]


def test_quorum_is_more_than_half_of_the_members_sitting_on_the_day(council):
    members = board_of(council, 9)
    # One left before the meeting, one joined after it: neither counts among the 8 seats.
    members[0].left_on = dt.date(2026, 1, 31)
    members[0].save()
    MemberFactory(council=council, village_no=3, selected_on=dt.date(2026, 4, 1))
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    for member in members[1:5]:
        meeting.attendances.create(member=member)
    quorum = meeting.quorum()
    assert (quorum.seats, quorum.present, quorum.needed, quorum.met) == (8, 4, 5, False)
    meeting.attendances.create(member=members[5])
    assert meeting.quorum().met


def test_a_member_who_left_does_not_make_the_quorum(council):
    members = board_of(council, 3)
    members[0].left_on = dt.date(2026, 1, 31)
    members[0].save()
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    meeting.attendances.create(member=members[0])
    meeting.attendances.create(member=members[1])
    quorum = meeting.quorum()
    assert (quorum.seats, quorum.present, quorum.met) == (2, 1, False)


def test_a_forum_has_no_quorum(council):
    forum = MeetingFactory(council=council, kind=Meeting.Kind.COMMUNITY_FORUM)
    assert forum.quorum() is None


def test_the_provincial_quorum_counts_the_named_delegates(council, other_council):
    meeting = MeetingFactory(
        council=None, level="province", kind="provincial", area_code="57", title="ที่ประชุมจังหวัด"
    )
    delegates = board_of(council, 2) + board_of(other_council, 2)
    for member in delegates:
        meeting.delegates.create(council=member.council, member=member)
    for member in delegates[:3]:
        meeting.attendances.create(member=member)
    quorum = meeting.quorum()
    assert (quorum.seats, quorum.present, quorum.met) == (4, 3, True)


def test_attendance_counts_by_sex_and_group(council, alice):
    women = board_of(council, 3)
    men = board_of(council, 2, sex="male", title="นาย")
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    partner = PartnerFactory()
    response = alice.post(
        reverse("meeting_attendance", args=[meeting.pk]),
        {
            "members": [women[0].pk, women[1].pk, men[0].pk],
            "guests_female": 12,
            "guests_male": 7,
            "partners_present": [partner.pk],
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    rows = {row["label"]: row for row in meeting.attendance_counts()}
    assert (rows["council members"]["female"], rows["council members"]["male"]) == (2, 1)
    assert rows["other participants"]["total"] == 19
    assert rows["total"]["total"] == 22
    assert list(meeting.partners_present.all()) == [partner]
    page = alice.get(meeting.get_absolute_url()).content.decode()
    assert "3 of 5 present; 3 needed" in page
    assert "more than half of the members sitting" in page


def test_attendance_offers_only_this_councils_members(council, other_council, alice):
    meeting = MeetingFactory(council=council)
    stranger = MemberFactory(council=other_council, village_no=1)
    response = alice.post(
        reverse("meeting_attendance", args=[meeting.pk]),
        {"members": [stranger.pk], "guests_female": 0, "guests_male": 0},
    )
    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert not meeting.attendances.exists()


def test_recording_a_meeting_starts_it_at_the_alices_council(council, alice):
    response = alice.post(
        reverse("meeting_new", args=[council.subdistrict_id]),
        {
            "kind": "council_meeting",
            "number": "1/2570",
            "title": "การประชุมสภาองค์กรชุมชนตำบลแม่สาย ครั้งที่ 1/2570",
            "held_on": "15/10/2569",
            "place": "ห้องประชุมเทศบาลตำบลแม่สาย",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert (meeting.council, meeting.area_code, meeting.level) == (council, "570901", "council")
    assert meeting.held_on == dt.date(2026, 10, 15)


def test_a_christian_era_year_is_refused_with_a_clear_message(council, alice):
    response = alice.post(
        reverse("meeting_new", args=[council.subdistrict_id]),
        {"kind": "council_meeting", "title": "ประชุม", "held_on": "15/10/2026", "place": "วัด"},
    )
    assert "Buddhist-era" in str(response.context["form"].errors["held_on"])
    assert not Meeting.objects.exists()


def test_a_tambon_cannot_hold_a_provincial_meeting(council, alice):
    response = alice.post(
        reverse("meeting_new", args=[council.subdistrict_id]),
        {"kind": "provincial", "title": "ประชุม", "held_on": "15/10/2569", "place": "วัด"},
    )
    assert "kind" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_agenda_item_added_with_htmx_returns_the_section(council, alice):
    meeting = MeetingFactory(council=council)
    AgendaItemFactory(meeting=meeting, position=1)
    url = reverse("agenda_item_new", args=[meeting.pk])
    form = alice.get(url, headers=HTMX)
    assert form.content.decode().lstrip().startswith('<section id="agenda">')
    assert form.context["form"].initial["position"] == 2
    response = alice.post(url, {"position": 2, "title": "พิจารณาแผนพัฒนาตำบลปี 2570"}, headers=HTMX)
    assert "พิจารณาแผนพัฒนาตำบลปี 2570" in response.content.decode()
    assert response["Vary"].count("HX-Request") == 1
    assert [i.position for i in meeting.agenda_items.all()] == [1, 2]


def test_agenda_item_added_without_javascript_redirects_to_the_meeting(council, alice):
    meeting = MeetingFactory(council=council)
    response = alice.post(
        reverse("agenda_item_new", args=[meeting.pk]), {"position": 1, "title": "รับรองรายงาน"}
    )
    assert response.url == f"{meeting.get_absolute_url()}#agenda"


def test_a_resolution_with_a_vote_and_one_by_consensus(council, alice):
    meeting = MeetingFactory(council=council)
    url = reverse("resolution_new", args=[meeting.pk])
    alice.post(url, {"position": 1, "text": "เห็นชอบแผน", "votes_for": 15, "votes_against": 2,
                     "abstentions": 1})  # fmt: skip
    alice.post(url, {"position": 2, "text": "รับทราบรายงานการเงิน"})
    voted, agreed = meeting.resolutions.all()
    assert voted.had_a_vote and (voted.votes_for, voted.votes_against) == (15, 2)
    assert not agreed.had_a_vote and not agreed.is_proposal
    page = alice.get(meeting.get_absolute_url()).content.decode()
    assert "Vote: 15 for, 2 against, 1 abstaining" in page
    assert "Agreed without a vote" in page


def test_a_proposal_needs_its_due_date_and_starts_as_sent(council, alice, tambon_coordinator):
    meeting = MeetingFactory(council=council)
    agency = PartnerFactory()
    url = reverse("resolution_new", args=[meeting.pk])
    response = alice.post(url, {"position": 1, "text": "ขอถนน", "addressed_to": agency.pk})
    assert "due_on" in response.context["form"].errors
    assert not meeting.resolutions.exists()
    alice.post(
        url, {"position": 1, "text": "ขอถนน", "addressed_to": agency.pk, "due_on": "30/4/2569"}
    )
    proposal = meeting.resolutions.get()
    assert proposal.state == ProposalState.SENT
    sent = proposal.follow_ups.get()
    assert (sent.state_from, sent.state_to, sent.logged_by) == ("", "sent", tambon_coordinator)


def test_a_proposal_can_only_go_to_an_agency_of_the_area(council, alice):
    meeting = MeetingFactory(council=council)
    far_agency = PartnerFactory(name="เทศบาลเมืองชุมพร", area_code="860101")
    response = alice.post(
        reverse("resolution_new", args=[meeting.pk]),
        {"position": 1, "text": "ขอ", "addressed_to": far_agency.pk, "due_on": "30/4/2569"},
    )
    assert "addressed_to" in response.context["form"].errors


def test_the_provincial_coordinator_names_two_delegates_at_most(
    council, province_coordinator, english_client
):
    meeting = MeetingFactory(
        council=None, level="province", kind="provincial", area_code="57", title="ที่ประชุมจังหวัด"
    )
    members = board_of(council, 3)
    pim = english_client(province_coordinator)
    url = reverse("meeting_delegates", args=[meeting.pk, council.pk])
    response = pim.post(url, {"members": [m.pk for m in members]})
    assert "at most 2 delegates" in str(response.context["form"].errors)
    assert not meeting.delegates.exists()
    pim.post(url, {"members": [members[0].pk, members[1].pk]}, headers=HTMX)
    assert set(meeting.delegates.values_list("member", flat=True)) == {
        members[0].pk,
        members[1].pk,
    }
    assert meeting.delegates.first().named_by == province_coordinator
