from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilskuddConfig(AppConfig):
    name = "tilskudd"
    verbose_name = _("Tilskudd")
