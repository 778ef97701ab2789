from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvesteringConfig(AppConfig):
    name = "investering"
    verbose_name = _("Investering")

    def ready(self):
        from . import varsler  # noqa: F401 - registers the app's notification kinds
