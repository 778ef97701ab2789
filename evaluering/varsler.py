"""Evaluering's notification kinds, registered with ``felles.varselslag`` when the app
is ready (``apps.py``); the notifications themselves are in ``services.py``, through
``felles.varsler`` (in the portal and by email, with opt-out per kind)."""

from django.utils.translation import gettext_lazy as _

from felles.varselslag import registrer

REFLEKSJONSSKJEMA = registrer(
    "evaluering", "refleksjonsskjema", _("Refleksjonsskjema sendt til kommunen")
)
STATUSRAPPORT_UTKAST = registrer(
    "evaluering", "statusrapport_utkast", _("Utkast til statusrapport er klart")
)
STATUSRAPPORT_FEILET = registrer(
    "evaluering", "statusrapport_feilet", _("Statusrapport kunne ikke lages")
)
STATUSRAPPORT_PUBLISERT = registrer(
    "evaluering", "statusrapport_publisert", _("Statusrapport publisert")
)
