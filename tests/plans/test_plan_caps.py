"""A plan's size is capped on every path, so that its PDF renders within its limits: the length
of its free-text fields, and the number of its issues and projects, each refused in words that
name what is too long or too many."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import models as plan_models
from plans.books.models import StrategicIssue, StrategyBook
from plans.models import CommunityPlan, PlanIssue, PlanProject
from tests.confirming import import_confirmed
from tests.factories import IssueFactory, PlanFactory, ProjectFactory
from tests.plans.test_import import GOOD_ROWS, _xlsx
from tests.plans.test_plan_editor import _issue_data, _project_data


@pytest.fixture
def plan(council):
    return PlanFactory(council=council)


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


def test_a_description_longer_than_the_cap_is_refused_in_the_editor(plan, alice):
    data = _issue_data(plan, description="ก" * 5001)
    response = alice.post(reverse("issue_new", args=[plan.pk]), data)
    assert response.status_code == 200
    assert (
        "The issue&#x27;s description may be at most 5000 characters long (this one has 5001)."
        in response.content.decode()
    )
    assert not PlanIssue.objects.exists()
    ok = alice.post(reverse("issue_new", args=[plan.pk]), _issue_data(plan, description="ก" * 5000))
    assert ok.status_code == 302 and PlanIssue.objects.count() == 1


def test_the_message_is_thai_and_names_the_field(plan, tambon_coordinator, client_for):
    issue = IssueFactory(plan=plan)
    data = _project_data(plan, objective="ข" * 5001)
    response = client_for(tambon_coordinator).post(
        reverse("project_new", args=[plan.pk, issue.pk]), data
    )
    assert "วัตถุประสงค์ของโครงการยาวได้ไม่เกิน 5000 ตัวอักษร" in response.content.decode()
    assert not PlanProject.objects.exists()


@pytest.mark.parametrize(
    ("make", "field", "limit"),
    [
        (lambda p: CommunityPlan(council=p.council, title="แผน", first_year=2574,
                                 last_year=2578), "situation", 10_000),
        (lambda p: IssueFactory.build(plan=p), "description", 5_000),
        (lambda p: ProjectFactory.build(issue=IssueFactory(plan=p)), "objective", 5_000),
        (lambda p: StrategyBook(level="district", area_code="5709", title="เล่ม",
                                first_year=2569, last_year=2573), "introduction", 20_000),
        (lambda p: StrategicIssue(book=StrategyBook.objects.create(
            level="district", area_code="5709", title="เล่ม", first_year=2569, last_year=2573),
            title="ประเด็น"), "goal", 5_000),
    ],
)  # fmt: skip
def test_every_free_text_field_is_capped_by_the_model(plan, make, field, limit):
    instance = make(plan)
    setattr(instance, field, "ค" * limit)
    instance.full_clean(validate_unique=False)
    setattr(instance, field, "ค" * (limit + 1))
    with pytest.raises(ValidationError) as refused:
        instance.full_clean(validate_unique=False)
    assert list(refused.value.message_dict) == [field]
    assert str(limit) in refused.value.message_dict[field][0]


def test_a_plan_takes_no_more_issues_than_the_cap_on_any_path(plan, alice, monkeypatch):
    monkeypatch.setattr(plan_models, "MAX_ISSUES_PER_PLAN", 2)
    IssueFactory(plan=plan)
    IssueFactory(plan=plan)
    plan.refresh_from_db()
    response = alice.post(reverse("issue_new", args=[plan.pk]), _issue_data(plan))
    assert "A plan may have at most 2 issues" in response.content.decode()
    with pytest.raises(ValidationError, match="at most 2 issues"):
        IssueFactory(plan=plan)  # the shell, a script: save() refuses too
    assert plan.issues.count() == 2


def test_a_plan_takes_no_more_projects_than_the_cap_on_any_path(plan, alice, monkeypatch):
    monkeypatch.setattr(plan_models, "MAX_PROJECTS_PER_PLAN", 2)
    first, second = IssueFactory(plan=plan), IssueFactory(plan=plan)
    ProjectFactory(issue=first)
    ProjectFactory(issue=second)  # the cap counts the whole plan's projects
    plan.refresh_from_db()
    response = alice.post(reverse("project_new", args=[plan.pk, first.pk]), _project_data(plan))
    assert "A plan may have at most 2 projects" in response.content.decode()
    with pytest.raises(ValidationError, match="at most 2 projects"):
        ProjectFactory(issue=second)
    other_plan_issue = IssueFactory(plan=PlanFactory(council=plan.council, first_year=2574,
                                                     last_year=2578))  # fmt: skip
    ProjectFactory(issue=other_plan_issue)  # another plan has room of its own
    assert PlanProject.objects.filter(issue__plan=plan).count() == 2


def test_the_import_is_held_to_the_caps(plan, alice, monkeypatch):
    monkeypatch.setattr(plan_models, "MAX_PROJECTS_PER_PLAN", 1)
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][3] = "ง" * 5001
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(rows)}
    )
    errors = response.context["result"].errors
    assert any(
        r == 2 and c == "วัตถุประสงค์" and "objective may be at most 5000 characters" in m
        for r, c, m in errors
    ), errors
    rows[0][3] = "ลดต้นทุน"
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(rows)}
    )
    errors = response.context["result"].errors
    assert any(r == 4 and "at most 1 projects" in m for r, c, m in errors), errors
    assert not PlanProject.objects.exists()


def test_the_import_adds_no_issue_past_the_cap(plan, alice, monkeypatch):
    monkeypatch.setattr(plan_models, "MAX_ISSUES_PER_PLAN", 1)
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(GOOD_ROWS)}
    )
    errors = response.context["result"].errors
    assert any(r == 4 and c == "ประเด็นปัญหา" and "at most 1 issues" in m for r, c, m in errors), (
        errors
    )
    assert not PlanIssue.objects.exists()
