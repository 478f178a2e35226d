"""The data the migrations load survives the flush that transactional tests end with."""

import pytest

from councils.models import Province, Subdistrict
from plans.models import Theme


@pytest.mark.django_db(transaction=True)
def test_geography_and_themes_are_there_in_a_transactional_test():
    # pytest-django runs transactional tests last, after the browser journeys' flushes.
    assert Province.objects.count() == 77
    assert Subdistrict.objects.count() == 7436
    assert Theme.objects.filter(is_core=True).count() == 3


@pytest.mark.django_db(transaction=True)
def test_and_again_after_another_flush():
    assert Subdistrict.objects.count() == 7436
    assert Theme.objects.filter(is_core=True).count() == 3
