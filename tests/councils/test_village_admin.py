"""The village data in the admin: the indicators are national staff's to change, the figures and
village facts are read-only lists of the staff member's region, and the จปฐ. file imports there
after its preview like the registry's files."""

import pytest
from django.urls import reverse

from councils.access import Role
from councils.models import Subdistrict
from councils.villages.models import VillageFigure, VillageIndicator
from tests.accounts_helpers import verified_client
from tests.councils.test_import_export import XLSX, confirm, upload, xlsx_upload
from tests.factories import OTHER_PROVINCE_TAMBON, TAMBON_MAE_SAI, VillageFigureFactory
from tests.personas import _person


@pytest.fixture
def charlie(codi_staff):
    return verified_client(codi_staff)


def charlie_groups():
    from django.contrib.auth.models import Group

    return Group.objects.filter(name="CODI staff")


def test_regional_staff_list_their_regions_figures_only(charlie):
    VillageFigureFactory(subdistrict_id=TAMBON_MAE_SAI)
    VillageFigureFactory(subdistrict_id=OTHER_PROVINCE_TAMBON)

    page = charlie.get(reverse("admin:councils_villagefigure_changelist"))

    assert page.status_code == 200
    assert [f.subdistrict_id for f in page.context["cl"].result_list] == [TAMBON_MAE_SAI]
    figure = VillageFigure.objects.get(subdistrict_id=TAMBON_MAE_SAI)
    change = charlie.get(reverse("admin:councils_villagefigure_change", args=[figure.pk]))
    assert b'name="households_passed"' not in change.content  # read-only
    far = VillageFigure.objects.get(subdistrict_id=OTHER_PROVINCE_TAMBON)
    assert charlie.get(
        reverse("admin:councils_villagefigure_change", args=[far.pk])
    ).status_code in (302, 404)


def test_only_national_staff_change_the_indicators(charlie, db):
    indicator = VillageIndicator.objects.get(dataset="bmn", code="9")
    url = reverse("admin:councils_villageindicator_change", args=[indicator.pk])
    assert b'name="target_percent"' not in charlie.get(url).content

    nok = _person("nok", Role.CODI_NATIONAL, "", is_staff=True)
    nok.groups.add(*charlie_groups())
    national = verified_client(nok)
    data = {
        "dataset": "nrd2c", "code": "9", "position": 9, "category": indicator.category,
        "name": indicator.name, "target_percent": "90", "active": "on",
    }  # fmt: skip
    refused = national.post(url, data)
    assert refused.status_code == 200
    assert "target_percent" in refused.context["adminform"].form.errors
    national.post(url, {**data, "dataset": "bmn", "target_percent": "85"})
    indicator.refresh_from_db()
    assert str(indicator.target_percent) == "85.00"


def test_a_bmn_file_imports_in_the_admin_after_its_preview(charlie):
    Subdistrict.objects.filter(code=TAMBON_MAE_SAI).update(village_count=10)
    header = ["ปี พ.ศ.", "รหัสตำบล", "หมู่ที่", "รหัสตัวชี้วัด", "ตัวชี้วัด",
              "จำนวนครัวเรือนที่สำรวจ", "จำนวนครัวเรือนที่ผ่านเกณฑ์"]  # fmt: skip
    rows = [["2568", TAMBON_MAE_SAI, 1, "9", "", 120, 100]]

    preview = upload(charlie, "villagefigure", xlsx_upload(header, rows), XLSX)
    assert preview.status_code == 200 and not VillageFigure.objects.exists()
    confirm(charlie, "villagefigure", preview)

    assert VillageFigure.objects.get().households_passed == 100
    far = [["2568", OTHER_PROVINCE_TAMBON, 1, "9", "", 120, 100]]
    refused = upload(charlie, "villagefigure", xlsx_upload(header, far), XLSX)
    assert refused.context["result"].has_validation_errors()
