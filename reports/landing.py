"""What needs each person now: the work on their landing page and the counts in the menu.

Every queue is a QuerySet read from the person's scope (councils.access), so the landing page,
the menu badges and the email digest count the same rows. All the counts are one query
(`work_counts`: one scalar subquery per queue), and each list of the page one more, however
many rows there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.access import Role, scope_for
from councils.buddhist_era import fiscal_year_be
from councils.compliance import TERM_WARNING_DAYS
from councils.meetings.models import Meeting, Resolution
from councils.models import Council, CouncilMember, District, Province
from plans.books.models import BookPresentation, StrategyBook
from plans.models import CommunityPlan, ExecutionStatus, PlanProject
from reports.models import Notification
from welfare.models import Claim

State = CommunityPlan.State
COORDINATOR_ROLES = (Role.TAMBON_COORDINATOR, Role.DISTRICT_COORDINATOR, Role.PROVINCE_COORDINATOR)
LIST_LENGTH = 5  # rows of each list on the page; the count says how many there are in all
# A project of an accepted plan with no update for this long is asked about (the district's
# accountability view counts the same six months).
STALE_AFTER_DAYS = 183
FINISHED = (ExecutionStatus.DONE, ExecutionStatus.DROPPED)


def queues(user, today: dt.date | None = None) -> dict[str, QuerySet]:
    """The person's open work by kind, each a QuerySet inside their scope."""
    today = today or timezone.localdate()
    year = fiscal_year_be(today)
    scope = scope_for(user)
    tambons = scope.editable
    districts = scope.codes(Role.DISTRICT_COORDINATOR)
    kept = scope.codes(*COORDINATOR_ROLES)
    covering = CommunityPlan.objects.covering(year).filter(council=OuterRef("pk"))
    return {
        # The tambon's plans of this year and later that are still its to write or correct.
        "plans_to_finish": CommunityPlan.objects.within(tambons).filter(
            state__in=(State.DRAFT, State.RETURNED), last_year__gte=year
        ),
        "plans_to_review": CommunityPlan.objects.within(districts).submitted(),
        "tambons_without_plan": Council.objects.within(districts)
        .active()
        .exclude(Exists(covering)),
        "claims_to_approve": Claim.objects.awaiting_approval_by(user),
        "overdue_followups": Resolution.objects.proposals().overdue(today).within(kept),
        # Projects of the tambon's accepted plan of this year, still open, whose timeline has said
        # nothing for six months.
        "projects_to_update": PlanProject.objects.within(tambons)
        .filter(
            issue__plan__state=State.ACCEPTED,
            issue__plan__first_year__lte=year,
            issue__plan__last_year__gte=year,
        )
        .exclude(execution_status__in=FINISHED)
        .filter(
            Q(last_update_on__isnull=True)
            | Q(last_update_on__lt=today - dt.timedelta(days=STALE_AFTER_DAYS))
        ),
        "terms_ending": CouncilMember.objects.within(tambons)
        .sitting()
        .filter(term_ends_on__lte=today + dt.timedelta(days=TERM_WARNING_DAYS)),
        "unread_notifications": Notification.objects.visible_to(user).unread(),
    }


# The menu's sections and the queues their badge adds up (templates/base.html).
MENU_BADGES = {
    "plans": ("plans_to_finish", "plans_to_review", "projects_to_update"),
    "welfare": ("claims_to_approve",),
    "meetings": ("overdue_followups",),
    "notifications": ("unread_notifications",),
}


def work_counts(user, today: dt.date | None = None) -> dict[str, int]:
    """How many rows each queue holds, and each menu badge, in one query."""
    if not user.is_authenticated:
        return {}
    counts = {
        name: Subquery(
            queryset.order_by()
            .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
            .values("n")[:1],
            output_field=IntegerField(),
        )
        for name, queryset in queues(user, today).items()
    }
    row = get_user_model().objects.filter(pk=user.pk).values(**counts).first() or {}
    counts = {name: row.get(name) or 0 for name in counts}
    for badge, names in MENU_BADGES.items():
        counts[f"menu_{badge}"] = sum(counts[name] for name in names)
    return counts


def counts_for(request: HttpRequest) -> dict[str, int]:
    """The counts of this request's user, read once per request (the page and its menu)."""
    cached = getattr(request, "_work_counts", None)
    if cached is None:
        cached = request._work_counts = work_counts(request.user)
    return cached


@dataclass(frozen=True)
class PlanStep:
    """Where a tambon's plan stands and what to do next, with the link where it is done."""

    council: Council
    message: str
    link: str
    action: str = ""
    plan: CommunityPlan | None = None

    @property
    def needs_action(self) -> bool:
        return bool(self.action)


def plan_step(plan: CommunityPlan) -> PlanStep:
    years = (
        str(plan.first_year)
        if plan.first_year == plan.last_year
        else f"{plan.first_year}-{plan.last_year}"
    )
    link = plan.get_absolute_url()
    if plan.state == State.DRAFT:
        message = _("The plan for %(years)s is still a draft: submit it to the district.")
        action = _("Finish and submit")
    elif plan.state == State.RETURNED:
        message = _(
            "The district returned the plan for %(years)s: make the changes and submit it again."
        )
        action = _("Make the changes")
    elif plan.state == State.SUBMITTED:
        message = _("The plan for %(years)s is waiting for the district's review.")
        action = ""
    else:
        message = _("The district accepted the plan for %(years)s.")
        action = ""
    return PlanStep(plan.council, message % {"years": years}, link, action, plan)


def tambon_plan_steps(councils: list[Council], year: int) -> list[PlanStep]:
    """Each council's plans of this fiscal year and later, or the step to start one (the
    councils come from the person's scope: landing_for)."""
    plans = (
        CommunityPlan.objects.filter(
            last_year__gte=year, council__in=[council.pk for council in councils]
        )
        .select_related("council")
        .order_by("council", "first_year")
    )
    by_council: dict[int, list[CommunityPlan]] = {}
    for plan in plans:
        by_council.setdefault(plan.council_id, []).append(plan)
    steps = []
    for council in councils:
        its_plans = by_council.get(council.pk, [])
        if not any(plan.first_year <= year for plan in its_plans):
            steps.append(
                PlanStep(
                    council,
                    _(
                        "%(council)s has no plan for %(year)s yet: start one from the "
                        "community forum."
                    )
                    % {"council": council.name, "year": year},
                    reverse("plan_new"),
                    _("Start the plan"),
                )
            )
        steps.extend(plan_step(plan) for plan in its_plans)
    return steps


@dataclass
class Landing:
    """Everything a person's landing page shows, by the roles they hold."""

    counts: dict[str, int]
    today: dt.date
    year: int
    term_warning_days: int = TERM_WARNING_DAYS
    tambon: dict = field(default_factory=dict)
    district: dict = field(default_factory=dict)
    province: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.tambon or self.district or self.province)


def landing_for(request: HttpRequest, today: dt.date | None = None) -> Landing:
    """The landing page of the request's user: a fixed number of queries for any amount of
    work (each list is cut at LIST_LENGTH rows; its count comes from `counts_for`)."""
    user = request.user
    today = today or timezone.localdate()
    year = fiscal_year_be(today)
    scope = scope_for(user)
    work = queues(user, today)
    landing = Landing(counts_for(request), today, year)
    overdue = []
    if scope.codes(*COORDINATOR_ROLES):
        overdue = list(
            work["overdue_followups"]
            .select_related("meeting", "addressed_to")
            .order_by("due_on", "pk")[:LIST_LENGTH]
        )
    if scope.editable:
        councils = list(Council.objects.within(scope.editable).active().order_by("subdistrict"))
        landing.tambon = {
            "councils": councils,
            "plan_steps": tambon_plan_steps(councils, year),
            "claims": list(
                work["claims_to_approve"]
                .select_related("fund", "member", "benefit_type")
                .order_by("filed_at", "pk")[:LIST_LENGTH]
            ),
            "overdue": overdue,
            "projects": list(
                work["projects_to_update"]
                .select_related("issue__plan")
                .order_by("last_update_on", "issue__plan", "issue__order", "order", "pk")[
                    :LIST_LENGTH
                ]
            ),
            "stale_after_days": STALE_AFTER_DAYS,
            "terms": list(
                work["terms_ending"]
                .select_related("council")
                .order_by("term_ends_on", "pk")[:LIST_LENGTH]
            ),
            "meetings": list(
                Meeting.objects.visible_to(user)
                .filter(held_on__gte=today)
                .order_by("held_on", "starts_at", "pk")[:LIST_LENGTH]
            ),
        }
    if districts := scope.codes(Role.DISTRICT_COORDINATOR):
        landing.district = {
            "areas": list(District.objects.filter(code__in=districts)),
            "overdue": overdue,
            "to_review": list(
                work["plans_to_review"]
                .select_related("council__subdistrict")
                .with_review_facts()
                .order_by("submitted_at", "pk")[:LIST_LENGTH]
            ),
            "without_plan": list(
                work["tambons_without_plan"]
                .select_related("subdistrict")
                .order_by("subdistrict_id")[:LIST_LENGTH]
            ),
            "books": list(
                StrategyBook.objects.within(districts)
                .filter(level=StrategyBook.Level.DISTRICT)
                .order_by("-first_year", "area_code")[:LIST_LENGTH]
            ),
        }
    if provinces := scope.codes(Role.PROVINCE_COORDINATOR):
        next_meeting = (
            Meeting.objects.provincial()
            .within(provinces)
            .filter(held_on__gte=today)
            .order_by("held_on", "starts_at", "pk")
            .first()
        )
        landing.province = {
            "areas": list(Province.objects.filter(code__in=provinces)),
            "next_meeting": next_meeting,
            "presenting": list(
                BookPresentation.objects.filter(meeting=next_meeting).select_related("book")
            )
            if next_meeting
            else [],
            "overdue": overdue,
            "books": list(
                StrategyBook.objects.within(provinces)
                .filter(level=StrategyBook.Level.PROVINCE)
                .order_by("-first_year", "area_code")[:LIST_LENGTH]
            ),
        }
    return landing
