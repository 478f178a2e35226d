"""The import of project updates collected on paper: rows with the same project and date make one
update with several money lines, every update goes through record_update, one bad row writes
nothing, every bad row is named by row and column, and only the district's (or the tambon's own)
projects may be named."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.spreadsheets.jobs import ImportJob
from plans.execution.imports import columns, import_updates
from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import PlanProject
from tests.confirming import confirm_fields, import_confirmed
from tests.factories import MAE_SAI, TAMBON_MAE_SAI, PartnerFactory, complete_plan, put_in_state

HEADER = [column.column_name for column in columns()]


def _project(council):
    plan = complete_plan(council)
    put_in_state(plan, "accepted")
    return PlanProject.objects.filter(issue__plan=plan).order_by("pk").first()


@pytest.fixture
def projects(council, other_council, far_council):
    PartnerFactory()  # องค์การบริหารส่วนตำบลแม่สาย
    return {
        "mae_sai": _project(council),
        "huai_khrai": _project(other_council),
        "chumphon": _project(far_council),
    }


def _row(project, date="15/1/2569", status="กำลังดำเนินการ", progress=30, **cells):
    values = {
        "ตำบล": project.issue.plan.council.subdistrict_id,
        "เลขที่โครงการ": str(project.pk),
        "วันที่": date,
        "สถานะ": status,
        "ความคืบหน้า (ร้อยละ)": progress,
    }
    values.update(cells)
    return [values.get(name, "") for name in HEADER]


def _line(project, year, source, committed="", spent="", date="15/1/2569"):
    """A later row of the same update: only its money line."""
    return _row(
        project, date=date, status="", progress="",
        **{"ปีงบประมาณ (พ.ศ.)": year, "แหล่งเงิน": source,
           "งบที่ได้รับอนุมัติ (บาท)": committed, "ใช้จ่ายจริง (บาท)": spent},
    )  # fmt: skip


def _xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("updates.xlsx", output.getvalue())


def _adoption(project):
    """An update taking the project into the อบต.'s plan with two approved years and a spending
    line, over three rows."""
    return [
        _row(
            project, progress=20, **{
                "สิ่งที่เกิดขึ้น": "อบต.บรรจุโครงการในแผนพัฒนาท้องถิ่น",
                "หน่วยงานที่รับเข้าแผน": "องค์การบริหารส่วนตำบลแม่สาย",
                "แผนของหน่วยงาน": "แผนพัฒนาท้องถิ่น", "ปีของแผนหน่วยงาน (พ.ศ.)": "2569",
                "ปีงบประมาณ (พ.ศ.)": "2569", "แหล่งเงิน": "อปท.",
                "งบที่ได้รับอนุมัติ (บาท)": "80,000", "ใช้จ่ายจริง (บาท)": "25000",
            },
        ),
        _line(project, "2570", "อปท.", committed="50000"),
        _line(project, "2569", "ชุมชน", spent="5000.50"),
    ]  # fmt: skip


def test_rows_of_one_project_and_date_make_one_update_with_its_money_lines(
    projects, district_coordinator
):
    mae_sai, huai_khrai = projects["mae_sai"], projects["huai_khrai"]
    rows = [
        *_adoption(mae_sai),
        _row(mae_sai, date="10/6/2569", status="เสร็จแล้ว", progress=100),
        _row(huai_khrai, status="ไม่ได้รับงบประมาณ", progress=0),
    ]

    outcome = import_updates(MAE_SAI, _xlsx(rows), district_coordinator)

    assert outcome.ok, outcome.errors
    assert outcome.imported == {"updates": 3, "projects": 2, "commitments": 2, "spending": 2}
    adoption = ProjectUpdate.objects.get(project=mae_sai, happened_on=dt.date(2026, 1, 15))
    assert (adoption.adopted_by.name, adoption.agency_plan) == (
        "องค์การบริหารส่วนตำบลแม่สาย",
        "local_development",
    )
    assert adoption.by == district_coordinator
    assert {(c.fiscal_year, c.source, c.amount) for c in adoption.commitments.all()} == {
        (2569, "local_government", Decimal("80000")),
        (2570, "local_government", Decimal("50000")),
    }
    assert {(s.fiscal_year, s.source, s.amount) for s in adoption.spending.all()} == {
        (2569, "local_government", Decimal("25000")),
        (2569, "community", Decimal("5000.50")),
    }
    mae_sai.refresh_from_db()
    assert (mae_sai.execution_status, mae_sai.progress) == ("done", 100)  # the latest date
    assert mae_sai.taken_into_plan
    assert (mae_sai.committed_total, mae_sai.spent_total) == (
        Decimal("130000"),
        Decimal("30000.50"),
    )
    huai_khrai.refresh_from_db()
    assert huai_khrai.execution_status == "not_funded"


def test_one_bad_row_writes_nothing(projects, district_coordinator):
    mae_sai = projects["mae_sai"]
    rows = [*_adoption(mae_sai), _row(projects["huai_khrai"], progress=101)]

    outcome = import_updates(MAE_SAI, _xlsx(rows), district_coordinator)

    assert [(error.row, error.column) for error in outcome.errors] == [(5, "ความคืบหน้า (ร้อยละ)")]
    assert not ProjectUpdate.objects.exists()
    assert not Commitment.objects.exists() and not Spending.objects.exists()
    mae_sai.refresh_from_db()
    assert (mae_sai.execution_status, mae_sai.spent_total) == ("not_started", Decimal(0))


def test_every_bad_row_is_named_by_row_column_and_what_is_wrong(
    projects, district_coordinator, in_english
):
    mae_sai, huai_khrai = projects["mae_sai"], projects["huai_khrai"]
    rows = [
        _row(mae_sai, progress=150),  # 2
        _row(huai_khrai, **{"ปีงบประมาณ (พ.ศ.)": "2569", "แหล่งเงิน": "พอช.",
                            "ใช้จ่ายจริง (บาท)": "-500"}),  # 3
        _row(mae_sai, date="15/1/2026"),  # 4: a Christian-era year
        _row(mae_sai, date="15/1/2567"),  # 5: before the plan period 2569-2573
        _row(projects["chumphon"]),  # 6: a project of another district
        _row(huai_khrai, date="1/2/2569", **{"ปีงบประมาณ (พ.ศ.)": "2569", "แหล่งเงิน": "พอช.",
                                             "ใช้จ่ายจริง (บาท)": "500"}),  # 7
        _line(huai_khrai, "2569", "พอช.", spent="100", date="1/2/2569"),  # 8: the same line again
        _line(huai_khrai, "2025", "ชุมชน", spent="100", date="1/2/2569"),  # 9: a C.E. year
        _line(huai_khrai, "2569", "ชุมชน", committed="100", date="1/2/2569"),  # 10: no agency
        _row(mae_sai, date="1/3/2569", progress="", status="เสร็จ"),  # 11
    ]  # fmt: skip

    outcome = import_updates(MAE_SAI, _xlsx(rows), district_coordinator)

    named = {(error.row, error.column): error.message for error in outcome.errors}
    assert set(named) == {
        (2, "ความคืบหน้า (ร้อยละ)"),
        (3, "ใช้จ่ายจริง (บาท)"),
        (4, "วันที่"),
        (5, "วันที่"),
        (6, "เลขที่โครงการ"),
        (8, "แหล่งเงิน"),
        (9, "ปีงบประมาณ (พ.ศ.)"),
        (10, "งบที่ได้รับอนุมัติ (บาท)"),
        (11, "สถานะ"),
        (11, "ความคืบหน้า (ร้อยละ)"),
    }
    assert named[2, "ความคืบหน้า (ร้อยละ)"] == "Progress is a percentage from 0 to 100."
    assert named[3, "ใช้จ่ายจริง (บาท)"] == "The amount cannot be negative."
    assert "2026 looks like a Christian-era" in named[4, "วันที่"]
    assert "outside the plan period (fiscal years 2569-2573)" in named[5, "วันที่"]
    assert (
        f"Project {projects['chumphon'].pk} is not a project of an accepted plan in แม่สาย"
        in (named[6, "เลขที่โครงการ"])
    )
    assert "Row 7 already gives this update's money for 2569" in named[8, "แหล่งเงิน"]
    assert "2025 looks like a Christian-era" in named[9, "ปีงบประมาณ (พ.ศ.)"]
    assert "committed by an agency" in named[10, "งบที่ได้รับอนุมัติ (บาท)"]
    assert "is not one of" in named[11, "สถานะ"]
    assert not ProjectUpdate.objects.exists()


def test_errors_are_in_thai_for_a_thai_user(projects, district_coordinator):
    outcome = import_updates(
        MAE_SAI, _xlsx([_row(projects["mae_sai"], progress=150)]), district_coordinator
    )
    assert outcome.errors[0].message == "ความคืบหน้าเป็นร้อยละ ตั้งแต่ 0 ถึง 100"


def test_a_later_row_that_contradicts_the_updates_first_row_is_named(
    projects, district_coordinator, in_english
):
    mae_sai = projects["mae_sai"]
    rows = [_row(mae_sai, progress=30), _row(mae_sai, progress=40)]
    outcome = import_updates(MAE_SAI, _xlsx(rows), district_coordinator)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "ความคืบหน้า (ร้อยละ)")]
    assert "Row 2 already gives this update" in outcome.errors[0].message


def test_a_tambon_of_another_project_is_caught(projects, district_coordinator, in_english):
    row = _row(projects["mae_sai"], **{"ตำบล": "570902"})
    outcome = import_updates(MAE_SAI, _xlsx([row]), district_coordinator)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "ตำบล")]


def test_the_tambon_coordinator_imports_only_their_own_councils_projects(
    projects, tambon_coordinator, in_english
):
    own = import_updates(TAMBON_MAE_SAI, _xlsx([_row(projects["mae_sai"])]), tambon_coordinator)
    assert own.ok
    neighbour = import_updates(
        TAMBON_MAE_SAI, _xlsx([_row(projects["huai_khrai"])]), tambon_coordinator
    )
    assert [(e.row, e.column) for e in neighbour.errors] == [(2, "เลขที่โครงการ")]
    assert ProjectUpdate.objects.count() == 1


def test_the_template_has_the_columns_and_the_districts_projects(
    projects, district_coordinator, client_for
):
    response = client_for(district_coordinator).get(
        reverse("update_import_template", args=[MAE_SAI])
    )

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes, sheet = book.worksheets
    assert [cell.value for cell in data[1]] == HEADER
    assert HEADER[:5] == ["ตำบล", "เลขที่โครงการ", "วันที่", "สถานะ", "ความคืบหน้า (ร้อยละ)"]
    assert HEADER[-4:] == [
        "ปีงบประมาณ (พ.ศ.)",
        "แหล่งเงิน",
        "งบที่ได้รับอนุมัติ (บาท)",
        "ใช้จ่ายจริง (บาท)",
    ]
    explained = " ".join(str(row[0].value or "") for row in notes.iter_rows())
    # The rule that groups rows into updates is written down, in the person's language.
    assert "แถวที่มีเลขที่โครงการเดียวกันและวันที่เดียวกันรวมเป็นความคืบหน้าเพียงหนึ่งครั้ง" in explained
    listed = {(row[0], row[1], row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    district = PlanProject.objects.in_area(MAE_SAI)
    assert listed == {(p.pk, p.issue.plan.council.subdistrict_id, p.title) for p in district}
    assert projects["chumphon"].pk not in {pk for pk, _code, _title in listed}


def test_the_preview_writes_nothing_until_the_uploader_confirms(
    projects, district_coordinator, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dao = client_for(district_coordinator)
    url = reverse("update_import", args=[MAE_SAI])

    response = dao.post(url, {"import_file": _xlsx(_adoption(projects["mae_sai"]))})

    job = ImportJob.objects.get()
    assert response.url == reverse("update_import_preview", args=[MAE_SAI, job.pk])
    preview = dao.get(response.url)
    assert preview.status_code == 200
    assert not ProjectUpdate.objects.exists()
    assert dao.post(response.url).status_code == 200  # no confirmation: the preview again
    assert not ProjectUpdate.objects.exists()

    done = dao.post(response.url, confirm_fields(preview))

    assert done.status_code == 302
    assert ProjectUpdate.objects.count() == 1
    assert Commitment.objects.count() == 2 and Spending.objects.count() == 2
    dao.post(response.url, confirm_fields(preview))  # a second tap records nothing more
    assert ProjectUpdate.objects.count() == 1


def test_only_the_uploader_may_confirm(
    projects, district_coordinator, client_for, settings, tmp_path
):
    from tests.personas import _person

    settings.MEDIA_ROOT = tmp_path
    dao = client_for(district_coordinator)
    response = dao.post(
        reverse("update_import", args=[MAE_SAI]),
        {"import_file": _xlsx(_adoption(projects["mae_sai"]))},
    )
    colleague = client_for(_person("dan", "district", MAE_SAI))
    preview = dao.get(response.url)

    assert colleague.get(response.url).status_code == 404
    assert colleague.post(response.url, confirm_fields(preview)).status_code == 404
    assert not ProjectUpdate.objects.exists()


def test_a_bad_file_is_named_on_the_page_and_not_kept(
    projects, district_coordinator, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = import_confirmed(
        client_for(district_coordinator),
        reverse("update_import", args=[MAE_SAI]),
        {"import_file": _xlsx([_row(projects["mae_sai"], progress=150)])},
    )
    assert page.status_code == 200
    assert [(e.row, e.column) for e in page.context["result"].errors] == [(2, "ความคืบหน้า (ร้อยละ)")]
    assert 'class="import-row-error"' in page.content.decode()
    # The corrected file goes to the upload page, not back to this file's preview.
    assert f'action="{reverse("update_import", args=[MAE_SAI])}"' in page.content.decode()
    assert not ProjectUpdate.objects.exists()
    assert not any((tmp_path / "imports").iterdir())


def test_who_may_open_the_import(
    projects, client_for, tambon_coordinator, province_coordinator, other_tambon_coordinator
):
    district_page = reverse("update_import", args=[MAE_SAI])
    own_tambon = reverse("update_import", args=[TAMBON_MAE_SAI])
    assert client_for(tambon_coordinator).get(own_tambon).status_code == 200
    assert client_for(tambon_coordinator).get(district_page).status_code == 404
    assert client_for(other_tambon_coordinator).get(own_tambon).status_code == 404
    assert client_for(province_coordinator).get(district_page).status_code == 403


def test_the_district_coordinators_plan_index_leads_to_the_import(
    projects, district_coordinator, tambon_coordinator, client_for
):
    link = reverse("update_import", args=[MAE_SAI])
    assert link in client_for(district_coordinator).get(reverse("plan_index")).content.decode()
    assert link not in client_for(tambon_coordinator).get(reverse("plan_index")).content.decode()


def test_the_templates_sheet_of_projects_takes_the_same_queries_for_more_projects(
    projects, district_coordinator, client_for, council
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dao = client_for(district_coordinator)
    url = reverse("update_import_template", args=[MAE_SAI])
    dao.get(url)  # the session and the user, read once
    with CaptureQueriesContext(connection) as few:
        dao.get(url)
    for first in (2574, 2579, 2584):  # three more accepted plans of three projects each
        put_in_state(complete_plan(council, first_year=first, last_year=first + 4), "accepted")
    with CaptureQueriesContext(connection) as many:
        response = dao.get(url)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[2]
    assert sheet.max_row - 1 == PlanProject.objects.in_area(MAE_SAI).count() == 15
    assert len(many) == len(few)
