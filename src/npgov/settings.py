"""NPGov settings. Every value comes from the environment (see .env.example); nothing else.

Two environments only differ by what they require: ``production`` demands an explicit
SECRET_KEY and ALLOWED_HOSTS and turns on secure cookies; ``development`` (the default, used
by ``make run``) generates a secret key in the instance folder and runs on SQLite.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from npgov.environ import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_required,
    env_str,
    instance_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent  # src/npgov
PROJECT_ROOT = BASE_DIR.parent.parent  # the checkout
INSTANCE_DIR = Path(env_str("NPGOV_INSTANCE_DIR") or PROJECT_ROOT / "instance").resolve()

ENVIRONMENT = env_choice("NPGOV_ENVIRONMENT", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when NPGOV_ENVIRONMENT=production.")

SECRET_KEY = env_required("SECRET_KEY") if PRODUCTION else (env_str("SECRET_KEY") or instance_secret_key(INSTANCE_DIR))
if PRODUCTION and len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("SECRET_KEY must be at least 40 characters long in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when NPGOV_ENVIRONMENT=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "npgov.core",
    "npgov.substances",
    "npgov.enterprises",
    "npgov.regulations",
    "npgov.surveys",
    "npgov.monitoring",
    "npgov.risk",
    "npgov.compliance",
    "npgov.enforcement",
    "npgov.workplan",
    "npgov.capacity",
    "npgov.notifications",
    "npgov.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "npgov.core.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "npgov.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "npgov.core.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "npgov.urls"
WSGI_APPLICATION = "npgov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "npgov.core.context_processors.navigation",
                "npgov.notifications.context_processors.notifications",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'npgov.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
except ValueError as exc:  # dj-database-url raises ValueError on an unknown scheme
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
# A kept connection is checked before reuse: after a PostgreSQL restart Django reconnects by itself.
_db["CONN_HEALTH_CHECKS"] = True
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db.setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked"
            # when a read transaction later tries to write.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    if not str(_db["NAME"]).startswith(":memory:"):
        # The database is readable by the service's user alone: the folder 0700, the file created 0600
        # (SQLite gives its -wal and -shm files the database file's mode); core/checks.py narrows older files.
        Path(_db["NAME"]).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not Path(_db["NAME"]).exists():
            os.close(os.open(_db["NAME"], os.O_CREAT | os.O_WRONLY, 0o600))
elif _db["ENGINE"] not in ("django.db.backends.postgresql",):
    raise ImproperlyConfigured(f"DATABASE_URL: NPGov supports sqlite and postgresql, got {_db['ENGINE']}.")

# A streaming replica of the primary (a PostgreSQL hot standby) answers the read-only statistics and the exports
# (core/routers.py, docs/operations.md). Unset, the alias "replica" is the primary itself and nothing is sent to it.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "") or ""
READ_FROM_REPLICA = bool(DATABASE_REPLICA_URL)
if READ_FROM_REPLICA:
    if _db["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs PostgreSQL: DATABASE_URL must be postgres://… too.")
    try:
        _replica = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=_db["CONN_MAX_AGE"])
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a valid database URL: {exc}") from exc
    if _replica["ENGINE"] != _db["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL (a replica of DATABASE_URL).")
    _replica["CONN_HEALTH_CHECKS"] = True
else:
    _replica = copy.deepcopy(_db)
# Read-only sessions: a query routed here by mistake fails loudly instead of writing to the wrong server.
_options = _replica.setdefault("OPTIONS", {})
if _replica["ENGINE"] == "django.db.backends.postgresql":
    _options["options"] = f"{_options.get('options', '')} -c default_transaction_read_only=on".strip()
else:
    # The embedded file read through a second connection: deferred transactions take no write lock, so a test
    # case's transaction on it does not lock out the primary connection's (IMMEDIATE) one.
    _options.pop("transaction_mode", None)
    _options["init_command"] = "PRAGMA busy_timeout=10000; PRAGMA query_only=ON;"
# In tests the replica is the test database itself (Django's test mirror): routed reads see committed rows.
_replica["TEST"] = {"MIRROR": "default"}
DATABASES = {"default": _db, "replica": _replica}
DATABASE_ROUTERS = ["npgov.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- authentication and security --------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # refuses password checks while a per-address or platform-wide failure limit holds (core/loginlimits.py)
    "npgov.core.loginlimits.LoginRateBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "npgov.core.passwords.CharacterClassValidator"},
]

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_LOCKOUT_CALLABLE = "npgov.core.loginlimits.lockout_response"  # JSON under /api/
# Beyond axes (one user name from one address): failures from one address over any user names, and a
# platform-wide wave (core/loginlimits.py).
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 30, minimum=1)
LOGIN_IP_WINDOW_MINUTES = env_int("LOGIN_IP_WINDOW_MINUTES", 15, minimum=1)
LOGIN_GLOBAL_FAILURE_LIMIT = env_int("LOGIN_GLOBAL_FAILURE_LIMIT", 200, minimum=1)
LOGIN_GLOBAL_WINDOW_MINUTES = env_int("LOGIN_GLOBAL_WINDOW_MINUTES", 10, minimum=1)
LOGIN_WAVE_IP_FAILURES = env_int("LOGIN_WAVE_IP_FAILURES", 3, minimum=1)

# API tokens (core.models.ApiToken): days a new token is valid by default, and at most.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30, minimum=1)
API_TOKEN_MAX_DAYS = max(env_int("API_TOKEN_MAX_DAYS", 365, minimum=1), API_TOKEN_DAYS)

SECURE_COOKIES = env_bool("SECURE_COOKIES", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy (TLS terminated there): the scheme and the client address come from its headers.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- language and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- files ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = INSTANCE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = INSTANCE_DIR / "media"
STORAGES = {
    # Uploaded files (evidence, attachments, photos) readable by the service's user alone: they are served only
    # through permission-checked views, never from /media/.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- cache ---------------------------------------------------------------------------------------
# The public portal's pages and downloads are served from the cache, and its rate limits count in it: every
# web process must share it. The embedded default is a folder in the instance (shared by gunicorn's workers);
# production sets CACHE_URL=redis://… (docs/operations.md).
CACHE_URL = env_str("CACHE_URL", "") or ""
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("locmem://") or not CACHE_URL and env_bool("NPGOV_LOCMEM_CACHE", default=False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss:// or locmem://.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(INSTANCE_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- public portal ---------------------------------------------------------------------------------
# Seconds a public page or download is served from the cache (publication invalidates it at once).
PORTAL_CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 300, minimum=0)
# Complaints (举报) a client may file: per hour and per day (the form and the API answer 429 beyond).
PORTAL_COMPLAINTS_PER_HOUR = env_int("PORTAL_COMPLAINTS_PER_HOUR", 5, minimum=1)
PORTAL_COMPLAINTS_PER_DAY = env_int("PORTAL_COMPLAINTS_PER_DAY", 20, minimum=1)
# Status lookups by tracking code a client may make per hour (guessing codes is throttled).
PORTAL_STATUS_LOOKUPS_PER_HOUR = env_int("PORTAL_STATUS_LOOKUPS_PER_HOUR", 120, minimum=1)
# A complaint form sent sooner than this after the page loaded is refused (robots fill forms at once).
PORTAL_COMPLAINT_MIN_SECONDS = env_int("PORTAL_COMPLAINT_MIN_SECONDS", 3, minimum=0)
# Calendar days the responsible department has to answer a routed complaint.
PORTAL_COMPLAINT_DAYS = env_int("PORTAL_COMPLAINT_DAYS", 15, minimum=1)

# --- maps ------------------------------------------------------------------------------------------
# Government intranets often have their own tile server; with no URL the maps draw without tiles.
MAP_TILE_URL = env_str("MAP_TILE_URL", "") or ""
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "") or ""


def _tile_source(url: str) -> list[str]:
    """The CSP source of the configured tile server: its scheme and host, `{s}` subdomains as a wildcard."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "tiles"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    host = parts.netloc.replace("tiles.", "*.", 1) if "{s}." in url else parts.netloc
    return [f"{parts.scheme}://{host}"]


# --- Content-Security-Policy (django-csp) --------------------------------------------------------------
# Scripts only from this site's static files: no inline script, no on*= attributes, no eval. A stored
# injection (a site named <img onerror=…>) cannot run even if a template or a script let it through.
# Styles: <style> elements and style sheets only from this site; style="…" attributes are allowed
# (style-src-attr) because templates and the chart/map libraries set them — they cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_tile_source(MAP_TILE_URL)],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- jobs ------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or ""
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
# Without a broker, jobs run in a background thread of the server instead of the request (issue #16).
JOBS_IN_THREAD = env_bool("NPGOV_JOBS_IN_THREAD", True)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One queue per kind of work, so that an import never waits behind a long risk run, nor a reminder behind
# either: production runs a worker per queue (docs/operations.md "Queues and workers"). A worker started
# without -Q serves every queue (one machine, bench/load.py). Every task is routed by name here; a task
# missing from the table fails tests/core/test_queues.py.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in ("default", "imports", "runs", "ticks", "exports")]
CELERY_TASK_ROUTES = {
    # imports: uploads checked and written in one transaction (minutes at most)
    "core.import_file": {"queue": "imports"},
    "monitoring.import_results": {"queue": "imports"},
    "enforcement.product_results_import": {"queue": "imports"},
    # the series statistics a big import left pending: after its import, never behind a long run
    "monitoring.refresh_series": {"queue": "imports"},
    # runs: long computations over many rows (risk runs, the compliance check, KPIs, inventory screening)
    "risk.assessment_run": {"queue": "runs"},
    "risk.run_reproduce": {"queue": "runs"},
    "compliance.run": {"queue": "runs"},
    "workplan.kpis_compute": {"queue": "runs"},
    "regulations.screening": {"queue": "runs"},
    "compliance.list_change_notify": {"queue": "runs"},
    # ticks: the scheduled job (reminders, KPI recomputation, stale-job sweep): short, on a clock
    "notifications.run_ticks": {"queue": "ticks"},
    # default: small administrative jobs
    "core.system_check": {"queue": "default"},
}
# The scheduled job (deadline reminders, KPI recomputation): `celery -A npgov.celery beat` sends it every
# TICK_INTERVAL_SECONDS (hourly by default); without a broker, `npgov tick --loop` runs it (docs/operations.md).
# A running job not heard of for this long is marked failed (core/services/recovery.py).
JOB_STALE_MINUTES = env_int("JOB_STALE_MINUTES", 360, minimum=5)
TICK_INTERVAL_SECONDS = env_int("TICK_INTERVAL_SECONDS", 3600, minimum=60)
CELERY_BEAT_SCHEDULE = {
    "run-ticks": {"task": "notifications.run_ticks", "schedule": float(TICK_INTERVAL_SECONDS)},
}

# --- email -----------------------------------------------------------------------------------------
# Notifications are emailed too when the deployment configures email (EMAIL_HOST or EMAIL_BACKEND); in
# development they are printed by the console backend. NOTIFICATION_EMAIL=false turns email off.
EMAIL_HOST = env_str("EMAIL_HOST", "") or ""
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "") or ""
EMAIL_BACKEND = _EMAIL_BACKEND or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "") or "npgov@localhost"
NOTIFICATION_EMAIL = env_bool("NOTIFICATION_EMAIL", default=bool(_EMAIL_BACKEND or EMAIL_HOST) or not PRODUCTION)
# The address users reach the platform at (e.g. https://npgov.example.gov.cn): links in emails start with it.
SITE_URL = (env_str("SITE_URL", "") or "").rstrip("/")

# --- REST API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first so that an unauthenticated request gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "npgov.core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["npgov.core.api.permissions.RestrictedModelPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "npgov.core.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "npgov.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "1200/min"),
        # structure work is expensive: classification requests are limited separately
        "classify": env_str("API_THROTTLE_CLASSIFY", "30/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NPGov API",
    "DESCRIPTION": (
        "新污染物治理综合管理平台 REST API. Authenticate with a session or `Authorization: Token <key>` "
        "(or `Bearer <key>`). `POST /api/auth/token/` with a user name and password issues a token, valid 30 days "
        "by default; its key is shown once and stored only as a SHA-256 digest. A token ends when it expires, "
        "when its owner revokes it (page \"API tokens\", or `POST /api/auth/token/revoke/`), when the password "
        "changes and when the account is deactivated."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One enum for the shared sample matrix (lab methods, monitoring and products all use core.choices.Matrix).
    "ENUM_NAME_OVERRIDES": {"MatrixEnum": "npgov.core.choices.Matrix"},
}

# --- logging ---------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Times in TIME_ZONE with the offset, like the pages; a refused page (403, 404) is one warning line.
    "formatters": {
        "plain": {
            "()": "npgov.core.logs.LocalTimeFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "tz": TIME_ZONE,
        }
    },
    "filters": {"client_errors_one_line": {"()": "npgov.core.logs.ClientErrorOneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client_errors_one_line"]}
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper(),
    },
    # axes logs every successful sign-in at INFO; our own LoginEvent table is the audit.
    "loggers": {
        "axes": {"level": "WARNING"},
        # runserver's request lines, in the same format and time zone (Django's own formatter uses the host's zone)
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# A Celery worker logs through LOGGING above (same time zone and format), not its own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
