"""Village data: figures by dataset, shares against the target, shortfalls."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from councils.models import Subdistrict
from councils.villages.models import Dataset, VillageFigure, VillageIndicator
from tests.factories import TAMBON_MAE_SAI, VillageFigureFactory, basic_needs_indicator

pytestmark = pytest.mark.django_db


def test_both_datasets_have_their_indicators():
    assert VillageIndicator.objects.filter(dataset=Dataset.BASIC_NEEDS).count() == 29
    assert VillageIndicator.objects.filter(dataset=Dataset.VILLAGE_BASIC_DATA).count() == 25


def test_a_basic_needs_share_below_the_target_falls_short():
    figure = VillageFigureFactory(households_surveyed=120, households_passed=102)
    assert figure.percent == Decimal("85.00")
    assert figure.falls_short  # the target is 90 %
    figure.households_passed = 110
    assert not figure.falls_short


def test_a_village_basic_data_level_one_falls_short():
    road = VillageIndicator.objects.get(dataset=Dataset.VILLAGE_BASIC_DATA, code="1")
    figure = VillageFigure(
        subdistrict_id=TAMBON_MAE_SAI, village_no=1, year=2567, indicator=road, level=1
    )
    figure.full_clean()
    assert figure.falls_short


def test_each_dataset_needs_its_own_kind_of_figure():
    road = VillageIndicator.objects.get(dataset=Dataset.VILLAGE_BASIC_DATA, code="1")
    with pytest.raises(ValidationError) as error:
        VillageFigure(
            subdistrict_id=TAMBON_MAE_SAI, village_no=1, year=2567, indicator=road,
            households_surveyed=10, households_passed=5,
        ).full_clean()  # fmt: skip
    assert set(error.value.message_dict) == {"level", "households_surveyed"}
    with pytest.raises(ValidationError) as error:
        VillageFigure(
            subdistrict_id=TAMBON_MAE_SAI, village_no=1, year=2567,
            indicator=basic_needs_indicator(), households_surveyed=10, households_passed=11,
        ).full_clean()  # fmt: skip
    assert "households_passed" in error.value.message_dict


def test_the_database_refuses_more_passed_than_surveyed():
    with pytest.raises(IntegrityError), transaction.atomic():
        VillageFigureFactory(households_surveyed=10, households_passed=11)


def test_an_unknown_village_is_refused():
    Subdistrict.objects.filter(code=TAMBON_MAE_SAI).update(village_count=12)
    figure = VillageFigureFactory.build(village_no=99)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "village_no" in error.value.message_dict
