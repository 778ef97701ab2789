from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvalueringConfig(AppConfig):
    name = "evaluering"
    verbose_name = _("Evaluering")

    def ready(self):
        from . import varsler  # noqa: F401 - registers the app's notification kinds
