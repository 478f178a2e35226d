"""Persona fixtures: who is looking at the portal, and the council they look at."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.backends.signals import connection_created
from django.test import Client
from django.utils import translation

from tests import personas


def _allow_truncating_the_ledger(sender, connection, **kwargs):
    # Django empties the tables after a transactional test with one TRUNCATE, which the
    # ledger's trigger refuses unless the session allows it (welfare migration 0005).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET welfare.allow_truncate = 'on'")


connection_created.connect(_allow_truncating_the_ledger, dispatch_uid="tests-allow-truncate")


# `make test` spreads the suite over two processes (pytest-xdist, --dist loadgroup). The demo
# tests share one seeding (tests/demo/conftest.py) and the browser journeys one Chromium and
# one live server, so each of those folders stays in one process; the rest go test by test.
WHOLE_FOLDERS = ("demo", "browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = item.path.relative_to(config.rootpath / "tests").parts
        if len(parts) > 1 and parts[0] in WHOLE_FOLDERS:
            item.add_marker(pytest.mark.xdist_group(parts[0]))


@pytest.fixture(autouse=True)
def empty_cache():
    # What one test kept (an area's accountability figures, keyed by its newest rows' ids) must
    # not answer the next, whose rows may reuse those ids.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def plain_http(settings):
    # Production hardening redirects to HTTPS; the test client and live server speak HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Personas log in hundreds of times; a slow hash buys nothing in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every test Client builds its own middleware, and WhiteNoise would index all the static
    # files (the admin's too) each time; with autorefresh it looks a file up when asked for it.
    settings.WHITENOISE_AUTOREFRESH = True
    # Production links content-hashed names from collectstatic's manifest; the suite serves
    # the source files as they are, so that no test needs collectstatic first
    # (tests/test_static_manifest.py checks the manifest storage itself).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def default_language():
    # A request in English leaves English active in the thread afterwards; each test starts in
    # the portal's own language, whatever ran before it in this process.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def council(db):
    return personas.mae_sai_council()


@pytest.fixture
def other_council(db):
    return personas.huai_khrai_council()


@pytest.fixture
def far_council(db):
    return personas.tha_taphao_council()


@pytest.fixture
def tambon_coordinator(db):
    """Alice keeps the Mae Sai tambon council."""
    return personas.alice()


@pytest.fixture
def other_tambon_coordinator(db):
    """Bob keeps the neighbouring Huai Khrai council and must see nothing of Alice's."""
    return personas.bob()


@pytest.fixture
def district_coordinator(db):
    """Dao reviews the tambons of Mae Sai district."""
    return personas.dao()


@pytest.fixture
def province_coordinator(db):
    """Pim curates the Chiang Rai provincial book."""
    return personas.pim()


@pytest.fixture
def codi_staff(db):
    """Charlie works for CODI's northern regional office, in the admin site."""
    return personas.charlie()


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def client_for(db):
    """A logged-in test client for a persona; the anonymous persona gets a plain client."""

    def make(user) -> Client:
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def english_client(client_for):
    """A persona's client that chose English, so a test can check a message word for word
    whatever the Thai catalog says."""

    def make(user) -> Client:
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def in_english():
    """Messages built outside a request (model validation, compliance checks) in English."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT as production's `collectstatic` leaves it: content-hashed names, a manifest,
    gzip and brotli copies (about 10-30 s, once per test process)."""
    import os
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("staticfiles")
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "STATIC_MANIFEST"}}
    environment.update(STATIC_ROOT=str(root), DEBUG="0")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return root
