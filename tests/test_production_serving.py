"""The production server end to end: `make serve`'s gunicorn and two db_worker processes on
PostgreSQL render a provincial book through the queue, and WhiteNoise serves hashed static files
compressed with a year-long cache header.

It runs deploy/serve.py (SERVE_SETUP=0: the static files are collected once by the
`collected_static` fixture and the test database is migrated already) against pytest-django's
test database, which the subprocesses see because the test is transactional (its rows are
committed).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from io import BytesIO

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from pypdf import PdfReader

from plans.books.models import StrategyBook
from tests import personas
from tests.reports.plan_builders import accepted_plan, book

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="production serving runs on PostgreSQL only: gunicorn and the workers are other "
        "processes, which cannot see SQLite's in-memory test database (CI runs PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True),
]

STARTUP_SECONDS = 90  # generous: a loaded CI machine; a first request loads every view
RENDER_SECONDS = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HASHED_CSS = re.compile(r'"(/static/css/portal\.[0-9a-f]{12}\.css)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def production(transactional_db, collected_static, tmp_path):
    """The portal served by deploy/serve.py on a free port; stopped whatever the test does."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "STATIC_MANIFEST"}}
    environment.update(
        DATABASE_URL=test_database_url(),
        # This process's key: the session it logs in with is signed and checked with it.
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        GUNICORN_GRACEFUL_TIMEOUT="5",
        DB_WORKERS="2",
        SERVE_SETUP="0",
        # Plain HTTP to gunicorn here; behind nginx these stay on (deploy/nginx.conf).
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
    )
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "deploy/serve.py"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if requests.get(f"{base}/accounts/login/", timeout=30).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        yield base, server, tmp_path / "serve.log"
    finally:
        # serve.py stops gunicorn and the workers on SIGTERM; its children die with it anyway.
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_two_workers_render_a_book_behind_gunicorn_and_static_files_are_cached(production):
    base, server, log = production
    accepted_plan("570901", amounts={"economy": [125000], "society": [2000], "environment": [300]})
    accepted_plan("570902", amounts={"economy": [3000], "society": [400], "environment": [50]})
    chiang_rai = book(StrategyBook.Level.PROVINCE, "57")
    browser = requests.Session()
    helper = Client()
    helper.force_login(personas.pim())  # the provincial coordinator; the session row is committed
    session = helper.cookies[settings.SESSION_COOKIE_NAME].value
    browser.cookies.set(settings.SESSION_COOKIE_NAME, session)

    page = browser.get(f"{base}/books/{chiang_rai.pk}/", timeout=30)
    assert page.status_code == 200, page.text[:500]
    token = CSRF_FIELD.search(page.text).group(1)
    queued = browser.post(
        f"{base}/books/{chiang_rai.pk}/pdf/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=30,
    )
    assert queued.status_code == 302, queued.text[:500]
    status_url = base + queued.headers["Location"]

    download = None
    deadline = time.monotonic() + RENDER_SECONDS
    while download is None:
        assert server.poll() is None, log.read_text()
        status = browser.get(status_url, timeout=30)
        assert status.status_code == 200
        assert "failed" not in status.text.lower() or "/retry/" not in status.text, status.text
        found = re.search(r'href="(/documents/\d+/file/)"', status.text)
        if found:
            download = found.group(1)
            break
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.5)

    pdf = browser.get(base + download, timeout=30)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(pdf.content))
    assert len(reader.pages) >= 3  # cover, contents, the issues
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for font in reader.pages[-1]["/Resources"]["/Font"].values()
    }
    assert any(font.startswith("Sarabun") for font in fonts), fonts  # hashed font URLs resolved

    stylesheet = HASHED_CSS.search(page.text).group(1)
    for encoding in ("br", "gzip"):
        static = browser.get(base + stylesheet, headers={"Accept-Encoding": encoding}, timeout=30)
        assert static.status_code == 200
        assert static.headers["Content-Encoding"] == encoding
        assert static.headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert "Sarabun" in static.text  # requests decoded it: the real stylesheet
    # Gunicorn's access log has the request; both workers started.
    text = log.read_text()
    assert f'"GET {stylesheet} HTTP/1.1" 200' in text
    assert text.count("Starting worker worker_id=") == 2
