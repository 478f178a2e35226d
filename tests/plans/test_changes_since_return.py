"""A resubmitted plan shows the district what changed since it was returned: added, removed and
changed issues, projects and budget amounts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans import changes
from plans.models import PlanStateChange
from tests.factories import BudgetFactory, IssueFactory, ProjectFactory, complete_plan


@pytest.fixture
def returned_plan(council, tambon_coordinator, district_coordinator):
    """Alice's plan, submitted and returned by Dao with a note."""
    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    plan.send_back(by=district_coordinator, note="เพิ่มงบประมาณจากท้องถิ่นให้ชัดเจน")
    return plan


def test_a_return_keeps_the_plans_issues_projects_and_budget_lines(returned_plan):
    returned = PlanStateChange.objects.get(plan=returned_plan, to_state="returned")
    assert len(returned.contents["issues"]) == 3
    assert len(returned.contents["projects"]) == 3
    assert [line["amount"] for line in returned.contents["budgets"]] == ["50000.00"] * 3
    submitted = PlanStateChange.objects.get(plan=returned_plan, to_state="submitted")
    assert submitted.contents is None  # only a return needs to remember


def test_the_changes_name_what_was_added_removed_and_changed(returned_plan, tambon_coordinator):
    issues = list(returned_plan.issues.order_by("order"))
    first_project = issues[0].projects.get()
    first_project.title = "โครงการบัญชีครัวเรือน"
    first_project.approach = "self"
    first_project.save()
    line = first_project.budgets.get()
    line.amount = Decimal("65000.00")
    line.save()
    issues[1].projects.get().delete()
    new_issue = IssueFactory(plan=returned_plan, title="ที่อยู่อาศัยไม่มั่นคง")
    BudgetFactory(project=ProjectFactory(issue=new_issue, title="บ้านมั่นคงชนบท"), amount=20000)
    returned_plan.submit(by=tambon_coordinator)
    returned_plan.refresh_from_db()

    found = changes.since_return(returned_plan, list(returned_plan.history.all()))

    assert [(c.kind, c.title) for c in found.issues] == [("added", "ที่อยู่อาศัยไม่มั่นคง")]
    kinds = {(c.kind, c.title) for c in found.projects}
    assert ("added", "บ้านมั่นคงชนบท") in kinds
    assert ("changed", "โครงการบัญชีครัวเรือน") in kinds
    assert any(kind == "removed" for kind, _ in kinds)
    renamed = next(c for c in found.projects if c.kind == "changed")
    assert {f.after for f in renamed.fields} >= {"โครงการบัญชีครัวเรือน"}
    assert renamed.where == issues[0].title
    amounts = {(b.project, b.before, b.after) for b in found.budgets}
    assert ("โครงการบัญชีครัวเรือน", Decimal("50000.00"), Decimal("65000.00")) in amounts
    assert ("บ้านมั่นคงชนบท", None, Decimal("20000.00")) in amounts
    assert (found.total_before, found.total_after) == (Decimal("150000"), Decimal("135000"))


def test_the_reviewer_reads_the_changes_in_thai_on_the_plan_page(
    returned_plan, tambon_coordinator, district_coordinator, client_for
):
    project = returned_plan.issues.order_by("order").first().projects.get()
    line = project.budgets.get()
    line.amount = Decimal("65000.00")
    line.save()
    returned_plan.submit(by=tambon_coordinator)
    client = client_for(district_coordinator)
    client.cookies["django_language"] = "th"
    html = client.get(reverse("plan_detail", args=[returned_plan.pk])).content.decode()
    assert "สิ่งที่เปลี่ยนไปตั้งแต่ส่งแผนกลับไปแก้ไข" in html
    assert "50,000.00" in html and "65,000.00" in html
    assert "(+15,000.00)" in html


def test_a_plan_sent_back_unchanged_says_so(returned_plan, tambon_coordinator, client_for):
    returned_plan.submit(by=tambon_coordinator)
    found = changes.since_return(returned_plan, list(returned_plan.history.all()))
    assert not found.anything


def test_a_plan_never_returned_shows_no_changes(council, tambon_coordinator):
    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    assert changes.since_return(plan, list(plan.history.all())) is None


def test_an_accepted_plan_shows_no_changes(returned_plan, tambon_coordinator, district_coordinator):
    returned_plan.submit(by=tambon_coordinator)
    returned_plan.accept(by=district_coordinator)
    assert changes.since_return(returned_plan, list(returned_plan.history.all())) is None


@pytest.mark.parametrize("extra_projects", [0, 12])
def test_the_changes_cost_six_queries_however_big_the_plan(
    returned_plan, tambon_coordinator, extra_projects, django_assert_num_queries
):
    issue = returned_plan.issues.first()
    for n in range(extra_projects):
        BudgetFactory(project=ProjectFactory(issue=issue), fiscal_year=2569 + n % 5)
    returned_plan.submit(by=tambon_coordinator)
    history = list(returned_plan.history.all())
    # the plan's issues (with their themes), the village figures they cite, its projects, its
    # budget lines, its projects' indicators and their targets
    with django_assert_num_queries(6):
        found = changes.since_return(returned_plan, history)
    assert len(found.projects) == extra_projects
