"""Settings for Praktijktafel, driven by environment variables (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean the default."""
    return os.environ.get(name) or default


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """The variable as a boolean; a value that is neither stops the app.

    A typo such as ``DEBUG=ture`` must not quietly mean "off" (or, for
    ``SECURE_SSL_REDIRECT``, quietly switch a protection off).
    """
    value = env(name).strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a boolean: use true/false, 1/0, yes/no or on/off."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for development).")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    # Django's deploy check only warns; a guessable key signs every login and RSVP link.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "praktijktafel",
    "sessions.apps.SessionsConfig",
    "kennisbank",
    "sectordata",
    "quarterly",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "praktijktafel.middleware.ContentSecurityPolicyMiddleware",
    # Its process_exception runs after every other's: the last word on a database outage.
    "praktijktafel.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the login session is loaded: a live screen's "nothing changed" in one query.
    "sessions.live.unchanged.UnchangedPollMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "praktijktafel.middleware.LanguageChoiceMiddleware",
    # Outside CSRF and common: it sees every refusal, in the person's language.
    "praktijktafel.middleware.HtmxErrorMessageMiddleware",
    "praktijktafel.middleware.UnreadableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "praktijktafel.middleware.FragmentCachingMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "praktijktafel.urls"
WSGI_APPLICATION = "praktijktafel.wsgi.application"
ASGI_APPLICATION = "praktijktafel.asgi.application"

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
                "praktijktafel.context_processors.navigation",
            ],
            # `when`: the one date and time formatter (site time zone, Dutch month names).
            "builtins": ["praktijktafel.templatetags.moments"],
        },
    },
]


def _database_url() -> str:
    url = env("DATABASE_URL")
    if url:
        return url
    # No DATABASE_URL: the embedded cluster that `make run` / `make test` start.
    from praktijktafel.devtools import pg

    return pg.url()


DATABASES = {"default": dj_database_url.parse(_database_url(), conn_max_age=60)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A shared cache is needed for allauth's rate limits across worker processes.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "praktijktafel_cache",
        }
    }

# How often a worker looks for the running tasks of workers that died (praktijktafel.workers).
TASK_WORKER_SWEEP_SECONDS = float(env("WORKER_SWEEP_SECONDS", "15"))

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail", "exports"],
    }
}

AUTH_USER_MODEL = "praktijktafel.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# The page of one network (URL name, one `slug` argument) the core sends a coordinator back
# to. Named here, where the apps are put together, so the core imports no app.
NETWORK_HOME_URL = "sessions:dashboard"

# django-allauth: email is the login; ondernemers log in with an emailed code.
ACCOUNT_ADAPTER = "praktijktafel.accounts.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "request_login_code": "20/m/ip,3/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Praktijktafel] "
# Behind a reverse proxy every request comes from the proxy's address, so rate limits keyed on
# REMOTE_ADDR would lock out everyone at once. Say how many proxies append to X-Forwarded-For
# (nginx in front: 1), or name the header a single trusted proxy sets with the client address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER") or None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Uploads: anything larger goes to a temporary file, and views refuse it by size first.
# People who took no part for this long are erased by `manage.py privacy_retention`.
PRIVACY_RETENTION_MONTHS = int(os.environ.get("PRIVACY_RETENTION_MONTHS", "24"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The largest request body with files: bigger ones are refused before anything is stored.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "150")) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "praktijktafel.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Mail: the terminal in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: the folder for the mails.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Praktijktafel <noreply@praktijktafel.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Django's database sessions, read without the ORM (see praktijktafel/login_sessions.py).
SESSION_ENGINE = "praktijktafel.login_sessions"

# Security: secure defaults; HTTPS-only cookies and HSTS unless DEBUG.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every step of every PDF (and of its own stylesheets at import) at
        # INFO; its warnings still come through.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
