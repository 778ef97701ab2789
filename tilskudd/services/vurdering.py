"""Writes for the assessment: case handler, notes, criteria, scores, recommendation."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.penger import format_kroner
from kommuner.models import Bruker

from ..models import (
    POENG_MAKS,
    POENG_MIN,
    Innstilling,
    Kriterium,
    Poeng,
    Saksnotat,
    Soknad,
    Tilskuddsrunde,
)
from ..selectors import saksbehandlere
from .ordninger_og_potter import _lock_runde

# --- assessment: case handler, notes, criteria, scores, recommendation --------------


def _lock_til_vurdering(soknad: Soknad) -> Soknad:
    """Lock an application being assessed: taken into review and not yet decided."""
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_avgjores:
        raise ValidationError(
            _("Ta søknaden til behandling først (status nå: %(s)s).")
            % {"s": soknad.get_status_display()}
        )
    return soknad


@transaction.atomic
def saksbehandler_assign(*, soknad: Soknad, saksbehandler: Bruker, user: Bruker) -> Soknad:
    """Give the case to a case handler (an active admin)."""
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if soknad.status not in Soknad.TIL_BEHANDLING:
        raise ValidationError(_("Saken er ikke til behandling."))
    if not saksbehandlere().filter(pk=saksbehandler.pk).exists():
        raise ValidationError({"saksbehandler": _("Saksbehandleren må være en aktiv admin.")})
    soknad.saksbehandler = saksbehandler
    soknad.full_clean()
    soknad.save()
    return soknad


@transaction.atomic
def notat_create(
    *, soknad: Soknad, user: Bruker, tekst: str, now: datetime | None = None
) -> Saksnotat:
    """An internal note on a case sent in (never shown to the kommune)."""
    if soknad.status == Soknad.Status.UTKAST:
        raise ValidationError(_("Et utkast har ingen saksbehandling ennå."))
    notat = Saksnotat(
        soknad=soknad, tekst=(tekst or "").strip(), skrevet_av=user, skrevet=now or timezone.now()
    )
    notat.full_clean()
    notat.save()
    return notat


def _sjekk_kriterier_aapne(runde: Tilskuddsrunde) -> None:
    if Poeng.objects.filter(kriterium__runde=runde).exists():
        raise ValidationError(
            _(
                "Søknader i runden har fått poeng, så kriteriene og vektene er låst: "
                "poengene skal bety det samme for alle søknadene."
            )
        )


@transaction.atomic
def kriterium_upsert(
    *,
    runde: Tilskuddsrunde,
    navn: str,
    vekt: int,
    kriterium: Kriterium | None = None,
    beskrivelse: str = "",
    rekkefolge: int = 0,
) -> Kriterium:
    """Add or change a criterion of the round, until an application has a score."""
    runde = _lock_runde(runde.pk)
    _sjekk_kriterier_aapne(runde)
    if kriterium is not None and kriterium.pk:
        kriterium = Kriterium.objects.select_for_update().get(pk=kriterium.pk, runde=runde)
    else:
        kriterium = Kriterium(runde=runde)
    kriterium.navn = navn.strip()
    kriterium.vekt = vekt
    kriterium.beskrivelse = beskrivelse.strip()
    kriterium.rekkefolge = rekkefolge
    kriterium.full_clean()
    kriterium.save()
    return kriterium


@transaction.atomic
def kriterium_delete(*, kriterium: Kriterium) -> None:
    runde = _lock_runde(kriterium.runde_id)
    _sjekk_kriterier_aapne(runde)
    kriterium.delete()


@transaction.atomic
def poeng_set(
    *, soknad: Soknad, user: Bruker, poeng: dict[int, int | None], now: datetime | None = None
) -> list[Poeng]:
    """Score the application on its round's criteria (criterion id to 1–5; None
    removes a score). Only while it is under review."""
    soknad = _lock_til_vurdering(soknad)
    kriterier = {k.pk: k for k in soknad.runde.vurderingskriterier.all()}
    if set(poeng) - set(kriterier):
        raise ValidationError(_("Et av kriteriene hører ikke til runden."))
    finnes = {p.kriterium_id: p for p in soknad.poeng.select_for_update()}
    lagret = []
    for pk, verdi in poeng.items():
        rad = finnes.get(pk)
        if verdi is None:
            if rad is not None:
                rad.delete()
            continue
        if isinstance(verdi, bool) or not isinstance(verdi, int):
            raise ValidationError({f"kriterium_{pk}": _("Poeng er et helt tall.")})
        if not POENG_MIN <= verdi <= POENG_MAKS:
            raise ValidationError(
                {
                    f"kriterium_{pk}": _("Poeng går fra %(min)s til %(maks)s.")
                    % {"min": POENG_MIN, "maks": POENG_MAKS}
                }
            )
        rad = rad or Poeng(soknad=soknad, kriterium=kriterier[pk])
        rad.poeng = verdi
        rad.vurdert_av = user
        rad.vurdert = now or timezone.now()
        rad.full_clean()
        rad.save()
        lagret.append(rad)
    return lagret


@transaction.atomic
def innstilling_set(
    *,
    soknad: Soknad,
    user: Bruker,
    belop: int,
    begrunnelse: str,
    now: datetime | None = None,
) -> Innstilling:
    """The case handler's recommendation: an amount (whole kroner, at most what was
    sought) and the reasoning. Only while the application is under review."""
    soknad = _lock_til_vurdering(soknad)
    if isinstance(belop, bool) or not isinstance(belop, int) or belop < 0:
        raise ValidationError({"belop": _("Skriv et helt antall kroner.")})
    if belop > soknad.belop_sokt:
        raise ValidationError(
            {
                "belop": _("Anbefalt beløp kan ikke være mer enn søkt beløp (%(sokt)s).")
                % {"sokt": format_kroner(soknad.belop_sokt)}
            }
        )
    innstilling = Innstilling.objects.filter(soknad=soknad).first() or Innstilling(soknad=soknad)
    innstilling.belop = belop
    innstilling.begrunnelse = (begrunnelse or "").strip()
    innstilling.skrevet_av = user
    innstilling.skrevet = now or timezone.now()
    innstilling.full_clean()
    innstilling.save()
    return innstilling
