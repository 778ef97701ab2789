"""Innlogging's notification kinds, registered with ``felles.varselslag`` when the app
is ready (``apps.py``).

Only the inviting admin is told through ``felles.varsler`` (an invitation taken into
use). The invitation itself stays a plain email (``services.invitasjon_send``,
``felles.epost.send_once_til_adresse``): it goes to an address that has no account yet,
so there is no one to show a notice to and nothing to opt out of."""

from django.utils.translation import gettext_lazy as _

from felles.varselslag import registrer

INVITASJON_BRUKT = registrer("innlogging", "invitasjon_brukt", _("Invitasjon tatt i bruk"))
