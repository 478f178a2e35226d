"""The one file guard: hostile files are refused before parsing, by every import page, in Thai."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from councils.spreadsheets import formats
from councils.spreadsheets.guard import data_rows, guard_upload
from tests.accounts_helpers import verified_client
from tests.confirming import import_confirmed
from tests.factories import FundFactory, PlanFactory

MiB = 1024 * 1024


def workbook(rows: int = 1) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ชื่อ", "นามสกุล"])
    for n in range(rows):
        sheet.append(["บุญมา", f"แก้วมณี{n}"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def zip_bomb(megabytes: int = 200) -> bytes:
    """A workbook whose sheet is `megabytes` of zeros (200 MB pack to under 1 MB), streamed."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook())) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb,
    ):
        for part in source.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(part, source.read(part))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c><v>')
            zeros = b"0" * MiB
            for _ in range(megabytes):
                sheet.write(zeros)
            sheet.write(b"</v></c></row></sheetData></worksheet>")
    return output.getvalue()


def with_entities() -> bytes:
    """A workbook whose sheet declares an entity (the start of a "billion laughs")."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook())) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as changed,
    ):
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                declaration = b'<!DOCTYPE lol [<!ENTITY lol "lol">]>'
                data = declaration + data.split(b"?>", 1)[-1]
            changed.writestr(part, data)
    return output.getvalue()


def csv_of(lines: int) -> bytes:
    return ("ชื่อ,นามสกุล\n" + "บุญมา,แก้วมณี\n" * lines).encode("utf-8-sig")


@pytest.fixture(scope="module")
def hostile():
    """Each hostile file by name, built once: (file name, bytes)."""
    return {
        "zip_bomb": ("bomb.xlsx", zip_bomb()),
        "entities": ("entities.xlsx", with_entities()),
        "too_many_rows": ("rows.csv", csv_of(120_001)),
        "too_large": ("large.csv", b"a,b\n" * (5 * MiB + 1)),  # 20 MiB and 4 bytes
    }


def refusal(name: str, content: bytes, language: str = "th") -> list[str]:
    """The guard's messages for the file, in the language (they are lazy: read them in it)."""
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            guard_upload(SimpleUploadedFile(name, content))
        return refused.value.messages


# --- each check, on guard_upload directly -------------------------------------------------------


def _code(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        guard_upload(SimpleUploadedFile(name, content))
    return refused.value.code


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    assert _code("big.csv", b"x" * 1001) == "too_large"


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    assert _code("bomb.xlsx", zip_bomb(megabytes=20)) == "zip_bomb"


def test_a_workbook_unpacking_beyond_the_cap_is_refused(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 10_000
    assert _code("book.xlsx", workbook(rows=200)) == "too_large"


def test_a_workbook_declaring_entities_is_refused():
    assert _code("entities.xlsx", with_entities()) == "xml_entities"


def test_a_workbook_over_the_row_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 100
    assert _code("rows.xlsx", workbook(rows=101)) == "too_many_rows"


def test_a_csv_over_the_row_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 100
    assert _code("rows.csv", csv_of(101)) == "too_many_rows"


def test_a_file_at_the_limits_passes_with_its_rows_counted(settings):
    settings.IMPORT_MAX_ROWS = 100
    assert data_rows(guard_upload(SimpleUploadedFile("rows.xlsx", workbook(rows=100)))) == 100
    assert data_rows(guard_upload(SimpleUploadedFile("rows.csv", csv_of(100)))) == 100
    no_final_newline = csv_of(100)[:-1]
    assert data_rows(guard_upload(SimpleUploadedFile("rows.csv", no_final_newline))) == 100


def test_the_refusal_names_the_limit_in_thai_or_in_english(settings):
    settings.IMPORT_MAX_ROWS = 100
    (english,) = refusal("rows.csv", csv_of(101), "en")
    assert "more than 100 rows" in english
    (thai,) = refusal("rows.csv", csv_of(101))
    assert "100" in thai
    assert "แถว" in thai


# --- every import page refuses them -------------------------------------------------------------


@pytest.fixture
def fund(council):
    return FundFactory(council=council)


HOSTILE = ("zip_bomb", "entities", "too_many_rows", "too_large")


@pytest.fixture
def never_parsed(monkeypatch):
    """Fails the test if a refused file reaches a spreadsheet reader."""

    def parse(*args, **kwargs):
        raise AssertionError("a hostile file was parsed")

    monkeypatch.setattr(formats.XLSX, "create_dataset", parse)
    monkeypatch.setattr(formats.CSV, "create_dataset", parse)


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_welfare_member_import_refuses(
    kind, hostile, fund, tambon_coordinator, client_for, never_parsed
):
    name, content = hostile[kind]
    response = client_for(tambon_coordinator).post(
        reverse("member_import", args=[fund.pk]),
        {"import_file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == refusal(name, content)
    assert not fund.members.exists()


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_plan_project_import_refuses(
    kind, hostile, council, tambon_coordinator, client_for, never_parsed
):
    plan = PlanFactory(council=council)
    name, content = hostile[kind]
    response = import_confirmed(
        client_for(tambon_coordinator),
        reverse("project_import", args=[plan.pk]),
        {"import_file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == refusal(name, content)
    assert not plan.issues.filter(projects__isnull=False).exists()


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_admin_registry_import_refuses(kind, hostile, codi_staff, client_for, never_parsed):
    name, content = hostile[kind]
    response = verified_client(codi_staff).post(
        reverse("admin:councils_council_import"),
        {"resource": "0", "format": "1" if name.endswith(".csv") else "0",
         "import_file": SimpleUploadedFile(name, content)},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == refusal(name, content)


def sheet_only(xml: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    return output.getvalue()


def test_rows_are_counted_across_chunks_and_with_a_namespace_prefix(settings):
    settings.IMPORT_MAX_ROWS = 100_000
    # 40,001 rows of about 70 bytes: the 2.8 MB sheet is read in three chunks.
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%d</t></is></c></row>' % (n, n, n * 7919)
        for n in range(1, 40_002)
    )
    plain = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    prefixed = plain.replace(b"<", b"<x:").replace(b"<x:/", b"</x:")
    for xml in (plain, prefixed):
        upload = guard_upload(SimpleUploadedFile("rows.xlsx", sheet_only(xml)))
        assert data_rows(upload) == 40_000
