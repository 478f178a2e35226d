"""The plan editor: a tambon coordinator writes the plan in place, with or without htmx."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import CommunityPlan, PlanIssue, PlanProject, ProjectBudget, Theme
from tests.confirming import confirm_fields
from tests.factories import (
    BudgetFactory,
    IssueFactory,
    PartnerFactory,
    PlanFactory,
    ProjectFactory,
    complete_plan,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture
def plan(council):
    return PlanFactory(council=council)


def _theme(code: str) -> Theme:
    return Theme.objects.get(code=code)


def _issue_data(plan, **overrides):
    return {
        "version": plan.version,
        "theme": _theme("economy").pk,
        "title": "หนี้สินครัวเรือนสูง",
        "priority": 1,
        "villages": "1, 4, ๗",
        "description": "",
        **overrides,
    }


def _project_data(plan, lines=(), **overrides):
    data = {
        "version": plan.version,
        "title": "โครงการบัญชีครัวเรือนและออมวันละบาท",
        "objective": "ลดรายจ่ายที่ไม่จำเป็น",
        "target": "ครัวเรือน 80 ครัวเรือน",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "ครัวเรือนทำบัญชีต่อเนื่อง 6 เดือน",
        "indicators-0-unit": "ครัวเรือน",
        "approach": "self",
        "lead_partner": "",
        "budget-TOTAL_FORMS": str(max(2, len(lines))),
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        **overrides,
    }
    for index, (year, source, amount) in enumerate(lines):
        data[f"budget-{index}-fiscal_year"] = year
        data[f"budget-{index}-source"] = source
        data[f"budget-{index}-amount"] = amount
    return data


# --- Starting a plan ----------------------------------------------------------------------


def test_tambon_coordinator_starts_a_plan_for_be_fiscal_years(council, alice):
    response = alice.post(
        reverse("plan_new"),
        {
            "council": council.pk,
            "title": "แผนพัฒนาชุมชนตำบลแม่สาย",
            "first_year": 2569,
            "last_year": 2573,
            "situation": "",
        },
    )
    plan = CommunityPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.council, plan.first_year, plan.last_year, plan.state) == (
        council,
        2569,
        2573,
        "draft",
    )


def test_a_gregorian_year_is_refused_never_shifted(council, alice):
    response = alice.post(
        reverse("plan_new"),
        {"council": council.pk, "title": "แผน", "first_year": 2026, "last_year": 2030},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "2026 looks like a Christian-era (C.E.) year" in errors["first_year"][0]
    assert "2569" in errors["first_year"][0]  # the message says which year was meant
    assert not CommunityPlan.objects.exists()


def test_a_plan_longer_than_six_years_is_refused(council, alice):
    response = alice.post(
        reverse("plan_new"),
        {"council": council.pk, "title": "แผน", "first_year": 2569, "last_year": 2575},
    )
    assert "at most 6 fiscal years" in str(response.context["form"].errors["last_year"])
    assert not CommunityPlan.objects.exists()


def test_a_second_plan_for_the_same_period_is_refused_in_words(council, alice, plan):
    response = alice.post(
        reverse("plan_new"),
        {"council": council.pk, "title": "แผนซ้ำ", "first_year": 2569, "last_year": 2573},
    )
    assert "already has a plan starting in fiscal year 2569" in response.content.decode()
    assert CommunityPlan.objects.count() == 1


def test_a_coordinator_cannot_start_a_plan_for_another_tambon(council, other_council, alice):
    response = alice.post(
        reverse("plan_new"),
        {"council": other_council.pk, "title": "แผน", "first_year": 2569, "last_year": 2573},
    )
    assert response.status_code == 200
    assert "council" in response.context["form"].errors
    assert not CommunityPlan.objects.exists()


# --- Issues -------------------------------------------------------------------------------


def test_adding_an_issue_with_htmx_returns_the_editor(plan, alice):
    response = alice.post(reverse("issue_new", args=[plan.pk]), _issue_data(plan), headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="plan-editor"')
    assert "หนี้สินครัวเรือนสูง" in page
    assert response["Vary"].count("HX-Request") == 1
    issue = plan.issues.get()
    assert (issue.villages, issue.priority, issue.order) == ([1, 4, 7], 1, 1)
    plan.refresh_from_db()
    assert plan.version == 2  # every change to a part of the plan bumps its version


def test_adding_an_issue_without_javascript_redirects_to_it(plan, alice):
    response = alice.post(reverse("issue_new", args=[plan.pk]), _issue_data(plan))
    issue = plan.issues.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#issue-{issue.pk}")


def test_the_issue_form_works_as_a_page_without_javascript(plan, alice):
    response = alice.get(reverse("issue_new", args=[plan.pk]))
    assert response.status_code == 200
    assert "<!doctype html>" in response.content.decode()
    assert 'name="villages"' in response.content.decode()


def test_bad_village_numbers_are_named_and_nothing_is_saved(plan, alice):
    response = alice.post(
        reverse("issue_new", args=[plan.pk]), _issue_data(plan, villages="1, สาม"), headers=HTMX
    )
    assert "“สาม” is not a village number" in response.content.decode()
    assert 'value="หนี้สินครัวเรือนสูง"' in response.content.decode()
    assert not plan.issues.exists()


def test_issues_move_up_and_down(plan, alice):
    first, second, third = (IssueFactory(plan=plan) for _ in range(3))
    alice.post(reverse("issue_move", args=[plan.pk, third.pk]), {"direction": "up"})
    assert list(plan.issues.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    alice.post(reverse("issue_move", args=[plan.pk, first.pk]), {"direction": "down"}, headers=HTMX)
    assert list(plan.issues.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]
    alice.post(reverse("issue_move", args=[plan.pk, third.pk]), {"direction": "up"})
    assert list(plan.issues.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]


def test_removing_an_issue_removes_its_projects(plan, alice):
    issue = IssueFactory(plan=plan)
    BudgetFactory(project=ProjectFactory(issue=issue))
    url = reverse("issue_delete", args=[plan.pk, issue.pk])
    summary = alice.get(url)
    assert "1 โครงการ" in summary.content.decode() or "1 projects" in summary.content.decode()
    assert PlanIssue.objects.exists()  # looking at the summary removes nothing
    response = alice.post(url, confirm_fields(summary))
    assert response.status_code == 302
    assert not PlanIssue.objects.exists()
    assert not PlanProject.objects.exists()


# --- Projects and budgets -----------------------------------------------------------------


def test_a_project_is_saved_with_its_budget_lines(plan, alice, council):
    issue = IssueFactory(plan=plan)
    partner = PartnerFactory()
    data = _project_data(
        plan,
        lines=[(2569, "codi", "30000"), (2570, "local_government", "12500.50")],
        lead_partner=partner.pk,
        approach="request",
    )
    response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), data, headers=HTMX)
    assert response.status_code == 200
    project = issue.projects.get()
    assert (project.approach, project.lead_partner) == ("request", partner)
    lines = {(b.fiscal_year, b.source): b.amount for b in project.budgets.all()}
    assert lines == {
        (2569, "codi"): Decimal("30000"),
        (2570, "local_government"): Decimal("12500.50"),
    }
    assert "42,500.50" in response.content.decode()  # the running total


def test_a_budget_line_outside_the_period_is_refused(plan, alice):
    issue = IssueFactory(plan=plan)
    data = _project_data(plan, lines=[(2575, "codi", "1000")])
    response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), data)
    assert response.status_code == 200
    assert "Fiscal year 2575 is outside the plan period 2569-2573." in response.content.decode()
    assert not PlanProject.objects.exists()


def test_a_half_filled_budget_line_is_named(plan, alice):
    issue = IssueFactory(plan=plan)
    data = _project_data(plan, lines=[(2569, "", "1000")])
    response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), data)
    assert "Give the fiscal year, the source and the amount together." in response.content.decode()
    assert not PlanProject.objects.exists()


def test_the_same_year_and_source_twice_is_refused(plan, alice):
    issue = IssueFactory(plan=plan)
    data = _project_data(plan, lines=[(2569, "codi", "1000"), (2569, "codi", "2000")])
    response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), data)
    assert "Lines 1 and 2 both plan fiscal year 2569" in response.content.decode()
    assert not PlanProject.objects.exists()


def test_emptying_a_saved_budget_line_removes_it(plan, alice):
    project = ProjectFactory(issue=IssueFactory(plan=plan))
    line = BudgetFactory(project=project)
    data = _project_data(plan, title=project.title, approach="joint")
    data.update(
        {
            "budget-TOTAL_FORMS": "3",
            "budget-INITIAL_FORMS": "1",
            "budget-0-id": line.pk,
            "budget-0-project": project.pk,
            "budget-0-fiscal_year": "",
            "budget-0-source": "",
            "budget-0-amount": "",
        }
    )
    response = alice.post(reverse("project_edit", args=[plan.pk, project.pk]), data)
    assert response.status_code == 302
    assert not ProjectBudget.objects.exists()


def test_lead_partners_are_only_those_the_coordinator_may_see(plan, alice, far_council):
    issue = IssueFactory(plan=plan)
    far = PartnerFactory(name="องค์การบริหารส่วนตำบลท่าตะเภา", area_code="860101")
    response = alice.post(
        reverse("project_new", args=[plan.pk, issue.pk]),
        _project_data(plan, lead_partner=far.pk),
    )
    assert "lead_partner" in response.context["form"].errors
    assert not PlanProject.objects.exists()


def test_totals_by_theme_and_source_come_from_the_budget_lines(council, alice):
    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__theme__code="economy").get()
    BudgetFactory(project=project, fiscal_year=2570, source="community", amount="2500.25")
    context = alice.get(plan.get_absolute_url()).context
    themes = {row["theme"].code: row["total"] for row in context["theme_rows"]}
    assert themes == {
        "economy": Decimal("52500.25"),
        "society": Decimal("50000"),
        "environment": Decimal("50000"),
    }
    sources = {str(row["source"]): row["total"] for row in context["by_source"]}
    assert sources == {"CODI": Decimal("150000"), "community": Decimal("2500.25")}
    assert context["grand_total"] == Decimal("152500.25")


def test_changing_the_period_keeps_budget_lines_inside_it(plan, alice):
    BudgetFactory(project=ProjectFactory(issue=IssueFactory(plan=plan)), fiscal_year=2573)
    response = alice.post(
        reverse("plan_edit", args=[plan.pk]),
        {"version": plan.version, "title": plan.title, "first_year": 2568, "last_year": 2572},
    )
    assert "Budget lines are planned for fiscal year 2573" in response.content.decode()
    plan.refresh_from_db()
    assert plan.first_year == 2569


# --- Locked plans -------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["submitted", "accepted"])
def test_a_submitted_or_accepted_plan_cannot_be_edited(council, alice, state):
    plan = complete_plan(council, state=state)
    issue = plan.issues.first()
    for url, data in [
        (reverse("plan_edit", args=[plan.pk]), {"version": plan.version, "title": "ใหม่"}),
        (reverse("issue_new", args=[plan.pk]), _issue_data(plan)),
        (reverse("issue_edit", args=[plan.pk, issue.pk]), _issue_data(plan)),
        (reverse("project_new", args=[plan.pk, issue.pk]), _project_data(plan)),
    ]:
        response = alice.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == plan.get_absolute_url()
    response = alice.post(reverse("issue_delete", args=[plan.pk, issue.pk]), {"version": 1})
    assert response.status_code == 302
    assert plan.issues.count() == 3
    assert PlanProject.objects.count() == 3
    page = alice.get(plan.get_absolute_url()).content.decode()
    assert reverse("issue_new", args=[plan.pk]) not in page


def test_a_returned_plan_is_editable_again(council, alice):
    plan = complete_plan(council, state="returned")
    response = alice.post(reverse("issue_new", args=[plan.pk]), _issue_data(plan))
    assert response.status_code == 302
    assert plan.issues.count() == 4


def test_the_plan_page_offers_its_pdf(plan, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = alice.get(plan.get_absolute_url()).content.decode()
    pdf_url = reverse("plan_pdf", args=[plan.pk])
    assert f'action="{pdf_url}"' in page
    response = alice.post(pdf_url)
    assert response.status_code == 302 and "/documents/" in response["Location"]
