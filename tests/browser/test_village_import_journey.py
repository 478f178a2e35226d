"""On a phone, 360 px wide: a district coordinator imports the villages' จปฐ. figures; a bad row
is named on the screen and nothing is written; the good file stops at its preview (how many
villages and figures, how many replaced), and once confirmed the figures are there."""

import io

import openpyxl
import pytest

from councils.models import Subdistrict
from councils.villages.imports import BasicNeedsResource
from councils.villages.models import VillageFigure
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import MAE_SAI, TAMBON_MAE_SAI, VillageFigureFactory
from tests.welfare.transactional import geography  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("geography"),
]


def _file(tmp_path, passed):
    header = [column.column_name for column in BasicNeedsResource().columns()]
    book = openpyxl.Workbook()
    book.active.append(header)
    for village in (1, 2, 3):
        book.active.append(["2568", TAMBON_MAE_SAI, village, "9", "", 120, passed])
    path = tmp_path / f"bmn-{passed}.xlsx"
    output = io.BytesIO()
    book.save(output)
    path.write_bytes(output.getvalue())
    return path


def test_a_district_coordinator_imports_village_figures_on_a_phone(
    phone, log_in, district_coordinator, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    Subdistrict.objects.filter(code=TAMBON_MAE_SAI).update(village_count=10)
    VillageFigureFactory(village_no=1, year=2568)  # village 1 has its 2568 figure already
    log_in(phone, "dao")
    phone.goto(f"/areas/{MAE_SAI}/village-data/import/")

    phone.set_input_files("input[type=file]", str(_file(tmp_path, 130)))
    phone.click("main form button[type=submit]")
    phone.wait_for_selector(".import-row-error")
    assert fits_the_screen(phone)
    screenshot(phone, "village-import-bad-row")
    assert VillageFigure.objects.count() == 1

    phone.set_input_files("input[type=file]", str(_file(tmp_path, 100)))
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("[data-confirm-button]")
    assert fits_the_screen(phone)
    screenshot(phone, "village-import-preview")
    assert "3 หมู่บ้าน" in phone.inner_text(".confirm-lead")
    phone.click("[data-confirm-button]")
    phone.wait_for_load_state()
    assert fits_the_screen(phone)
    screenshot(phone, "village-import-done")
    assert VillageFigure.objects.filter(households_passed=100).count() == 3
