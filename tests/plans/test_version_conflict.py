"""Two people saving the same plan: the second is told, shown what changed, and loses nothing."""

import pytest
from django.urls import reverse

from plans.models import CommunityPlan, StaleEdit
from tests.confirming import confirm_fields
from tests.factories import BudgetFactory, IssueFactory, PlanFactory, ProjectFactory, UserFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plan(council):
    return PlanFactory(council=council, situation="ชุมชนค้าขายชายแดน")


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture
def alices_colleague(tambon_coordinator, english_client):
    """A second coordinator of the same tambon (or Alice on her other phone)."""
    from councils.access import Role
    from tests.factories import TAMBON_MAE_SAI, AssignmentFactory

    user = UserFactory(username="somsri", first_name="สมศรี")
    AssignmentFactory(user=user, role=Role.TAMBON_COORDINATOR, area_code=TAMBON_MAE_SAI)
    return english_client(user)


def _opened(client, url) -> dict:
    """The hidden fields of the form as the person's page got it: version and starting values."""
    form = client.get(url).context["form"]
    return {"version": form["version"].value(), "base": form["base"].value()}


def test_the_second_save_of_the_plan_gets_a_conflict_and_keeps_its_input(
    plan, alice, alices_colleague
):
    read_at = plan.version
    url = reverse("plan_edit", args=[plan.pk])
    opened = _opened(alices_colleague, url)
    first = alice.post(
        url,
        {
            **_opened(alice, url),
            "title": plan.title,
            "first_year": 2569,
            "last_year": 2573,
            "situation": "ชุมชนค้าขายชายแดน มีแรงงานข้ามชาติ",
        },
    )
    assert first.status_code == 302

    second = alices_colleague.post(
        url,
        {
            **opened,
            "title": "แผนชุมชนตำบลแม่สาย ฉบับทบทวน",
            "first_year": 2569,
            "last_year": 2573,
            "situation": "ชุมชนการค้าชายแดนที่มีน้ำท่วมบ่อย",
        },
        headers=HTMX,
    )
    page = second.content.decode()
    assert second.status_code == 200
    assert "Someone else saved this plan while you were editing it" in page
    # What they typed is still in the form...
    assert 'value="แผนชุมชนตำบลแม่สาย ฉบับทบทวน"' in page
    assert "ชุมชนการค้าชายแดนที่มีน้ำท่วมบ่อย</textarea>" in page
    # ...next to what is saved now, where both of them changed the same field.
    assert second.context["conflict"] == [
        (
            "The situation in brief",
            "ชุมชนค้าขายชายแดน มีแรงงานข้ามชาติ",
            "ชุมชนการค้าชายแดนที่มีน้ำท่วมบ่อย",
            False,
        )
    ]
    # ...and nothing of the first save was overwritten.
    plan.refresh_from_db()
    assert plan.situation == "ชุมชนค้าขายชายแดน มีแรงงานข้ามชาติ"
    assert plan.version == read_at + 1
    # The form now carries the current version, so saving again goes through.
    assert f'name="version" value="{plan.version}"' in page
    again = alices_colleague.post(
        url,
        {
            "version": plan.version,
            "base": second.context["form"]["base"].value(),
            "title": "แผนชุมชนตำบลแม่สาย ฉบับทบทวน",
            "first_year": 2569,
            "last_year": 2573,
            "situation": "ชุมชนการค้าชายแดนที่มีน้ำท่วมบ่อย",
        },
    )
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "แผนชุมชนตำบลแม่สาย ฉบับทบทวน"


def test_an_issue_saved_from_a_stale_page_is_not_written(plan, alice, alices_colleague):
    issue = IssueFactory(plan=plan, title="ขยะล้นชุมชน", villages=[1])
    url = reverse("issue_edit", args=[plan.pk, issue.pk])
    opened = _opened(alices_colleague, url)
    alice.post(
        url,
        {
            **_opened(alice, url),
            "theme": issue.theme_id,
            "title": "ขยะและน้ำเสียจากตลาดชายแดน",
            "priority": 1,
            "villages": "1, 2",
        },
    )
    response = alices_colleague.post(
        url,
        {
            **opened,
            "theme": issue.theme_id,
            "title": "ขยะล้นชุมชน",
            "priority": 3,
            "villages": "1",
        },
        headers=HTMX,
    )
    # Alice changed the title and villages; her colleague only the priority. The form now shows
    # Alice's title and villages, and keeps the colleague's priority, so saving again loses
    # neither person's work.
    assert response.context["conflict"] == [
        ("Issue", "ขยะและน้ำเสียจากตลาดชายแดน", "ขยะล้นชุมชน", True),
        ("Villages", "1, 2", "1", True),
    ]
    page = response.content.decode()
    assert 'value="ขยะและน้ำเสียจากตลาดชายแดน"' in page
    assert 'value="1, 2"' in page
    assert '<option value="3" selected>' in page
    issue.refresh_from_db()
    assert (issue.title, issue.villages, issue.priority) == ("ขยะและน้ำเสียจากตลาดชายแดน", [1, 2], 1)
    form = response.context["form"]
    fields = ("version", "base", "theme", "title", "priority", "villages", "description")
    again = alices_colleague.post(url, {name: form[name].value() or "" for name in fields})
    assert again.status_code == 302
    issue.refresh_from_db()
    assert (issue.title, issue.villages, issue.priority) == ("ขยะและน้ำเสียจากตลาดชายแดน", [1, 2], 3)


def test_a_project_conflict_shows_the_budget_lines_that_changed(plan, alice, alices_colleague):
    project = ProjectFactory(issue=IssueFactory(plan=plan), title="โครงการธนาคารขยะ")
    line = BudgetFactory(project=project, fiscal_year=2569, source="codi", amount="20000")
    read_at = plan.version

    def post(client, amount, headers=None):
        return client.post(
            reverse("project_edit", args=[plan.pk, project.pk]),
            {
                "version": read_at,
                "title": "โครงการธนาคารขยะ",
                "approach": "self",
                "budget-TOTAL_FORMS": "1",
                "budget-INITIAL_FORMS": "1",
                "budget-MIN_NUM_FORMS": "0",
                "budget-MAX_NUM_FORMS": "1000",
                "budget-0-id": line.pk,
                "budget-0-project": project.pk,
                "budget-0-fiscal_year": "2569",
                "budget-0-source": "codi",
                "budget-0-amount": amount,
            },
            headers=headers or {},
        )

    assert post(alice, "25000").status_code == 302
    response = post(alices_colleague, "30000", HTMX)
    assert ("Budget 2569 · CODI", "25,000.00", "30,000.00", False) in response.context["conflict"]
    assert 'value="30000"' in response.content.decode()
    line.refresh_from_db()
    assert str(line.amount) == "25000.00"


def test_removing_from_a_stale_page_removes_nothing(plan, alice):
    issue = IssueFactory(plan=plan)
    url = reverse("issue_delete", args=[plan.pk, issue.pk])
    summary = alice.get(url)
    CommunityPlan.objects.get(pk=plan.pk).touch()  # someone saved meanwhile
    response = alice.post(url, confirm_fields(summary))
    # The confirmation was given for the plan as it was: the summary is shown again, fresh.
    assert response.status_code == 200
    assert confirm_fields(response)["confirm"] != confirm_fields(summary)["confirm"]
    assert plan.issues.filter(pk=issue.pk).exists()


def test_editing_holds_the_version_check_and_the_change_together(plan):
    copy_a = CommunityPlan.objects.get(pk=plan.pk)
    copy_b = CommunityPlan.objects.get(pk=plan.pk)
    with copy_a.editing(expected_version=copy_a.version):
        pass
    with pytest.raises(StaleEdit) as caught, copy_b.editing(expected_version=copy_b.version):
        pass
    assert caught.value.current.version == plan.version + 1


def test_the_page_shown_with_a_conflict_carries_the_current_version(plan, alice):
    issue = IssueFactory(plan=plan)
    url = reverse("issue_edit", args=[plan.pk, issue.pk])
    opened = _opened(alice, url)
    CommunityPlan.objects.get(pk=plan.pk).touch()  # someone saved meanwhile
    response = alice.post(
        url,
        {**opened, "theme": issue.theme_id, "title": "ใหม่", "priority": 1, "villages": ""},
        headers=HTMX,
    )
    assert response.context["conflict"] is not None
    # The remove buttons next to the form would otherwise be refused as stale in turn.
    assert f'name="version" value="{plan.version + 1}"' in response.content.decode()
    assert f'name="version" value="{plan.version}"' not in response.content.decode()
