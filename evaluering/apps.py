from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvalueringConfig(AppConfig):
    name = "evaluering"
    verbose_name = _("Evaluering")
