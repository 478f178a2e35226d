"""deploy/ agrees with the settings: nginx lets through the biggest file the portal accepts and
waits longer than gunicorn, and gunicorn's workers follow the cores."""

import multiprocessing
import re
import runpy

from django.conf import settings

DEPLOY = settings.BASE_DIR / "deploy"
MB = 1024 * 1024


def nginx_setting(name: str) -> str:
    found = re.search(rf"^\s*{name}\s+([^;]+);", (DEPLOY / "nginx.conf").read_text(), re.M)
    assert found, name
    return found.group(1).strip()


def seconds(value: str) -> int:
    assert value.endswith("s"), value
    return int(value.removesuffix("s"))


def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_nginx_takes_the_biggest_import_and_upload():
    limit = nginx_setting("client_max_body_size")
    assert limit.endswith("m")
    body = int(limit.removesuffix("m")) * MB
    assert body > settings.IMPORT_MAX_BYTES
    assert body > settings.UPLOAD_MAX_BYTES
    assert body <= settings.IMPORT_MAX_BYTES + 2 * MB  # and not much more


def test_nginx_waits_longer_than_gunicorn(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert seconds(nginx_setting("proxy_read_timeout")) > config["timeout"]
    assert seconds(nginx_setting("proxy_send_timeout")) > config["timeout"]


def test_nginx_tells_django_the_request_came_over_https():
    header, value = settings.SECURE_PROXY_SSL_HEADER
    assert header == "HTTP_X_FORWARDED_PROTO" and value == "https"
    assert nginx_setting("proxy_set_header X-Forwarded-Proto") == "$scheme"


def test_gunicorn_workers_follow_the_cores_unless_told(monkeypatch):
    assert gunicorn_config(monkeypatch)["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert gunicorn_config(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3
    config = gunicorn_config(monkeypatch)
    assert config["control_socket_disable"] is True  # two servers on one machine do not clash
    unit = (DEPLOY / "codi-web.service").read_text()
    stop = int(re.search(r"^TimeoutStopSec=(\d+)$", unit, re.M).group(1))
    assert config["graceful_timeout"] < stop  # systemd lets the old workers finish
