"""Writes for grant rounds."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles import oversatt
from felles.jobber import legg_i_ko
from kommuner.models import Kommune, Pilot

from ..models import (
    Pott,
    Tilskuddsrunde,
    Vedtak,
)
from .ordninger_og_potter import _lock_pott, _lock_potter, _lock_runde

# --- rounds -----------------------------------------------------------------------

# A round's texts that are data (bokmål, nynorsk, English: felles.oversatt).
RUNDE_TEKSTER = ("tittel", "beskrivelse", "kriterier")


@transaction.atomic
def runde_upsert(
    *,
    runde: Tilskuddsrunde | None = None,
    pott: Pott,
    tittel: str,
    aapner: datetime,
    stenger: datetime,
    beskrivelse: str = "",
    kriterier: str = "",
    pilot: Pilot | None = None,
    alle_kommuner: bool = True,
    kommuner: list[Kommune] | None = None,
    maks_belop: int | None = None,
    krever_politisk_vedtak: bool = False,
    klageinstans: str = "",
    **tekster: str | None,
) -> Tilskuddsrunde:
    """Create or change a round. A round with decisions keeps its pot: the decisions
    are committed from it (and its payments are booked on it). The round row is locked
    first, then its old and new pot, so a decision being saved in the round either
    finishes first (and the move is refused) or waits and is checked against the new
    pot. ``tittel``, ``beskrivelse`` and ``kriterier`` are bokmål; ``tekster`` may give
    them in nynorsk and English (``tittel_nn``, ``kriterier_en``, …; "" removes one)."""
    ukjente = set(tekster) - set(oversatt.sprakfelt(*RUNDE_TEKSTER))
    if ukjente:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(ukjente))}")
    if runde is not None and runde.pk:
        # Work on the locked row, not the caller's copy: its pot (and the time the
        # opening was announced) may have changed since the caller read it.
        runde = _lock_runde(runde.pk)
        pott = _lock_potter(runde.pott_id, pott.pk)[pott.pk]
        if runde.pott_id != pott.pk and Vedtak.objects.filter(soknad__runde=runde).exists():
            raise ValidationError({"pott": _("Runden har vedtak, så potten kan ikke byttes.")})
    else:
        runde = Tilskuddsrunde()
        pott = _lock_pott(pott.pk)
    runde.pott = pott
    runde.pilot = pilot
    tekster = {**tekster, "tittel": tittel, "beskrivelse": beskrivelse, "kriterier": kriterier}
    with oversatt.bokmal():
        oversatt.sett_tekster(
            runde, RUNDE_TEKSTER, {k: v for k, v in tekster.items() if v is not None}
        )
    runde.aapner = aapner
    runde.stenger = stenger
    runde.alle_kommuner = alle_kommuner
    runde.maks_belop = maks_belop
    runde.krever_politisk_vedtak = krever_politisk_vedtak
    runde.klageinstans = klageinstans
    if not alle_kommuner and not kommuner:
        raise ValidationError({"kommuner": _("Velg hvilke kommuner som kan søke.")})
    if maks_belop is not None and maks_belop > pott.total:
        raise ValidationError(
            {"maks_belop": _("Høyeste beløp per søknad kan ikke være større enn potten.")}
        )
    with oversatt.bokmal():
        runde.full_clean()
        runde.save()
    runde.kommuner.set([] if alle_kommuner else kommuner)
    if runde.apning_varslet is None and runde.aapner <= timezone.now():
        legg_i_ko("tilskudd.tasks.varsle_runde_aapnet", runde.pk)
    return runde


def _kan_soke(runde: Tilskuddsrunde, kommune: Kommune) -> bool:
    return runde.alle_kommuner or runde.kommuner.filter(pk=kommune.pk).exists()
