"""Indicators as data: the free text migrated into rows, edited with a target per fiscal year,
locked with their plan or book, imported and exported, measured, and shown without N+1."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import changes, imports
from plans.books import contents, curation
from plans.books.models import BookEndorsed, StrategyBook
from plans.execution.models import Indicator, IndicatorMeasurement, IndicatorTarget
from plans.models import PlanLocked, PlanProject
from tests.factories import IssueFactory, PlanFactory, ProjectFactory, complete_plan, put_in_state
from tests.reports.plan_builders import accepted_plan, book

HTMX = {"HX-Request": "true"}
BEFORE = ("plans", "0009_plan_returns_keep_their_contents")


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture
def plan(council):
    return PlanFactory(council=council, first_year=2569, last_year=2571)


@pytest.fixture
def mae_sai(db):
    accepted_plan("570901")
    return book(StrategyBook.Level.DISTRICT, "5709")


def _project_post(plan, indicators: list[dict], **overrides) -> dict:
    data = {
        "version": plan.version,
        "title": "โครงการบัญชีครัวเรือน",
        "objective": "",
        "target": "",
        "approach": "self",
        "lead_partner": "",
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": str(len(indicators)),
        "indicators-INITIAL_FORMS": "0",
        **overrides,
    }
    for number, fields in enumerate(indicators):
        for name, value in fields.items():
            data[f"indicators-{number}-{name}"] = value
    return data


# --- the data migration -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_free_text_indicator(council):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([BEFORE])
    try:
        old = executor.loader.project_state([BEFORE]).apps
        plan = old.get_model("plans", "CommunityPlan").objects.create(
            council_id=council.pk, title="แผน", first_year=2569, last_year=2573
        )
        theme = old.get_model("plans", "Theme").objects.get(code="economy")
        issue = old.get_model("plans", "PlanIssue").objects.create(
            plan=plan, theme=theme, title="หนี้สิน", priority=1, villages=[1]
        )
        project = old.get_model("plans", "PlanProject").objects.create(
            issue=issue, title="บัญชีครัวเรือน", approach="self", indicator="หนี้ลดลงร้อยละ 30"
        )
        old.get_model("plans", "PlanProject").objects.create(
            issue=issue, title="ไม่มีตัวชี้วัด", approach="self", indicator=""
        )
        the_book = old.get_model("plans", "StrategyBook").objects.create(
            level="district", area_code="5709", title="เล่ม", first_year=2569, last_year=2573
        )
        strategic = old.get_model("plans", "StrategicIssue").objects.create(
            book=the_book, title="เศรษฐกิจ", indicators="ครัวเรือนทำบัญชี\n\n  ตลาดชุมชนประจำ  "
        )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

        # Sorted here: PostgreSQL and SQLite put the empty project column at opposite ends.
        rows = sorted(
            Indicator.objects.all(),
            key=lambda r: (r.project_id or 0, r.strategic_issue_id or 0, r.order),
        )
        assert [(r.project_id, r.strategic_issue_id, r.name, r.order) for r in rows] == [
            (None, strategic.pk, "ครัวเรือนทำบัญชี", 1),
            (None, strategic.pk, "ตลาดชุมชนประจำ", 2),
            (project.pk, None, "หนี้ลดลงร้อยละ 30", 1),
        ]

        # Back to the text and forward again: the same words, no row lost or doubled.
        executor = MigrationExecutor(connection)
        executor.migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps
        assert old.get_model("plans", "PlanProject").objects.get(pk=project.pk).indicator == (
            "หนี้ลดลงร้อยละ 30"
        )
        assert old.get_model("plans", "StrategicIssue").objects.get(pk=strategic.pk).indicators == (
            "ครัวเรือนทำบัญชี\nตลาดชุมชนประจำ"
        )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        assert Indicator.objects.count() == 3
    finally:
        MigrationExecutor(connection).migrate(latest)


# --- the project form ----------------------------------------------------------------------


def test_the_project_form_saves_a_target_for_each_year_of_the_plan(plan, alice):
    issue = IssueFactory(plan=plan)
    response = alice.post(
        reverse("project_new", args=[plan.pk, issue.pk]),
        _project_post(
            plan,
            [
                {
                    "name": "ครัวเรือนทำบัญชี", "unit": "ครัวเรือน", "baseline": "12",
                    "baseline_year": "2568", "target_2569": "20", "target_2570": "",
                    "target_2571": "40",
                }
            ],
        ),
    )  # fmt: skip
    assert response.status_code == 302
    indicator = PlanProject.objects.get(title="โครงการบัญชีครัวเรือน").indicators.get()
    assert (indicator.unit, indicator.baseline, indicator.baseline_year) == (
        "ครัวเรือน", Decimal("12"), 2568
    )  # fmt: skip
    assert list(indicator.targets.values_list("fiscal_year", "value")) == [
        (2569, Decimal("20.00")),
        (2571, Decimal("40.00")),
    ]


def test_the_project_form_has_a_target_box_for_every_year_of_a_six_year_plan(council, alice):
    plan = PlanFactory(council=council, first_year=2569, last_year=2574)
    issue = IssueFactory(plan=plan)
    page = alice.get(reverse("project_new", args=[plan.pk, issue.pk])).content.decode()
    for year in range(2569, 2575):
        assert f'name="indicators-0-target_{year}"' in page
    assert 'name="indicators-0-target_2575"' not in page


def test_emptying_a_target_removes_it_and_changing_one_keeps_one_row(plan, alice):
    project = ProjectFactory(issue=IssueFactory(plan=plan), indicator="")
    indicator = Indicator.objects.create(project=project, name="ครัวเรือนทำบัญชี")
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2569, value=10)
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2570, value=20)
    data = _project_post(
        plan,
        [{"id": indicator.pk, "name": "ครัวเรือนทำบัญชี", "target_2569": "", "target_2570": "25"}],
        **{"indicators-INITIAL_FORMS": "1", "title": project.title},
    )
    response = alice.post(reverse("project_edit", args=[plan.pk, project.pk]), data)
    assert response.status_code == 302
    assert list(indicator.targets.values_list("fiscal_year", "value")) == [(2570, Decimal("25"))]


def test_a_christian_era_baseline_year_is_refused_naming_the_row_and_keeping_the_text(plan, alice):
    issue = IssueFactory(plan=plan)
    response = alice.post(
        reverse("project_new", args=[plan.pk, issue.pk]),
        _project_post(
            plan,
            [
                {"name": "ครัวเรือนทำบัญชี", "target_2569": "20"},
                {"name": "หนี้ลดลง", "baseline": "30", "baseline_year": "2025"},
            ],
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "looks like a Christian-era (C.E.) year" in page
    assert "Baseline year (B.E.), line 2" in page
    assert 'value="หนี้ลดลง"' in page and 'value="2025"' in page
    assert not Indicator.objects.filter(project__issue=issue).exists()


def test_a_bad_target_is_named_by_its_year_and_row_in_thai(plan, tambon_coordinator, client_for):
    issue = IssueFactory(plan=plan)
    response = client_for(tambon_coordinator).post(
        reverse("project_new", args=[plan.pk, issue.pk]),
        _project_post(
            plan,
            [{"name": "ครัวเรือนทำบัญชี"}, {"name": "หนี้ลดลง", "target_2570": "สามสิบ"}],
        ),
    )
    assert response.status_code == 200
    assert "ค่าเป้าหมาย ปี 2570 แถวที่ 2" in response.content.decode()


def test_targets_without_a_name_are_refused(plan, alice):
    issue = IssueFactory(plan=plan)
    response = alice.post(
        reverse("project_new", args=[plan.pk, issue.pk]),
        _project_post(plan, [{"name": "", "target_2569": "20"}]),
    )
    assert response.status_code == 200
    assert "Give the indicator&#x27;s name." in response.content.decode()
    assert not PlanProject.objects.filter(title="โครงการบัญชีครัวเรือน").exists()


# --- locks in the model --------------------------------------------------------------------


def test_a_locked_plans_indicators_and_targets_are_refused_in_the_model(council):
    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__plan=plan).first()
    indicator = project.indicators.get()
    target = IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2569, value=10)
    put_in_state(plan, "submitted")
    with pytest.raises(PlanLocked):
        Indicator(project=project, name="ใหม่").save()
    with pytest.raises(PlanLocked):
        indicator.delete()
    target.value = 20
    with pytest.raises(PlanLocked):
        target.save()
    with pytest.raises(PlanLocked):
        IndicatorTarget(indicator=indicator, fiscal_year=2570, value=5).save()
    assert indicator.is_locked


def test_an_endorsed_books_indicators_are_refused_in_the_model(mae_sai, district_coordinator):
    issue = mae_sai.issues.first()
    indicator = Indicator.objects.create(strategic_issue=issue, name="ครัวเรือนทำบัญชี")
    curation.endorse(mae_sai, by=district_coordinator, body="เวทีอำเภอ", on=dt.date(2026, 1, 5))
    with pytest.raises(BookEndorsed):
        Indicator(strategic_issue=issue, name="ใหม่").save()
    with pytest.raises(BookEndorsed):
        IndicatorTarget(indicator=indicator, fiscal_year=2569, value=5).save()
    assert indicator.is_locked


# --- the book's issue form ------------------------------------------------------------------


def test_a_draft_books_issue_gets_indicators_with_a_target_per_book_year(
    mae_sai, district_coordinator, client_for
):
    issue = mae_sai.issues.first()
    response = client_for(district_coordinator).post(
        reverse("book_issue_edit", args=[mae_sai.pk, issue.pk]),
        {
            "title": issue.title,
            "goal": "",
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-name": "ตำบลที่มีโครงการดำเนินการจริง",
            "indicators-0-unit": "ตำบล",
            "indicators-0-target_2569": "3",
            "indicators-0-target_2573": "8",
        },
    )
    assert response.status_code == 302
    indicator = issue.indicators.get()
    assert list(indicator.targets.values_list("fiscal_year", flat=True)) == [2569, 2573]
    assert contents.book_data(mae_sai)["issues"][0]["indicators"][0]["years"][0] == {
        "year": 2569,
        "target": "3",
        "measured": "",
    }


def test_an_endorsed_books_issue_form_shows_its_indicators_without_boxes(
    mae_sai, district_coordinator, client_for
):
    issue = mae_sai.issues.first()
    Indicator.objects.create(strategic_issue=issue, name="ครัวเรือนทำบัญชี", unit="ร้อยละ")
    curation.endorse(mae_sai, by=district_coordinator, body="เวทีอำเภอ", on=dt.date(2026, 1, 5))
    page = client_for(district_coordinator).get(
        reverse("book_issue_edit", args=[mae_sai.pk, issue.pk])
    )
    html = page.content.decode()
    assert "ครัวเรือนทำบัญชี (ร้อยละ)" in html
    assert "indicators-TOTAL_FORMS" not in html


# --- measured values --------------------------------------------------------------------------


def _measure(client, the_book, issue, **data):
    return client.post(reverse("book_issue_measure", args=[the_book.pk, issue.pk]), data)


def test_the_coordinator_records_measured_values_and_the_book_page_shows_the_latest(
    mae_sai, district_coordinator, client_for
):
    issue = mae_sai.issues.first()
    indicator = Indicator.objects.create(strategic_issue=issue, name="ครัวเรือนทำบัญชี")
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2569, value=30)
    curation.endorse(mae_sai, by=district_coordinator, body="เวทีอำเภอ", on=dt.date(2026, 1, 5))
    client = client_for(district_coordinator)
    first = _measure(
        client, mae_sai, issue, indicator=indicator.pk, fiscal_year=2569, value="18",
        measured_on="1/2/2569",
    )  # fmt: skip
    assert first.status_code == 302
    _measure(
        client, mae_sai, issue, indicator=indicator.pk, fiscal_year=2569, value="1250.5",
        measured_on="1/3/2569",
    )  # fmt: skip
    measured = IndicatorMeasurement.objects.filter(indicator=indicator)
    assert measured.count() == 2
    assert measured.latest("measured_on").by == district_coordinator
    page = client.get(mae_sai.get_absolute_url()).content.decode()
    assert "1,250.5" in page
    assert ">18<" not in page  # only the newest of the year counts


def test_a_measured_value_outside_the_books_years_is_refused_and_kept(
    mae_sai, district_coordinator, english_client
):
    issue = mae_sai.issues.first()
    indicator = Indicator.objects.create(strategic_issue=issue, name="ครัวเรือนทำบัญชี")
    curation.endorse(mae_sai, by=district_coordinator, body="เวทีอำเภอ", on=dt.date(2026, 1, 5))
    response = _measure(
        english_client(district_coordinator), mae_sai, issue, indicator=indicator.pk,
        fiscal_year=2580, value="77", measured_on="1/2/2569",
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "outside the book&#x27;s period 2569-2573" in page
    assert 'value="77"' in page
    assert not IndicatorMeasurement.objects.exists()


def test_a_draft_books_indicator_is_not_measured_yet(mae_sai, district_coordinator):
    indicator = Indicator.objects.create(strategic_issue=mae_sai.issues.first(), name="ตัวชี้วัด")
    measurement = IndicatorMeasurement(
        indicator=indicator, fiscal_year=2569, value=1, measured_on=dt.date(2026, 1, 5),
        by=district_coordinator,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        measurement.full_clean()
    assert "value" in refused.value.message_dict


def test_another_districts_coordinator_cannot_measure(mae_sai, province_coordinator, client_for):
    issue = mae_sai.issues.first()
    indicator = Indicator.objects.create(strategic_issue=issue, name="ครัวเรือนทำบัญชี")
    response = _measure(
        client_for(province_coordinator), mae_sai, issue, indicator=indicator.pk,
        fiscal_year=2569, value="5", measured_on="1/2/2569",
    )  # fmt: skip
    assert response.status_code == 403
    assert not IndicatorMeasurement.objects.exists()


# --- the plan page and a returned plan ----------------------------------------------------


def test_the_plan_page_shows_each_indicator_with_its_targets(plan, alice):
    project = ProjectFactory(issue=IssueFactory(plan=plan), indicator="")
    indicator = Indicator.objects.create(project=project, name="ครัวเรือนทำบัญชี", unit="ครัวเรือน")
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2569, value=30)
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2570, value="42.50")
    page = alice.get(plan.get_absolute_url()).content.decode()
    assert "ครัวเรือนทำบัญชี: target 2569 30 · 2570 42.5 (ครัวเรือน)" in page


def test_a_returned_plan_shows_its_changed_indicators(council, tambon_coordinator):
    plan = complete_plan(council, state="submitted")
    plan.send_back(by=tambon_coordinator, note="ขอเป้าหมายรายปี")
    indicator = Indicator.objects.filter(project__issue__plan=plan).first()
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2569, value=30)
    plan.refresh_from_db()
    found = changes.since_return(plan, list(plan.history.all()))
    [change] = found.projects
    [field] = change.fields
    assert (field.before, field.after) == (
        "รายได้เพิ่มขึ้นร้อยละ 10",
        "รายได้เพิ่มขึ้นร้อยละ 10: เป้าหมาย 2569 30",
    )


# --- import and export ----------------------------------------------------------------------


def test_the_export_and_import_keep_every_indicator(council, other_council, tambon_coordinator):
    source = PlanFactory(council=council)
    project = ProjectFactory(issue=IssueFactory(plan=source), indicator="ครัวเรือนทำบัญชี")
    Indicator.objects.create(project=project, name="หนี้ลดลง", order=2)
    upload = SimpleUploadedFile("plan.xlsx", imports.export_plan(source))
    target = PlanFactory(council=other_council)
    outcome = imports.import_projects(target, upload, tambon_coordinator)
    assert outcome.ok, outcome
    copied = PlanProject.objects.get(issue__plan=target)
    assert list(copied.indicators.values_list("name", "order")) == [
        ("ครัวเรือนทำบัญชี", 1),
        ("หนี้ลดลง", 2),
    ]
    assert outcome.imported["indicators"] == 2
    # Importing the same file again adds nothing twice.
    upload.seek(0)
    imports.import_projects(target, upload, tambon_coordinator)
    assert copied.indicators.count() == 2


def test_a_file_with_a_bad_indicator_imports_nothing(council, other_council, tambon_coordinator):
    source = PlanFactory(council=council)
    ProjectFactory(issue=IssueFactory(plan=source), indicator="ค" * 300)
    ProjectFactory(issue=IssueFactory(plan=source), indicator="ดี")
    # One letter more than a name may hold, typed into the file (no database takes it).
    workbook = openpyxl.load_workbook(io.BytesIO(imports.export_plan(source)))
    for row in workbook.active.iter_rows():
        for cell in row:
            if cell.value == "ค" * 300:
                cell.value = "ค" * 301
    written = io.BytesIO()
    workbook.save(written)
    upload = SimpleUploadedFile("plan.xlsx", written.getvalue())
    target = PlanFactory(council=other_council)
    outcome = imports.import_projects(target, upload, tambon_coordinator)
    assert not outcome.ok
    assert "ตัวชี้วัด" in str(outcome.errors)
    assert not Indicator.objects.filter(project__issue__plan=target).exists()


def test_the_template_documents_the_indicator_column(in_english):
    [column] = [c for c in imports.columns() if c.column_name == "ตัวชี้วัด"]
    assert "Rows of the same project with another indicator add it" in str(column.help_text)


# --- queries ------------------------------------------------------------------------------


def _book_with_indicators(the_book, per_issue: int, by) -> None:
    for issue in the_book.issues.all():
        for n in range(per_issue):
            indicator = Indicator.objects.create(strategic_issue=issue, name=f"ตัวชี้วัด {n}")
            for year in the_book.years:
                IndicatorTarget.objects.create(indicator=indicator, fiscal_year=year, value=n)


@pytest.mark.parametrize("per_issue", [1, 6])
def test_the_book_page_queries_stay_flat_as_indicators_and_measurements_grow(
    per_issue, db, district_coordinator, client_for, django_assert_num_queries
):
    accepted_plan("570901")
    the_book = book(StrategyBook.Level.DISTRICT, "5709")
    _book_with_indicators(the_book, per_issue, district_coordinator)
    curation.endorse(the_book, by=district_coordinator, body="เวทีอำเภอ", on=dt.date(2026, 1, 5))
    for indicator in Indicator.objects.all():
        for year in (2569, 2570):
            IndicatorMeasurement.objects.create(
                indicator=indicator, fiscal_year=year, value=per_issue,
                measured_on=dt.date(2026, 2, 1), by=district_coordinator,
            )  # fmt: skip
    client = client_for(district_coordinator)
    client.get(the_book.get_absolute_url())  # warm the session
    # As in test_book_views (31), and one more: this book is endorsed, so the updates since its
    # endorsement are counted; the same whatever the number of indicators and values.
    with django_assert_num_queries(32):
        response = client.get(the_book.get_absolute_url())
    assert response.content.decode().count('class="measured"') == 2 * 3 * per_issue


def test_the_books_data_reads_all_indicators_in_two_queries(db, district_coordinator):
    accepted_plan("570901")
    few = book(StrategyBook.Level.DISTRICT, "5709")
    with CaptureQueriesContext(connection) as without:
        contents.book_data(few)
    _book_with_indicators(few, 5, district_coordinator)
    with CaptureQueriesContext(connection) as with_many:
        data = contents.book_data(few)
    assert len(with_many) == len(without)
    assert sum(len(issue["indicators"]) for issue in data["issues"]) == 15
