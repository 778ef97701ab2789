"""Local demo and development: SQLite unless DATABASE_URL is set, console email."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-not-secret-velferdspilot")

# The development tools' app (manage.py generer_testdata); the image leaves it out.
INSTALLED_APPS = [*INSTALLED_APPS, "utvikling"]  # noqa: F405
