from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KommunerConfig(AppConfig):
    name = "kommuner"
    verbose_name = _("Kommuner")

    def ready(self):
        # The knowledge base's notification kinds (it is part of this app).
        from .kunnskap import varsler  # noqa: F401
