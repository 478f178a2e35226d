"""The demo's execution history: what became of Mae Sai's and Chumphon's accepted projects, every
state as its timeline says, every total the sum of its lines, every date inside the plan period."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.utils import timezone

from plans.execution.models import (
    Commitment,
    IndicatorMeasurement,
    ProjectUpdate,
    Spending,
    execution_state,
    plan_period_bounds,
)
from plans.models import CommunityPlan, PlanProject

AREAS = ("5709", "86")


def _projects():
    return PlanProject.objects.filter(issue__plan__state="accepted").within(AREAS)


def test_mae_sai_and_chumphon_have_projects_in_every_fate(demo_database, db):
    for area in AREAS:
        states = dict(
            _projects()
            .in_area(area)
            .order_by()
            .values_list("execution_status")
            .annotate(n=Count("pk"))
            .values_list("execution_status", "n")
        )
        for status in ("done", "under_way", "delayed", "not_funded"):
            assert states.get(status, 0) >= 1, (area, states)
        # A few have no update at all.
        assert _projects().in_area(area).filter(last_update_on=None).exists(), area
        assert _projects().in_area(area).filter(taken_into_plan=True).exists(), area


def test_every_projects_state_agrees_with_its_timeline(demo_database, db):
    projects = list(_projects().filter(last_update_on__isnull=False))
    assert len(projects) >= 20
    for project in projects:
        state = execution_state(project)
        assert state.status == project.execution_status, project
        assert state.progress == project.progress
        assert state.last_update_on == project.last_update_on
        assert state.taken_into_plan == project.taken_into_plan


def test_totals_are_the_sums_of_their_lines(demo_database, db):
    spent = dict(
        Spending.objects.values_list("update__project").annotate(t=Sum("amount")).order_by()
    )
    committed = dict(
        Commitment.objects.values_list("update__project").annotate(t=Sum("amount")).order_by()
    )
    assert spent and committed
    for project in PlanProject.objects.filter(last_update_on__isnull=False):
        assert project.spent_total == spent.get(project.pk, Decimal(0)), project
        assert project.committed_total == committed.get(project.pk, Decimal(0)), project


def test_every_update_is_dated_in_its_plans_period_and_not_in_the_future(demo_database, db):
    today = timezone.localdate()
    for plan in CommunityPlan.objects.filter(issues__projects__updates__isnull=False).distinct():
        first, last = plan_period_bounds(plan)
        dates = ProjectUpdate.objects.filter(project__issue__plan=plan).values_list(
            "happened_on", flat=True
        )
        assert all(first <= day <= min(last, today) for day in dates), plan


def test_stalled_projects_have_heard_nothing_for_six_months(demo_database, db):
    today = timezone.localdate()
    delayed = _projects().filter(execution_status="delayed")
    assert delayed.exists()
    assert all(today - p.last_update_on > dt.timedelta(days=182) for p in delayed)


def test_done_projects_report_results_against_their_indicators(demo_database, db):
    done = _projects().filter(execution_status="done", indicators__targets__isnull=False)
    assert done.exists()
    measured = IndicatorMeasurement.objects.filter(indicator__project__in=done)
    assert measured.values("indicator__project").distinct().count() == done.distinct().count()
    assert all(spent > 0 for spent in done.values_list("spent_total", flat=True))


def test_proposals_link_the_councils_resolution_where_there_is_one(demo_database, db):
    linked = ProjectUpdate.objects.filter(proposal_resolution__isnull=False).select_related(
        "proposal_resolution__meeting", "project__issue__plan__council"
    )
    assert linked.exists()
    for update in linked:
        assert update.proposal_resolution.meeting.council == update.project.issue.plan.council
        assert update.proposed_to == update.proposal_resolution.addressed_to


def test_seeding_twice_records_no_update_twice(reseeding, db):
    for model in (ProjectUpdate, Commitment, Spending, IndicatorMeasurement):
        label = model._meta.label
        assert reseeding.after[label] == reseeding.before[label] > 0, label
    assert "Project updates:" in reseeding.output


def test_the_newest_update_is_not_after_today(demo_database, db):
    newest = ProjectUpdate.objects.aggregate(d=Max("happened_on"))["d"]
    assert newest <= timezone.localdate()
