"""Writes for grant schemes and their pots, and the row locks every service takes in one
global order (the package's docstring)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from felles import oversatt
from felles.penger import format_kroner
from kommuner.models import Etat, Pilot

from ..models import (
    Pott,
    PottKilde,
    Tilskuddsordning,
    Tilskuddsrunde,
)
from ..selectors import bundet_i_pott

# --- schemes and pots -------------------------------------------------------------


def ordning_upsert(
    *,
    navn: str,
    eier: Etat | None = None,
    kapittel: int | None = None,
    post: int | None = None,
    aliaser: list[str] | None = None,
    navn_nn: str | None = None,
    navn_en: str | None = None,
) -> Tilskuddsordning:
    """Create or change a scheme. ``navn`` is bokmål; the nynorsk and English names are
    changed when given ("" removes one)."""
    with oversatt.bokmal():
        ordning = None
        if kapittel is not None and post is not None:
            ordning = Tilskuddsordning.objects.filter(kapittel=kapittel, post=post).first()
        ordning = ordning or Tilskuddsordning.objects.filter(navn=navn).first()
        ordning = ordning or Tilskuddsordning()
        tekster = {"navn": navn, "navn_nn": navn_nn, "navn_en": navn_en}
        oversatt.sett_tekster(
            ordning, ("navn",), {k: v for k, v in tekster.items() if v is not None}
        )
        ordning.eier = eier
        ordning.kapittel = kapittel
        ordning.post = post
        ordning.aliaser = "\n".join(aliaser or [])
        ordning.full_clean()
        ordning.save()
    return ordning


def _lock_potter(*pott_ids: int) -> dict[int, Pott]:
    """Lock the pots, in primary-key order (the fixed order that keeps two services
    from deadlocking), and return them fresh from the database by pk."""
    ids = sorted(set(pott_ids))
    potter = {p.pk: p for p in Pott.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if len(potter) != len(ids):
        raise Pott.DoesNotExist(f"Pott {sorted(set(ids) - set(potter))} finnes ikke.")
    return potter


def _lock_pott(pott_id: int) -> Pott:
    return _lock_potter(pott_id)[pott_id]


def _lock_runde(runde_id: int) -> Tilskuddsrunde:
    """Lock a round row: the first lock of any service that goes through a round."""
    return Tilskuddsrunde.objects.select_for_update().get(pk=runde_id)


def _check_kilder(total: int, kilder: list[tuple[Tilskuddsordning, int | None]]) -> None:
    if not kilder:
        raise ValidationError(_("En pott må ha minst én kilde (tilskuddsordning)."))
    ordninger = [o.pk for o, _b in kilder]
    if len(set(ordninger)) != len(ordninger):
        raise ValidationError(_("Hver tilskuddsordning kan bare stå én gang som kilde."))
    belop = [b for _o, b in kilder]
    known = [b for b in belop if b is not None]
    if not known:
        return  # The split among the schemes is not known (not given by the source).
    if len(known) != len(belop):
        raise ValidationError(
            _("Oppgi beløp for alle kildene, eller for ingen av dem om fordelingen er ukjent.")
        )
    if sum(known) != total:
        raise ValidationError(
            _("Kildene summerer til %(sum)s, men totalen er %(total)s.")
            % {"sum": format_kroner(sum(known)), "total": format_kroner(total)}
        )


@transaction.atomic
def pott_upsert(
    *,
    pott: Pott | None = None,
    navn: str,
    aar: int,
    total: int,
    kilder: list[tuple[Tilskuddsordning, int | None]],
    pilot: Pilot | None = None,
    beskrivelse: str = "",
) -> Pott:
    """Create a pot, or change ``pott``, and replace its sources. The sources' amounts
    add up to the total, or are all left empty when the sources do not give the split.
    A total below what is already committed from the pot is refused."""
    _check_kilder(total, kilder)
    if pott is not None and pott.pk:
        pott = _lock_pott(pott.pk)
        committed = bundet_i_pott(pott=pott)
        if total < committed:
            raise ValidationError(
                {
                    "total": _("Det er allerede bundet %(sum)s i potten.")
                    % {"sum": format_kroner(committed)}
                }
            )
    else:
        pott = Pott()
    pott.navn = navn
    pott.aar = aar
    pott.total = total
    pott.pilot = pilot
    pott.beskrivelse = beskrivelse
    pott.full_clean()
    pott.save()
    keep = []
    for ordning, belop in kilder:
        kilde = PottKilde.objects.filter(pott=pott, ordning=ordning).first()
        kilde = kilde or PottKilde(pott=pott, ordning=ordning)
        kilde.belop = belop
        kilde.full_clean()
        kilde.save()
        keep.append(kilde.pk)
    PottKilde.objects.filter(pott=pott).exclude(pk__in=keep).delete()
    return pott
