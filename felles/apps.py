from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FellesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "felles"
    verbose_name = _("Felles")

    def ready(self):
        from . import jobber  # noqa: F401 - connects the Celery signal handlers
