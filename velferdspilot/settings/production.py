"""Production: refuses to start without a real secret key and the portal's public
address; HTTPS only; hashed static files; JSON logs; errors mailed to ADMINS and, when
a DSN is set, sent to an error tracker."""

from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    AUTHENTICATION_BACKENDS,
    DATABASES,
    LOGGING,
    PASSORD_BACKENDS,
    SECRET_KEY,
    STORAGES,
    env,
)

DEBUG = False

# Keys that are placeholders or belong to another environment: a copied .env.example
# or a dev key must never sign production sessions.
PLASSHOLDERE = ("change-me", "changeme", "change_me", "replace-me", "dev-only", "test-only")
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set (at least 50 random characters) in production."
    )
if any(p in SECRET_KEY.lower() for p in PLASSHOLDERE):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is a placeholder. Make one with "
        '`python -c "import secrets; print(secrets.token_urlsafe(64))"`.'
    )

# The public address, for links in emails sent by background tasks.
PORTAL_URL = env("DJANGO_PORTAL_URL", default="").rstrip("/")
if not PORTAL_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "DJANGO_PORTAL_URL must be the portal's public https address "
        "(e.g. https://velferdspilot.example.no): links in emails use it."
    )

# Password login is off in production unless DJANGO_PASSWORD_LOGIN=True is set (for the
# first admin, before anyone has signed in through a provider; `check` warns while it is
# on beside a provider).
PASSORD_INNLOGGING = env.bool("DJANGO_PASSWORD_LOGIN", default=False)
if not PASSORD_INNLOGGING:
    AUTHENTICATION_BACKENDS = [b for b in AUTHENTICATION_BACKENDS if b not in PASSORD_BACKENDS]

# Keep each gunicorn thread's database connection for a minute instead of opening one
# per request (checked before reuse, so a restarted PostgreSQL costs one failed check).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Static files with content hashes in their names, served by WhiteNoise with a
# year-long immutable cache (a new release has new names).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=True)

# Errors reach someone: every server error is mailed to ADMINS
# ("Name <address>, Other <address>").
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([env("DJANGO_ADMINS", default="")])
    if address
]
# An error tracker when a DSN is given (Sentry, or a self-hosted GlitchTip, which
# speaks the same protocol); off otherwise. No personal data is sent.
SENTRY_DSN = env("DJANGO_SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env("DJANGO_SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=0,
    )

LOGGING = {
    **LOGGING,
    "handlers": {
        "console": {**LOGGING["handlers"]["console"], "formatter": "json"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id"],
        },
    },
    "loggers": {
        **LOGGING["loggers"],
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR"},
        "celery": {"handlers": ["console", "mail_admins"], "level": "WARNING"},
    },
}
