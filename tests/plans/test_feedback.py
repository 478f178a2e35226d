"""Save feedback in the plan editor and the book board: the error summary (formset lines and
conflicts included), the confirmation inside the item that changed, and the messages an htmx
answer carries (docs/ui-patterns.md)."""

import lxml.html
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from plans.books.models import StrategyBook
from plans.models import PlanProject
from tests.factories import (
    IssueFactory,
    PlanFactory,
    ProjectFactory,
    complete_plan,
    put_in_state,
)
from tests.reports.plan_builders import accepted_plan, book

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture
def plan(council):
    plan = PlanFactory(council=council)
    for issue in [IssueFactory(plan=plan) for _ in range(3)]:
        ProjectFactory(issue=issue)
    return plan


def _html(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<div>{response.content.decode()}</div>")


def _messages_left(client) -> list[str]:
    request = client.get(reverse("privacy_notice")).wsgi_request
    return [str(message) for message in get_messages(request)]


def _project_data(plan, **overrides) -> dict:
    return {
        "version": plan.version,
        "title": "โครงการธนาคารขยะบ้านเหมืองแดง",
        "objective": "",
        "target": "",
        "approach": "self",
        "lead_partner": "",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        **overrides,
    }


def test_a_saved_project_is_confirmed_inside_it_not_at_the_top(plan, alice):
    issue = plan.issues.last()
    response = alice.post(
        reverse("project_new", args=[plan.pk, issue.pk]), _project_data(plan), headers=HTMX
    )
    project = PlanProject.objects.get(title="โครงการธนาคารขยะบ้านเหมืองแดง")
    page = _html(response)
    statuses = page.xpath(".//*[@data-region-status]")
    assert len(statuses) == 1
    assert statuses[0].getparent().get("id") == f"project-{project.pk}"
    assert statuses[0].text_content().strip() == "✓ The project was saved."
    live = page.xpath(".//*[@id='messages']")[0]
    assert live.get("hx-swap-oob") == "true"
    assert [p.text_content() for p in live.xpath(".//p")] == ["The project was saved."]
    assert _messages_left(alice) == []


def test_without_javascript_the_saved_project_is_the_anchor_with_its_message(plan, alice):
    issue = plan.issues.last()
    response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), _project_data(plan))
    project = PlanProject.objects.get(title="โครงการธนาคารขยะบ้านเหมืองแดง")
    assert response["Location"] == f"{plan.get_absolute_url()}#project-{project.pk}"
    page = _html(alice.get(response["Location"]))
    [status] = page.xpath(f".//li[@id='project-{project.pk}']/*[@data-region-status]")
    assert "The project was saved." in status.text_content()


def test_a_budget_line_in_error_is_linked_by_its_line(plan, alice):
    issue = plan.issues.first()
    data = _project_data(
        plan,
        **{"budget-0-fiscal_year": "2569", "budget-0-source": "codi", "budget-0-amount": "-5"},
    )
    response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), data, headers=HTMX)
    summary = _html(response).xpath(".//*[@id='project-editor']//*[@data-error-summary]")[0]
    [link] = summary.xpath(".//a")
    assert link.get("href") == "#id_budget-0-amount"
    assert ", line 1:" in link.text_content()
    assert "correct 1 field below" in summary.text_content()
    assert not PlanProject.objects.filter(title="โครงการธนาคารขยะบ้านเหมืองแดง").exists()


def test_a_conflict_is_in_the_summary_without_a_field_link(plan, alice):
    """Someone else saved the plan meanwhile: the form's own error, not one field's."""
    url = reverse("plan_edit", args=[plan.pk])
    data = {"version": plan.version, "title": "แผนใหม่", "first_year": 2569, "last_year": 2573}
    alice.post(url, {**data, "title": "แผนที่คนอื่นบันทึก"}, headers=HTMX)
    response = alice.post(url, data, headers=HTMX)
    summary = _html(response).xpath(".//*[@data-error-summary]")[0]
    assert summary.xpath(".//h3")[0].text_content() == "Not saved yet"
    assert "Someone else saved this plan" in summary.text_content()
    assert summary.xpath(".//a") == []


def test_a_locked_plan_keeps_its_message_for_the_page_htmx_goes_to(plan, alice):
    put_in_state(plan, "submitted")
    response = alice.get(reverse("issue_new", args=[plan.pk]), headers=HTMX)
    assert response["HX-Redirect"] == plan.get_absolute_url()
    page = _html(alice.get(plan.get_absolute_url()))
    assert "cannot be changed now" in page.xpath(".//*[@id='messages']")[0].text_content()


@pytest.fixture
def mae_sai(db):
    accepted_plan("570901")
    return book(StrategyBook.Level.DISTRICT, "5709")


def test_a_saved_strategic_issue_is_confirmed_in_its_card(
    mae_sai, district_coordinator, english_client
):
    issue = mae_sai.issues.first()
    response = english_client(district_coordinator).post(
        reverse("book_issue_edit", args=[mae_sai.pk, issue.pk]),
        {"title": "เศรษฐกิจชายแดน", "goal": ""},
        headers=HTMX,
    )
    [status] = _html(response).xpath(".//*[@data-region-status]")
    assert status.getparent().get("id") == f"issue-{issue.pk}"
    assert "The strategic issue was saved." in status.text_content()


def test_a_new_issue_without_a_title_is_refused_beside_its_form(
    mae_sai, district_coordinator, english_client
):
    client = english_client(district_coordinator)
    response = client.post(reverse("book_issue_new", args=[mae_sai.pk]), {"title": ""})
    assert response["Location"].endswith("#new-issue")
    page = _html(client.get(response["Location"]))
    [status] = page.xpath(".//*[@data-region-status='new-issue']")
    assert status.getnext().get("id") == "new-issue"
    assert "Give the new strategic issue a title." in status.text_content()


def test_a_return_without_a_note_is_summed_up_at_the_review_form(
    council, district_coordinator, english_client
):
    plan = complete_plan(council, state="submitted")
    response = english_client(district_coordinator).post(
        reverse("plan_review", args=[plan.pk]), {"decision": "return", "note": " "}
    )
    [summary] = _html(response).xpath(".//form[@id='review']//*[@data-error-summary]")
    [link] = summary.xpath(".//a")
    assert link.get("href") == "#id_note"
    assert "Say what should change when returning a plan." in link.text_content()
