"""Settings for the test suite (pytest-django). CI sets DATABASE_URL to PostgreSQL
and REDIS_URL to the local Redis; unit tests still run tasks eagerly, and the tests
that need a real worker switch that off themselves."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(tempfile.gettempdir()) / "velferdspilot-test-media"
WHITENOISE_AUTOREFRESH = True
