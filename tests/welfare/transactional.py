"""For tests on a real transaction: put back the geography that the flush after each one removes.

The migrations load the 8,400 provinces, districts and tambons once; a transactional test ends
by emptying every table. Reloading them in bulk takes a second, where Django's
serialized_rollback takes fifteen.
"""

import importlib

import pytest
from django.apps import apps

from councils.models import Subdistrict
from tests.factories import TAMBON_MAE_SAI

load_geography = importlib.import_module("councils.migrations.0002_load_geography").load


@pytest.fixture
def geography(transactional_db):
    if not Subdistrict.objects.filter(code=TAMBON_MAE_SAI).exists():
        load_geography(apps, None)
