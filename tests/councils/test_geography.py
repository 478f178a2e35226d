"""Every database has Thailand's official geography after `migrate`, with CODI regions."""

import pytest
from django.db.models import F

from councils.geography import REGION_PROVINCES, Level, level_of
from councils.models import District, Province, Subdistrict

pytestmark = pytest.mark.django_db


def test_all_provinces_districts_and_subdistricts_are_loaded():
    assert (Province.objects.count(), District.objects.count(), Subdistrict.objects.count()) == (
        77,
        928,
        7436,
    )


def test_codes_nest_as_prefixes():
    assert Subdistrict.objects.get(code="570909").district.code == "5709"
    assert District.objects.get(code="5709").province.name_th == "เชียงราย"
    # A tambon's code starts with its district's code, which starts with its province's.
    assert Subdistrict.objects.filter(code__startswith=F("district_id")).count() == 7436
    assert District.objects.filter(code__startswith=F("province_id")).count() == 928


def test_every_province_has_exactly_one_codi_region():
    codes = [code for region in REGION_PROVINCES.values() for code in region]
    assert sorted(codes) == sorted(Province.objects.values_list("code", flat=True))
    assert Province.objects.get(code="86").region == "south"
    assert Province.objects.get(code="57").region == "north"


def test_level_of_a_code():
    assert [level_of(code) for code in ("84", "8405", "840503")] == [
        Level.PROVINCE,
        Level.DISTRICT,
        Level.SUBDISTRICT,
    ]
    with pytest.raises(ValueError):
        level_of("845")
