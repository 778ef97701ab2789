from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnloggingConfig(AppConfig):
    name = "innlogging"
    verbose_name = _("Innlogging og brukere")

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            varsler,  # noqa: F401 - registers the app's notification kinds
        )
