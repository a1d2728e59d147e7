"""RICOMI settings: one module, configured by environment variables (see README)."""

import ipaddress
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"  # noqa: S105 (refused below when DEBUG is off)
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "core",
    "ricomi",
    "network",
    "initiatives",
    "exchanges",
    "meetings",
    "bulletins",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses every page and file the site answers (WhiteNoise compresses static files itself,
    # above this line). Django adds random padding to gzipped responses against BREACH since 4.2.
    "django.middleware.gzip.GZipMiddleware",
    # Before anything reads the body: a declared length over MAX_REQUEST_BODY_BYTES gets 413.
    "core.middleware_limits.RequestBodyLimitMiddleware",
    # Before anything reads input: NUL refused, control characters out of GET and POST.
    "core.middleware.InputCleaningMiddleware",
    # Kept public pages, for visitors without a session: served before the layers they do not need.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ricomi.urls"
WSGI_APPLICATION = "ricomi.wsgi.application"

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
                "ricomi.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL in production and tests; a SQLite file for the quick start.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ricomi.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Redis. REDIS_URL unset: a per-process memory cache and no Redis health check.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.cache.SharedClientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="ricomi")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "stale-initiative-reminders": {
        "task": "initiatives.tasks.send_stale_reminders_task",
        "schedule": 24 * 3600,
    },
    "outbox-recover-stuck-emails": {
        "task": "core.tasks.recover_stuck_emails_task",
        "schedule": 60,
    },
}

# Email: SMTP in production (EMAIL_URL=smtp+tls://user:pass@host:587), a file outbox otherwise.
# Every email, Django's own included, is queued in the outbox (core/outbox.py), whose workers send
# it through OUTBOX_TRANSPORT, the backend EMAIL_URL names.
_email = env.email_url("EMAIL_URL", default="filemail://")
EMAIL_BACKEND = "core.mail_backend.OutboxEmailBackend"
OUTBOX_TRANSPORT = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# django-environ drops the leading slash of filemail:///abs/path, so we put it back.
EMAIL_FILE_PATH = "/" + _email["EMAIL_FILE_PATH"] if _email["EMAIL_FILE_PATH"] else str(VAR_DIR / "outbox")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="RICOMI <no-reply@ricomi.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The outbox (core/outbox.py): rows claimed per batch and sent over one connection; temporary
# failures retried after 1, 2, 4... times the base delay, capped, up to the maximum of attempts;
# a row claimed longer than the claim timeout belongs to a dead worker and is queued again.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_CLAIM_TIMEOUT_SECONDS = env.float("OUTBOX_CLAIM_TIMEOUT_SECONDS", default=600)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Failed logins: lock the username+address pair after AXES_FAILURE_LIMIT tries for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Not its version banner on every start of every command.
AXES_VERBOSE = False
# The client address: REMOTE_ADDR, or X-Forwarded-For read from the right past the proxies
# listed in TRUSTED_PROXIES (addresses or CIDR networks) when the request comes from one of
# them. Empty by default: a forged header from a direct client then changes nothing.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip_address"
# The username axes stores is cut to its 255-character column (a longer one made the login a 500).
AXES_USERNAME_CALLABLE = "core.cleaning.lockout_username"

OTP_TOTP_ISSUER = "RICOMI"

# Languages: Spanish first (the source language of most records), then en, fr, pt.
LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "es"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("es", "en", "fr", "pt")}

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# HTTPS and cookies: strict whenever DEBUG is off (production).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
# Django's page for a refused form has an inline <style> the Content Security Policy blocks.
CSRF_FAILURE_VIEW = "ricomi.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# Content Security Policy: every script and style is a file of our own origin, nothing inline,
# the admin included (tests/e2e/test_csp.py walks it in Chromium). Should an admin ever set both
# actions_on_top and actions_on_bottom to False, Django's change list writes a <style> block:
# allow it by its hash then, never with 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Request bodies: form fields are held in memory up to DATA_UPLOAD_MAX_MEMORY_SIZE (more is a
# 400); an uploaded file above FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a temporary file
# instead. Neither caps a file upload, so RequestBodyLimitMiddleware refuses any body declared
# larger than MAX_REQUEST_BODY_BYTES with a 413 before it is read (the proxy does the same:
# client_max_body_size in deploy/nginx.conf).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's own "django" logger has a console handler of its own (when DEBUG is on) and also
    # passes every record up to the root one: each line printed twice. Only the root prints.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# Initiatives: a record not verified for this long is flagged "may be out of date".
INITIATIVE_STALE_AFTER_DAYS = env.int("INITIATIVE_STALE_AFTER_DAYS", default=365)
# The largest uploaded document, of any app (initiatives, project reports, meetings): core/documents.py.
INITIATIVE_DOCUMENT_MAX_BYTES = env.int("INITIATIVE_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# The largest request body accepted at all: one document plus room for the form around it.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=INITIATIVE_DOCUMENT_MAX_BYTES + 2**20)


# --- Settings that must not reach a running site ----------------------------------------------

_MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def _production_problems() -> list[str]:
    """What makes these settings unsafe to serve with DEBUG off, in words an operator can act on."""
    problems = []
    if "SECRET_KEY" not in env.ENVIRON or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        problems.append(f"DEBUG is off and SECRET_KEY is not set. Set a long random one: {_MAKE_A_KEY}")
    elif len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append(
            "DEBUG is off and SECRET_KEY is too weak: it needs at least 50 characters, "
            f"5 of them different. Make one with {_MAKE_A_KEY}"
        )
    elif SECRET_KEY.startswith("django-insecure-"):
        problems.append(
            "DEBUG is off and SECRET_KEY is one Django made for development ('django-insecure-'). "
            f"Make a new one with {_MAKE_A_KEY}"
        )
    if not env.list("ALLOWED_HOSTS", default=[]):
        problems.append(
            "DEBUG is off and ALLOWED_HOSTS is not set. List the host names the site answers to "
            "(ALLOWED_HOSTS=ricomi.example.org)."
        )
    elif "*" in ALLOWED_HOSTS:
        # Password-reset links and feed addresses are built from the Host header: with '*', anyone
        # could have a reset link to their own server mailed to an official.
        problems.append(
            "DEBUG is off and ALLOWED_HOSTS lets any host name in ('*'). List the host names the site "
            "answers to (ALLOWED_HOSTS=ricomi.example.org)."
        )
    return problems


def _trusted_proxy_problems() -> list[str]:
    problems = []
    for address in TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            problems.append(f"TRUSTED_PROXIES: {address!r} is not an IP address or network (10.0.0.0/8).")
    return problems


_problems = _trusted_proxy_problems() + ([] if DEBUG else _production_problems())
if _problems:
    raise ImproperlyConfigured("RICOMI will not start with these settings:\n- " + "\n- ".join(_problems))

# --- exchanges: cooperation offers, requests and their matching (docs/exchanges.md) ---
# Working languages an offer or request can declare (the four OAS languages and a few more).
COOPERATION_WORKING_LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
    ("ht", _("Haitian Creole")),
    ("nl", _("Dutch")),
]
# How many suggestions each offer or request keeps (the best ones), and the least score kept.
MATCHING_TOP_N = env.int("MATCHING_TOP_N", default=10)
MATCHING_MIN_SCORE = env.int("MATCHING_MIN_SCORE", default=25)
# A new suggestion at or above this score emails the focal points of both countries (once per pair).
MATCHING_NOTIFY_SCORE = env.int("MATCHING_NOTIFY_SCORE", default=60)
# A save recomputes only that record's own best pairs; the nightly full run also finds where a new
# record entered the best pairs of the other side's records (and sends no email).
CELERY_BEAT_SCHEDULE["recompute-cooperation-matches"] = {
    "task": "exchanges.offer_tasks.recompute_matches_task",
    "schedule": 24 * 3600,
}

# --- exchanges: cooperation projects, indicators, follow-up and the fund (docs/projects.md) ---
INSTALLED_APPS += ["simple_history"]  # the history of every project (who changed what, when)
# The projects' translated fields are declared beside the offers' (exchanges/translation.py).
MODELTRANSLATION_TRANSLATION_FILES = ("exchanges.project_translation",)
# Follow-up questionnaires: sent this many months after a project's completion.
PROJECT_FOLLOWUP_MONTHS = (6, 12)
# How long a questionnaire link stays valid (days).
PROJECT_FOLLOWUP_LINK_DAYS = env.int("PROJECT_FOLLOWUP_LINK_DAYS", default=120)
CELERY_BEAT_SCHEDULE["project-followup-questionnaires"] = {
    "task": "exchanges.tasks.send_project_followups_task",
    "schedule": 24 * 3600,
}

# --- meetings (issue 9) -------------------------------------------------------------------------
# The proposal's per diem, used where the rate table has no rate for the meeting's city or country.
MEETING_DEFAULT_PER_DIEM = env.int("MEETING_DEFAULT_PER_DIEM", default=350)
# Registered delegates are reminded this many days before the meeting's first day (once each).
MEETING_REMINDER_DAYS = env.int("MEETING_REMINDER_DAYS", default=7)
# How long the signed link that asks a delegate for travel details stays valid.
MEETING_TRAVEL_LINK_MAX_AGE_DAYS = env.int("MEETING_TRAVEL_LINK_MAX_AGE_DAYS", default=60)
CELERY_BEAT_SCHEDULE["meeting-reminders"] = {
    "task": "meetings.tasks.send_meeting_reminders_task",
    "schedule": 6 * 3600,
}
# --- bulletins (issue 10) ---------------------------------------------------------------------
# A bulletin's PDF is attached up to this size; over it, the email links to the PDF instead.
OUTBOX_ATTACHMENT_MAX_BYTES = env.int("OUTBOX_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
# A large mailing wakes up to this many senders at once (one per batch of rows), one per worker.
OUTBOX_PARALLEL_SENDERS = env.int("OUTBOX_PARALLEL_SENDERS", default=4)
# Beat creates the draft of the previous year's bulletin on this day of the year (MM-DD).
BULLETINS_DRAFT_DATE = env("BULLETINS_DRAFT_DATE", default="01-15")
# How long a subscription's confirmation link stays valid.
BULLETINS_CONFIRMATION_MAX_AGE_SECONDS = env.int(
    "BULLETINS_CONFIRMATION_MAX_AGE_SECONDS", default=7 * 24 * 3600
)
# The subscribe form, per client address: at most this many posts per window.
BULLETINS_SUBSCRIBE_RATE = env.int("BULLETINS_SUBSCRIBE_RATE", default=10)
BULLETINS_SUBSCRIBE_RATE_WINDOW_SECONDS = env.int("BULLETINS_SUBSCRIBE_RATE_WINDOW_SECONDS", default=3600)
CELERY_BEAT_SCHEDULE["bulletins-create-annual-draft"] = {
    "task": "bulletins.tasks.create_annual_draft_task",
    "schedule": 6 * 3600,
}
CELERY_BEAT_SCHEDULE["bulletins-finish-sending"] = {
    "task": "bulletins.tasks.finish_sending_task",
    "schedule": 60,
}

# --- Whole-page cache of public pages (core/pagecache.py, docs/speed.md) ------------------------
# Off: every page is built for every request. Entries are keyed on the versions of what they show
# (no staleness); PAGE_CACHE_SECONDS only bounds how long an unread entry takes memory. The proxy
# and browsers may reuse a page for PAGE_CACHE_PROXY_SECONDS (s-maxage) before asking again.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 3600)
PAGE_CACHE_PROXY_SECONDS = env.int("PAGE_CACHE_PROXY_SECONDS", default=5)
