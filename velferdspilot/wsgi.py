import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.production")

application = get_wsgi_application()


def varm_opp() -> None:
    """Load while the worker starts, before it accepts a request, what its first request
    would otherwise pay: every view module (the URLconf; WeasyPrint alone takes a second
    or more to import), the translations and the base template. Gunicorn starts new
    workers on every deploy and after ``max_requests`` (gunicorn.conf.py); without this
    the first request each new worker took paid 3-6 s on a busy 2-core machine."""
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Velferdspilot")
    get_template("base.html")


varm_opp()
