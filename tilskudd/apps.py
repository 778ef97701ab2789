from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilskuddConfig(AppConfig):
    name = "tilskudd"
    verbose_name = _("Tilskudd")

    def ready(self):
        from . import varsler  # noqa: F401 - registers the app's notification kinds
