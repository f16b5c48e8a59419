"""Settings shared by every environment; each value that varies comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("JIEFEN_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_pairs(name: str) -> dict[str, str]:
    """Parse `name=secret,name2=secret2`; a malformed pair is an error, not a silent skip."""
    pairs: dict[str, str] = {}
    for item in env_list(name):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}: expected name=secret pairs, got {item!r}.")
        pairs[key.strip()] = value.strip()
    return pairs


SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
# Under DEBUG the error pages stay the Chinese ones a citizen understands (jiefen/core/errors.py);
# set this to see Django's technical 404 and 500 pages instead.
JIEFEN_TECHNICAL_ERROR_PAGES = env_bool("JIEFEN_TECHNICAL_ERROR_PAGES", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The reverse proxies (addresses or networks) in front of the site. Only a request that comes
# from one of them has its X-Forwarded-For read: the client is the nearest address in that
# header that is not itself a trusted proxy (jiefen/core/clientip.py). Empty: REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

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
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "jiefen.core",
    "jiefen.accounts",
    "jiefen.geo",
    "jiefen.workdays",
    "jiefen.audit",
    "jiefen.parties",
    "jiefen.cases",
    "jiefen.mediation",
    "jiefen.arbitration",
    "jiefen.inspection",
    "jiefen.dispatch",
    "jiefen.outreach",
    "jiefen.portal",
    "jiefen.exchange",
    "jiefen.calculators",
    "jiefen.consultations",
    "jiefen.reports",
    "jiefen.centre",
    "jiefen.open311",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jiefen.core.errors.FriendlyErrorPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jiefen.core.middleware.RequestSizeLimitMiddleware",
    "jiefen.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jiefen.core.request_context.RequestContextMiddleware",
    "jiefen.core.replica.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jiefen.core.idempotency.IdempotencyMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jiefen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiefen.core.context_processors.navigation",
            ],
        },
    },
]

# Forms rendered whole use the shared Bootstrap templates (jiefen/core/templates/core/forms/).
FORM_RENDERER = "jiefen.core.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jiefen.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; the busy timeout makes a second writer
    # wait for the lock instead of failing at once with "database is locked" (the worker's and
    # the scheduler's patience: past it they retry later, see jiefen/core/worker.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": float(os.environ.get("JIEFEN_SQLITE_TIMEOUT", "20")),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jiefen.accounts.validators.NotBlankPasswordValidator"},
]
# API tokens (jiefen/accounts/authentication.py): dead after this long unused, or this old.
JIEFEN_TOKEN_IDLE_HOURS = float(os.environ.get("JIEFEN_TOKEN_IDLE_HOURS", "12"))
JIEFEN_TOKEN_MAX_AGE_DAYS = float(os.environ.get("JIEFEN_TOKEN_MAX_AGE_DAYS", "30"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The address counted is the client's behind TRUSTED_PROXIES, as for the portal's limits.
AXES_CLIENT_IP_CALLABLE = "jiefen.core.clientip.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
# Dates in the ISO form the centre writes, in every language (jiefen/formats).
FORMAT_MODULE_PATH = ["jiefen.formats"]
LOCALE_PATHS = [BASE_DIR / "jiefen" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("JIEFEN_MEDIA_ROOT", VAR_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jiefen.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Each API view declares `policies` (method → policy): jiefen.core.access.
    "DEFAULT_PERMISSION_CLASSES": ["jiefen.core.access.PolicyPermission"],
    "DEFAULT_SCHEMA_CLASS": "jiefen.core.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "jiefen.core.pagination.StandardPagination",
    # The API speaks JSON only (forms belong to the HTML pages); an upload endpoint names
    # MultiPartParser itself.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "jiefen.core.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jiefen API",
    "DESCRIPTION": "解纷 — one-stop labor-dispute resolution platform. "
    "Authenticate with `Authorization: Token <token>` from `POST /api/v1/auth/token/`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DepartmentKindEnum": "jiefen.accounts.choices.DepartmentKind",
        "RoleEnum": "jiefen.accounts.choices.Role",
        "ScopeLevelEnum": "jiefen.accounts.choices.ScopeLevel",
        "CaseStatusEnum": "jiefen.cases.choices.CaseStatus",
        "CategoryEnum": "jiefen.cases.choices.Category",
        "ChannelEnum": "jiefen.cases.choices.Channel",
        "TrackEnum": "jiefen.cases.choices.Track",
        "ComplaintKindEnum": "jiefen.inspection.choices.ComplaintKind",
        "EnterpriseKindEnum": "jiefen.outreach.choices.EnterpriseKind",
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The worker and the scheduler write a heartbeat this often; /healthz answers 503 when one is
# six beats old, or when a task has waited in the queue longer than JIEFEN_QUEUE_STALE_SECONDS.
JIEFEN_HEARTBEAT_SECONDS = float(os.environ.get("JIEFEN_HEARTBEAT_SECONDS", "10"))
JIEFEN_QUEUE_STALE_SECONDS = float(os.environ.get("JIEFEN_QUEUE_STALE_SECONDS", "300"))

# Request bodies: a form or JSON body up to 2.5 MB and 1,000 fields; an upload (multipart) up to
# JIEFEN_UPLOAD_MAX_BYTES, with at most 20 files (the portal takes 10 evidence files of 10 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
JIEFEN_UPLOAD_MAX_BYTES = int(os.environ.get("JIEFEN_UPLOAD_MAX_BYTES", 105 * 1024 * 1024))

# The shared cache (the dashboard's figures): Redis when JIEFEN_REDIS_URL is set
# (redis://127.0.0.1:6379/0), each process's memory otherwise. Pages keep working when it is down.
JIEFEN_REDIS_URL = os.environ.get("JIEFEN_REDIS_URL", "")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not JIEFEN_REDIS_URL
    else {
        "BACKEND": "jiefen.core.cache.ResilientRedisCache",
        "LOCATION": JIEFEN_REDIS_URL,
        "KEY_PREFIX": "jiefen",
        # A dead or stalled Redis costs a page a fraction of a second, once per few seconds.
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
}

# Whether the cache is one for every app process. Only then may it hold what another process
# must see change at once: sessions (a logout) and the working-day calendar (an edit).
JIEFEN_CACHE_SHARED = bool(JIEFEN_REDIS_URL)
# Sessions: read from the shared cache, written through to the database; in the database alone
# otherwise (one query a request).
SESSION_ENGINE = (
    "jiefen.core.sessions" if JIEFEN_CACHE_SHARED else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own static files (no inline script anywhere); styles may use attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Outbound notifications, sent by the task queue (jiefen/core/senders.py). SMS: the gateway's
# class, the log by default. E-mail: Django's backend (SMTP through EMAIL_HOST…, or a provider's
# backend such as django-anymail's), the console by default.
JIEFEN_SMS_SENDER = os.environ.get("JIEFEN_SMS_SENDER", "jiefen.core.senders.ConsoleSender")
# Replies people send back (上行短信) arrive at the signed SMS webhook in the gateway's own body
# format (jiefen/core/sms.py; docs/integrations/sms.md): jiefen's JSON by default, or e.g.
# jiefen.core.sms.AliyunSmsUp for Alibaba Cloud's upstream-message push.
JIEFEN_SMS_INBOUND_FORMAT = os.environ.get(
    "JIEFEN_SMS_INBOUND_FORMAT", "jiefen.core.sms.ConsoleInbound"
)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jiefen@localhost")
# Online mediation rooms (jiefen/core/video.py): the adapter, and the district's self-hosted
# Jitsi Meet. No URL, no video service: bookings say so instead of handing out a dead link.
JIEFEN_VIDEO_SERVICE = os.environ.get("JIEFEN_VIDEO_SERVICE", "jiefen.core.video.JitsiMeet")
JIEFEN_JITSI_URL = os.environ.get("JIEFEN_JITSI_URL", "")
JIEFEN_JITSI_APP_ID = os.environ.get("JIEFEN_JITSI_APP_ID", "")
JIEFEN_JITSI_APP_SECRET = os.environ.get("JIEFEN_JITSI_APP_SECRET", "")
JIEFEN_JITSI_AUDIENCE = os.environ.get("JIEFEN_JITSI_AUDIENCE", "jitsi")
JIEFEN_JITSI_SUBJECT = os.environ.get("JIEFEN_JITSI_SUBJECT", "")
# System-to-system callers (110 platform, provincial network) and their HMAC secrets.
JIEFEN_WEBHOOK_SECRETS = env_pairs("JIEFEN_WEBHOOK_SECRETS")
# Which of those senders each signed endpoint accepts (jiefen/core/webhooks.py, IsSignedSender).
JIEFEN_WEBHOOK_SENDERS = {
    "dispatch.incident": env_list("JIEFEN_110_SENDERS", "police110"),
    "exchange.case": env_list("JIEFEN_EXCHANGE_SENDERS", "zj-province"),
    # The SMS gateway (or the relay in front of it) that forwards the units' replies.
    "dispatch.sms": env_list("JIEFEN_SMS_GATEWAY_SENDERS", "sms-gateway"),
}
JIEFEN_DISTRICT_CODE = os.environ.get("JIEFEN_DISTRICT_CODE", "330106")
# Case numbers read like XH2026-00042: this prefix, the year, the place in the year's series.
JIEFEN_CASE_PREFIX = os.environ.get("JIEFEN_CASE_PREFIX", "XH")
# The Open311 door's jurisdiction_id (GeoReport v2 suggests the jurisdiction's web domain);
# a request naming another is answered 404.
JIEFEN_OPEN311_JURISDICTION = os.environ.get("JIEFEN_OPEN311_JURISDICTION", "xihu.hangzhou.gov.cn")
# Case exchange with the provincial network (docs/exchange/README.md): each peer's inbound URL as
# name=url pairs (its shared secret is its entry in JIEFEN_WEBHOOK_SECRETS), and the name we sign
# with. `check --deploy` refuses an enabled exchange without a peer; JIEFEN_EXCHANGE_ENABLED=false
# turns it off (nothing is delivered, nothing is refused).
JIEFEN_EXCHANGE_ENABLED = env_bool("JIEFEN_EXCHANGE_ENABLED", True)
JIEFEN_EXCHANGE_PEERS = env_pairs("JIEFEN_EXCHANGE_PEERS")
JIEFEN_EXCHANGE_SENDER = os.environ.get("JIEFEN_EXCHANGE_SENDER", f"jiefen-{JIEFEN_DISTRICT_CODE}")
# Personal data at rest (see jiefen/core/crypto.py): Fernet keys newest first, and the lookup key.
JIEFEN_DATA_KEYS = env_list("JIEFEN_DATA_KEYS")
JIEFEN_LOOKUP_KEY = os.environ.get("JIEFEN_LOOKUP_KEY", "")
# The audit chain (see jiefen/audit/chain.py): HMAC keys as id=secret pairs, newest first; the
# file its signed checkpoints are appended to, and a syslog address to send them to as well.
JIEFEN_AUDIT_KEYS = env_pairs("JIEFEN_AUDIT_KEYS")
JIEFEN_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("JIEFEN_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit" / "checkpoints.jsonl")
)
JIEFEN_AUDIT_SYSLOG = os.environ.get("JIEFEN_AUDIT_SYSLOG", "")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}


def syslog_address(value: str) -> str | tuple[str, int]:
    """`/dev/log` (a local socket) or `host[:port]` (UDP, port 514 by default)."""
    if value.startswith("/"):
        return value
    host, _sep, port = value.partition(":")
    try:
        return (host, int(port or 514))
    except ValueError:
        raise ImproperlyConfigured(f"JIEFEN_AUDIT_SYSLOG: bad port in {value!r}.") from None


if JIEFEN_AUDIT_SYSLOG:
    LOGGING["handlers"]["audit_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": syslog_address(JIEFEN_AUDIT_SYSLOG),
        "facility": "auth",
        "formatter": "plain",
    }
    LOGGING["loggers"]["jiefen.audit.checkpoint"] = {
        "handlers": ["audit_syslog"],
        "level": "INFO",
    }

# The centre's public phone, told to a citizen once their case is accepted (and in the portal's
# footer); 12333 is the national labor and social-security hotline.
JIEFEN_CENTRE_PHONE = os.environ.get("JIEFEN_CENTRE_PHONE", "12333")
# A phone that confirmed a tracking code is remembered on that device for this many days (a
# signed cookie naming the cases); 0 turns remembering off.
JIEFEN_PORTAL_DEVICE_DAYS = int(os.environ.get("JIEFEN_PORTAL_DEVICE_DAYS", "30"))

# How long the dashboard keeps the figures it counted for a reader (its page says when they were
# counted); 0 counts them on every view (the tests: they check figures right after writing).
JIEFEN_DASHBOARD_CACHE_SECONDS = int(os.environ.get("JIEFEN_DASHBOARD_CACHE_SECONDS", "60"))

# A PostgreSQL streaming replica for the figures (jiefen/core/replica.py): the dashboard, the
# monthly report, the summary API and exports read from it when it is up and current.
JIEFEN_REPLICA_URL = os.environ.get("JIEFEN_REPLICA_URL", "")
JIEFEN_REPLICA_READS = bool(JIEFEN_REPLICA_URL)
JIEFEN_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("JIEFEN_REPLICA_MAX_LAG_SECONDS", "10"))
JIEFEN_REPLICA_STICKY_SECONDS = int(os.environ.get("JIEFEN_REPLICA_STICKY_SECONDS", "5"))
JIEFEN_REPLICA_CHECK_SECONDS = float(os.environ.get("JIEFEN_REPLICA_CHECK_SECONDS", "2"))
if JIEFEN_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(JIEFEN_REPLICA_URL, conn_max_age=60)
    # Tests: the replica alias mirrors the test database; tests/replica points it at the real
    # standby, which streams the test database like any other.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["jiefen.core.replica.ReplicaRouter"]
