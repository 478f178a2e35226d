"""The accountability page's query count is the same for a province of 5 tambons and of 500."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.access import Role
from councils.models import Council, District, Partner, Subdistrict
from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import CommunityPlan, PlanIssue, PlanProject, ProjectBudget, Theme
from tests.factories import AssignmentFactory, UserFactory

PROVINCE = "30"  # Nakhon Ratchasima: 32 districts, the most tambons of any province


def tambons(n: int) -> list[Subdistrict]:
    """n tambons of the province without a council: its real ones, then made-up ones (numbers
    50-99 of each district) where a test needs more tambons than the province has."""
    in_province = Subdistrict.objects.filter(code__startswith=PROVINCE)
    real = list(in_province.filter(councils__isnull=True).order_by("code")[:n])
    taken = set(in_province.values_list("code", flat=True))
    extra = []
    districts = list(District.objects.filter(province_id=PROVINCE).order_by("code"))
    number = 50
    while len(real) + len(extra) < n:
        for district in districts:
            code = f"{district.code}{number}"
            if len(real) + len(extra) < n and code not in taken:
                extra.append(
                    Subdistrict(
                        code=f"{district.code}{number}",
                        district=district,
                        name_th=f"ทดสอบ {district.code}{number}",
                        name_en=f"Test {district.code}{number}",
                    )
                )
        number += 1
    return real + Subdistrict.objects.bulk_create(extra)


def province_of(n: int, user) -> None:
    """n councils with an accepted plan of two projects each, bulk-created, and a timeline for
    every third project: a few updates through record_update, the rest bulk-created with their
    execution state written by PlanProject.objects.filter(...)._record_execution(...), which is
    the state writer's own path (record_update calls it), so the state agrees with the rows."""
    theme = Theme.objects.get(code="economy")
    councils = Council.objects.bulk_create(
        Council(subdistrict=tambon, name=f"สภาองค์กรชุมชนตำบล{tambon.name_th}")
        for tambon in tambons(n)
    )
    plans = CommunityPlan.objects.bulk_create(
        CommunityPlan(council=council, title="แผนพัฒนาตำบล", first_year=2569, last_year=2573)
        for council in councils
    )
    issues = PlanIssue.objects.bulk_create(
        PlanIssue(plan=plan, theme=theme, title="รายได้ไม่พอรายจ่าย", order=1) for plan in plans
    )
    projects = PlanProject.objects.bulk_create(
        PlanProject(issue=issue, title=f"โครงการ {k}", approach="joint", order=k)
        for issue in issues
        for k in (1, 2)
    )
    ProjectBudget.objects.bulk_create(
        ProjectBudget(project=p, fiscal_year=2569, source="local_government", amount=Decimal(1000))
        for p in projects
    )
    # Accepted after they were filled (an accepted plan takes no new parts).
    CommunityPlan.objects.filter(pk__in=[p.pk for p in plans])._record_move("accepted")
    partners = Partner.objects.bulk_create(
        Partner(name=f"อบต.{c.subdistrict.name_th}", kind="local_government", area_code="30")
        for c in councils[:: max(1, n // 20)]
    )
    followed = projects[::3]
    handful, bulk = followed[:3], followed[3:]
    for number, project in enumerate(handful):
        project.record_update(
            ProjectUpdate(
                happened_on=dt.date(2026, 3, 1), status="under_way", progress=20, by=user,
                adopted_by=partners[number % len(partners)], agency_plan="local_development",
            ),
            commitments=[Commitment(fiscal_year=2569, source="local_government", amount=500)],
            spending=[Spending(fiscal_year=2569, source="local_government", amount=100)],
        )  # fmt: skip
    updates = ProjectUpdate.objects.bulk_create(
        ProjectUpdate(
            project=project, happened_on=dt.date(2026, 3, 1), status="done", progress=100,
            by=user, adopted_by=partners[k % len(partners)], agency_plan="local_development",
        )
        for k, project in enumerate(bulk)
    )  # fmt: skip
    Commitment.objects.bulk_create(
        Commitment(update=u, fiscal_year=2569, source="local_government", amount=700)
        for u in updates
    )
    Spending.objects.bulk_create(
        Spending(update=u, fiscal_year=2569, source="local_government", amount=600) for u in updates
    )
    PlanProject.objects.filter(pk__in=[p.pk for p in bulk])._record_execution(
        execution_status="done", progress=100, last_update_on=dt.date(2026, 3, 1),
        taken_into_plan=True, committed_total=Decimal(700), spent_total=Decimal(600),
    )  # fmt: skip


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url_name", ["area_accountability", "area_accountability_projects"])
def test_the_provincial_page_costs_the_same_for_5_and_500_tambons(db, url_name, client_for):
    pim = UserFactory(username="korat")
    AssignmentFactory(user=pim, role=Role.PROVINCE_COORDINATOR, area_code=PROVINCE)
    client = client_for(pim)
    url = reverse(url_name, args=[PROVINCE])
    if url_name.endswith("projects"):
        url += "?status=done&source=local_government"
    province_of(5, pim)
    client.get(url)  # warm the session
    cache.clear()  # the figures computed, not read back (test_the_figures_are_kept_until...)
    small = queries_of(client, url)
    province_of(495, pim)
    assert Council.objects.in_area(PROVINCE).count() == 500
    cache.clear()
    large = queries_of(client, url)
    assert len(large) == len(small), "\n".join(large)
    if url_name == "area_accountability":
        # session, user, assignments (scope), the province; the themes; the area's version: its
        # newest update and plan move (2); the figure table: the
        # plan years, one pass for every project count and the budget asked by theme, source
        # and year, baht committed and spent by theme, source and year (4); the share of
        # tambons: projects by district, accepted plans by district, district names (3); the
        # partners: projects taken, baht committed (2); the quiet tambons: their count and
        # their page (2); the menu's counts (reports/landing.py).
        assert len(large) == 4 + 1 + 2 + 4 + 3 + 2 + 2 + 1, "\n".join(large)


def test_the_figures_are_kept_until_the_area_records_an_update(db, client_for):
    from plans.execution.models import ProjectUpdate

    pim = UserFactory(username="korat")
    AssignmentFactory(user=pim, role=Role.PROVINCE_COORDINATOR, area_code=PROVINCE)
    client = client_for(pim)
    url = reverse("area_accountability", args=[PROVINCE])
    province_of(5, pim)
    computed = queries_of(client, url)
    kept = queries_of(client, url)
    # The second request reads the two version queries and the figures from the cache: the
    # figure table (4), the shares (3) and the partners (2) are not read again.
    assert len(kept) == len(computed) - 9, "\n".join(kept)
    before = client.get(url).context["table"].total.under_way
    project = PlanProject.objects.filter(
        issue__plan__council__subdistrict__code__startswith=PROVINCE, execution_status="not_started"
    ).first()
    project.record_update(
        ProjectUpdate(happened_on=dt.date(2026, 3, 5), status="under_way", progress=10, by=pim)
    )
    after = client.get(url).context["table"].total.under_way
    assert after == before + 1
