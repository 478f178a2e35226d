"""Plan periods run from one to six fiscal years (MAX_PLAN_YEARS): Nakhon Si Thammarat's
programme runs six. The model, the forms, the budget lines, the import, the plan index and the
PDF's year columns all take a six-year plan, and a one-year plan too."""

import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from councils.models import Subdistrict
from plans import imports
from plans.books import contents
from plans.books.models import StrategyBook
from plans.forms import NewPlanForm, PlanForm
from plans.models import MAX_PLAN_YEARS, CommunityPlan, PlanIssue, PlanProject, ProjectBudget, Theme
from reports import documents
from reports.pdf import html_to_document
from tests.factories import CouncilFactory, PlanFactory, put_in_state
from tests.plans.test_import import GOOD_ROWS, _xlsx
from tests.plans.test_plan_editor import _project_data
from tests.reports.plan_builders import book

NAKHON_TAMBON = "800302"  # a tambon of Nakhon Si Thammarat, as in the demo


@pytest.fixture
def nakhon_council(db):
    return CouncilFactory(subdistrict_id=NAKHON_TAMBON, name="สภาองค์กรชุมชนตำบลนครศรี")


def six_year_plan(council, state="draft") -> CommunityPlan:
    """A plan for fiscal years 2569-2574 with budget in every year, as Nakhon's programme."""
    plan = PlanFactory(
        council=council, first_year=2569, last_year=2574,
        title="แผนพัฒนาชุมชนอินทรีย์ตำบลนครศรี พ.ศ. 2569-2574",
    )  # fmt: skip
    themes = {theme.code: theme for theme in Theme.objects.all()}
    for order, code in enumerate(("economy", "society", "environment"), start=1):
        issue = PlanIssue.objects.create(
            plan=plan, theme=themes[code], title=f"ประเด็น{themes[code].name_th}", order=order
        )
        project = PlanProject.objects.create(
            issue=issue, title=f"โครงการชุมชนอินทรีย์ด้าน{code}", approach="joint"
        )
        ProjectBudget.objects.bulk_create(
            ProjectBudget(
                project=project, fiscal_year=year, source="local_government",
                amount=Decimal(1_250_000 + 10_000 * index),
            )
            for index, year in enumerate(plan.years)
        )  # fmt: skip
    return put_in_state(plan, state)


def test_max_plan_years_is_six():
    assert MAX_PLAN_YEARS == 6
    # The form's help text says it in words (it is a translatable string, not a number).
    with translation.override("en"):
        assert "six fiscal years" in str(PlanForm.Meta.help_texts["last_year"])


@pytest.mark.parametrize(("first", "last"), [(2569, 2569), (2569, 2573), (2569, 2574)])
def test_a_plan_of_one_to_six_years_is_valid(council, first, last):
    plan = CommunityPlan(council=council, title="แผน", first_year=first, last_year=last)
    plan.full_clean()
    assert len(plan.years) == last - first + 1


def test_a_plan_of_seven_years_is_refused_saying_six(council, in_english):
    plan = CommunityPlan(council=council, title="แผน", first_year=2569, last_year=2575)
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert refused.value.message_dict["last_year"] == ["A plan covers at most 6 fiscal years."]


def test_the_new_plan_form_takes_six_years_and_one(nakhon_council, tambon_coordinator):
    councils = CouncilFactory._meta.model.objects.filter(pk=nakhon_council.pk)
    for last in (2574, 2569):
        form = NewPlanForm(
            {"council": nakhon_council.pk, "title": f"แผน {last}", "first_year": 2569,
             "last_year": last},
            councils=councils,
        )  # fmt: skip
        assert form.is_valid(), form.errors
        form.save()
        CommunityPlan.objects.filter(pk=form.instance.pk).delete()


def test_a_new_plan_still_proposes_five_years(nakhon_council):
    councils = CouncilFactory._meta.model.objects.filter(pk=nakhon_council.pk)
    form = NewPlanForm(councils=councils)
    assert form.initial["last_year"] - form.initial["first_year"] + 1 == 5


def test_a_six_year_plan_takes_budget_in_its_sixth_year_through_the_form(
    council, tambon_coordinator, client_for
):
    plan = PlanFactory(council=council, first_year=2569, last_year=2574)
    issue = PlanIssue.objects.create(
        plan=plan, theme=Theme.objects.get(code="economy"), title="รายได้ไม่พอ"
    )
    url = reverse("project_new", args=[plan.pk, issue.pk])
    page = client_for(tambon_coordinator).get(url).content.decode()
    assert '<option value="2574">2574</option>' in page  # the sixth year is offered
    data = _project_data(plan, lines=[(2574, "codi", "9000")], title="โครงการปีที่หก")
    response = client_for(tambon_coordinator).post(url, data)
    assert response.status_code in (200, 302)
    assert ProjectBudget.objects.filter(project__issue=issue, fiscal_year=2574).exists(), (
        response.content.decode()[:2000]
    )


def test_the_plan_import_takes_the_sixth_year_and_refuses_a_seventh(council, tambon_coordinator):
    from tests.factories import PartnerFactory

    PartnerFactory()
    plan = PlanFactory(council=council, first_year=2569, last_year=2574)
    sixth = [[*GOOD_ROWS[0][:8], "2574", "พอช.", "5000"]]
    assert imports.import_projects(plan, _xlsx(sixth), tambon_coordinator).ok
    seventh = [[*GOOD_ROWS[0][:8], "2575", "พอช.", "5000"]]
    outcome = imports.import_projects(plan, _xlsx(seventh), tambon_coordinator)
    assert "2575" in outcome.errors[0].message


def test_a_one_year_plan_has_one_year_column_and_works_end_to_end(council):
    plan = PlanFactory(council=council, first_year=2570, last_year=2570)
    data = documents.plan_data(plan)
    assert data["years"] == [2570]
    _pdf, pages = html_to_document(documents.plan_html(data))
    assert pages >= 1


def test_the_plan_index_shows_a_six_year_period(nakhon_council, client_for):
    from tests.personas import _person

    six_year_plan(nakhon_council)
    nakhon = _person("nok", "province", "80")
    page = client_for(nakhon).get(reverse("plan_index")).content.decode()
    assert "2569–2574" in page


def _pdf_lines(pdf: bytes) -> list[str]:
    result = subprocess.run(  # noqa: S603 - a fixed command on our own PDF
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode().splitlines()


def test_a_six_year_plans_pdf_has_six_year_columns_that_fit_a4_portrait(nakhon_council):
    plan = six_year_plan(nakhon_council, state="accepted")
    data = documents.plan_data(plan)
    assert data["years"] == [2569, 2570, 2571, 2572, 2573, 2574]
    pdf, _pages = html_to_document(documents.plan_html(data))
    lines = _pdf_lines(pdf)
    header = next(line for line in lines if "2569" in line and "2574" in line and "รวม" in line)
    assert header.split()[-7:] == ["2569", "2570", "2571", "2572", "2573", "2574", "รวม"]
    # Six year columns beside the name would not fit A4 portrait (they overlapped): the name
    # takes a row of its own, and the six amounts and the total keep one line under it.
    rows = [line for line in lines if "1,250,000" in line]
    assert len(rows) == 3
    for row in rows:
        assert row.split() == [
            "1,250,000", "1,260,000", "1,270,000", "1,280,000", "1,290,000", "1,300,000",
            "7,650,000",
        ]  # fmt: skip


def test_a_book_of_a_six_year_period_gathers_the_sixth_year(nakhon_council):
    six_year_plan(nakhon_council, state="accepted")
    assert Subdistrict.objects.filter(code=NAKHON_TAMBON).exists()
    district = book(StrategyBook.Level.DISTRICT, NAKHON_TAMBON[:4])
    StrategyBook.objects.filter(pk=district.pk).update(last_year=2574)
    district.refresh_from_db()
    data = contents.book_data(district)
    assert data["book"]["years"] == [2569, 2570, 2571, 2572, 2573, 2574]
    assert Decimal(data["totals"]["total"]) == sum(
        ProjectBudget.objects.filter(project__issue__plan__council=nakhon_council).values_list(
            "amount", flat=True
        )
    )
