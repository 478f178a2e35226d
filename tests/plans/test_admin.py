"""The plan admin: CODI staff correct plans in their region only; saves bump the version."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, complete_plan


@pytest.fixture
def charlie(codi_staff, client_for):
    return client_for(codi_staff)


def test_staff_see_only_the_plans_of_their_region(council, far_council, charlie):
    mae_sai = complete_plan(council)
    chumphon = complete_plan(far_council)
    page = charlie.get(reverse("admin:plans_communityplan_changelist")).content.decode()
    assert mae_sai.title in page
    assert chumphon.title not in page
    response = charlie.get(reverse("admin:plans_communityplan_change", args=[chumphon.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect


def test_a_correction_in_the_admin_bumps_the_version_and_keeps_the_state(council, charlie):
    plan = complete_plan(council, state="submitted")
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
        "submitted",
        2,
    )
    assert plan.issues.filter(pk=issue.pk).exists()


def test_only_superusers_change_the_themes(charlie, client_for):
    url = reverse("admin:plans_theme_add")
    assert charlie.get(url).status_code == 403
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert client_for(root).get(url).status_code == 200
