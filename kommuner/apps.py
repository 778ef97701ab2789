from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Datastand group (felles.datastand; stamped by this app's migrations):
# indicators, their values and baselines, participations, challenge pictures.
KUNNSKAP = "kunnskap"
# Datastand group stamped by parts (felles.datastand.Del; this app's migrations): one
# kommune's indicator values and baselines (part: the kommune's id); the whole group on
# any write to the indicators and on a truncate.
KUNNSKAP_KOMMUNE = "kunnskap_kommune"
# Datastand group (stamped by the triggers of kunnskap.snitt): the participating
# kommuner's averages, on a change of an approved value or of a participation only.
KUNNSKAP_SNITT = "kunnskap_snitt"
# Datastand group (felles.datastand; stamped by this app's migrations):
# kommuner, etater and pilots, whose names and numbers the figures carry.
REGISTER = "register"
# Datastand group (felles.datastand; stamped by this app's migrations): the indicator
# catalogue and the participations, the rows and columns of the dashboards, without
# the values (``KUNNSKAP`` changes with every value; the dashboards read values from
# the analytics tables, kept by version per kommune: ``evaluering.analyse.stand``).
KATALOG = "katalog"
# Datastand group (felles.datastand; stamped by this app's migrations): the users'
# names and kommuner as pages show them (contact persons, investment leaders, who
# submitted a value), not their logins (an update of other columns stamps nothing).
BRUKERE = "brukere"


class KommunerConfig(AppConfig):
    name = "kommuner"
    verbose_name = _("Kommuner")

    def ready(self):
        from felles.datastand import registrer_gruppe

        registrer_gruppe(KUNNSKAP, app=self.label)
        registrer_gruppe(REGISTER, app=self.label)
        registrer_gruppe(KATALOG, app=self.label)
        registrer_gruppe(BRUKERE, app=self.label)
        registrer_gruppe(KUNNSKAP_KOMMUNE, app=self.label, delt=True)
        registrer_gruppe(KUNNSKAP_SNITT, app=self.label)
        # The knowledge base's notification kinds (it is part of this app).
        from .kunnskap import varsler  # noqa: F401
