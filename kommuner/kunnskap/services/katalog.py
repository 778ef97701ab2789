"""Writes for the catalogues: indicators, their validation rules, the means
(virkemidler)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from felles import oversatt

from ...models import Etat
from ..models import (
    Indikator,
    Valideringsregel,
    Virkemiddel,
)

# ---------------------------------------------------------------- catalogue


def indikator_upsert(
    *,
    navn: str,
    enhet: str,
    retning: str,
    tema: str,
    kilde: str = "",
    beskrivelse: str = "",
    rekkefolge: int = 100,
    aktiv: bool = True,
) -> Indikator:
    with oversatt.bokmal():  # ``navn`` and ``beskrivelse`` are the bokmål texts
        indikator = Indikator.objects.filter(navn=navn).first() or Indikator(navn=navn)
        indikator.enhet = enhet
        indikator.retning = retning
        indikator.tema = tema
        indikator.kilde = kilde
        indikator.beskrivelse = beskrivelse
        indikator.rekkefolge = rekkefolge
        indikator.aktiv = aktiv
        indikator.full_clean()
        indikator.save()
    return indikator


INDIKATOR_FELT = (
    "navn",
    "kode",
    "beskrivelse",
    "definisjon",
    "enhet",
    "periodetype",
    "min_verdi",
    "maks_verdi",
    "maks_endring",
    "mad_faktor",
    "kilde",
    "retning",
    "tema",
    "rekkefolge",
    "aktiv",
)
# Texts that are data: ``navn`` is the bokmål text, ``navn_nn``/``navn_en`` the others.
INDIKATOR_TEKSTER = ("navn", "beskrivelse", "definisjon")
INDIKATOR_FELT += tuple(oversatt.sprakfelt(*INDIKATOR_TEKSTER))


def indikator_create(**fields) -> Indikator:
    """A new indicator in the catalogue (admins). Indicators are never deleted; one no
    longer used is made inactive (``aktiv``), and its values stay."""
    return indikator_update(indikator=Indikator(), **fields)


def indikator_update(*, indikator: Indikator, **fields) -> Indikator:
    unknown = set(fields) - set(INDIKATOR_FELT)
    if unknown:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(unknown))}")
    with oversatt.bokmal():
        oversatt.sett_tekster(indikator, INDIKATOR_TEKSTER, fields)
        tekstfelt = set(oversatt.sprakfelt(*INDIKATOR_TEKSTER)) | set(INDIKATOR_TEKSTER)
        for name, value in fields.items():
            if name not in tekstfelt:
                setattr(indikator, name, value)
        indikator.full_clean()
        indikator.save()
    return indikator


@transaction.atomic
def valideringsregel_upsert(
    *,
    regel: Valideringsregel | None = None,
    navn: str,
    operator: str,
    venstre: list[Indikator],
    hoyre: list[Indikator],
    konstant: Decimal | None = None,
    beskrivelse: str = "",
    aktiv: bool = True,
) -> Valideringsregel:
    """Create or change a validation rule between indicators (admins)."""
    regel = regel or Valideringsregel()
    if not venstre:
        raise ValidationError({"venstre": _("Velg minst én indikator på venstre side.")})
    if not hoyre and konstant is None:
        raise ValidationError({"hoyre": _("Høyre side trenger minst én indikator eller et tall.")})
    if set(venstre) & set(hoyre):
        raise ValidationError({"hoyre": _("En indikator kan ikke stå på begge sider av regelen.")})
    regel.navn = navn
    regel.operator = operator
    regel.konstant = konstant
    regel.beskrivelse = beskrivelse
    regel.aktiv = aktiv
    regel.full_clean()
    regel.save()
    regel.venstre.set(venstre)
    regel.hoyre.set(hoyre)
    return regel


def virkemiddel_upsert(
    *, etat: Etat, navn: str, type: str, tema: str, beskrivelse: str = "", aktiv: bool = True
) -> Virkemiddel:
    virkemiddel = Virkemiddel.objects.filter(etat=etat, navn=navn).first() or Virkemiddel(
        etat=etat, navn=navn
    )
    virkemiddel.type = type
    virkemiddel.tema = tema
    virkemiddel.beskrivelse = beskrivelse
    virkemiddel.aktiv = aktiv
    virkemiddel.full_clean()
    virkemiddel.save()
    return virkemiddel


def virkemiddel_endre_navn(*, virkemiddel: Virkemiddel, etat: Etat, navn: str) -> Virkemiddel:
    if Virkemiddel.objects.filter(etat=etat, navn=navn).exclude(pk=virkemiddel.pk).exists():
        raise ValidationError(_("Etaten har allerede et virkemiddel med dette navnet."))
    virkemiddel.etat = etat
    virkemiddel.navn = navn
    virkemiddel.full_clean()
    virkemiddel.save()
    return virkemiddel
