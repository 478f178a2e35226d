"""Importing a plan's projects from the spreadsheet template: scoped, B.E. years, all or nothing."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import PlanIssue, PlanProject, ProjectBudget
from tests.confirming import import_confirmed
from tests.factories import IssueFactory, PartnerFactory, PlanFactory, ProjectFactory

HEADER = [
    "ด้าน",
    "ประเด็นปัญหา",
    "โครงการ",
    "วัตถุประสงค์",
    "กลุ่มเป้าหมาย",
    "ตัวชี้วัด",
    "วิธีดำเนินการ",
    "หน่วยงานหลัก",
    "ปีงบประมาณ (พ.ศ.)",
    "แหล่งงบประมาณ",
    "งบประมาณ (บาท)",
]
# The template and the export carry the optional column too; files without it still import.
EXPORT_HEADER = [*HEADER[:8], "ผลที่คาดว่าจะได้รับ", *HEADER[8:]]
GOOD_ROWS = [
    [
        "ด้านเศรษฐกิจ", "รายได้จากการเกษตรไม่พอรายจ่าย", "โครงการเกษตรอินทรีย์และตลาดชุมชน",
        "ลดต้นทุนการผลิต", "เกษตรกร 60 ครัวเรือน", "รายได้เพิ่มร้อยละ 20", "ทำร่วม",
        "องค์การบริหารส่วนตำบลแม่สาย", 2569, "พอช.", "50,000",
    ],
    [
        "", "รายได้จากการเกษตรไม่พอรายจ่าย", "โครงการเกษตรอินทรีย์และตลาดชุมชน",
        "", "", "", "", "", "2570", "อปท.", "35000.50",
    ],
    [
        "สังคม", "ผู้สูงอายุอยู่ลำพัง", "โครงการอาสาดูแลผู้สูงอายุ", "", "ผู้สูงอายุ 120 คน", "",
        "ทำเอง", "", "2569", "ชุมชน", "12000",
    ],
]  # fmt: skip


@pytest.fixture
def plan(council):
    return PlanFactory(council=council)


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


def _xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("plan.xlsx", output.getvalue())


def _csv(rows) -> SimpleUploadedFile:
    lines = [",".join(HEADER)] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    return SimpleUploadedFile("plan.csv", ("\n".join(lines)).encode("utf-8-sig"))


def test_an_import_adds_issues_projects_and_budget_lines(plan, alice):
    PartnerFactory()
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(GOOD_ROWS)}
    )
    assert response.status_code == 302
    farming = PlanProject.objects.get(title="โครงการเกษตรอินทรีย์และตลาดชุมชน")
    assert farming.issue.theme.code == "economy"
    assert (farming.approach, farming.lead_partner.name) == ("joint", "องค์การบริหารส่วนตำบลแม่สาย")
    assert farming.objective == "ลดต้นทุนการผลิต"  # the second row left it empty: kept
    lines = {(b.fiscal_year, b.source): b.amount for b in farming.budgets.all()}
    assert lines == {
        (2569, "codi"): Decimal("50000.00"),
        (2570, "local_government"): Decimal("35000.50"),
    }
    elders = PlanProject.objects.get(title="โครงการอาสาดูแลผู้สูงอายุ")
    assert (elders.issue.theme.code, elders.approach) == ("society", "self")
    assert plan.issues.count() == 2
    plan.refresh_from_db()
    assert plan.version == 2


def test_a_csv_import_works_the_same(plan, alice):
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _csv(GOOD_ROWS[2:])}
    )
    assert response.status_code == 302
    assert ProjectBudget.objects.get().amount == Decimal("12000")


def test_a_file_with_a_bad_row_writes_nothing_and_names_the_row(plan, alice):
    rows = [*GOOD_ROWS, [*GOOD_ROWS[2][:8], "2026", "ชุมชน", "5000"]]
    rows[1] = [*rows[1][:10], "สามหมื่น"]
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(rows)}
    )
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert (3, "งบประมาณ (บาท)", "Write the amount in baht, for example 12,500.") in errors
    assert any(
        row == 5 and column == "ปีงบประมาณ (พ.ศ.)" and "2026 looks like a Christian-era" in message
        for row, column, message in errors
    )
    # Row 3 continues the project of row 2; row 2's error is not repeated as a new project's.
    assert [e for e in errors if e[0] == 3] == [
        (3, "งบประมาณ (บาท)", "Write the amount in baht, for example 12,500.")
    ]
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert not PlanIssue.objects.exists()
    assert not PlanProject.objects.exists()
    assert not ProjectBudget.objects.exists()
    plan.refresh_from_db()
    assert plan.version == 1


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ({0: "", 1: "ปัญหาใหม่ที่ไม่มีด้าน"}, "ประเด็นปัญหา", "write its theme in the column ด้าน"),
        ({0: "ด้านกีฬา"}, "ด้าน", "“ด้านกีฬา” is not a theme"),
        ({6: "จ้างเหมา"}, "วิธีดำเนินการ", "“จ้างเหมา” is not one of: ทำเอง, ทำร่วม"),
        ({7: "บริษัทเอกชนที่ไม่รู้จัก"}, "หน่วยงานหลัก", "No partner named"),
        ({8: "2575"}, "ปีงบประมาณ (พ.ศ.)", "outside the plan period 2569-2573"),
        ({9: "ธนาคาร"}, "แหล่งงบประมาณ", "“ธนาคาร” is not one of"),
        ({10: "-100"}, "งบประมาณ (บาท)", "cannot be negative"),
        ({10: "nan"}, "งบประมาณ (บาท)", "Write the amount in baht"),
        ({10: "inf"}, "งบประมาณ (บาท)", "Write the amount in baht"),
        ({10: ""}, "ปีงบประมาณ (พ.ศ.)", "งบประมาณ (บาท) is empty"),
        ({2: ""}, "โครงการ", "This field cannot be blank."),
        ({6: ""}, "วิธีดำเนินการ", "This field cannot be blank."),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(plan, alice, cell, column, message):
    row = list(GOOD_ROWS[0])
    for index, value in cell.items():
        row[index] = value
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx([row])}
    )
    errors = response.context["result"].errors
    assert any(r == 2 and c == column and message in m for r, c, m in errors), errors
    assert not PlanProject.objects.exists()


def test_a_budget_line_given_twice_is_named(plan, alice):
    rows = [GOOD_ROWS[0], [*GOOD_ROWS[0][:10], "100"]]
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(rows)}
    )
    errors = response.context["result"].errors
    assert any(r == 3 and "Row 2 already gives this project's budget" in m for r, _c, m in errors)
    assert not PlanProject.objects.exists()


def test_an_existing_issue_keeps_its_theme(plan, alice):
    PartnerFactory()
    IssueFactory(plan=plan, title="รายได้จากการเกษตรไม่พอรายจ่าย")  # economy
    row = ["ด้านสังคมและคุณภาพชีวิต", *GOOD_ROWS[0][1:]]
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx([row])}
    )
    assert "is under ด้านเศรษฐกิจ in the plan" in response.content.decode()


def test_an_import_updates_a_project_of_the_same_issue_and_title(plan, alice):
    PartnerFactory()
    issue = IssueFactory(plan=plan, title="รายได้จากการเกษตรไม่พอรายจ่าย")
    project = ProjectFactory(issue=issue, title="โครงการเกษตรอินทรีย์และตลาดชุมชน")
    import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(GOOD_ROWS[:1])}
    )
    project.refresh_from_db()
    assert project.objective == "ลดต้นทุนการผลิต"
    assert PlanProject.objects.count() == 1


def test_a_file_without_the_key_columns_is_refused_once(plan, alice):
    upload = _xlsx([["x"]], header=["ชื่อ"])
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": upload}
    )
    errors = response.context["result"].errors
    assert len(errors) == 1
    assert "The file has no column ประเด็นปัญหา, โครงการ" in errors[0][2]


def test_only_xlsx_and_csv_are_taken(plan, alice):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4")
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": upload}
    )
    assert "Upload the template as an .xlsx or a .csv file." in response.content.decode()


def test_a_submitted_plan_takes_no_import(council, alice):
    plan = PlanFactory(council=council, state="submitted")
    response = alice.post(
        reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(GOOD_ROWS)}
    )
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert not PlanProject.objects.exists()


def test_the_template_has_the_columns_and_an_explanation(plan, alice):
    response = alice.get(reverse("project_import_template", args=[plan.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes = book.worksheets
    assert [cell.value for cell in data[1]] == EXPORT_HEADER
    assert any("ทำเอง, ทำร่วม, ขอรับการสนับสนุน" in str(row[2].value) for row in notes.iter_rows())


def test_an_exported_plan_imports_back_unchanged(council, alice):
    from tests.factories import BudgetFactory, complete_plan

    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__theme__code="economy").get()
    project.objective = '=HYPERLINK("http://example.org")'  # kept as text, never a formula
    project.expected_result = "ครัวเรือนมีรายได้เสริม"
    project.save()
    BudgetFactory(project=project, fiscal_year=2571, source="local_government", amount="1234.50")
    before = sorted(ProjectBudget.objects.values_list("project__title", "fiscal_year", "amount"))
    exported = alice.get(reverse("project_export", args=[plan.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    assert [cell.value for cell in sheet[1]] == EXPORT_HEADER
    assert sheet.max_row == 1 + 4  # one row per budget line
    assert any(str(c.value).startswith("'=HYPERLINK") for row in sheet.iter_rows() for c in row)
    upload = SimpleUploadedFile("plan.xlsx", exported.content)
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": upload}
    )
    assert response.status_code == 302, response.context["result"].errors
    after = sorted(ProjectBudget.objects.values_list("project__title", "fiscal_year", "amount"))
    assert after == before
    project.refresh_from_db()
    assert project.objective == '=HYPERLINK("http://example.org")'
    assert project.expected_result == "ครัวเรือนมีรายได้เสริม"
    assert PlanProject.objects.count() == 3


def test_a_row_that_fails_to_save_is_named_by_its_spreadsheet_row(plan, alice, monkeypatch):
    from plans.imports import PlanProjectResource

    def fail_for_elders(resource, instance, row, **kwargs):
        if instance.title == "โครงการอาสาดูแลผู้สูงอายุ":
            raise RuntimeError("the database refused the row")

    PartnerFactory()
    monkeypatch.setattr(PlanProjectResource, "after_save_instance", fail_for_elders)
    rows = [GOOD_ROWS[0], [""] * len(HEADER), GOOD_ROWS[2]]  # row 3 is empty and passed over
    response = import_confirmed(
        alice, reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(rows)}
    )
    errors = response.context["result"].errors
    assert [(r, m) for r, _c, m in errors] == [(4, "the database refused the row")]
    assert not PlanProject.objects.exists()
