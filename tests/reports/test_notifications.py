"""Notifications: made where each event happens, each person told once, listed with pages,
opened (and so read), all marked read, and counted in the menu."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.buddhist_era import add_years
from reports import notifications
from reports.models import Notification
from tests.factories import (
    AssignmentFactory,
    ClaimFactory,
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
    MemberFactory,
    PartnerFactory,
    ResolutionFactory,
    UserFactory,
    complete_plan,
)

TODAY = timezone.localdate()
Kind = Notification.Kind


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_submitted_plan_tells_the_district(
    council, tambon_coordinator, district_coordinator, province_coordinator, english_client
):
    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    notification = Notification.objects.get(recipient=district_coordinator)
    assert notification.kind == Kind.PLAN_SUBMITTED
    assert notification.link == reverse("review_queue", args=["5709"])
    with_english = english_client(district_coordinator)
    html = with_english.get(reverse("notification_list")).content.decode()
    assert f"{council.name} submitted the plan “{plan.title}” for your review." in html
    assert kinds_of(tambon_coordinator) == []
    assert kinds_of(province_coordinator) == []


def test_a_returned_then_accepted_plan_tells_the_tambon(
    council, tambon_coordinator, other_tambon_coordinator, district_coordinator, in_english
):
    plan = complete_plan(council, state="submitted")
    plan.send_back(by=district_coordinator, note="เพิ่มงบประมาณจากท้องถิ่น")
    returned = Notification.objects.get(recipient=tambon_coordinator)
    assert returned.kind == Kind.PLAN_RETURNED
    assert returned.link == plan.get_absolute_url()
    assert "เพิ่มงบประมาณจากท้องถิ่น" in returned.text
    plan.submit(by=tambon_coordinator)
    plan.accept(by=district_coordinator)
    assert sorted(kinds_of(tambon_coordinator)) == [Kind.PLAN_ACCEPTED, Kind.PLAN_RETURNED]
    assert kinds_of(other_tambon_coordinator) == []
    assert kinds_of(district_coordinator) == [Kind.PLAN_SUBMITTED]


def test_a_filed_claim_tells_the_fund_keepers_but_not_its_filer(
    council, tambon_coordinator, other_tambon_coordinator, in_english
):
    treasurer = UserFactory(username="treasurer")
    AssignmentFactory(user=treasurer, role="tambon", area_code=council.subdistrict_id)
    member = FundMemberFactory(fund=FundFactory(council=council), first_name="มาลี")
    claim = ClaimFactory(member=member, filed_by=tambon_coordinator)
    notification = Notification.objects.get(recipient=treasurer)
    assert notification.kind == Kind.CLAIM_WAITING
    assert notification.link == claim.get_absolute_url()
    # The member by number only: the text goes out in the email digest too.
    assert f"member no. {member.member_no}" in notification.text
    assert "มาลี" not in notification.text and member.citizen_id not in notification.text
    assert kinds_of(tambon_coordinator) == []
    assert kinds_of(other_tambon_coordinator) == []


def test_news_that_has_been_dealt_with_is_marked_read(
    council, tambon_coordinator, other_tambon_coordinator, district_coordinator
):
    keepers = []
    for name in ("treasurer", "bookkeeper"):
        keepers.append(UserFactory(username=name))
        AssignmentFactory(user=keepers[-1], role="tambon", area_code=council.subdistrict_id)
    treasurer, bookkeeper = keepers
    claim = ClaimFactory(member=FundMemberFactory(fund=FundFactory(council=council)),
                         filed_by=tambon_coordinator)  # fmt: skip
    unread = Notification.objects.filter(kind=Kind.CLAIM_WAITING).unread()
    assert set(unread.values_list("recipient__username", flat=True)) == {"treasurer", "bookkeeper"}
    claim.approve(by=treasurer)  # no longer waits for the treasurer, still for the bookkeeper
    assert list(unread.values_list("recipient__username", flat=True)) == ["bookkeeper"]
    claim.refresh_from_db()
    claim.reject(by=bookkeeper, reason="ซ้ำ")
    assert not unread.exists()

    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    submitted = Notification.objects.filter(recipient=district_coordinator).unread()
    assert submitted.count() == 1
    plan.accept(by=district_coordinator)
    assert not submitted.exists()  # the plan has left the review queue


def test_the_sweep_tells_of_overdue_followups_and_ending_terms_once(
    council, far_council, tambon_coordinator, province_coordinator, in_english
):
    meeting = MeetingFactory(council=council, held_on=TODAY - dt.timedelta(days=60))
    proposal = ResolutionFactory.build(
        meeting=meeting, addressed_to=PartnerFactory(), due_on=TODAY - dt.timedelta(days=3)
    )
    proposal.save_by(None)
    not_yet = ResolutionFactory.build(
        meeting=meeting, addressed_to=PartnerFactory(), due_on=TODAY + dt.timedelta(days=3)
    )
    not_yet.save_by(None)
    member = MemberFactory(
        council=council, role="secretary", selected_on=add_years(TODAY, -4) + dt.timedelta(30)
    )
    MemberFactory(council=council, selected_on=TODAY - dt.timedelta(days=30))  # years to go
    assert notifications.sweep(TODAY) == 2
    assert notifications.sweep(TODAY) == 0  # noticed again, told once
    overdue = Notification.objects.get(recipient=tambon_coordinator, kind=Kind.FOLLOWUP_OVERDUE)
    assert overdue.link == proposal.get_absolute_url()
    assert "has not answered resolution" in overdue.text
    term = Notification.objects.get(recipient=tambon_coordinator, kind=Kind.TERM_ENDING)
    assert term.text.startswith(f"The term of the secretary of {council.name} ends on")
    # The seat, not the name: the notification must not outlive the member's erasure.
    assert member.last_name not in term.text
    # A tambon meeting's proposal is the tambon's to follow up.
    assert kinds_of(province_coordinator) == []


def test_opening_a_notification_marks_it_read_and_goes_to_the_work(
    council, tambon_coordinator, client_for
):
    notification = Notification.objects.create(
        recipient=tambon_coordinator, kind=Kind.TERM_ENDING, key="t", area_code="570901",
        link=council.get_absolute_url(), params={},
    )  # fmt: skip
    response = client_for(tambon_coordinator).get(
        reverse("notification_open", args=[notification.pk])
    )
    assert response.status_code == 302
    assert response.url == council.get_absolute_url()
    notification.refresh_from_db()
    assert notification.is_read


def test_a_link_off_the_site_is_not_followed(tambon_coordinator, client_for):
    notification = Notification.objects.create(
        recipient=tambon_coordinator, kind=Kind.TERM_ENDING, key="t", link="https://evil.example/"
    )
    response = client_for(tambon_coordinator).get(
        reverse("notification_open", args=[notification.pk])
    )
    assert response.url == reverse("notification_list")


def test_mark_all_read_reads_only_mine(
    tambon_coordinator, other_tambon_coordinator, client_for, english_client
):
    for n in range(3):
        Notification.objects.create(
            recipient=tambon_coordinator, kind=Kind.TERM_ENDING, key=f"a{n}", link="/"
        )
    bobs = Notification.objects.create(
        recipient=other_tambon_coordinator, kind=Kind.TERM_ENDING, key="b", link="/"
    )
    client = english_client(tambon_coordinator)
    menu = client.get(reverse("plan_index")).content.decode()
    assert '<span class="badge badge-count">3</span>' in menu
    response = client.post(reverse("notifications_mark_read"), follow=True)
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=tambon_coordinator).unread().exists()
    bobs.refresh_from_db()
    assert not bobs.is_read
    assert (
        '<span class="badge badge-count">' not in client.get(reverse("plan_index")).content.decode()
    )


@pytest.fixture
def many_notifications(tambon_coordinator):
    def make(n: int):
        start = Notification.objects.count()
        Notification.objects.bulk_create(
            Notification(
                recipient=tambon_coordinator,
                kind=Kind.PLAN_ACCEPTED,
                key=f"n{start + i}",
                link="/",
                params={"plan": f"แผน {start + i}"},
            )  # fmt: skip
            for i in range(n)
        )

    return make


def test_the_list_has_pages_and_a_flat_query_count(
    many_notifications, tambon_coordinator, client_for, django_assert_num_queries
):
    client = client_for(tambon_coordinator)
    many_notifications(3)
    # session, user, the page's count and rows; the menu: scope, counts
    with django_assert_num_queries(6):
        client.get(reverse("notification_list"))
    many_notifications(60)
    with django_assert_num_queries(6):
        page = client.get(reverse("notification_list"))
    assert len(page.context["page"]) == 25
    assert page.context["page"].paginator.num_pages == 3
