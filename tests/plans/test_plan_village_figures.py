"""The plan's situation analysis shows its tambon's village data, and an issue cites the figures
it answers; an accepted plan's citations are as locked as the rest of it."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.villages.models import Dataset, VillageFigure, VillageIndicator
from plans import changes
from plans.models import PlanIssue, PlanLocked
from tests.factories import (
    IssueFactory,
    VillageFigureFactory,
    basic_needs_indicator,
    complete_plan,
    put_in_state,
)

pytestmark = pytest.mark.django_db


def _road():
    return VillageIndicator.objects.get(dataset=Dataset.VILLAGE_BASIC_DATA, code="1")


@pytest.fixture
def figures():
    """Mae Sai's 2568 survey: clean water short in villages 3 and 5, indicator 1 met; a serious
    road problem in village 4 (กชช. 2ค of 2567). An older survey says nothing on the page."""
    water, first = basic_needs_indicator("9"), basic_needs_indicator("1")
    for village, passed in ((1, 95), (3, 60), (5, 61)):
        VillageFigureFactory(
            village_no=village, indicator=water, households_surveyed=100,
            households_passed=passed,
        )  # fmt: skip
        VillageFigureFactory(village_no=village, indicator=first, households_passed=120)
    VillageFigureFactory(year=2566, village_no=7, indicator=water, households_passed=1)
    VillageFigure.objects.create(
        subdistrict_id="570901", village_no=4, year=2567, indicator=_road(), level=1
    )
    return {"water": water, "first": first}


@pytest.fixture
def plan(council):
    return complete_plan(council)


def test_the_situation_shows_the_short_indicators_first_with_their_villages(
    plan, figures, tambon_coordinator, client_for
):
    page = client_for(tambon_coordinator).get(reverse("plan_detail", args=[plan.pk]))
    html = page.content.decode()
    village = page.context["village"]
    assert [row.indicator for row in village.basic_needs] == [figures["water"], figures["first"]]
    assert village.short[0].short_villages == [3, 5]
    assert 'id="village-data"' in html
    # The source and its year are named; the short one is highlighted with its bar.
    assert "(จปฐ.)" in html and "2568" in html and "2567" in html
    assert '<li class="short">' in html and 'style="width: 72.0%"' in html
    assert "หมู่ 3, หมู่ 5" in html
    assert "หมู่ 4" in html and _road().name in html
    assert "หมู่ 7" not in html  # only the latest survey


def test_a_tambon_without_village_data_says_so(plan, tambon_coordinator, client_for):
    html = client_for(tambon_coordinator).get(reverse("plan_detail", args=[plan.pk])).content
    assert "ยังไม่มีการนำเข้าข้อมูลหมู่บ้าน" in html.decode()


def _issue_data(client, url, **values) -> dict:
    form = client.get(url).context["form"]
    return {
        "version": form["version"].value(),
        "base": form["base"].value(),
        "theme": form["theme"].value() or form.fields["theme"].queryset.first().pk,
        "title": form["title"].value() or "น้ำดื่มไม่สะอาด",
        "priority": 1,
        "villages": "3, 5",
        "description": "",
        **values,
    }


def test_the_issue_form_offers_the_tambons_figures_short_ones_first(
    plan, figures, tambon_coordinator, client_for
):
    alice = client_for(tambon_coordinator)
    form = alice.get(reverse("issue_new", args=[plan.pk])).context["form"]
    choices = list(form.fields["cited_indicators"].choices)
    assert [pk for pk, _label in choices] == [figures["water"].pk, figures["first"].pk, _road().pk]
    assert choices[0][1] == f"จปฐ. ข้อ 9 {figures['water'].name}: ผ่านเกณฑ์ 72% เป้าหมาย 90%"
    # An indicator without data for the tambon is not a valid choice.
    other = basic_needs_indicator("20")
    url = reverse("issue_new", args=[plan.pk])
    refused = alice.post(url, _issue_data(alice, url, cited_indicators=[other.pk]))
    assert refused.status_code == 200
    assert "cited_indicators" in refused.context["form"].errors


def test_an_issue_cites_figures_and_shows_them_under_it(
    plan, figures, tambon_coordinator, client_for
):
    alice = client_for(tambon_coordinator)
    url = reverse("issue_new", args=[plan.pk])
    saved = alice.post(url, _issue_data(alice, url, cited_indicators=[figures["water"].pk]))
    assert saved.status_code == 302
    issue = PlanIssue.objects.get(plan=plan, title="น้ำดื่มไม่สะอาด")
    assert list(issue.cited_indicators.all()) == [figures["water"]]
    html = alice.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "ผ่านเกณฑ์ 72% เป้าหมาย 90%" in html
    assert 'class="cited-figures"' in html


def test_editing_an_issue_keeps_a_citation_whose_data_is_gone(
    plan, figures, tambon_coordinator, client_for
):
    issue = plan.issues.first()
    issue.cited_indicators.add(figures["water"])
    VillageFigure.objects.filter(indicator=figures["water"]).delete()
    alice = client_for(tambon_coordinator)
    url = reverse("issue_edit", args=[plan.pk, issue.pk])
    data = _issue_data(alice, url, cited_indicators=[figures["water"].pk])
    assert alice.post(url, data).status_code == 302
    assert list(issue.cited_indicators.all()) == [figures["water"]]


@pytest.mark.parametrize("state", ["submitted", "accepted"])
def test_the_citations_of_a_locked_plan_cannot_change_by_any_path(plan, figures, state):
    issue = plan.issues.first()
    issue.cited_indicators.add(figures["first"])
    put_in_state(plan, state)
    tries = (
        lambda: issue.cited_indicators.add(figures["water"]),
        lambda: issue.cited_indicators.remove(figures["first"]),
        lambda: issue.cited_indicators.clear(),
        lambda: issue.cited_indicators.set([figures["water"]]),
        lambda: figures["water"].plan_issues.add(issue),  # from the indicator's side
        lambda: figures["first"].plan_issues.clear(),
    )
    for attempt in tries:
        # Each in its own savepoint: the refusal leaves the test's transaction usable.
        with pytest.raises(PlanLocked), transaction.atomic():
            attempt()
    assert list(issue.cited_indicators.all()) == [figures["first"]]


def test_an_open_plans_citations_change_from_either_side(plan, figures):
    issue = plan.issues.first()
    figures["water"].plan_issues.add(issue)
    issue.cited_indicators.add(figures["first"])
    assert set(issue.cited_indicators.all()) == {figures["water"], figures["first"]}


def test_the_admin_edits_citations_only_while_the_plan_is_open(plan, rf, codi_staff):
    issue = plan.issues.first()
    admin = site._registry[PlanIssue]
    request = rf.get("/")
    request.user = codi_staff
    assert "cited_indicators" in admin.get_fields(request, issue)
    assert admin.has_change_permission(request, issue)
    put_in_state(plan, "accepted")
    assert not admin.has_change_permission(request, issue)


def test_a_returned_plan_remembers_its_citations_and_shows_the_change(
    plan, figures, tambon_coordinator, district_coordinator
):
    issue = plan.issues.first()
    issue.cited_indicators.add(figures["first"])
    plan.submit(by=tambon_coordinator)
    plan.send_back(by=district_coordinator, note="อ้างข้อมูล จปฐ. ให้ตรงประเด็น")
    kept = plan.history.get(to_state="returned").contents["issues"]
    assert str(figures["first"]) in next(i for i in kept if i["id"] == issue.pk)["cited_indicators"]
    issue.cited_indicators.add(figures["water"])
    plan.submit(by=tambon_coordinator)
    found = changes.since_return(plan, list(plan.history.all()))
    (changed,) = found.issues
    (field,) = changed.fields
    assert str(figures["water"]) in field.after and str(figures["water"]) not in field.before


def test_the_plan_page_costs_the_same_queries_for_more_villages(
    plan, tambon_coordinator, client_for
):
    water = basic_needs_indicator("9")
    IssueFactory(plan=plan).cited_indicators.add(water)
    alice = client_for(tambon_coordinator)
    url = reverse("plan_detail", args=[plan.pk])

    def count(villages: int) -> int:
        for village in range(1, villages + 1):
            VillageFigureFactory(village_no=village, indicator=water, households_passed=60)
            VillageFigure.objects.create(
                subdistrict_id="570901", village_no=village, year=2567, indicator=_road(), level=1
            )
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(url).status_code == 200
        VillageFigure.objects.all().delete()
        return len(queries)

    # The village data adds seven queries (rollup.tambon_figures) and the citations one
    # prefetch, whatever the number of villages.
    assert count(2) == count(12)
