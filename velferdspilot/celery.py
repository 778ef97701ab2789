"""The Celery app, configured from Django settings (namespace CELERY) and finding
each app's ``tasks.py``. Without REDIS_URL the settings make tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.production")

app = Celery("velferdspilot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
