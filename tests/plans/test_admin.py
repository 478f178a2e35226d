"""The plan admin: CODI staff correct plans in their region only; saves check and bump the
plan's version, so a save from a page loaded before someone else's save is refused."""

import pytest
from django.urls import reverse

from plans.models import CommunityPlan, PlanIssue
from tests.accounts_helpers import verified_client
from tests.factories import UserFactory, complete_plan


@pytest.fixture
def charlie(codi_staff, client_for):
    return verified_client(codi_staff)


def test_staff_see_only_the_plans_of_their_region(council, far_council, charlie):
    mae_sai = complete_plan(council)
    chumphon = complete_plan(far_council)
    page = charlie.get(reverse("admin:plans_communityplan_changelist")).content.decode()
    assert mae_sai.title in page
    assert chumphon.title not in page
    response = charlie.get(reverse("admin:plans_communityplan_change", args=[chumphon.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect


def test_a_correction_in_the_admin_bumps_the_version_and_keeps_the_state(council, charlie):
    plan = complete_plan(council, state="returned")  # a locked plan is read-only: test_locks
    url = reverse("admin:plans_communityplan_change", args=[plan.pk])
    form = charlie.get(url).context["adminform"].form
    assert "state" not in form.fields  # states move only through the review
    issue = plan.issues.first()
    response = charlie.post(
        url,
        {
            "council": council.pk,
            "title": "แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)",
            "first_year": 2569,
            "last_year": 2573,
            "situation": plan.situation,
            "loaded_version": form["loaded_version"].value(),
            "issues-TOTAL_FORMS": "0",
            "issues-INITIAL_FORMS": "0",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    plan.refresh_from_db()
    assert (plan.title, plan.state, plan.version) == (
        "แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)",
        "returned",
        2,
    )
    assert plan.issues.filter(pk=issue.pk).exists()


def test_only_superusers_change_the_themes(charlie, client_for):
    url = reverse("admin:plans_theme_add")
    assert charlie.get(url).status_code == 403
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert verified_client(root).get(url).status_code == 200


# --- two people saving the same plan ----------------------------------------------------------

NO_INLINES = {
    f"{prefix}-{name}": "0"
    for prefix in ("issues", "history", "budgets", "indicators")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def opened(client, url) -> dict:
    """The change form's fields as the page was loaded, ready to be posted back."""
    form = client.get(url).context["adminform"].form
    data = dict(NO_INLINES)
    for field in form:
        value = field.field.prepare_value(field.value())
        if value is not None:
            data[field.name] = value
    return data


def admin_url(obj) -> str:
    return reverse(f"admin:plans_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_stale_plan_save_is_refused_in_thai_and_keeps_what_was_typed(council, charlie):
    plan = complete_plan(council, situation="ชุมชนค้าขายชายแดน")
    url = admin_url(plan)
    data = opened(charlie, url)
    assert data["loaded_version"] == plan.version == 1
    # Alice saves the plan in the editor while Charlie's page is open.
    plan.situation = "ชุมชนค้าขายชายแดน มีแรงงานข้ามชาติ"
    plan.save_edit(expected_version=1, update_fields=["situation"])

    response = charlie.post(url, {**data, "title": "แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "มีผู้อื่นบันทึกแผนนี้" in page and "เปิดหน้านี้ใหม่" in page
    assert 'value="แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)"' in page  # his input, shown again
    assert 'name="loaded_version" value="1"' in page  # still the old page: saving again fails
    plan.refresh_from_db()
    assert plan.situation == "ชุมชนค้าขายชายแดน มีแรงงานข้ามชาติ" and plan.version == 2
    again = charlie.post(url, {**data, "title": "แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)"})
    assert again.status_code == 200
    assert CommunityPlan.objects.get(pk=plan.pk).title != "แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)"

    # Opened again, the page carries the new version and saves, bumping it.
    fresh = opened(charlie, url)
    assert fresh["situation"] == "ชุมชนค้าขายชายแดน มีแรงงานข้ามชาติ"
    saved = charlie.post(url, {**fresh, "title": "แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)"})
    assert saved.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("แผนพัฒนาชุมชนตำบลแม่สาย (แก้คำผิด)", 3)


def test_the_stale_save_message_in_english(council, codi_staff, english_client):
    charlie = verified_client(codi_staff, "en")
    plan = complete_plan(council)
    data = opened(charlie, admin_url(plan))
    plan.touch()  # a coordinator changed an issue meanwhile
    page = charlie.post(admin_url(plan), data).content.decode()
    assert "Someone else saved this plan, or a part of it, while you had this page open" in page
    assert "it is now at version 2" in page
    assert "open the page again" in page


def test_a_save_without_the_loaded_version_is_refused(council, charlie):
    plan = complete_plan(council)
    data = opened(charlie, admin_url(plan))
    del data["loaded_version"]  # a page from before the check, or a hand-made request
    assert charlie.post(admin_url(plan), data).status_code == 200
    assert CommunityPlan.objects.get(pk=plan.pk).version == 1


@pytest.mark.parametrize("part", ["issue", "project"])
def test_a_stale_save_of_a_part_of_the_plan_is_refused_and_a_fresh_one_bumps_the_plan(
    council, charlie, part
):
    plan = complete_plan(council)
    issue = plan.issues.order_by("order", "pk").first()
    obj = issue if part == "issue" else issue.projects.first()
    url = admin_url(obj)
    data = opened(charlie, url)
    assert data["loaded_version"] == 1
    # A coordinator adds an issue in the editor meanwhile.
    with plan.editing(expected_version=1):
        PlanIssue.objects.create(plan=plan, theme=issue.theme, title="ปัญหาใหม่", order=9)

    stale = charlie.post(url, {**data, "title": "ชื่อที่แก้ในหน้าจัดการ"})
    assert stale.status_code == 200
    assert "ชื่อที่แก้ในหน้าจัดการ" in stale.content.decode()
    obj.refresh_from_db()
    assert obj.title != "ชื่อที่แก้ในหน้าจัดการ"
    assert CommunityPlan.objects.get(pk=plan.pk).version == 2

    saved = charlie.post(url, {**opened(charlie, url), "title": "ชื่อที่แก้ในหน้าจัดการ"})
    assert saved.status_code == 302
    obj.refresh_from_db()
    assert obj.title == "ชื่อที่แก้ในหน้าจัดการ"
    assert CommunityPlan.objects.get(pk=plan.pk).version == 3


def test_adding_a_part_needs_no_loaded_version(council, charlie):
    plan = complete_plan(council)
    theme = plan.issues.first().theme
    response = charlie.post(
        reverse("admin:plans_planissue_add"),
        {"plan": plan.pk, "theme": theme.pk, "title": "ปัญหาที่เพิ่มจากหน้าจัดการ", "priority": 1,
         "villages": "[]", "order": 5},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert CommunityPlan.objects.get(pk=plan.pk).version == 2
