"""The leaders' registry import and export in the admin: persons with their roles, all rows or
none, B.E. birth years, every bad row named, and only councils in the staff member's region."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from councils.audit import ImportRecord
from councils.buddhist_era import validate_be_year
from councils.persons.imports import PersonResource
from councils.persons.models import Person, PersonRole
from tests.accounts_helpers import verified_client
from tests.councils.test_import_export import (
    CSV,
    XLSX,
    confirm,
    errors_by_row,
    export,
    upload,
    xlsx_upload,
)
from tests.factories import (
    OTHER_PROVINCE_TAMBON,
    TAMBON_MAE_SAI,
    CouncilFactory,
    OrganizationFactory,
    PersonFactory,
    PersonRoleFactory,
)

HEADERS = [
    "รหัสตำบล",
    "คำนำหน้านาม",
    "ชื่อ",
    "นามสกุล",
    "เพศ",
    "ปีเกิด (พ.ศ.)",
    "หมู่ที่",
    "โทรศัพท์",
    "บทบาท",
    "แกนนำองค์กรชุมชน",
]
SAVERS = "กลุ่มออมทรัพย์เพื่อการผลิต หมู่ 3"


@pytest.fixture
def charlie(codi_staff, client_for):
    return verified_client(codi_staff)


@pytest.fixture
def savers(council):
    return OrganizationFactory(council=council, name=SAVERS)


def rows_of_mae_sai() -> list[list]:
    return [
        [TAMBON_MAE_SAI, "นาย", "คำปัน", "ใจดี", "ชาย", "2498", 3, "081-234-5678",
         "ผู้ใหญ่บ้าน, อสม.", SAVERS],
        [TAMBON_MAE_SAI, "นางสาว", "ณัฐธิดา", "แสงคำ", "หญิง", 2540, 5, "",
         "กรรมการกองทุนสวัสดิการ", ""],
    ]  # fmt: skip


def ce_year_message(year: int) -> str:
    try:
        validate_be_year(year)
    except Exception as error:
        return error.messages[0]
    raise AssertionError(f"{year} passed as a B.E. year")


def test_a_good_file_imports_persons_and_their_roles_after_confirmation(charlie, council, savers):
    preview = upload(charlie, "person", xlsx_upload(HEADERS, rows_of_mae_sai()))
    assert preview.status_code == 200
    assert not Person.objects.exists()  # the preview writes nothing

    response = confirm(charlie, "person", preview)
    assert response.status_code == 302
    headman, treasurer = Person.objects.order_by("birth_year")
    assert (headman.full_name, headman.birth_year, headman.village_no) == ("นายคำปัน ใจดี", 2498, 3)
    assert headman.masked_phone == "08x-xxx-5678"
    assert headman.generation() == "old" and treasurer.generation() == "new"
    assert sorted(headman.roles.values_list("body", "organization")) == [
        (PersonRole.Body.HEALTH_VOLUNTEER, None),
        (PersonRole.Body.ORGANIZATION, savers.pk),
        (PersonRole.Body.VILLAGE_HEADMAN, None),
    ]
    assert list(treasurer.roles.values_list("body", flat=True)) == ["welfare_fund"]
    assert ImportRecord.objects.get().rows == 2


def test_one_bad_row_writes_nothing_and_a_christian_era_birth_year_is_named(
    charlie, council, savers
):
    rows = rows_of_mae_sai()
    rows.append([TAMBON_MAE_SAI, "นาย", "สมศักดิ์", "ทองมา", "ชาย", "1975", 2, "", "", ""])
    response = upload(charlie, "person", xlsx_upload(HEADERS, rows))
    assert response.context.get("confirm_form") is None
    assert errors_by_row(response) == {4: {"ปีเกิด (พ.ศ.)": [ce_year_message(1975)]}}
    assert "2518" in ce_year_message(1975)  # the message says what to write instead
    assert not Person.objects.exists() and not PersonRole.objects.exists()


def test_every_bad_row_is_named_by_its_column(charlie, council, savers):
    rows = [
        [TAMBON_MAE_SAI, "นาย", "คำปัน", "", "ชาย", "พ.ศ.2498", 3, "", "หมอดู", ""],
        [TAMBON_MAE_SAI, "นาง", "บัวผัน", "คำดี", "หญิง", "2510", 3, "", "", "กลุ่มที่ไม่มี"],
        ["5709", "นาง", "บัวคำ", "คำดี", "หญิง", "25", 3, "", "", ""],
    ]
    errors = errors_by_row(upload(charlie, "person", xlsx_upload(HEADERS, rows)))
    assert set(errors) == {2, 3, 4}
    assert set(errors[2]) == {"นามสกุล", "บทบาท"}
    assert "หมอดู" in errors[2]["บทบาท"][0]
    assert "กลุ่มที่ไม่มี" in errors[3]["แกนนำองค์กรชุมชน"][0]
    assert set(errors[4]) == {"รหัสตำบล", "ปีเกิด (พ.ศ.)"}
    assert errors[4]["ปีเกิด (พ.ศ.)"] == [
        gettext("Write the birth year as a Buddhist-era year, for example 2518.")
    ]
    assert not Person.objects.exists()


def test_a_role_of_an_organization_goes_in_its_own_column(charlie, council):
    organization_label = str(PersonRole.Body.ORGANIZATION.label)
    row = [TAMBON_MAE_SAI, "นาย", "คำปัน", "ใจดี", "ชาย", "2498", 3, "", organization_label, ""]
    errors = errors_by_row(upload(charlie, "person", xlsx_upload(HEADERS, [row])))
    assert list(errors[2]) == ["บทบาท"]
    assert "แกนนำองค์กรชุมชน" in errors[2]["บทบาท"][0]


def test_persons_of_a_council_outside_the_region_are_refused(charlie, council, far_council):
    rows = rows_of_mae_sai()[1:]
    rows.append([OTHER_PROVINCE_TAMBON, "นาย", "สมชาย", "ทองดี", "ชาย", "2500", 1, "", "", ""])
    response = upload(charlie, "person", xlsx_upload(HEADERS, rows))
    assert list(errors_by_row(response)) == [3]
    assert list(errors_by_row(response)[3]) == ["รหัสตำบล"]
    assert not Person.objects.exists()


def test_a_known_person_gets_the_roles_listed_and_keeps_the_others(charlie, council, savers):
    known = PersonFactory(council=council, first_name="คำปัน", last_name="ใจดี", birth_year=2498)
    kamnan = PersonRoleFactory(person=known, body=PersonRole.Body.KAMNAN)
    PersonRoleFactory(person=known, body=PersonRole.Body.HEALTH_VOLUNTEER)
    confirm(charlie, "person", upload(charlie, "person", xlsx_upload(HEADERS, rows_of_mae_sai())))
    assert Person.objects.filter(first_name="คำปัน").get() == known  # found by council and name
    assert sorted(known.roles.values_list("body", flat=True)) == [
        "health_volunteer", "kamnan", "organization", "village_headman",
    ]  # fmt: skip
    kamnan.refresh_from_db()
    assert kamnan.ended_on is None, "a file never ends a role"


def test_an_exported_file_imports_back_unchanged(charlie, council, savers, far_council):
    person = PersonFactory(council=council, phone="0812345678", village_no=3)
    PersonRoleFactory(person=person, body=PersonRole.Body.VILLAGE_HEADMAN)
    PersonRoleFactory(person=person, body=PersonRole.Body.ORGANIZATION, organization=savers)
    PersonFactory(council=far_council)
    content = export(charlie, "person", PersonResource, XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.max_row == 2, "only the region's persons"
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert (row["บทบาท"], row["แกนนำองค์กรชุมชน"]) == ("ผู้ใหญ่บ้าน", SAVERS)
    assert row["ปีเกิด (พ.ศ.)"] == "2510"  # B.E. as written, in a text column

    preview = upload(charlie, "person", SimpleUploadedFile("back.xlsx", content))
    assert preview.context["result"].totals["skip"] == 1  # nothing to change
    confirm(charlie, "person", preview)
    assert Person.objects.count() == 2 and PersonRole.objects.count() == 2


def test_the_export_reads_the_roles_in_a_fixed_number_of_queries(charlie, council):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export(charlie, "person", PersonResource, CSV)
        return len(captured)

    PersonRoleFactory(person=PersonFactory(council=council))
    few = queries()
    for code in ("570902", "570903", "570904"):
        PersonRoleFactory(person=PersonFactory(council=CouncilFactory(subdistrict_id=code)))
    assert queries() == few


def test_the_template_explains_each_column_and_the_role_words(charlie):
    import_page = charlie.get(reverse("admin:councils_person_import")).content.decode()
    template_url = reverse("admin:councils_person_import_template")
    assert f'href="{template_url}"' in import_page
    book = openpyxl.load_workbook(io.BytesIO(charlie.get(template_url).content))
    data, notes = book.worksheets
    assert [cell.value for cell in data[1]] == HEADERS
    explained = {row[0]: row[2] for row in notes.iter_rows(min_row=2, values_only=True)}
    assert "อสม." in explained["บทบาท"] and "ผู้ใหญ่บ้าน" in explained["บทบาท"]
    assert str(PersonRole.Body.ORGANIZATION.label) not in explained["บทบาท"]
    assert "2518" in explained["ปีเกิด (พ.ศ.)"]
