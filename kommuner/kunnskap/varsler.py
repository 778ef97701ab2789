"""The knowledge base's notifications: its kinds, registered with ``felles.varselslag``
when the kommuner app is ready (``kommuner/apps.py``), and the SSB run's message to the
admins. A value returned and values waiting for approval are told in ``services.py``;
all through ``felles.varsler`` (in the portal, and by email unless opted out)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from felles import oversatt
from felles.varselslag import registrer
from felles.varsler import varsle_alle

from ..models import Bruker
from ..roller import Rolle
from .models import SsbKjoring

VERDI_RETURNERT = registrer(
    "kommuner", "verdi_returnert", gettext_lazy("Indikatorverdi returnert med kommentar")
)
VERDIER_TIL_GODKJENNING = registrer(
    "kommuner", "verdier_til_godkjenning", gettext_lazy("Verdier venter på godkjenning")
)
SSB_KJORING = registrer(
    "kommuner", "ssb_kjoring", gettext_lazy("Henting fra SSB feilet eller fant ukjente regioner")
)


def ssb_kjoring_varsle(*, kjoring: SsbKjoring) -> int:
    """Tell the admins when an SSB run failed or met regions nobody here knows (once
    per run and admin). Returns the emails sent."""
    if kjoring.status != SsbKjoring.Status.FEILET and not kjoring.ukjente_regioner:
        return 0
    indikator = oversatt.per_sprak(kjoring.kilde.indikator, "navn")
    if kjoring.status == SsbKjoring.Status.FEILET:
        tittel = gettext_noop("SSB-henting feilet: %(i)s")

        def tekst() -> str:  # in each admin's language
            return _("Hentingen fra SSB feilet, og ingenting er lagret:\n\n%(f)s") % {
                "f": kjoring.feil
            }
    else:
        tittel = gettext_noop("SSB-henting: ukjente regioner for %(i)s")

        def tekst() -> str:
            return _("SSB svarte med regioner portalen ikke kjenner:\n\n%(r)s") % {
                "r": "\n".join(kjoring.ukjente_regioner)
            }

    return varsle_alle(
        mottakere=Bruker.objects.med_rolle(Rolle.ADMIN).order_by("pk"),
        slag=SSB_KJORING,
        tittel=tittel,
        param={"i": indikator},
        url=reverse("kommuner:ssb_kjoring", args=[kjoring.pk]),
        # The key of the email before it went through varsle: none is sent again.
        noekkel=f"ssb-kjoring:{kjoring.pk}",
        tekst=tekst,
    )
