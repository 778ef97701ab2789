from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Datastand group (felles.datastand; stamped by this app's migrations):
# goals, their indicators, assessments, report periods, status reports.
EVALUERING = "evaluering"
# Datastand group (felles.datastand; stamped by this app's migrations): the reflection
# forms, the kommuner they are sent to, their answers, and the pilots they belong to
# (the list of forms names them). Apart from ``EVALUERING``, so an answer leaves the
# dashboard's figures kept.
REFLEKSJON = "refleksjon"


class EvalueringConfig(AppConfig):
    name = "evaluering"
    verbose_name = _("Evaluering")

    def ready(self):
        from felles.datastand import registrer_gruppe

        registrer_gruppe(EVALUERING, app=self.label)
        registrer_gruppe(REFLEKSJON, app=self.label)
        from . import varsler  # noqa: F401 - registers the app's notification kinds
        from .analyse import skriving_registrer

        skriving_registrer()
