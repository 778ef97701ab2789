"""The production settings with the development tools' app installed, for the one
step of ``make bench`` that generates the data (``manage.py generer_testdata``); the
benchmarked portal itself runs on ``velferdspilot.settings.production`` alone."""

from velferdspilot.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "utvikling"]  # noqa: F405
