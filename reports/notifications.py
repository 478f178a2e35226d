"""Notifications: who is told of each event, made where the event happens or by the daily sweep.

Plans and welfare cannot import this app, so their events reach it through signals connected in
ReportsConfig.ready: a plan's state change (PlanStateChange is written by the review itself) and
a claim filed. Overdue follow-ups and ending terms are not saved by anyone, they fall due: the
daily digest task (reports.digests) sweeps for them first. Every notification has a key, so an
event noticed twice tells each person once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from councils.access import Role
from councils.compliance import TERM_WARNING_DAYS
from councils.meetings.models import Meeting, Resolution
from councils.models import CouncilMember
from plans.models import CommunityPlan, PlanStateChange
from reports.models import Notification
from welfare.models import Claim

Kind = Notification.Kind

# The coordinators who keep the meetings of each level (Meeting.editable_by, by assignment).
MEETING_KEEPERS = {
    Meeting.Level.COUNCIL: Role.TAMBON_COORDINATOR,
    Meeting.Level.DISTRICT: Role.DISTRICT_COORDINATOR,
    Meeting.Level.PROVINCE: Role.PROVINCE_COORDINATOR,
}


def coordinators(role: str, area_code: str, *, besides=None) -> list:
    """The active users assigned to this role for exactly this area."""
    users = get_user_model().objects.filter(
        is_active=True, assignments__role=role, assignments__area_code=area_code
    )
    if besides is not None:
        users = users.exclude(pk=besides)
    return list(users.distinct())


class Keepers(dict):
    """The coordinators of each (role, area), looked up once per sweep: many proposals and
    members share a tambon."""

    def __missing__(self, key: tuple[str, str]) -> list:
        self[key] = found = coordinators(*key)
        return found


def notify(
    recipients: Iterable, kind: str, *, key: str, link: str, area_code: str, params: dict
) -> int:
    """Tell each recipient once of this event (by its key); returns how many were told now."""
    rows = [
        Notification(
            recipient=user, kind=kind, key=key, link=link, area_code=area_code, params=params
        )
        for user in recipients
    ]
    already = set(
        Notification.objects.filter(recipient__in=[row.recipient for row in rows], key=key)
        .values_list("recipient_id", flat=True)
    )  # fmt: skip
    new = [row for row in rows if row.recipient.pk not in already]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def plan_moved(change: PlanStateChange) -> int:
    """A plan submitted tells the district; returned, reopened or accepted tells the tambon."""
    plan: CommunityPlan = change.plan
    council = plan.council
    tambon = council.subdistrict_id
    params = {"plan": plan.title, "council": council.name, "note": change.note}
    key = f"plan:{plan.pk}:{change.pk}"
    link = reverse("plan_detail", args=[plan.pk])
    if change.to_state != CommunityPlan.State.SUBMITTED:
        # The plan has left the review queue: the district's "submitted" news is dealt with.
        Notification.objects.filter(
            kind=Kind.PLAN_SUBMITTED, key__startswith=f"plan:{plan.pk}:"
        ).mark_read()
    if change.to_state == CommunityPlan.State.SUBMITTED:
        district = tambon[:4]
        return notify(
            coordinators(Role.DISTRICT_COORDINATOR, district),
            Kind.PLAN_SUBMITTED,
            key=key,
            link=reverse("review_queue", args=[district]),
            area_code=tambon,
            params=params,
        )
    kind = {
        CommunityPlan.State.RETURNED: Kind.PLAN_RETURNED,
        CommunityPlan.State.ACCEPTED: Kind.PLAN_ACCEPTED,
    }.get(change.to_state)
    if kind is None:
        return 0
    return notify(
        coordinators(Role.TAMBON_COORDINATOR, tambon, besides=change.by_id),
        kind,
        key=key,
        link=link,
        area_code=tambon,
        params=params,
    )


def claim_filed(claim: Claim) -> int:
    """A claim filed waits for two approvals: tell the fund's coordinators, not its filer."""
    tambon = claim.fund.council.subdistrict_id
    return notify(
        coordinators(Role.TAMBON_COORDINATOR, tambon, besides=claim.filed_by_id),
        Kind.CLAIM_WAITING,
        key=f"claim:{claim.pk}",
        link=claim.get_absolute_url(),
        area_code=tambon,
        # The member's number only: the digest leaves the portal, names and IDs do not.
        params={
            "benefit": claim.benefit_type.name,
            "member_no": claim.member.member_no,
            "amount": f"{claim.amount:,.2f}",
        },
    )


def claim_moved(claim: Claim) -> int:
    """A claim approved by someone no longer waits for them, and one decided for no one: their
    "waiting for your approval" is marked read, so the menu's count and the list agree."""
    waiting = Notification.objects.filter(kind=Kind.CLAIM_WAITING, key=f"claim:{claim.pk}")
    if claim.is_awaiting_approval:
        waiting = waiting.filter(
            recipient_id__in=[claim.first_approver_id, claim.second_approver_id]
        )
    return waiting.mark_read()


def followups_overdue(today: dt.date) -> int:
    """Each proposal past its due date without an answer, to the keepers of its meeting."""
    told, keepers = 0, Keepers()
    overdue = (
        Resolution.objects.proposals()
        .overdue(today)
        .select_related("meeting", "addressed_to")
        .order_by("pk")
    )
    for proposal in overdue.iterator(chunk_size=500):
        meeting = proposal.meeting
        role = MEETING_KEEPERS.get(meeting.level)
        if role is None:
            continue
        told += notify(
            keepers[role, meeting.area_code],
            Kind.FOLLOWUP_OVERDUE,
            key=f"followup:{proposal.pk}:{proposal.due_on.isoformat()}",
            link=proposal.get_absolute_url(),
            area_code=meeting.area_code,
            params={
                "agency": proposal.addressed_to.name,
                "position": proposal.position,
                "meeting": meeting.title,
                "due_on": proposal.due_on.isoformat(),
            },
        )
    return told


def terms_ending(today: dt.date) -> int:
    """Each sitting member whose term ends within TERM_WARNING_DAYS, to their tambon's keepers."""
    told, keepers = 0, Keepers()
    ending = (
        CouncilMember.objects.sitting()
        .filter(term_ends_on__lte=today + dt.timedelta(days=TERM_WARNING_DAYS))
        .select_related("council")
        .order_by("pk")
    )
    for member in ending.iterator(chunk_size=500):
        council = member.council
        told += notify(
            keepers[Role.TAMBON_COORDINATOR, council.subdistrict_id],
            Kind.TERM_ENDING,
            key=f"term:{member.pk}:{member.term_ends_on.isoformat()}",
            link=council.get_absolute_url(),
            area_code=council.subdistrict_id,
            # The seat, not the name: a notification outlives a member's PDPA erasure.
            params={
                "role": member.role,
                "council": council.name,
                "ends_on": member.term_ends_on.isoformat(),
            },
        )
    return told


def sweep(today: dt.date | None = None) -> int:
    """Notify what has fallen due since the last sweep: overdue follow-ups, ending terms."""
    today = today or timezone.localdate()
    return followups_overdue(today) + terms_ending(today)
