from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Datastand group (felles.datastand; stamped by this app's migrations):
# meetings, follow-up points, rule barriers.
INVESTERING = "investering"
# Stamped per meeting (``Del``, by the meeting's id): a meeting's row, participants,
# decisions and follow-up points; any write to the users stamps the whole group. What
# one row of the meeting list shows.
MOTERAD = "moterad"


class InvesteringConfig(AppConfig):
    name = "investering"
    verbose_name = _("Investering")

    def ready(self):
        from felles.datastand import registrer_gruppe

        registrer_gruppe(INVESTERING, app=self.label)
        registrer_gruppe(MOTERAD, app=self.label, delt=True)
        from . import varsler  # noqa: F401 - registers the app's notification kinds
