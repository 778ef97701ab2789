from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Datastand group (felles.datastand; stamped by this app's migrations):
# meetings, follow-up points, rule barriers.
INVESTERING = "investering"


class InvesteringConfig(AppConfig):
    name = "investering"
    verbose_name = _("Investering")

    def ready(self):
        from felles.datastand import registrer_gruppe

        registrer_gruppe(INVESTERING, app=self.label)
        from . import varsler  # noqa: F401 - registers the app's notification kinds
