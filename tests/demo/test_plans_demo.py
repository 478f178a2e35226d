"""The demo plans: every state of the review in Mae Sai, true to the plan rules, loaded once."""

from django.db.models import Count

from plans.models import CommunityPlan, PlanIssue, PlanProject, ProjectBudget, Theme


def test_seeding_twice_duplicates_no_plan(demo_database, reseeding, db):
    models = (CommunityPlan, PlanIssue, PlanProject, ProjectBudget)
    first = {model.__name__: reseeding.before[model._meta.label] for model in models}
    assert {model.__name__: reseeding.after[model._meta.label] for model in models} == first
    assert first["CommunityPlan"] == 21
    output = reseeding.output
    assert "Community plans:" in output and "Community plans:" in demo_database


def test_mae_sai_shows_every_state_and_one_returned_plan(demo_database, db):
    states = dict(
        CommunityPlan.objects.in_area("5709")
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    assert states["returned"] == 1
    assert states["draft"] >= 1 and states["submitted"] >= 1 and states["accepted"] >= 1
    returned = CommunityPlan.objects.get(state="returned")
    assert returned.history.last().note  # the district said why


def test_every_demo_plan_covers_the_core_dimensions_with_budgets_in_its_period(demo_database, db):
    core = set(Theme.objects.filter(is_core=True).values_list("pk", flat=True))
    for plan in CommunityPlan.objects.all():
        assert core <= set(plan.issues.values_list("theme", flat=True)), plan
        years = set(ProjectBudget.objects.of_plan(plan).values_list("fiscal_year", flat=True))
        assert years and years <= set(plan.years)
    reviewed = CommunityPlan.objects.exclude(state="draft")
    assert all(plan.history.exists() for plan in reviewed)
