"""Settings for EAGI Inclusion: one module, configured by the environment.

Every value a deployment may change is read through the small typed helpers of
eagi_inclusion/environment.py.
With DEBUG off the module refuses to load when a value that protects personal data
(the secret key, the allowed hosts) is missing or left at a development default.
"""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .environment import (
    cache_from_url,
    directory_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    media_storage,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# What the app writes outside the database and the media: the default SQLite file, the
# one-server file cache, the demo seal. In the app tree for development; a deployment,
# whose app tree is read-only, points it at a writable folder (docs/deployment.md).
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

_DEV_SECRET_KEY = "django-insecure-development-only-never-in-production"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list this server's host names when DEBUG is off."
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "guardian",
    "simple_history",
    "django_filters",
    "rest_framework",
    # Before django_tasks_db: its db_worker command is ours (it waits out a database
    # restart, eagi_inclusion/management/commands/db_worker.py).
    "eagi_inclusion",
    "django_tasks",
    "django_tasks_db",
    "documents",
    "students",
    "routes",
    "support",
    "workspace",
]

MIDDLEWARE = [
    # First: what a request reads about its user is remembered for it alone.
    "eagi_inclusion.facts.RequestFactsMiddleware",
    "eagi_inclusion.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eagi_inclusion.two_factor.OTPMiddleware",
    "eagi_inclusion.middleware.RequireTwoFactorMiddleware",
    "eagi_inclusion.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "eagi_inclusion.middleware.PrivatePagesMiddleware",
    "eagi_inclusion.middleware.OutageMiddleware",
    "eagi_inclusion.middleware.DomainErrorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eagi_inclusion.urls"
WSGI_APPLICATION = "eagi_inclusion.wsgi.application"
ASGI_APPLICATION = "eagi_inclusion.asgi.application"

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
                "eagi_inclusion.context_processors.site",
                "documents.context_processors.institution",
            ],
        },
    },
]

# SQLite under var/ when nothing is configured, so the app runs with nothing else
# installed; production and the test suite use PostgreSQL through DATABASE_URL.
if not VAR_DIR.is_dir():
    VAR_DIR.mkdir(parents=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# One badly planned query must not hold a worker and the database: PostgreSQL cancels a
# statement of a web request after DATABASE_STATEMENT_TIMEOUT seconds (below gunicorn's
# 60 s timeout, which would drop the request while PostgreSQL went on). manage.py
# commands (imports, backups, the digest) get COMMAND_STATEMENT_TIMEOUT. 0 means none.
IS_COMMAND = env_bool("EAGI_COMMAND", False)
STATEMENT_TIMEOUT_SECONDS = (
    env_int("COMMAND_STATEMENT_TIMEOUT", 3600)
    if IS_COMMAND
    else env_int("DATABASE_STATEMENT_TIMEOUT", 30)
)
# Prepared statements: psycopg prepares a statement the DATABASE_PREPARE_THRESHOLD-th
# time a connection runs it, and PostgreSQL may then keep its plan. The access check of
# a case or route page takes 2-3 ms to plan and under 1 ms to run (docs/performance.md).
# They need the parameters bound by the server (Django's `server_side_binding`). "off"
# keeps Django's default, parameters bound by psycopg and nothing prepared: for a pooler
# in transaction mode that cannot keep prepared statements (docs/deployment.md).
PREPARE_THRESHOLD = env_str("DATABASE_PREPARE_THRESHOLD") or "5"
if PREPARE_THRESHOLD != "off" and not PREPARE_THRESHOLD.isdigit():
    raise ImproperlyConfigured(
        f"DATABASE_PREPARE_THRESHOLD must be a whole number or off, not {PREPARE_THRESHOLD!r}."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={STATEMENT_TIMEOUT_SECONDS * 1000}"
    )
    if PREPARE_THRESHOLD != "off":
        DATABASES["default"]["OPTIONS"].update(
            server_side_binding=True, prepare_threshold=int(PREPARE_THRESHOLD)
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads of runserver share the file; wait for a lock rather than fail.
    # Write-ahead logging lets pages be read while another request writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The test suite's database is a file as well, not Django's shared in-memory one:
    # that one locks whole tables between connections and never waits, so the tests of
    # simultaneous requests would test the in-memory mode instead of the app.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"eagi-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "students.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while its user name is locked out.
    "axes.backends.AxesStandaloneBackend",
    "eagi_inclusion.backends.ModelBackendOneQuery",
    "guardian.backends.ObjectPermissionBackend",
]

# Directory sign-in (students/directory.py, docs/deployment.md §12): with LDAP_SERVER_URI
# set, people sign in with their directory password; local accounts still work.


DIRECTORY_ROLE_GROUPS: list = []
globals().update(directory_settings())
if env_str("LDAP_SERVER_URI"):
    # After the lock-out check, before local passwords.
    AUTHENTICATION_BACKENDS.insert(1, "students.directory.DirectoryBackend")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Throttling (eagi_inclusion/lockout.py): 5 failed sign-ins for a user name from one
# address within 15 minutes lock that name at that address for 15 minutes, whether or
# not the account exists (the message is the same); AXES_IP_FAILURE_LIMIT failures from
# one address, whatever the names, lock the address (password spraying).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 100)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "eagi_inclusion.lockout.NameAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Where the client's address is: REMOTE_ADDR when nothing is in front of the app;
# behind nginx set CLIENT_ADDRESS_HEADER=HTTP_X_REAL_IP (docs/deployment.md), or every
# sign-in would seem to come from the proxy.
AXES_IPWARE_META_PRECEDENCE_ORDER = [env_str("CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")]
# Staff roles confirm every sign-in with a TOTP code (django-otp); students and legal
# representatives may, but need not.
OTP_TOTP_ISSUER = "EAGI Inclusion"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user row; object permissions only for real accounts.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Languages: Kazakh first and default, then Russian and English.
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# locale/: the project's own messages (makemessages writes there). Then Django's and
# django-simple-history's messages that their own Kazakh (and, for simple-history,
# Russian) catalogues lack -- the admin's, the password validators', the form field
# errors -- so an administrator's page or a form error is never half English (#30,
# item 19). Written by hand, not by makemessages; compilemessages compiles both.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "eagi_inclusion" / "translations"]
FORMAT_MODULE_PATH = ["eagi_inclusion.formats"]
LANGUAGE_COOKIE_NAME = "eagi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
# WhiteNoise serves the project's own assets (no CDN), from STATIC_ROOT after
# collectstatic and straight from the source folders when it has not run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Private uploads (applications' scans, certificates). No URL pattern serves MEDIA_URL
# (and nothing must be configured to): files leave the server only through views that
# check permission and log access. MEDIA_URL is set only because Django's live test
# server insists on a value.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")


STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# Filter choices, statistics, the head's figures, the menu and the institution's record
# are cached (docs/deployment.md). Without CACHE_URL production uses a file cache that
# all workers of the machine share (several servers need Redis); development each
# process's memory.
CACHE_URL = env_str("CACHE_URL") or ("locmem://" if DEBUG else f"file://{VAR_DIR / 'cache'}")
CACHES = {"default": cache_from_url(CACHE_URL, VAR_DIR)}
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that does not answer is given up after this many seconds (by the
# worker: requests only queue their e-mails), then tried again after each delay.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_RETRY_SECONDS = [int(s) for s in env_list("EMAIL_RETRY_SECONDS", "60,300,1800,7200")]

# Queued work (e-mails, the daily jobs, case files): the Django tasks API. "database"
# keeps the queue in PostgreSQL/SQLite and needs `manage.py db_worker` running
# (docs/deployment.md §5); "immediate" runs each task in the process that queues it,
# after the commit (development, and the test suite but for its worker tests).
TASKS_BACKEND = env_str("TASKS_BACKEND") or ("immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# The address that links in e-mails and the verification links on forms start with.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The institution's electronic seal on every issued PDF (documents/seal.py): a PKCS#12
# file with the organisation's key and certificate chain, and its password. Without
# it the demo seal (made by seed_demo) signs, and `check --deploy` warns.
SEAL_PKCS12 = env_str("SEAL_PKCS12")
SEAL_PKCS12_PASSWORD = env_str("SEAL_PKCS12_PASSWORD")
# PEM certificates a seal must chain to (the national certification centre's RSA root
# and intermediate); empty: the chain inside the PKCS#12 file.
SEAL_TRUST_ROOTS = env_str("SEAL_TRUST_ROOTS")
SEAL_DEMO_PKCS12 = env_str("SEAL_DEMO_PKCS12") or str(VAR_DIR / "demo-seal.p12")
# The national digital signature (ЭЦП, documents/ecp.py; docs/deployment.md): the
# national certification centre's root and intermediate certificates (PEM files, comma
# separated) people's certificates must chain to. Empty: signing in and signing with
# ЭЦП are off. OCSP: the address in each certificate, or ECP_OCSP_URL for all of them;
# ECP_TSA_URL: the timestamping authority a person's signature on a document gets its
# time from. NCALayer answers the browser at NCALAYER_URL on the person's computer.
ECP_TRUST_ROOTS = env_list("ECP_TRUST_ROOTS")
ECP_OCSP_URL = env_str("ECP_OCSP_URL")
ECP_TSA_URL = env_str("ECP_TSA_URL", "http://tsp.pki.gov.kz:80")
NCALAYER_URL = env_str("NCALAYER_URL", "wss://127.0.0.1:13579")
NCALAYER_INSTALL_URL = env_str("NCALAYER_INSTALL_URL", "https://pki.gov.kz/ncalayer/")
# "Forgot your password?": resets one address may ask for, and e-mails one account
# may receive, in an hour.
PASSWORD_RESET_ADDRESS_LIMIT = env_int("PASSWORD_RESET_ADDRESS_LIMIT", 10)
PASSWORD_RESET_ACCOUNT_LIMIT = env_int("PASSWORD_RESET_ACCOUNT_LIMIT", 3)
# The public verification page: requests one address may make in VERIFY_RATE_PERIOD
# seconds (codes and hashes cannot be walked).
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)
VERIFY_RATE_PERIOD = env_int("VERIFY_RATE_PERIOD", 600)
# ЭЦП sign-in attempts one address may make in ECP_SIGN_IN_RATE_PERIOD seconds (each
# one asks the national centre's OCSP service).
ECP_SIGN_IN_RATE_LIMIT = env_int("ECP_SIGN_IN_RATE_LIMIT", 20)
ECP_SIGN_IN_RATE_PERIOD = env_int("ECP_SIGN_IN_RATE_PERIOD", 600)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "inclusion@eagi.kz")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
# Sessions and the signed-in user (roles, permissions, two-factor device) are read from
# the cache above and kept in the database; a write that changes them takes effect on
# the next request of every session (eagi_inclusion/sessions.py, signed_in.py).
SESSION_ENGINE = "eagi_inclusion.sessions"
SESSION_CACHE_ALIAS = "default"
SIGNED_IN_CACHE = "default"
# A session ends after 30 minutes without a request and, whatever the activity, 12
# hours after sign-in. PrivatePagesMiddleware renews it at most once a minute rather
# than on every request (three queries saved on nearly every page), so "idle" means
# 29 to 30 minutes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere; every asset is the project's own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind TLS in production; HTTPS=false only for a plain-HTTP test server.
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The public address is printed on every issued form (verification link and QR code)
# and cannot be changed in a stored PDF afterwards: behind TLS it must be given, https.
if HTTPS and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be the public https:// address of the app (it is printed on every "
        f"issued document), not {SITE_URL!r}."
    )

# Online applications one account may submit in an hour (a person applies once; a
# representative or teacher for a few students).
APPLICATIONS_PER_HOUR = env_int("APPLICATIONS_PER_HOUR", 5)

# An implementation report still open after N days goes up to the centre head.
IMPLEMENTATION_ESCALATION_DAYS = env_int("IMPLEMENTATION_ESCALATION_DAYS", 5)
# A technical aid's holder is reminded N days before it is due back.
AID_REMINDER_DAYS = env_int("AID_REMINDER_DAYS", 7)

# The read-only register API (documents/api.py, docs/api.md): JSON only, each client
# system by its own token (set on the views); no session, no browsable pages, and a
# view that names no permission refuses everyone.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}

# Targets of the regulation's process, flagged as overdue on the dashboards.
DEADLINES = {
    # A conclusion within N working days of the application's registration.
    "conclusion_working_days": env_int("DEADLINE_CONCLUSION_WORKING_DAYS", 10),
    # Each teacher answers a route sent for agreement within N calendar days.
    "agreement_days": env_int("DEADLINE_AGREEMENT_DAYS", 5),
    # A report of mistreatment is taken up within N working days and answered within M
    # (15 working days: the Administrative Procedure Code's term for an appeal).
    "complaint_take_up_working_days": env_int("DEADLINE_COMPLAINT_TAKE_UP_WORKING_DAYS", 3),
    "complaint_answer_working_days": env_int("DEADLINE_COMPLAINT_ANSWER_WORKING_DAYS", 15),
}

# Years an archived case is kept, per document type it holds; the longest applies.
RETENTION_YEARS = {
    "application": env_int("RETENTION_APPLICATION_YEARS", 5),
    "conclusion": env_int("RETENTION_CONCLUSION_YEARS", 5),
    "route": env_int("RETENTION_ROUTE_YEARS", 5),
    "protocol": env_int("RETENTION_PROTOCOL_YEARS", 5),
    "letter": env_int("RETENTION_LETTER_YEARS", 3),
    "disclosure": env_int("RETENTION_DISCLOSURE_YEARS", 5),
}
RETENTION_DEFAULT_YEARS = env_int("RETENTION_DEFAULT_YEARS", 5)

# A case file put together in the background is kept this long for the person who
# asked for it, then deleted (it holds the whole case).
CASE_FILE_KEEP_MINUTES = env_int("CASE_FILE_KEEP_MINUTES", 60)

# "Break the glass": how long an emergency access to a case lasts.
EMERGENCY_ACCESS_HOURS = env_int("EMERGENCY_ACCESS_HOURS", 4)

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
