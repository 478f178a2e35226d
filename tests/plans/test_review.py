"""The review: who may submit, accept, return and reopen a plan in which state, and the record."""

import pytest
from django.urls import reverse

from plans.models import CommunityPlan, PlanStateChange, PlanStateError
from tests.confirming import confirm_fields
from tests.factories import (
    TAMBON_HUAI_KHRAI,
    BudgetFactory,
    CouncilFactory,
    IssueFactory,
    PlanFactory,
    ProjectFactory,
    complete_plan,
)

MAE_SAI_TAMBONS = ("570901", "570902", "570903", "570904", "570905", "570906", "570908")

STATES = ("draft", "submitted", "returned", "accepted")
ACTIONS = {
    "submit": ("plan_submit", {}),
    "accept": ("plan_review", {"decision": "accept", "note": ""}),
    "return": ("plan_review", {"decision": "return", "note": "เพิ่มงบประมาณจากท้องถิ่นให้ชัดเจน"}),
    "reopen": ("plan_reopen", {"note": "ตำบลขอเพิ่มโครงการบ้านพอเพียงชนบท"}),
}
# What each allowed move does; every other (action, state) leaves the plan as it is.
MOVES = {
    ("submit", "draft"): "submitted",
    ("submit", "returned"): "submitted",
    ("accept", "submitted"): "accepted",
    ("return", "submitted"): "returned",
    ("reopen", "accepted"): "returned",
}
# Who may act at all: Alice submits her own tambon's plan; Dao reviews Mae Sai's plans.
ACTORS = {"submit": "tambon_coordinator", "accept": "district_coordinator"}
ACTORS["return"] = ACTORS["reopen"] = "district_coordinator"
# What the others get: 404 where the plan is out of sight, 403 where it is only readable.
REFUSED = {
    "tambon_coordinator": 403,
    "other_tambon_coordinator": 404,
    "district_coordinator": 403,
    "province_coordinator": 403,
    "codi_staff": 403,
}


def _cases():
    for action in ACTIONS:
        for state in STATES:
            for persona in REFUSED:
                yield pytest.param(action, state, persona, id=f"{action}-{state}-{persona}")


@pytest.mark.parametrize(("action", "state", "persona"), list(_cases()))
def test_who_may_move_a_plan_in_which_state(action, state, persona, council, client_for, request):
    plan = complete_plan(council, state=state)
    client = client_for(request.getfixturevalue(persona))
    name, data = ACTIONS[action]
    url = reverse(name, args=[plan.pk])
    response = client.post(url, data)
    plan.refresh_from_db()
    if persona != ACTORS[action]:
        assert response.status_code == REFUSED[persona]
        assert plan.state == state
    elif (action, state) in MOVES:
        # The first post only shows what will happen; the confirm button does it.
        assert response.status_code == 200
        assert plan.state == state
        response = client.post(url, {**data, **confirm_fields(response)})
        plan.refresh_from_db()
        assert response.status_code == 302
        assert plan.state == MOVES[(action, state)]
        change = plan.history.get()
        assert (change.from_state, change.to_state, change.by.username) == (
            state,
            plan.state,
            request.getfixturevalue(persona).username,
        )
        assert change.note == data.get("note", "")
    else:
        assert response.status_code == 302  # back to the plan, with the reason as a message
        assert plan.state == state
        assert not plan.history.exists()


def test_anonymous_visitors_are_sent_to_log_in(council, client_for, anonymous):
    plan = complete_plan(council, state="submitted")
    response = client_for(anonymous).post(reverse("plan_review", args=[plan.pk]), {})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- The core-dimension rule --------------------------------------------------------------


def test_submitting_is_refused_while_a_core_dimension_has_no_issue(
    council, tambon_coordinator, english_client
):
    plan = PlanFactory(council=council)
    IssueFactory(plan=plan)  # economy only
    alice = english_client(tambon_coordinator)
    response = alice.post(reverse("plan_submit", args=[plan.pk]), follow=True)
    page = response.content.decode()
    assert "Add at least one issue for:" in page
    assert "Society and quality of life" in page
    assert "Natural resources and environment" in page
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_other_themes_do_not_stand_in_for_a_core_dimension(council, tambon_coordinator):
    from plans.models import Theme

    plan = PlanFactory(council=council)
    for code in ("economy", "society", "housing"):
        IssueFactory(plan=plan, theme=Theme.objects.get(code=code))
    with pytest.raises(PlanStateError):
        plan.submit(by=tambon_coordinator)
    IssueFactory(plan=plan, theme=Theme.objects.get(code="environment"))
    plan.submit(by=tambon_coordinator)
    assert plan.state == "submitted"


def test_the_plan_page_warns_of_the_missing_dimensions(council, tambon_coordinator, client_for):
    plan = PlanFactory(council=council)
    response = client_for(tambon_coordinator).get(plan.get_absolute_url())
    assert [theme.code for theme in response.context["missing_core"]] == [
        "economy",
        "society",
        "environment",
    ]


# --- Notes and history --------------------------------------------------------------------


def test_returning_needs_a_note_and_keeps_the_reviewer_on_the_plan(
    council, district_coordinator, english_client
):
    plan = complete_plan(council, state="submitted")
    dao = english_client(district_coordinator)
    response = dao.post(reverse("plan_review", args=[plan.pk]), {"decision": "return", "note": " "})
    assert response.status_code == 200
    assert "Say what should change when returning a plan." in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == "submitted"


def test_reopening_needs_a_reason(council, district_coordinator, client_for):
    plan = complete_plan(council, state="accepted")
    response = client_for(district_coordinator).post(
        reverse("plan_reopen", args=[plan.pk]), {"note": ""}
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.state == "accepted"


def test_the_plan_page_shows_who_moved_it_when_and_why(
    council, tambon_coordinator, district_coordinator, client_for
):
    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    plan.send_back(by=district_coordinator, note="ขอให้ระบุหมู่บ้านที่ได้รับผลกระทบ")
    plan.submit(by=tambon_coordinator)
    plan.accept(by=district_coordinator, note="")
    plan.reopen(by=district_coordinator, note="เพิ่มโครงการตามมติที่ประชุมอำเภอ")
    response = client_for(tambon_coordinator).get(plan.get_absolute_url())
    history = list(response.context["history"])
    assert [(c.from_state, c.to_state, c.by.username) for c in history] == [
        ("draft", "submitted", "alice"),
        ("submitted", "returned", "dao"),
        ("returned", "submitted", "alice"),
        ("submitted", "accepted", "dao"),
        ("accepted", "returned", "dao"),
    ]
    page = response.content.decode()
    assert "ขอให้ระบุหมู่บ้านที่ได้รับผลกระทบ" in page
    assert "เพิ่มโครงการตามมติที่ประชุมอำเภอ" in page


def test_an_accepted_plan_is_locked_in_the_model_too(council, tambon_coordinator):
    plan = complete_plan(council, state="accepted")
    with pytest.raises(PlanStateError), plan.editing(expected_version=plan.version):
        pass
    with pytest.raises(PlanStateError):
        plan.submit(by=tambon_coordinator)
    assert PlanStateChange.objects.count() == 0


# --- The review queue ---------------------------------------------------------------------


def test_the_queue_lists_the_districts_submitted_plans(
    council, other_council, far_council, district_coordinator, client_for
):
    waiting = complete_plan(council, state="submitted")
    complete_plan(other_council, state="draft")
    complete_plan(far_council, state="submitted")
    response = client_for(district_coordinator).get(reverse("review_queue", args=["5709"]))
    assert list(response.context["plans"]) == [waiting]
    assert response.context["can_review"]
    assert {choice.value: n for choice, n in response.context["tabs"]} == {
        "draft": 1,
        "submitted": 1,
        "returned": 0,
        "accepted": 0,
    }
    plan = response.context["plans"][0]
    assert (plan.issue_count, plan.project_count, plan.budget_total) == (3, 3, 150000)


def test_the_province_reads_the_queue_but_does_not_review(
    council, province_coordinator, client_for
):
    complete_plan(council, state="submitted")
    response = client_for(province_coordinator).get(reverse("review_queue", args=["57"]))
    assert len(response.context["plans"]) == 1
    assert not response.context["can_review"]


@pytest.mark.parametrize("count", [2, 12])
def test_the_review_queue_queries_stay_flat(
    count, district_coordinator, client_for, django_assert_num_queries
):
    councils = [CouncilFactory(subdistrict_id=code) for code in MAE_SAI_TAMBONS]
    for number in range(count):
        year = 2560 + number
        council = councils[number % len(councils)]
        complete_plan(council, first_year=year, last_year=year, state="submitted")
    client = client_for(district_coordinator)
    # session, user, assignments (scope), district, counts by state, plans with their facts
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(7):
        response = client.get(reverse("review_queue", args=["5709"]))
    assert len(response.context["plans"]) == count


@pytest.mark.parametrize("count", [1, 6])
def test_the_plan_page_queries_stay_flat(
    count, council, tambon_coordinator, client_for, django_assert_num_queries
):
    plan = complete_plan(council)
    for _ in range(count):
        issue = IssueFactory(plan=plan)
        for year in (2569, 2570):
            BudgetFactory(project=ProjectFactory(issue=issue), fiscal_year=year)
    plan.submit(by=tambon_coordinator)
    client = client_for(tambon_coordinator)
    # session, user, assignments (scope), plan with council and areas, issues with themes,
    # projects with partners and totals, their budget lines, the resolutions they cite with
    # their meetings, their indicators, the indicators' targets, themes, totals by theme, by
    # source, by year, history with who, the village figures the issues cite, the tambon's
    # latest village-data years (none here: nothing more; tests/plans/test_plan_village_figures
    # counts the rest), the tambon's latest community-strength assessment
    # (councils/strength/rollup.latest_assessment) and one more for the counts in the menu
    # (reports/landing.py)
    with django_assert_num_queries(19):
        response = client.get(plan.get_absolute_url())
    assert len(response.context["issues"]) == 3 + count


def test_huai_khrai_plans_are_not_in_alices_sight(other_council, tambon_coordinator, client_for):
    plan = complete_plan(other_council)
    assert other_council.subdistrict_id == TAMBON_HUAI_KHRAI
    assert client_for(tambon_coordinator).get(plan.get_absolute_url()).status_code == 404
    assert CommunityPlan.objects.visible_to(tambon_coordinator).count() == 0


# Where a plan stands, as the templates ask it: (editable, awaiting review, accepted).
STANDING = {
    "draft": (True, False, False),
    "submitted": (False, True, False),
    "returned": (True, False, False),
    "accepted": (False, False, True),
}


@pytest.mark.parametrize("state", STATES)
def test_a_plan_says_where_it_stands_in_the_review(state, council):
    plan = PlanFactory(council=council, state=state)
    assert (plan.is_editable, plan.is_awaiting_review, plan.is_accepted) == STANDING[state]


def test_the_plan_page_offers_the_review_only_while_the_plan_awaits_it(
    council, tambon_coordinator, district_coordinator, client_for
):
    plan = complete_plan(council)
    plan.submit(by=tambon_coordinator)
    review = reverse("plan_review", args=[plan.pk])
    assert review in client_for(district_coordinator).get(plan.get_absolute_url()).content.decode()
    plan.accept(by=district_coordinator)
    page = client_for(district_coordinator).get(plan.get_absolute_url()).content.decode()
    assert review not in page and reverse("plan_reopen", args=[plan.pk]) in page
