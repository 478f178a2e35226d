"""The imports of the village datasets: a good จปฐ. or กชช. 2ค file writes its figures, one bad
row writes nothing and is named by row and column, C.E. years are refused, a village and year
imported again is updated rather than copied, only the importer's area may be named, and the
downloaded template imports once filled in."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.audit import ImportRecord
from councils.models import Subdistrict
from councils.spreadsheets.jobs import ImportJob
from councils.villages.imports import (
    BasicNeedsResource,
    VillageBasicDataResource,
    import_village_data,
)
from councils.villages.models import VillageFigure, VillageIndicator, VillageProfile
from tests.confirming import confirm_fields, import_confirmed
from tests.factories import MAE_SAI, TAMBON_HUAI_KHRAI, TAMBON_MAE_SAI

BMN_HEADER = [column.column_name for column in BasicNeedsResource().columns()]


def _nrd2c_header():
    return [column.column_name for column in VillageBasicDataResource().columns()]


@pytest.fixture(autouse=True)
def villages(db):
    """Mae Sai has 10 villages, Huai Khrai 8."""
    Subdistrict.objects.filter(code=TAMBON_MAE_SAI).update(village_count=10)
    Subdistrict.objects.filter(code=TAMBON_HUAI_KHRAI).update(village_count=8)


def _xlsx(header, rows, name="village-data.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def _bmn(village=1, code="9", surveyed=120, passed=102, year="2568", tambon=TAMBON_MAE_SAI):
    return [year, tambon, village, code, "", surveyed, passed]


def _nrd2c(village=1, levels=None, year="2568", tambon=TAMBON_MAE_SAI, name="บ้านแม่สาย"):
    header = _nrd2c_header()
    levels = levels or {}
    facts = [year, tambon, village, name, 215, 742, "68,500"]
    return facts + [levels.get(column.split(".")[0], "") for column in header[len(facts) :]]


def test_a_good_bmn_file_writes_its_figures_and_one_record(tambon_coordinator):
    rows = [_bmn(1, "9", 120, 102), _bmn(1, "10", 120, 60), _bmn(2, "9", 80, 80)]

    outcome = import_village_data(
        "bmn", TAMBON_MAE_SAI, _xlsx(BMN_HEADER, rows), tambon_coordinator
    )

    assert outcome.ok, outcome.errors
    assert outcome.imported == {"villages": 2, "figures": 3, "replaced": 0}
    figure = VillageFigure.objects.get(village_no=1, indicator__code="10")
    assert (figure.year, figure.households_surveyed, figure.households_passed) == (2568, 120, 60)
    assert figure.falls_short
    assert ImportRecord.objects.get().what == "councils.VillageFigure"


def test_the_bmn_columns_are_those_of_the_dcd_village_report():
    assert BMN_HEADER == [
        "ปี พ.ศ.",
        "รหัสตำบล",
        "หมู่ที่",
        "รหัสตัวชี้วัด",
        "ตัวชี้วัด",
        "จำนวนครัวเรือนที่สำรวจ",
        "จำนวนครัวเรือนที่ผ่านเกณฑ์",
    ]


def test_a_good_nrd2c_file_writes_the_village_and_its_levels(tambon_coordinator):
    header = _nrd2c_header()
    assert header[:7] == [
        "ปี พ.ศ.", "รหัสตำบล", "หมู่ที่", "ชื่อหมู่บ้าน", "จำนวนครัวเรือน", "จำนวนประชากร",
        "รายได้เฉลี่ย (บาท/คน/ปี)",
    ]  # fmt: skip
    assert header[7] == "1. ถนน"
    assert len(header) == 7 + VillageIndicator.objects.filter(dataset="nrd2c").count()
    rows = [_nrd2c(3, {"1": 1, "2": "๓", "25": 2}, name="บ้านป่าซาง")]

    outcome = import_village_data("nrd2c", MAE_SAI, _xlsx(header, rows), tambon_coordinator)

    assert outcome.ok, outcome.errors
    profile = VillageProfile.objects.get()
    assert (profile.village_no, profile.village_name, profile.population) == (3, "บ้านป่าซาง", 742)
    assert str(profile.average_income) == "68500.00"
    levels = dict(VillageFigure.objects.values_list("indicator__code", "level"))
    assert levels == {"1": 1, "2": 3, "25": 2}
    assert outcome.imported == {"villages": 1, "figures": 3, "replaced": 0}


def test_one_bad_row_writes_nothing_and_each_is_named_by_row_and_column(district_coordinator):
    rows = [
        _bmn(1),
        _bmn(2, code="99"),  # no such indicator
        _bmn(3, surveyed=50, passed=60),  # more passed than surveyed
        _bmn(11),  # Mae Sai has 10 villages
        _bmn(4, tambon="860101"),  # Chumphon: outside Dao's district
    ]

    outcome = import_village_data("bmn", MAE_SAI, _xlsx(BMN_HEADER, rows), district_coordinator)

    assert [(e.row, e.column) for e in outcome.errors] == [
        (3, "รหัสตัวชี้วัด"),
        (4, "จำนวนครัวเรือนที่ผ่านเกณฑ์"),
        (5, "หมู่ที่"),
        (6, "รหัสตำบล"),
    ]
    assert "99" in outcome.errors[0].message
    assert not VillageFigure.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_level_outside_1_to_3_is_named(tambon_coordinator):
    header = _nrd2c_header()
    rows = [_nrd2c(1, {"1": 2}), _nrd2c(2, {"4": 5})]

    outcome = import_village_data("nrd2c", TAMBON_MAE_SAI, _xlsx(header, rows), tambon_coordinator)

    assert [(e.row, e.column) for e in outcome.errors] == [(3, "4. น้ำเพื่อการเกษตร")]
    assert not VillageProfile.objects.exists() and not VillageFigure.objects.exists()


def test_a_christian_era_year_is_refused_never_shifted(english_client, tambon_coordinator):
    from django.utils import translation

    with translation.override("en"):
        outcome = import_village_data(
            "bmn", TAMBON_MAE_SAI, _xlsx(BMN_HEADER, [_bmn(1, year="2025")]), tambon_coordinator
        )
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "ปี พ.ศ.")]
    assert "2025" in outcome.errors[0].message or "Buddhist" in outcome.errors[0].message
    assert not VillageFigure.objects.exists()


def test_importing_a_village_year_again_updates_its_figures(tambon_coordinator):
    first = [_bmn(1, "9", 120, 100), _bmn(1, "10", 120, 60)]
    import_village_data("bmn", TAMBON_MAE_SAI, _xlsx(BMN_HEADER, first), tambon_coordinator)

    again = import_village_data(
        "bmn", TAMBON_MAE_SAI, _xlsx(BMN_HEADER, [_bmn(1, "9", 121, 110)]), tambon_coordinator
    )

    assert again.ok and again.imported["replaced"] == 1 and again.changed == 1
    figures = VillageFigure.objects.order_by("indicator__position")
    assert [(f.indicator.code, f.households_passed) for f in figures] == [("9", 110), ("10", 60)]
    header = _nrd2c_header()
    import_village_data(
        "nrd2c", TAMBON_MAE_SAI, _xlsx(header, [_nrd2c(2, {"1": 1, "2": 1})]), tambon_coordinator
    )
    import_village_data(
        "nrd2c", TAMBON_MAE_SAI, _xlsx(header, [_nrd2c(2, {"1": 3})]), tambon_coordinator
    )
    assert VillageProfile.objects.count() == 1
    # The row replaces the village's year: level 1 changed, the cell left empty removed.
    levels = VillageFigure.objects.filter(indicator__dataset="nrd2c").values_list(
        "indicator__code", "level"
    )
    assert list(levels) == [("1", 3)]


def test_a_repeated_row_is_named(tambon_coordinator):
    outcome = import_village_data(
        "bmn", TAMBON_MAE_SAI, _xlsx(BMN_HEADER, [_bmn(1), _bmn(1)]), tambon_coordinator
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "รหัสตัวชี้วัด")]


def test_a_tambon_coordinator_imports_only_their_tambon(tambon_coordinator, other_council):
    neighbour = _bmn(1, tambon=TAMBON_HUAI_KHRAI)

    outcome = import_village_data(
        "bmn", TAMBON_MAE_SAI, _xlsx(BMN_HEADER, [neighbour]), tambon_coordinator
    )
    # Even a file imported under the district's code is refused outside Alice's own tambon.
    wider = import_village_data("bmn", MAE_SAI, _xlsx(BMN_HEADER, [neighbour]), tambon_coordinator)

    assert [(e.row, e.column) for e in outcome.errors] == [(2, "รหัสตำบล")]
    assert [(e.row, e.column) for e in wider.errors] == [(2, "รหัสตำบล")]
    assert not VillageFigure.objects.exists()


# --- The pages ------------------------------------------------------------------------------


def test_the_preview_writes_nothing_until_the_uploader_confirms(
    district_coordinator, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dao = client_for(district_coordinator)
    url = reverse("village_data_import", args=[MAE_SAI])
    upload = _xlsx(BMN_HEADER, [_bmn(1), _bmn(2), _bmn(1, code="10")])

    response = dao.post(url, {"dataset": "bmn", "import_file": upload})

    job = ImportJob.objects.get()
    assert response.url == reverse("village_data_import_preview", args=[MAE_SAI, job.pk])
    preview = dao.get(response.url)
    assert preview.status_code == 200
    assert "2" in preview.context["step"].lead  # two villages
    assert not VillageFigure.objects.exists()

    done = dao.post(response.url, confirm_fields(preview))

    assert done.status_code == 302
    assert VillageFigure.objects.count() == 3
    result = dao.get(done.url)
    assert 'data-region-status="import"' in result.content.decode()
    dao.post(response.url, confirm_fields(preview))  # a second tap writes nothing more
    assert VillageFigure.objects.count() == 3 and ImportRecord.objects.count() == 1


def test_only_the_uploader_may_confirm(district_coordinator, client_for, settings, tmp_path):
    from tests.personas import _person

    settings.MEDIA_ROOT = tmp_path
    dao = client_for(district_coordinator)
    response = dao.post(
        reverse("village_data_import", args=[MAE_SAI]),
        {"dataset": "bmn", "import_file": _xlsx(BMN_HEADER, [_bmn(1)])},
    )
    colleague = client_for(_person("dan", "district", MAE_SAI))
    preview = dao.get(response.url)

    assert colleague.get(response.url).status_code == 404
    assert colleague.post(response.url, confirm_fields(preview)).status_code == 404
    assert not VillageFigure.objects.exists()


def test_a_bad_file_is_named_on_the_page(tambon_coordinator, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = import_confirmed(
        client_for(tambon_coordinator),
        reverse("village_data_import", args=[TAMBON_MAE_SAI]),
        {"dataset": "bmn", "import_file": _xlsx(BMN_HEADER, [_bmn(1, surveyed=5, passed=9)])},
    )
    assert page.status_code == 200
    assert 'class="import-row-error"' in page.content.decode()
    assert not VillageFigure.objects.exists()
    assert not any((tmp_path / "imports").iterdir())


def test_who_may_open_the_import(
    client_for, tambon_coordinator, other_tambon_coordinator, province_coordinator, codi_staff
):
    own = reverse("village_data_import", args=[TAMBON_MAE_SAI])
    district = reverse("village_data_import", args=[MAE_SAI])
    assert client_for(tambon_coordinator).get(own).status_code == 200
    assert client_for(tambon_coordinator).get(district).status_code == 404
    assert client_for(other_tambon_coordinator).get(own).status_code == 404
    assert client_for(province_coordinator).get(district).status_code == 200
    assert (
        client_for(province_coordinator)
        .get(reverse("village_data_import", args=["57"]))
        .status_code
        == 200
    )
    assert client_for(codi_staff).get(district).status_code == 403


def test_an_unknown_dataset_has_no_template(client_for, tambon_coordinator):
    url = reverse("village_data_template", args=["census"])
    assert client_for(tambon_coordinator).get(url).status_code == 404


@pytest.mark.parametrize("dataset", ["bmn", "nrd2c"])
def test_the_downloaded_template_filled_in_imports(
    dataset, client_for, tambon_coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    alice = client_for(tambon_coordinator)
    response = alice.get(reverse("village_data_template", args=[dataset]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    # Alice's tambon, its 10 villages (with each BMN indicator), already filled in.
    per_village = VillageIndicator.objects.filter(dataset="bmn").count() if dataset == "bmn" else 1
    assert len(rows) == 10 * per_village
    assert {row[1].value for row in rows} == {TAMBON_MAE_SAI}
    if dataset == "bmn":
        assert rows[0][4].value == VillageIndicator.objects.get(dataset="bmn", code="1").name
    # Filled in for village 1 only: the other villages' rows are passed over.
    for row in rows[:per_village]:
        row[0].value = "2568"
        if dataset == "bmn":
            row[5].value, row[6].value = 100, 95
        else:
            row[3].value = "บ้านแม่สาย"
            row[header.index("1. ถนน")].value = 2
    output = io.BytesIO()
    book.save(output)
    upload = SimpleUploadedFile("filled.xlsx", output.getvalue())

    done = import_confirmed(
        alice,
        reverse("village_data_import", args=[TAMBON_MAE_SAI]),
        {"dataset": dataset, "import_file": upload},
    )

    assert done.status_code == 302, done.context and done.context.get("result")
    assert VillageFigure.objects.filter(village_no=1, year=2568).count() == per_village
    assert not VillageFigure.objects.exclude(village_no=1).exists()


def test_the_area_overview_and_the_council_page_lead_editors_to_the_import(
    client_for, district_coordinator, province_coordinator, tambon_coordinator, council
):
    district = reverse("village_data_import", args=[MAE_SAI])
    overview = reverse("area_overview", args=[MAE_SAI])
    assert district in client_for(district_coordinator).get(overview).content.decode()
    own = reverse("village_data_import", args=[TAMBON_MAE_SAI])
    council_page = reverse("council_detail", args=[council.pk])
    assert own in client_for(tambon_coordinator).get(council_page).content.decode()
    assert own not in client_for(district_coordinator).get(council_page).content.decode()


def test_the_template_takes_the_same_queries_for_more_villages(client_for, district_coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dao = client_for(district_coordinator)
    url = reverse("village_data_template", args=["nrd2c"])
    dao.get(url)  # the session and the user, read once
    # 7: the session, the user, the scope (assignments), the indicators twice (the template's
    # columns, then its sheet of indicators), the sum of the villages, the tambons.
    with CaptureQueriesContext(connection) as few:
        dao.get(url)
    Subdistrict.objects.filter(code__startswith=MAE_SAI).update(village_count=20)
    with CaptureQueriesContext(connection) as many:
        response = dao.get(url)
    rows = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].max_row - 1
    assert rows == 20 * Subdistrict.objects.filter(code__startswith=MAE_SAI).count()
    assert len(many) == len(few) == 7
