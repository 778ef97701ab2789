"""The reporting periods that are due, and the notifications the tasks send about
values."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop, ngettext_lazy

from felles import oversatt
from felles.varsler import varsle_alle

from ...models import Bruker, Deltakelse, Kommune
from ...roller import Rolle
from .. import varsler
from ..models import (
    Indikatorverdi,
)
from .verdier import Status

# ---------------------------------------------------------------- periods


def forfalte_perioder(today: date | None = None) -> list[str]:
    """The latest finished year and half-year: what a kommune is expected to report."""
    today = today or timezone.localdate()
    halvaar = f"{today.year}-H1" if today.month >= 7 else f"{today.year - 1}-H2"
    return [str(today.year - 1), halvaar]


# ---------------------------------------------------------------- notifications (tasks)


def varsle_verdi_returnert(*, verdi_id: int, versjon: int) -> int:
    """The kommune's contact persons are told that a value came back with a comment
    (returned, or an approved value opened for correction): once per value and
    version. Returns the emails sent."""
    verdi = (
        Indikatorverdi.objects.filter(pk=verdi_id, versjon=versjon, status=Status.RETURNERT)
        .select_related("kommune", "indikator")
        .first()
    )
    if verdi is None:
        return 0  # changed again since: the newer event speaks for itself
    url = reverse("kommuner:periode_registrer", args=[verdi.kommune.kommunenummer])
    return varsle_alle(
        mottakere=Bruker.objects.med_rolle(Rolle.KONTAKTPERSON)
        .filter(kommune=verdi.kommune)
        .select_related("kommune")  # its målform: the language of the email
        .order_by("pk"),
        slag=varsler.VERDI_RETURNERT,
        tittel=gettext_noop(
            "Verdien for «%(indikator)s» (%(periode)s) er returnert: %(kommentar)s"
        ),
        param={
            "indikator": oversatt.per_sprak(verdi.indikator, "navn"),
            "periode": verdi.periode,
            "kommentar": verdi.tilbakemelding,
        },
        url=f"{url}?periode={verdi.periode}",
        noekkel=f"verdi-returnert:{verdi.pk}:{verdi.versjon}",
    )


def varsle_verdier_til_godkjenning(*, kommune_id: int) -> int:
    """The kommune's investment leaders are told that values wait for their approval:
    once per submission (keyed on the latest submission time, so a job run twice tells
    once and a later submission tells again). Returns the emails sent."""
    kommune = Kommune.objects.filter(pk=kommune_id).first()
    venter = Indikatorverdi.objects.filter(kommune_id=kommune_id, status=Status.SENDT_INN)
    siste = venter.order_by("-sendt_inn_tid").values_list("sendt_inn_tid", flat=True).first()
    if kommune is None or siste is None:
        return 0
    return varsle_alle(
        mottakere=Bruker.objects.filter(
            is_active=True,
            pk__in=Deltakelse.objects.filter(kommune_id=kommune_id).values("investeringsleder"),
        ).order_by("pk"),
        slag=varsler.VERDIER_TIL_GODKJENNING,
        tittel=ngettext_lazy(
            "%(kommune)s har %(n)s verdi som venter på godkjenning",
            "%(kommune)s har %(n)s verdier som venter på godkjenning",
            "n",
        ),
        param={"kommune": kommune.navn, "n": venter.count()},
        url=reverse("kommuner:kunnskapsgrunnlag", args=[kommune.kommunenummer]),
        noekkel=f"verdier-til-godkjenning:{kommune_id}:{siste:%Y%m%d%H%M%S%f}",
    )
