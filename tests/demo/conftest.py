"""The demo, seeded once for every demo test of the run and rolled back after the last of them.

Seeding the whole demo takes many seconds; the tests here only read it (each in a savepoint
that is rolled back), so they share one seeding, and the idempotency tests share one second
seeding. pytest-django keeps this package's tests together (they all use `db`), and the
package fixture rolls the demo back before any other test runs.
"""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from tests.rolled_back import rolled_back_at_end


@dataclass(frozen=True)
class Reseeding:
    """The rows of every table before and after seed_demo ran a second time."""

    before: dict[str, int]
    after: dict[str, int]
    output: str


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def _seed(tmp_path_factory) -> str:
    out = StringIO()
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media):
        call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="package")
def demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, seeded once for the package and rolled back after it. Returns what
    seed_demo printed."""
    with rolled_back_at_end(django_db_blocker):
        with django_db_blocker.unblock():
            output = _seed(tmp_path_factory)
        yield output


@pytest.fixture(scope="package")
def reseeding(demo_database, django_db_blocker, tmp_path_factory) -> Reseeding:
    """seed_demo run a second time over the demo, once for all the idempotency tests."""
    with django_db_blocker.unblock():
        before = row_counts()
        output = _seed(tmp_path_factory)
        after = row_counts()
    return Reseeding(before, after, output)
