"""The projects' admin at the national size (issue 14): a search reads the project's own title
(a trigram index on PostgreSQL) or the tambon's code, never columns four joins away, and the
list's queries stay as many as projects grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.factories import TAMBON_HUAI_KHRAI, IssueFactory, PlanFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PROJECTS = "admin:plans_planproject_changelist"


def listed(client, **params) -> list:
    response = client.get(reverse(PROJECTS), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("q", ["", "ส่งเสริม", "5709"])
def test_projects_list_and_search_stay_flat(codi_staff, council, q, django_assert_num_queries):
    issue = IssueFactory(plan=PlanFactory(council=council))
    ProjectFactory.create_batch(2, issue=issue)
    charlie = verified_client(codi_staff)
    charlie.get(reverse(PROJECTS), {"q": q})  # the first request also loads the login
    with CaptureQueriesContext(connection) as captured:
        charlie.get(reverse(PROJECTS), {"q": q})
    ProjectFactory.create_batch(5, issue=issue)
    with django_assert_num_queries(len(captured)):
        charlie.get(reverse(PROJECTS), {"q": q})
    assert not [q for q in captured.captured_queries if "DISTINCT" in q["sql"].upper()]


def test_projects_are_found_by_title_or_tambon_code(codi_staff, council, other_council):
    here = ProjectFactory(
        issue=IssueFactory(plan=PlanFactory(council=council), title="น้ำไม่พอใช้"),
        title="ธนาคารน้ำใต้ดิน",
    )
    there = ProjectFactory(
        issue=IssueFactory(plan=PlanFactory(council=other_council)), title="ตลาดชุมชน"
    )
    charlie = verified_client(codi_staff)
    assert listed(charlie, q="น้ำใต้") == [here]
    assert listed(charlie, q=TAMBON_HUAI_KHRAI) == [there]
    assert set(listed(charlie, q="5709")) == {here, there}
    assert listed(charlie, q="ไม่พอใช้") == []  # the issue's title is not searched
