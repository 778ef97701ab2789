"""The knowledge base's notification kinds, registered with ``felles.varselslag`` when
the kommuner app is ready (``kommuner/apps.py``); the notifications themselves are in
``services.py`` (a value returned, values waiting for approval), through
``felles.varsler``."""

from django.utils.translation import gettext_lazy as _

from felles.varselslag import registrer

VERDI_RETURNERT = registrer(
    "kommuner", "verdi_returnert", _("Indikatorverdi returnert med kommentar")
)
VERDIER_TIL_GODKJENNING = registrer(
    "kommuner", "verdier_til_godkjenning", _("Verdier venter på godkjenning")
)
