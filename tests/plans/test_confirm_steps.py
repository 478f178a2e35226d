"""The review's and the editor's confirm steps: each says what will happen with the plan's real
figures, a POST without the confirmation does nothing, and one with it does it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from councils.confirmation import CONFIRM_FIELD
from plans.models import CommunityPlan, PlanIssue, PlanProject, Theme
from tests.confirming import confirm_fields
from tests.factories import BudgetFactory, IssueFactory, PlanFactory, ProjectFactory, put_in_state


def forum_plan(council, state="draft"):
    """Six issues and fourteen projects, 916,000 baht: the plan of the brief's example."""
    plan = PlanFactory(council=council)
    themes = [Theme.objects.get(code=code) for code in ("economy", "society", "environment")]
    issues = [IssueFactory(plan=plan, theme=themes[n % 3]) for n in range(6)]
    for n in range(14):
        project = ProjectFactory(issue=issues[n % 6])
        BudgetFactory(project=project, amount="136000.00" if n == 0 else "60000.00")
    return put_in_state(plan, state)


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)  # in Thai, as she works


@pytest.fixture
def dao(district_coordinator, english_client):
    return english_client(district_coordinator)


def test_the_summary_figures_come_from_the_plan(council):
    figures = forum_plan(council).submission_summary()
    assert (figures.issues, figures.projects, figures.budget) == (6, 14, Decimal("916000.00"))


def test_submitting_shows_what_is_sent_then_sends_it_only_when_confirmed(council, alice):
    plan = forum_plan(council)
    url = reverse("plan_submit", args=[plan.pk])

    summary = alice.get(url)

    page = summary.content.decode()
    assert (
        "ส่งแผนให้อำเภอ: 6 ประเด็น 14 โครงการ งบประมาณ 916,000 บาท — แก้ไขไม่ได้จนกว่าอำเภอจะส่งกลับ" in page
    )
    assert ">ส่งแผนให้อำเภอ</button>" in page
    assert f'href="{plan.get_absolute_url()}"' in page  # the way back
    plan.refresh_from_db()
    assert plan.state == "draft"

    assert alice.post(url).status_code == 200  # one tap without the confirmation: the summary
    plan.refresh_from_db()
    assert plan.state == "draft"

    response = alice.post(url, confirm_fields(summary))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "submitted"
    assert plan.history.get().to_state == "submitted"


def test_a_confirmation_does_not_outlive_a_change_to_the_plan(council, alice):
    plan = forum_plan(council)
    url = reverse("plan_submit", args=[plan.pk])
    summary = alice.get(url)
    CommunityPlan.objects.get(pk=plan.pk).touch()  # someone added a project meanwhile
    response = alice.post(url, confirm_fields(summary))
    assert response.status_code == 200  # the fresh summary, to read again
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_a_confirmation_is_the_persons_own(council, alice, tambon_coordinator, second_alice):
    plan = forum_plan(council)
    url = reverse("plan_submit", args=[plan.pk])
    token = confirm_fields(alice.get(url))
    assert second_alice.post(url, token).status_code == 200
    plan.refresh_from_db()
    assert plan.state == "draft"
    assert alice.post(url, {CONFIRM_FIELD: token[CONFIRM_FIELD][:-2] + "xx"}).status_code == 200
    plan.refresh_from_db()
    assert plan.state == "draft"


@pytest.fixture
def second_alice(db, client_for):
    """Another coordinator of the same tambon: she may submit, but not with Alice's token."""
    from councils.access import Role
    from tests.factories import TAMBON_MAE_SAI, AssignmentFactory, UserFactory

    user = UserFactory(username="kanya")
    AssignmentFactory(user=user, role=Role.TAMBON_COORDINATOR, area_code=TAMBON_MAE_SAI)
    return client_for(user)


def test_a_plan_missing_a_dimension_is_not_offered_for_submitting(council, alice):
    plan = PlanFactory(council=council)
    IssueFactory(plan=plan)
    response = alice.get(reverse("plan_submit", args=[plan.pk]))
    assert response.status_code == 302
    assert f'name="{CONFIRM_FIELD}"' not in alice.get(response.url).content.decode()


def test_accepting_shows_the_plan_then_accepts(council, dao):
    plan = forum_plan(council, "submitted")
    url = reverse("plan_review", args=[plan.pk])
    data = {"decision": "accept", "note": "ครบถ้วนตามเวทีประชาคม"}

    summary = dao.get(url, data)

    page = summary.content.decode()
    assert "6 issues, 14 projects, budget 916,000 baht" in page
    assert ">Accept the plan</button>" in page
    assert dao.post(url, data).status_code == 200
    plan.refresh_from_db()
    assert plan.state == "submitted"
    assert dao.post(url, confirm_fields(summary)).status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.history.get().note) == ("accepted", "ครบถ้วนตามเวทีประชาคม")


def test_returning_carries_the_reason_to_the_summary_and_the_record(council, dao):
    plan = forum_plan(council, "submitted")
    url = reverse("plan_review", args=[plan.pk])
    data = {"decision": "return", "note": "เพิ่มงบประมาณจากท้องถิ่น"}
    summary = dao.post(url, data)
    assert "เพิ่มงบประมาณจากท้องถิ่น" in summary.content.decode()
    assert ">Return the plan to the tambon</button>" in summary.content.decode()
    plan.refresh_from_db()
    assert plan.state == "submitted"
    dao.post(url, confirm_fields(summary))
    plan.refresh_from_db()
    assert (plan.state, plan.history.get().note) == ("returned", "เพิ่มงบประมาณจากท้องถิ่น")


def test_an_accept_confirmation_cannot_return_the_plan(council, dao):
    plan = forum_plan(council, "submitted")
    url = reverse("plan_review", args=[plan.pk])
    accepting = confirm_fields(dao.get(url, {"decision": "accept"}))
    dao.post(url, {**accepting, "decision": "return", "note": "ไม่ผ่าน"})
    plan.refresh_from_db()
    assert plan.state == "submitted"


def test_reopening_shows_the_reason_then_reopens(council, dao):
    plan = forum_plan(council, "accepted")
    url = reverse("plan_reopen", args=[plan.pk])
    summary = dao.post(url, {"note": "ตำบลขอเพิ่มโครงการ"})
    page = summary.content.decode()
    assert "ตำบลขอเพิ่มโครงการ" in page and ">Reopen the plan</button>" in page
    plan.refresh_from_db()
    assert plan.state == "accepted"
    dao.post(url, confirm_fields(summary))
    plan.refresh_from_db()
    assert plan.state == "returned"


def test_removing_an_issue_names_what_goes_with_it(council, english_client, tambon_coordinator):
    alice = english_client(tambon_coordinator)
    plan = forum_plan(council)
    issue = plan.issues.order_by("pk").first()  # three projects: 136,000 + 60,000 + 60,000
    url = reverse("issue_delete", args=[plan.pk, issue.pk])
    summary = alice.get(url)
    assert "with its 3 projects and their budget of 256,000 baht" in summary.content.decode()
    assert alice.post(url).status_code == 200
    assert PlanIssue.objects.filter(pk=issue.pk).exists()
    assert alice.post(url, confirm_fields(summary)).status_code == 302
    assert not PlanIssue.objects.filter(pk=issue.pk).exists()
    assert PlanProject.objects.filter(issue__plan=plan).count() == 11


def test_removing_a_project_names_its_budget(council, english_client, tambon_coordinator):
    alice = english_client(tambon_coordinator)
    plan = forum_plan(council)
    project = PlanProject.objects.filter(issue__plan=plan).order_by("pk").first()
    url = reverse("project_delete", args=[plan.pk, project.pk])
    summary = alice.get(url)
    assert "1 budget lines of 136,000 baht" in summary.content.decode()
    assert alice.post(url).status_code == 200
    assert PlanProject.objects.filter(pk=project.pk).exists()
    alice.post(url, confirm_fields(summary))
    assert not PlanProject.objects.filter(pk=project.pk).exists()


def test_the_plan_page_opens_the_confirm_pages_by_links(council, alice):
    """Without JavaScript: the buttons that open a confirm step are plain links (GET)."""
    plan = forum_plan(council)
    page = alice.get(plan.get_absolute_url()).content.decode()
    assert f'href="{reverse("plan_submit", args=[plan.pk])}"' in page
    issue = plan.issues.first()
    assert f'href="{reverse("issue_delete", args=[plan.pk, issue.pk])}"' in page
    assert "hx-confirm" not in page
