"""Project settings, read from the environment (DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS,
EMAIL_HOST and the other EMAIL_* settings, PORTAL_URL)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The fallback key only serves development and tests; `check --deploy` flags it (W009).
SECRET_KEY = (
    os.environ.get("SECRET_KEY") or "django-insecure-development-only-key-not-for-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "template_partials",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "councils",
    "plans",
    "welfare",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "councils.middleware.RefuseNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "councils.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "councils.middleware.StaffIdleTimeoutMiddleware",
    "councils.middleware.PrivateCacheMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it renders an htmx response's messages before they are stored.
    "councils.feedback.MessagesOutOfBandMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "reports.context_processors.work_counts",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query it estimates as costly before running it: for a big
    # fund's standing (welfare/standing.py, a subquery per member) compiling took longer than
    # the query itself (1.5 s against 0.9 s). The portal's queries are short; no JIT.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Thai first, with an English switch.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# Rendered book sections are cached under MEDIA_ROOT/render-cache; after a book render the least
# recently used are deleted while the cache is bigger than this (0: never after a render).
# `manage.py prune_render_cache` also deletes what has not been used for a month.
RENDER_CACHE_MAX_MB = float(os.environ.get("RENDER_CACHE_MAX_MB", "500"))
# Every render runs in a child process with these limits (reports/bounded.py): the address
# space it may map, and the wall-clock seconds a plan (or fund statement) and a book may take.
# A render past them is stopped and its document marked failed. A document is leased to its
# worker for RENDER_LEASE_SECONDS, renewed as it progresses; one whose lease ran out is queued
# again, at most RENDER_MAX_ATTEMPTS times in all.
RENDER_MAX_MEMORY_MB = int(os.environ.get("RENDER_MAX_MEMORY_MB", "1536"))
RENDER_TIMEOUT_SECONDS = {
    "plan": int(os.environ.get("RENDER_PLAN_TIMEOUT_SECONDS", "60")),
    "book": int(os.environ.get("RENDER_BOOK_TIMEOUT_SECONDS", "300")),
}
RENDER_LEASE_SECONDS = int(os.environ.get("RENDER_LEASE_SECONDS", "120"))
RENDER_MAX_ATTEMPTS = int(os.environ.get("RENDER_MAX_ATTEMPTS", "3"))

# Imports refuse, before parsing them, files beyond these (see councils/spreadsheets/guard.py):
# 100,000 fund members make a file of about 12.5 MB.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(150 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = 100
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "120000"))
# Files with more rows than this import in the background (a task), with their progress shown.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The document library (councils/uploads.py) takes files up to this size; bigger uploads are
# streamed to a temporary file (FILE_UPLOAD_MAX_MEMORY_SIZE) and refused before they are stored.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_FORMATS = [
    "import_export.formats.base_formats.XLSX",
    "import_export.formats.base_formats.CSV",
]

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# The audit trail (councils/audit.py): every create, change and delete of our models, by any
# path. Left out: reference data loaded by migrations, logs that are themselves a trail
# (reveals, plan state changes, axes' attempts), derived rows (documents, task results) and
# Django's own tables. Ledger entries stay in: they are append-only and already say who and
# when, but an entry in the trail also keeps the address and the request it came from.
AUDITLOG_LOGENTRY_MODEL = "councils.AuditEntry"
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "admin",
    "auth.permission",
    "contenttypes",
    "sessions",
    "django_tasks_database",
    "axes",
    "otp_totp",  # a device's secret key must never be copied into the trail
    "otp_static",
    "councils.province",
    "councils.district",
    "councils.subdistrict",
    "councils.auditentry",
    "councils.importrecord",
    "plans.planstatechange",
    "welfare.reveallog",
    "reports.document",
    # Notifications and digests are derived from events already in the trail.
    "reports.notification",
    "reports.digest",
    "reports.digest_notifications",
)
# Reverse one-to-ones are not columns: reading them for the diff would cost a query per save
# and cache a "no such row" on the instance (a reversal made later would not be seen).
AUDITLOG_EXCLUDE_TRACKING_FIELDS = (
    "password", "last_login", "updated_at", "version", "reversed_by", "welfare_fund",
)  # fmt: skip
AUDITLOG_MASK_TRACKING_FIELDS = ("citizen_id",)
AUDITLOG_MASK_CALLABLE = "welfare.models.mask_citizen_id"
AUDITLOG_DISABLE_ON_RAW_SAVE = True  # fixtures and loaddata
AUDITLOG_STORE_JSON_CHANGES = True

# Five wrong passwords lock the username, and five from one address lock the address, for 30
# minutes (each set of parameters is counted on its own). Behind a proxy REMOTE_ADDR is the
# proxy's: set AXES_IPWARE_PROXY_COUNT with django-ipware installed before going live that way.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

# The second factor of staff (councils/two_factor.py) and their idle timeout.
OTP_TOTP_ISSUER = "CODI portal"
# The admin lists devices (a lost phone is deleted there) but never shows their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", str(30 * 60)))

# Scripts come only from our static files (htmx included): an injected <script> or on...=
# attribute does not run. Styles allow 'unsafe-inline' because the Django admin and
# django-import-export write <style> blocks and style attributes, htmx adds its indicator
# style, and our bar charts set each bar's width in a style attribute; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening; every value can be turned off through the environment for local HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Email: the daily digest (reports/digests.py). In development mail is printed on the console;
# in production it goes out through the SMTP server named here.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CODI portal <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The portal's address as people reach it, for the links in emails.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "portal.audit": {"handlers": ["console"], "level": "INFO"},
    },
}
