from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Datastand group (felles.datastand; stamped by this app's migrations):
# goals, their indicators, assessments, report periods, status reports.
EVALUERING = "evaluering"


class EvalueringConfig(AppConfig):
    name = "evaluering"
    verbose_name = _("Evaluering")

    def ready(self):
        from felles.datastand import registrer_gruppe

        registrer_gruppe(EVALUERING, app=self.label)
        from . import varsler  # noqa: F401 - registers the app's notification kinds
