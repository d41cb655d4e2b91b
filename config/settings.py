"""BreakZero settings: one env-driven module (STYLE §7); tests override in settings_test."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from breakzero.core.parallel import default_workers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The embedded demo runs without a configured key; any real deployment sets SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-embedded-demo-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "breakzero.accounts.apps.RestrictedAdminConfig",  # django.contrib.admin with separation of duties
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # Wagtail search's index (SearchVectorField, GIN) on PostgreSQL; inert on SQLite
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "breakzero.core",
    "breakzero.accounts",
    "breakzero.notifications",
    "breakzero.regions",
    "breakzero.enterprises",
    "breakzero.patents",
    "breakzero.service_bodies",
    "breakzero.indicators",
    "breakzero.cultivation",
    "breakzero.calls",
    "breakzero.demonstration",
    "breakzero.funds",
    "breakzero.digital",
    "breakzero.contests",
    "breakzero.talent",
    "breakzero.ipfinance",
    "breakzero.defence",
    "breakzero.policies",
    "breakzero.reporting",
    "breakzero.reports",
    "breakzero.audit",
    "breakzero.demo",
    "breakzero.manual",
    # The public portal (action plan §三(五) 宣传引导): Wagtail's page tree, editorial workflow, images and documents.
    "breakzero.portal",
    "wagtail.sites",
    "wagtail.users",
    # wagtail.snippets is not installed: no snippet models here, and its ready() costs ~0.3 s per process
    # (it imports the v3 API registry) in every command and worker.
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "breakzero.core.operations.RequestContextMiddleware",  # request id, log line, metrics, replica pin
    "django.middleware.security.SecurityMiddleware",
    "breakzero.accounts.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "breakzero.core.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "breakzero.core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "breakzero.audit.middleware.AuditContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "breakzero.accounts.middleware.SessionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "breakzero" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "breakzero.core.context_processors.platform",
                "breakzero.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'breakzero.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# A streaming read replica (docs/DEPLOY.md): with DATABASE_REPLICA_URL set, web reads
# (dashboards, lists, exports, API GETs) go to it through config.routers.ReplicaRouter and
# writes to the primary; a user who has just written reads the primary for
# REPLICA_PIN_SECONDS. Tests mirror it onto the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True  # a restarted replica is noticed per request
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout check before the password is verified
    "breakzero.accounts.backends.ModelBackend",  # Django's, minus the superuser shortcut
    "breakzero.accounts.backends.RolePermissionBackend",  # admin permissions from the role
]
PASSWORD_HASHERS = [
    # Argon2id with tuned costs (~20 ms per login); PBKDF2 hashes still verify and are
    # upgraded on the next login. Measured in BENCHMARKS.md, justified in SECURITY.md.
    "breakzero.accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "breakzero.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "breakzero.accounts.passwords.NotUsernameValidator"},
]
# 等保 2.0: officials and administrators change their password every N days (0 = never).
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))

# Login lockout (django-axes): 5 failures lock the account AND, separately, the address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True  # the account's own count only: accounts.lockout
AXES_HANDLER = "breakzero.accounts.lockout.AccountOnlyResetHandler"
AXES_ENABLE_ADMIN = False  # lockouts are managed by the security administrator's page
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "breakzero" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploads and generated files live on storage every web and worker process sees: a local
# (or shared network) folder by default, an S3-compatible bucket through django-storages
# when STORAGE_BACKEND=s3 (pip install '.[s3]'; AWS_* variables in .env.example).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("STORAGE_BACKEND", "local") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", "breakzero"),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = True

# Background work: django.tasks with the database backend by default, Redis (RQ) when
# TASK_BACKEND=rq; tests run tasks immediately.
# Two queues: "imports" (imports and recomputations, long) and "default" (notifications,
# exports, short), so a big import never holds up an e-mail. RQ workers listen to both
# (`manage.py rqworker imports default`), in that order of priority.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
TASK_QUEUES = ["default", "imports"]
TASKS = {
    "default": {
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES},
        "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES},
        "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES},
    }[TASK_BACKEND]
}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {
    # A job whose worker dies is retried (RQ's abandoned-job cleanup) after this timeout.
    name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": int(os.environ.get("RQ_JOB_TIMEOUT", "3600"))}
    for name in TASK_QUEUES
}
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")

# Caches, and through them the dashboard's fragment cache and the API rate limits, are
# shared by every web process when CACHE_URL points at Redis; the default is per process.
# Sessions stay in the database (cached in Redis when it is configured), so a Redis restart
# logs nobody out.
SHARED_CACHE = os.environ.get("CACHE_URL", "").startswith(("redis://", "rediss://", "unix://"))
if SHARED_CACHE:
    CACHES = {
        "default": {
            "BACKEND": "breakzero.core.cache.TolerantRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "KEY_PREFIX": "bz",
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# After a summaries refresh a task renders the dashboard's indicator tables for every region and
# year into the shared cache, for at most this many seconds (indicators.fragments.prefill); off
# (0) with a per-process cache, which a worker process cannot fill for the web processes.
PROGRESS_PREFILL_SECONDS = int(os.environ.get("PROGRESS_PREFILL_SECONDS", "300" if SHARED_CACHE else "0"))

# Uploads: size limits checked before parsing (see breakzero.core.sheets).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))
UPLOAD_MAX_ROWS = int(os.environ.get("UPLOAD_MAX_ROWS", "2000000"))
# A workbook is held in memory while read: its cells and expanded text are bounded before
# reading (core.workbook_guard; shared strings counted once per cell that uses them).
UPLOAD_MAX_CELLS = int(os.environ.get("UPLOAD_MAX_CELLS", "20000000"))
UPLOAD_MAX_EXPANDED_BYTES = int(os.environ.get("UPLOAD_MAX_EXPANDED_BYTES", str(256 * 1024 * 1024)))
# Shell commands: no size or row limit (csv is streamed), but workbooks stay bounded.
IMPORT_SHELL_MAX_CELLS = int(os.environ.get("IMPORT_SHELL_MAX_CELLS", "60000000"))
IMPORT_SHELL_MAX_EXPANDED_BYTES = int(os.environ.get("IMPORT_SHELL_MAX_EXPANDED_BYTES", str(1024 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Big csv imports are parsed in this many worker processes (1 = in the importing process);
# files smaller than IMPORT_PARALLEL_MIN_BYTES are always parsed in process (start-up cost).
# Each worker holds ~250 MiB on a million-row file: the default (2, fewer on one core) keeps a
# whole import under 1 GiB (BENCHMARKS.md); raise it on machines with more cores and memory.
IMPORT_PARSE_WORKERS = int(os.environ.get("IMPORT_PARSE_WORKERS", "0")) or min(2, default_workers())
# Screening of many firms on committed PostgreSQL data: the workers load the facts themselves
# (policies.screening._loaded_in_workers); "0" keeps the loading in the main process.
SCREENING_WORKERS_LOAD = os.environ.get("SCREENING_WORKERS_LOAD", "1") != "0"
# Screening's summary path (breakzero/rules/summaries, proven equal to the full rules by property tests);
# off: every rule evaluated in full (an A/B run; spawned workers read the same environment).
SCREENING_SUMMARIES = os.environ.get("BREAKZERO_SCREENING_SUMMARIES", "on") != "off"
# Reporting: a percentile band (1st–99th) needs this many enterprises in its region and industry
# division; smaller groups fall back to the city, then the province (reporting.bands).
REPORTING_BAND_MIN_COUNT = int(os.environ.get("REPORTING_BAND_MIN_COUNT", "20"))
IMPORT_PARALLEL_MIN_BYTES = int(os.environ.get("IMPORT_PARALLEL_MIN_BYTES", str(8 * 1024 * 1024)))
IMPORT_CHUNK_BYTES = 2 * 1024 * 1024  # bytes of csv per parsing job

# Programme readings of the progress figures:
# 小巨人 doubling counts these title levels (UNCONFIRMED: the plan does not say; empty = both, the default in
# breakzero.rules.unconfirmed); a service event recorded more than this many days late is 补录.
LITTLE_GIANT_DOUBLING_LEVELS = tuple(
    v.strip() for v in os.environ.get("LITTLE_GIANT_DOUBLING_LEVELS", "").split(",") if v.strip()
)
SERVICE_EVENT_LATE_DAYS = int(os.environ.get("SERVICE_EVENT_LATE_DAYS", "10"))

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "Hunan@2020demo")
# Production mode: a real SECRET_KEY and DEBUG off (or PRODUCTION=true) turn on HTTPS-only
# cookies, SSL redirect, HSTS and 2FA; the embedded demo (no SECRET_KEY) runs without them.
PRODUCTION = env_bool("PRODUCTION", not DEBUG and bool(os.environ.get("SECRET_KEY")))
REQUIRE_2FA = env_bool("REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "湖南破零倍增平台"

# E-mail (notices the user chose to receive by mail; sent by the task worker). The embedded
# default writes each message as a file under var/mail/ so a newcomer can read it;
# EMAIL_BACKEND=smtp with EMAIL_HOST … sends real mail (the default in production).
_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or ("smtp" if PRODUCTION else "file")
MAILERS = {
    "default": {
        "file": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                 "OPTIONS": {"file_path": str(BASE_DIR / "var" / "mail")}},
        "console": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
        "smtp": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": 30,
        }},
    }[_EMAIL_BACKEND]
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "破零倍增平台 <noreply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")  # links in e-mails

# Programme settings (policy-rules.md §0). UNCONFIRMED items live in breakzero.rules.unconfirmed.
BREAK_ZERO_TARGET_PER_YEAR = 300
PARTICIPANTS_TARGET_PER_YEAR = 1000
BREAK_ZERO_BASIS = os.environ.get("BREAK_ZERO_BASIS", "grant")  # UNCONFIRMED: "grant" | "application"

# The public portal (Wagtail) at /portal/, its editors' admin at /portal-admin/ (platform login).
WAGTAIL_SITE_NAME = "湖南省中小企业“破零倍增”行动"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "ofd", "zip", "jpg", "png"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # downloads pass through Django: safe content types, audited
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
PORTAL_CACHE_SECONDS = int(os.environ.get("PORTAL_CACHE_SECONDS", "120"))

# Security; CSP without inline scripts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the page (base.html hx-headers), not the cookie
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(8 * 3600)))
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes speak plain http inside the network
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(31536000 if PRODUCTION else 0)))
if env_bool("SECURE_PROXY_SSL_HEADER", False):  # behind a TLS-terminating proxy that sets it
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# JSON API rate limits (config/api.py), per token/user and per address for anonymous calls.
API_RATE_USER = os.environ.get("API_RATE_USER", "600/min")
API_RATE_ANON = os.environ.get("API_RATE_ANON", "60/min")
# Audit trail: records younger than this may not be archived (等保: at least 180 days).
AUDIT_RETENTION_DAYS = max(180, int(os.environ.get("AUDIT_RETENTION_DAYS", "180")))

from config.log_settings import LOGGING  # noqa: E402 (LOG_FORMAT, LOG_LEVEL, REQUEST_LOG_LEVEL)
# Prometheus metrics at /metrics: served to the addresses in METRICS_ALLOWED_IPS only.
# Several gunicorn processes share counters through PROMETHEUS_MULTIPROC_DIR.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
