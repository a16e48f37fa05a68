"""Settings for every environment, read from the process environment.

With no environment at all the portal runs on the embedded default: SQLite,
Celery tasks executed in the request, e-mail printed to the console.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="insecure-embedded-default-key-only-for-the-quick-start" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # full-text search of the document library (documents/selectors.py); harmless on SQLite
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "guardian",
    "axes",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "sherloc.registry",
    "sherloc.accounts",
    "sherloc.web",
    "sherloc.pagecache",
    "sherloc.notifications",
    "sherloc.audit",
    "lots",
    "questionnaires",
    "responses",
    "reviews",
    "observations",
    "followup",
    "documents",
    "disclosure",
    "stakeholders",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # the idle time-out, renewed at most once a minute (inside SessionMiddleware, which saves the session)
    "sherloc.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-pghistory: the changes made by a request are recorded with its user and page (PostgreSQL only)
    "sherloc.audit.middleware.HistoryMiddleware",
    # no-store on every signed-in response: outside the middleware below, so it marks their answers too
    "sherloc.web.middleware.NoStoreForSignedInMiddleware",
    # django-otp's, with the session's device read from the cache (sherloc/accounts/signed_in.py)
    "sherloc.accounts.signed_in.CachedOTPMiddleware",
    "sherloc.accounts.middleware.RequireTwoFactorMiddleware",
    # stakeholders reach no page of the review apps (docs/stakeholders.md)
    "sherloc.accounts.middleware.NoReviewMaterialForStakeholdersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # NUL in any value: a 400 before the view; its process_view runs after the CSRF check
    "sherloc.web.middleware.RefuseHostileInputMiddleware",
    # last, as django-axes asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sherloc.urls"
WSGI_APPLICATION = "sherloc.wsgi.application"
ASGI_APPLICATION = "sherloc.asgi.application"

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
                "portal.context_processors.portal",
            ],
            "builtins": ["sherloc.registry.templatetags.reference", "sherloc.web.templatetags.refs"],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a kept connection's health checked without a round trip (sherloc/postgresql/base.py)
    DATABASES["default"]["ENGINE"] = "sherloc.postgresql"
    # persistent connections: without them each request pays the connection set-up
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # the quick start's SQLite cannot hold "one disclosure in force per part and audience" as a constraint
    # (nulls_distinct); disclosure.services checks it before every insert, on both databases
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
# The portal connects with DATABASE_URL as a role that owns nothing; `manage.py migrate` connects
# with MIGRATE_DATABASE_URL, the tables' owner, then grants the portal role what it may do
# (sherloc/web/management/commands/grant_portal_role.py). Unset: migrate as the portal's user.
_migrate_url = env.str("MIGRATE_DATABASE_URL", default="")
MIGRATE_DATABASE = env.db_url_config(_migrate_url) if _migrate_url else None
if MIGRATE_DATABASE and MIGRATE_DATABASE["ENGINE"] == "django.db.backends.postgresql":
    MIGRATE_DATABASE["ENGINE"] = "sherloc.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first, as django-axes asks: it refuses locked-out sign-ins before any password check
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with the signed-in user read from the cache (sherloc/accounts/signed_in.py)
    "sherloc.accounts.signed_in.CachedModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Sessions end after inactivity: a request renews the session and its cookie once SESSION_REFRESH_SECONDS
# have passed since the last renewal (sherloc.accounts.middleware.IdleSessionMiddleware), silence lets it
# lapse: between SESSION_IDLE_SECONDS minus a minute and SESSION_IDLE_SECONDS after the last request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_REFRESH_SECONDS = min(env.int("SESSION_REFRESH_SECONDS", default=60), SESSION_COOKIE_AGE // 2)
# Part of the cache keys of signed-in users and devices: change it to drop them all at once (e.g. after a restore).
SIGNED_IN_CACHE_VERSION = env.str("SIGNED_IN_CACHE_VERSION", default="1")
SESSION_SAVE_EVERY_REQUEST = False
# The page cache (docs/page-cache.md): a signed-in page kept for its user until the database changes, at most
# this long (the day's date is part of its key; anything finer that a page says of time is at most this old).
# PostgreSQL only; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# the kept pages a process saw lately, also in its own memory: served again without a read from Redis
PAGE_CACHE_NEARBY_MIB = env.int("PAGE_CACHE_NEARBY_MIB", default=32)
# The access-log rows of a page served again from the page cache are committed without waiting for the disk
# (docs/access-log.md, "Pages seen again"): true makes each such visit wait for it, at about two thirds of the
# throughput of those pages (benchmarks/load.py).
ACCESS_LOG_REPLAY_SYNCHRONOUS_COMMIT = env.bool("ACCESS_LOG_REPLAY_SYNCHRONOUS_COMMIT", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: a lock-out counts username and address together, so colleagues
# behind one ministry address do not lock each other out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A right password alone does not clear the count: failed codes count across password successes, and the
# count is cleared only by a complete sign-in (password and code, accounts.views.verify).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

OTP_TOTP_ISSUER = "SHERLOC review module"
ACTIVATION_LINK_DAYS = env.int("ACTIVATION_LINK_DAYS", default=10)

# django-pghistory (docs/access-log.md): every event table is append-only (a trigger refuses UPDATE and DELETE)
PGHISTORY_APPEND_ONLY = True
# who made a change, on which page: attached to the requests that may change something. A GET changes nothing
# tracked (tests/access/test_access_matrix.py), and attaching it to every query of every page doubled each statement
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

ANONYMOUS_USER_NAME = None  # guardian: anonymous users never hold object permissions
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Vienna"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Confidential files (answers' attachments, submission PDFs, dialogue attachments, notes verbales):
# random names, outside any served path, reached only through the views that check who may read them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "sherloc.storage.PrivateStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# One upload policy (sherloc/uploads.py) for answers and the dialogue alike.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=10)
UPLOAD_MAX_UNPACKED_BYTES = env.int("UPLOAD_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
# the dialogue is an archive where nothing is deleted: a message has a length limit
DIALOGUE_MESSAGE_MAX_CHARS = env.int("DIALOGUE_MESSAGE_MAX_CHARS", default=20_000)
# Documents (docs/documents.md): the UN-style symbol of a conference room paper, numbered per working group and year
CRP_SYMBOL_PATTERN = env.str("CRP_SYMBOL_PATTERN", default="CTOC/COP/{working_group}/{year}/CRP.{number}")
DOCUMENT_TEXT_MAX_CHARS = env.int("DOCUMENT_TEXT_MAX_CHARS", default=200_000)  # a typed language version
DOCUMENTS_PAGE_SIZE = env.int("DOCUMENTS_PAGE_SIZE", default=25)  # the library and the translations page
REVIEWS_PAGE_SIZE = env.int("REVIEWS_PAGE_SIZE", default=50)  # the secretariat's overview of every review

# E-mail: console on the embedded default, SMTP when EMAIL_URL is given.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _smtp_options.items() if v} if "smtp" in _email["EMAIL_BACKEND"] else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SHERLOC review module <no-reply@sherloc.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")  # the links in notices' e-mails

# Celery: eager (in the request) without Redis; a real worker and beat with REDIS_URL.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Sessions read from Redis when there is one, written through to the database (they outlive a Redis
# restart); the database alone otherwise.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "sherloc.cache.PortalRedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "review-deadline-reminders": {"task": "reviews.tasks.send_deadline_reminders", "schedule": timedelta(hours=1)},
    "notices-daily-digest": {
        "task": "sherloc.notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "notices-pending": {"task": "sherloc.notifications.tasks.send_pending_notices", "schedule": timedelta(minutes=15)},
    "page-cache-prune": {"task": "sherloc.pagecache.tasks.prune_changes", "schedule": crontab(hour=3, minute=30)},
}

# Security: strict by default outside the quick start.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

REFERENCE_DATA_DIR = env.path("REFERENCE_DATA_DIR", default=BASE_DIR / "data")
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-2026")
DEMO_TOTP_SECRET = env.str("DEMO_TOTP_SECRET", default="JBSWY3DPEHPK3PXP")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
