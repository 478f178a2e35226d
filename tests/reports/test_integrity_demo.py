"""`check_integrity` passes on the whole demo (in a module of its own: the demo fills the db)."""

from io import StringIO

import pytest
from django.core.management import call_command

from reports import integrity


@pytest.mark.django_db
def test_the_demo_data_passes(demo_database):
    out = StringIO()
    call_command("check_integrity", stdout=out)
    for name in integrity.CHECKS:
        assert f"{name}: ok" in out.getvalue()
