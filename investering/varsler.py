"""Investering's notification kinds, registered with ``felles.varselslag`` when the app
is ready (``apps.py``); the reminders themselves are ``services.oppfolging_varsle*``,
through ``felles.varsler``."""

from django.utils.translation import gettext_lazy as _

from felles.varselslag import registrer

OPPFOLGING_FRIST = registrer(
    "investering", "oppfolging_frist", _("Oppfølgingspunkt med frist om 3 dager")
)
OPPFOLGING_FORFALT = registrer(
    "investering", "oppfolging_forfalt", _("Forfalte oppfølgingspunkter")
)
