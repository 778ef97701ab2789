"""Settings for the test suite (pytest-django). CI sets DATABASE_URL to PostgreSQL
and REDIS_URL to the local Redis; unit tests still run tasks eagerly, and the tests
that need a real worker switch that off themselves."""

import os
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

# The test of a worker killed mid-render runs its worker processes with a short
# visibility timeout, so redelivery takes seconds, not fifteen minutes.
if os.environ.get("TEST_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "visibility_timeout": int(os.environ["TEST_VISIBILITY_TIMEOUT"]),
    }

# The development tools' app (manage.py generer_testdata, tested here); the image leaves
# it out.
INSTALLED_APPS = [*INSTALLED_APPS, "utvikling"]  # noqa: F405
