"""`check_integrity` passes on the whole demo."""

from io import StringIO

from django.core.management import call_command

from reports import integrity


def test_the_demo_data_passes(demo_database, db):
    out = StringIO()
    call_command("check_integrity", stdout=out)
    for name in integrity.CHECKS:
        assert f"{name}: ok" in out.getvalue()
