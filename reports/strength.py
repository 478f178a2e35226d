"""What the portal's own data says for the community-strength indicators it can answer, and the
auto-fill that writes it on a council's assessment.

Each AutoSource becomes a level 1-5 and a short text that explains it ("ประชุม 3 ครั้งจาก 4
ครั้งที่ พ.ร.บ. กำหนด"), read in a fixed number of queries whatever the council holds. The
thresholds are a starting point for the council's own judgement: the filled level is shown
beside the indicator, and the council may choose another (both are kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from councils.buddhist_era import fiscal_year_bounds
from councils.meetings.models import COUNCIL_MEETINGS_A_YEAR, Meeting
from councils.models import Council, CouncilMember
from councils.persons.models import Training
from councils.strength.models import (
    AutoSource,
    StrengthAssessment,
    StrengthIndicator,
    StrengthScore,
    current_fiscal_year,
)
from plans.models import CommunityPlan, ExecutionStatus, PlanStateChange
from welfare.models import Member, WelfareFund

# Active fund members, for the levels 2-5 (no fund is 1). A tambon has some 1,000-2,500
# households; CODI counts a fund that reaches a few hundred members as serving its tambon, and
# one past 500 (a member in about every third household) as reaching nearly everyone.
FUND_MEMBERS_FAIR = 100
FUND_MEMBERS_GOOD = 250
FUND_MEMBERS_EXCELLENT = 500

# Council meetings a year: the Act asks for 4 (s.19); a council that meets every other month
# or more often (6) goes beyond it; half the Act's number (2) is fair, 1 is a beginning.
MEETINGS_EXCELLENT = 6
MEETINGS_FAIR = 2

# Distinct leaders trained in the fiscal year: a council of 20-40 members that trains 10 of
# its people in a year renews its leadership; 5 is good, 2 a fair start, 1 a beginning.
TRAINED_FAIR = 2
TRAINED_GOOD = 5
TRAINED_EXCELLENT = 10

# Shares (per cent) of the sitting officers with a named successor: the council has 4 offices
# (s.15), so each office prepared is one step: none 1, one 2, half 3, three 4, all 5.
SUCCESSORS_DEVELOPING = 1
SUCCESSORS_FAIR = 50
SUCCESSORS_GOOD = 75
SUCCESSORS_EXCELLENT = 100

# Shares (per cent) of the accepted plan's projects under way or done: a five-year plan that
# has a quarter of its projects moving is fair, half good, three quarters very good.
PROJECTS_FAIR = 25
PROJECTS_GOOD = 50
PROJECTS_EXCELLENT = 75

MOVING = (ExecutionStatus.UNDER_WAY, ExecutionStatus.DONE)
PROJECTS = "issues__projects__"


@dataclass(frozen=True)
class Filled:
    """What the portal's data says for one indicator: a level and the words that explain it."""

    level: int
    value: str


def portal_values(
    council: Council, fiscal_year: int, today: dt.date | None = None
) -> dict[str, Filled]:
    """Each AutoSource's level and text for the council and fiscal year (B.E.), in the active
    language. Five queries, whatever the council holds."""
    today = today or timezone.localdate()
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    last_day = min(last_day, today)
    plan = _plan(council, fiscal_year)
    return {
        AutoSource.WELFARE_FUND: welfare_fund_level(_active_fund_members(council)),
        AutoSource.ACCEPTED_PLAN: accepted_plan_level(plan),
        AutoSource.MEETINGS: meetings_level(_meetings_held(council, first_day, last_day)),
        AutoSource.LEADERS_TRAINED: leaders_trained_level(
            _leaders_trained(council, first_day, last_day)
        ),
        AutoSource.SUCCESSORS: successors_level(*_officers_with_successors(council)),
        AutoSource.PROJECTS_UNDER_WAY: projects_under_way_level(plan),
    }


# --- the levels, one function per source --------------------------------------------------


def welfare_fund_level(active_members: int | None) -> Filled:
    """None: the council has no fund."""
    if active_members is None:
        return Filled(1, _("No community welfare fund is recorded"))
    if active_members >= FUND_MEMBERS_EXCELLENT:
        level = 5
    elif active_members >= FUND_MEMBERS_GOOD:
        level = 4
    elif active_members >= FUND_MEMBERS_FAIR:
        level = 3
    else:
        level = 2
    return Filled(
        level,
        _("A community welfare fund with %(count)s active members") % {"count": active_members},
    )


@dataclass(frozen=True)
class PlanFacts:
    state: str
    accepted_once: bool
    projects: int
    moving: int
    taken: int


def accepted_plan_level(plan: PlanFacts | None) -> Filled:
    State = CommunityPlan.State
    if plan is None:
        return Filled(1, _("No tambon plan covers this fiscal year"))
    if plan.state == State.DRAFT:
        return Filled(2, _("The tambon plan is still a draft"))
    if plan.state == State.SUBMITTED:
        return Filled(3, _("The tambon plan is with the district for review"))
    if plan.state == State.RETURNED:
        return Filled(3, _("The tambon plan was returned by the district for changes"))
    if plan.taken:
        return Filled(
            5,
            _(
                "The tambon plan is accepted and %(count)s of its projects were taken into an "
                "agency's plan"
            )
            % {"count": plan.taken},
        )
    return Filled(4, _("The tambon plan is accepted by the district"))


def meetings_level(held: int) -> Filled:
    if held >= MEETINGS_EXCELLENT:
        level = 5
    elif held >= COUNCIL_MEETINGS_A_YEAR:
        level = 4
    elif held >= MEETINGS_FAIR:
        level = 3
    elif held >= 1:
        level = 2
    else:
        level = 1
    return Filled(
        level,
        _("%(held)s council meetings held of the %(required)s the Act asks for")
        % {"held": held, "required": COUNCIL_MEETINGS_A_YEAR},
    )


def leaders_trained_level(trained: int) -> Filled:
    if trained >= TRAINED_EXCELLENT:
        level = 5
    elif trained >= TRAINED_GOOD:
        level = 4
    elif trained >= TRAINED_FAIR:
        level = 3
    elif trained >= 1:
        level = 2
    else:
        level = 1
    return Filled(
        level,
        _("%(count)s of the council's leaders attended a training this fiscal year")
        % {"count": trained},
    )


def successors_level(officers: int, with_successor: int) -> Filled:
    if not officers:
        return Filled(1, _("No sitting officer is recorded"))
    share = with_successor * 100 // officers
    if share >= SUCCESSORS_EXCELLENT:
        level = 5
    elif share >= SUCCESSORS_GOOD:
        level = 4
    elif share >= SUCCESSORS_FAIR:
        level = 3
    elif with_successor >= SUCCESSORS_DEVELOPING:
        level = 2
    else:
        level = 1
    return Filled(
        level,
        _("%(named)s of %(officers)s sitting officers have a named successor")
        % {"named": with_successor, "officers": officers},
    )


def projects_under_way_level(plan: PlanFacts | None) -> Filled:
    if plan is None or not plan.accepted_once:
        return Filled(1, _("No accepted tambon plan covers this fiscal year"))
    if not plan.projects:
        return Filled(1, _("The accepted plan has no projects"))
    share = plan.moving * 100 // plan.projects
    if share >= PROJECTS_EXCELLENT:
        level = 5
    elif share >= PROJECTS_GOOD:
        level = 4
    elif share >= PROJECTS_FAIR:
        level = 3
    elif plan.moving:
        level = 2
    else:
        level = 1
    return Filled(
        level,
        _("%(moving)s of the accepted plan's %(projects)s projects are under way or done")
        % {"moving": plan.moving, "projects": plan.projects},
    )


# --- the facts, one query each --------------------------------------------------------------


def _active_fund_members(council: Council) -> int | None:
    fund = (
        WelfareFund.objects.filter(council=council)
        .annotate(active=Count("members", filter=Q(members__status=Member.Status.ACTIVE)))
        .values_list("active", flat=True)
        .first()
    )
    return fund


def _plan(council: Council, fiscal_year: int) -> PlanFacts | None:
    """The plan covering the year (the latest period if two do), with its project counts."""
    accepted = CommunityPlan.State.ACCEPTED
    row = (
        CommunityPlan.objects.filter(council=council)
        .covering(fiscal_year)
        .annotate(
            # Accepted once and reopened since: what became of its projects still counts.
            accepted_once=Exists(
                PlanStateChange.objects.filter(plan=OuterRef("pk"), to_state=accepted)
            ),
            project_count=Count("issues__projects"),
            moving=Count(
                "issues__projects", filter=Q(**{f"{PROJECTS}execution_status__in": MOVING})
            ),
            taken=Count("issues__projects", filter=Q(**{f"{PROJECTS}taken_into_plan": True})),
        )
        .order_by("-first_year")
        .values("state", "accepted_once", "project_count", "moving", "taken")
        .first()
    )
    if row is None:
        return None
    return PlanFacts(
        state=row["state"],
        accepted_once=row["accepted_once"] or row["state"] == accepted,
        projects=row["project_count"],
        moving=row["moving"],
        taken=row["taken"],
    )


def _meetings_held(council: Council, first_day: dt.date, last_day: dt.date) -> int:
    return (
        Meeting.objects.council_meetings().filter(council=council).between(first_day, last_day)
    ).count()


def _leaders_trained(council: Council, first_day: dt.date, last_day: dt.date) -> int:
    return (
        Training.objects.filter(
            person__council=council, attended_on__gte=first_day, attended_on__lte=last_day
        )
        .values("person")
        .distinct()
        .count()
    )


def _officers_with_successors(council: Council) -> tuple[int, int]:
    counts = (
        CouncilMember.objects.sitting()
        .filter(council=council, role__in=CouncilMember.OFFICER_ROLES)
        .aggregate(officers=Count("pk"), named=Count("pk", filter=Q(successor__isnull=False)))
    )
    return counts["officers"], counts["named"]


# --- the auto-fill ----------------------------------------------------------------------------


def indicators_of(council: Council):
    """The indicators the council assesses: its province's set, or the national one."""
    return StrengthIndicator.objects.for_province(council.subdistrict_id[:2])


@transaction.atomic
def fill_in(assessment: StrengthAssessment, today: dt.date | None = None) -> None:
    """Write what the portal's data says on the scores of the indicators it answers (creating
    the score rows as needed), then recompute the component levels. A score takes the filled
    level only while the council has not chosen one; a level the council chose stays, and both
    are shown. The text is kept in the portal's own language, as the record of the year."""
    with translation.override(settings.LANGUAGE_CODE):
        values = portal_values(assessment.council, assessment.fiscal_year, today)
    indicators = [i for i in indicators_of(assessment.council) if i.auto_source]
    scores = {
        score.indicator_id: score
        for score in StrengthScore.objects.filter(
            assessment=assessment, indicator__in=[i.pk for i in indicators]
        )
    }
    for indicator in indicators:
        filled = values[indicator.auto_source]
        score = scores.get(indicator.pk)
        if score is None:
            score = StrengthScore(assessment=assessment, indicator=indicator)
        score.filled_level = filled.level
        score.filled_value = filled.value[:300]
        if score.level is None:
            score.level = filled.level
        if score.pk is None:
            score.save()
        else:
            score.save(update_fields=["filled_level", "filled_value", "level"])
    assessment.recompute_levels()


def assessable_years(today: dt.date | None = None) -> tuple[int, int]:
    """The fiscal years a council may assess: the current one, and the previous one (a year
    often ends before the council meets to assess it)."""
    current = current_fiscal_year(today)
    return current, current - 1


@transaction.atomic
def record_assessment(
    council: Council,
    fiscal_year: int,
    *,
    levels: dict[int, int | None],
    notes: dict[int, str],
    evidence: dict[int, UploadedFile],
    community_type: int | None,
    note: str,
    by,
) -> StrengthAssessment:
    """Save what the council put on the form, in one transaction: the assessment (created on
    its first save), the levels through record_scores, each score's note and evidence, then
    the auto-fill. A replaced evidence file is deleted once the new one is committed."""
    assessment, _created = StrengthAssessment.objects.get_or_create(
        council=council, fiscal_year=fiscal_year
    )
    assessment.community_type = community_type
    assessment.note = note
    assessment.save(update_fields=["community_type", "note", "updated_at"])
    assessment.record_scores(levels, by=by)
    for score in assessment.scores.filter(indicator_id__in=list(levels)):
        changed = []
        if score.note != notes.get(score.indicator_id, score.note):
            score.note = notes[score.indicator_id]
            changed.append("note")
        if upload := evidence.get(score.indicator_id):
            replaced = score.evidence.name
            score.evidence = upload
            changed += ["evidence", "evidence_type"]
            if replaced:
                storage = score.evidence.storage
                transaction.on_commit(lambda s=storage, name=replaced: s.delete(name))
        if changed:
            score.save(update_fields=changed)
    fill_in(assessment)
    return assessment
