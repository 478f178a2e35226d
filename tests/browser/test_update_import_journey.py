"""On a phone, 360 px wide: a district coordinator uploads the updates collected on paper; a bad
row is named on the screen and nothing is written; the good file stops at its summary, and once
confirmed the updates are on the projects."""

import io

import openpyxl
import pytest

from plans.execution.imports import columns
from plans.execution.models import ProjectUpdate
from plans.models import PlanProject
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import MAE_SAI, PartnerFactory, complete_plan, put_in_state
from tests.welfare.transactional import geography  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("geography"),
]


def _file(tmp_path, project, progress):
    header = [column.column_name for column in columns()]
    values = {
        "ตำบล": project.issue.plan.council.subdistrict_id,
        "เลขที่โครงการ": str(project.pk),
        "วันที่": "15/1/2569",
        "สถานะ": "กำลังดำเนินการ",
        "ความคืบหน้า (ร้อยละ)": progress,
        "ปีงบประมาณ (พ.ศ.)": "2569",
        "แหล่งเงิน": "ชุมชน",
        "ใช้จ่ายจริง (บาท)": "12500",
    }
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append([values.get(name, "") for name in header])
    path = tmp_path / f"updates-{progress}.xlsx"
    output = io.BytesIO()
    book.save(output)
    path.write_bytes(output.getvalue())
    return path


def test_a_district_coordinator_imports_paper_updates_on_a_phone(
    phone, log_in, district_coordinator, council, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    PartnerFactory()
    plan = put_in_state(complete_plan(council), "accepted")
    project = PlanProject.objects.filter(issue__plan=plan).order_by("pk").first()
    log_in(phone, "dao")
    phone.goto(f"/areas/{MAE_SAI}/updates/import/")

    phone.set_input_files("input[type=file]", str(_file(tmp_path, project, 150)))
    phone.click("main form button[type=submit]")
    phone.wait_for_selector(".import-row-error")
    assert "ความคืบหน้าเป็นร้อยละ ตั้งแต่ 0 ถึง 100" in phone.inner_text(".import-errors")
    assert fits_the_screen(phone)
    screenshot(phone, "update-import-bad-row")
    assert not ProjectUpdate.objects.exists()

    phone.set_input_files("input[type=file]", str(_file(tmp_path, project, 40)))
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("[data-confirm-button]")
    assert fits_the_screen(phone)
    screenshot(phone, "update-import-confirm")
    phone.click("[data-confirm-button]")
    phone.wait_for_load_state()
    assert fits_the_screen(phone)
    screenshot(phone, "update-import-done")
    project.refresh_from_db()
    assert (project.execution_status, project.progress, project.spent_total) == (
        "under_way",
        40,
        12500,
    )
