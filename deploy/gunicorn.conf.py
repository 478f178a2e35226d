"""Gunicorn's configuration for the portal: `gunicorn -c deploy/gunicorn.conf.py portal.wsgi`.

Every value can be changed through the environment (GUNICORN_BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT...), so `make serve`, the systemd unit, the smoke test and the load test all use
this one file. Sync workers, one request each: the portal's requests are short database reads
and writes, and nginx in front buffers slow clients' uploads and downloads (deploy/nginx.conf),
so a worker is never held by a slow phone. Long work (PDFs, big imports) runs in db_worker
processes, never in a request.

With DEBUG off the pages link collectstatic's hashed names: run `manage.py collectstatic` before
starting (make serve does), or set STATIC_MANIFEST=0 for a throwaway server (a load test).
"""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Gunicorn's own rule of thumb: 2 x cores + 1, enough to keep the CPUs busy while some workers
# wait on PostgreSQL. WEB_CONCURRENCY is the name platforms and gunicorn itself read.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# The longest requests are synchronous exports and imports (a fund's members as a
# spreadsheet, an import of up to IMPORT_BACKGROUND_ROWS rows): well under a minute at national
# size. A worker silent for longer than this is killed and its request answered 502; nginx's
# proxy_read_timeout is a little longer so that gunicorn, not nginx, decides.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# On a graceful restart (SIGHUP, or `systemctl reload`), old workers finish what they are
# serving, for at most this long, while new workers already take requests.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "60"))
# Behind nginx, which keeps its own connections to browsers: a short keep-alive is enough.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# A worker is replaced after this many requests (with jitter, so not all at once): WeasyPrint
# and openpyxl keep memory that Python never gives back to the system.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# The heartbeat file lives in memory: a slow or full disk must not make workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# One line per request on stdout (journald under systemd), with its time in microseconds (%(D)s)
# and the client's address as nginx saw it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s"'
)
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "codi-portal"

# Trust X-Forwarded-* only from the proxy (nginx on the same machine by default); Django reads
# X-Forwarded-Proto itself (SECURE_PROXY_SSL_HEADER in portal/settings.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Gunicorn's control socket (gunicornc) defaults to one path per user, which two servers on one
# machine (make serve, the smoke and load tests) would fight over: off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
