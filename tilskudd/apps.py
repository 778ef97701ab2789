from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Datastand group (felles.datastand; stamped by this app's migrations):
# the grant tables: schemes, rounds, applications, decisions, pots, allocations, payments.
TILSKUDD = "tilskudd"


class TilskuddConfig(AppConfig):
    name = "tilskudd"
    verbose_name = _("Tilskudd")

    def ready(self):
        from felles.datastand import registrer_gruppe

        registrer_gruppe(TILSKUDD, app=self.label)
        from . import varsler  # noqa: F401 - registers the app's notification kinds
