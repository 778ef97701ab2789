"""The portal's roles. Each is a Django group of the same name; a user may hold
several. Created by migration ``0002_roller``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rolle(models.TextChoices):
    ADMIN = "admin", _("Pilotleder (admin)")
    INVESTERINGSLEDER = "investeringsleder", _("Investeringsleder")
    INVESTERINGSTEAM = "investeringsteam", _("Investeringsteam")
    KONTAKTPERSON = "kontaktperson", _("Kontaktperson i kommunen")
    STYRINGSGRUPPE = "styringsgruppe", _("Styringsgruppe")
    FOLGEFORSKER = "folgeforsker", _("Følgeforsker")


# The home page a user with several roles lands on first, in this order.
HJEM_PRIORITET = [
    Rolle.ADMIN,
    Rolle.INVESTERINGSLEDER,
    Rolle.KONTAKTPERSON,
    Rolle.STYRINGSGRUPPE,
    Rolle.FOLGEFORSKER,
    Rolle.INVESTERINGSTEAM,
]

# Roles that read every kommune's working data (a contact person reads only their own).
LESER_ALT = frozenset(
    {
        Rolle.ADMIN,
        Rolle.INVESTERINGSLEDER,
        Rolle.INVESTERINGSTEAM,
        Rolle.STYRINGSGRUPPE,
        Rolle.FOLGEFORSKER,
    }
)
