"""Adding a budget line to a project without saving it first, with and without JavaScript."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import PlanProject
from tests.factories import BudgetFactory, IssueFactory, PlanFactory, ProjectFactory
from tests.plans.test_plan_editor import _project_data

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture
def plan(council):
    return PlanFactory(council=council)


def test_the_form_carries_an_empty_line_to_copy_and_the_add_button(plan, alice):
    issue = IssueFactory(plan=plan)
    html = alice.get(reverse("project_new", args=[plan.pk, issue.pk])).content.decode()
    template = html[html.index('<template id="budget-line-template">') :]
    template = template[: template.index("</template>")]
    assert 'name="budget-__prefix__-amount"' in template
    assert 'name="add_budget_line"' in html and 'data-add-form="budget-line-template"' in html
    assert 'data-total-forms="id_budget-TOTAL_FORMS"' in html


def test_adding_a_line_without_javascript_keeps_the_typing_and_saves_nothing(plan, alice):
    issue = IssueFactory(plan=plan)
    url = reverse("project_new", args=[plan.pk, issue.pk])
    data = _project_data(plan, lines=[(2569, "codi", "30000"), (2570, "", "")], title="")
    response = alice.post(url, {**data, "add_budget_line": "1"})
    assert response.status_code == 200 and not PlanProject.objects.exists()
    budgets = response.context["budgets"]
    assert len(budgets.forms) == 3
    html = response.content.decode()
    assert 'name="budget-2-amount"' in html
    assert 'value="30000"' in html and "ลดรายจ่ายที่ไม่จำเป็น" in html  # kept as typed
    assert "This field is required" not in html  # the empty title is not an error yet
    assert "Give the fiscal year, the source and the amount together." not in html


def test_the_added_line_is_saved_with_the_project(plan, alice):
    issue = IssueFactory(plan=plan)
    url = reverse("project_new", args=[plan.pk, issue.pk])
    lines = [(2569, "codi", "30000"), (2570, "community", "2000"), (2571, "local_government", "5")]
    step = alice.post(url, {**_project_data(plan, lines=lines[:2]), "add_budget_line": "1"})
    assert step.context["budgets"].total_form_count() == 3
    alice.post(url, _project_data(plan, lines=lines), headers=HTMX)
    project = issue.projects.get()
    assert sorted((b.fiscal_year, b.amount) for b in project.budgets.all()) == [
        (2569, Decimal("30000")),
        (2570, Decimal("2000")),
        (2571, Decimal("5")),
    ]


def test_adding_a_line_to_a_saved_project_keeps_its_lines(plan, alice):
    project = ProjectFactory(issue=IssueFactory(plan=plan))
    saved = BudgetFactory(project=project, fiscal_year=2569, source="codi", amount=100)
    url = reverse("project_edit", args=[plan.pk, project.pk])
    data = _project_data(
        plan,
        **{
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "1",
            "budget-0-id": saved.pk,
            "budget-0-fiscal_year": 2569,
            "budget-0-source": "codi",
            "budget-0-amount": "250",
        },
    )
    step = alice.post(url, {**data, "add_budget_line": "1"}, headers=HTMX)
    html = step.content.decode()
    assert 'name="budget-1-amount"' in html and 'value="250"' in html
    saved.refresh_from_db()
    assert saved.amount == 100  # nothing saved by the step
