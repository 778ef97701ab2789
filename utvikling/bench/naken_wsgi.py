"""The bare Django project of the benchmark (``naken.py``) for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "utvikling.bench.naken"

application = get_wsgi_application()
