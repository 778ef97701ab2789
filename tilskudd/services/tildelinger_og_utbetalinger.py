"""Writes for allocations (one by one and imported from a file) and payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.penger import format_kroner
from felles.tabellfil import TabellfilError, les_tabell, parse_heltall
from kommuner.models import Bruker, Etat, Kommune

from ..arkiv import services as arkiv
from ..models import (
    Pott,
    Tildeling,
    Utbetaling,
    Vedtak,
)
from ..selectors import bundet_i_pott
from .ordninger_og_potter import _lock_pott, _lock_runde

# --- allocations ------------------------------------------------------------------


def _save_tildeling(
    *,
    pott: Pott,
    kommune: Kommune | None,
    etat: Etat | None,
    belop: int,
    formaal: str,
    user: Bruker | None,
) -> Tildeling:
    # The pot is locked by the caller; lock the allocation before reading what has been
    # paid of it, so a payment being registered either finishes first or waits.
    tildeling = (
        Tildeling.objects.select_for_update(of=("self",))
        .filter(pott=pott, kommune=kommune, etat=etat)
        .order_by("pk")
        .first()
    )
    if tildeling is not None:
        paid = tildeling.utbetalinger.aggregate(s=Sum("belop"))["s"] or 0
        if belop < paid:
            raise ValidationError(
                _("%(mottaker)s har allerede fått utbetalt %(paid)s.")
                % {"mottaker": kommune or etat, "paid": format_kroner(paid)}
            )
    tildeling = tildeling or Tildeling(pott=pott, kommune=kommune, etat=etat)
    tildeling.belop = belop
    tildeling.formaal = formaal
    tildeling.opprettet_av = user
    tildeling.full_clean()
    tildeling.save()
    return tildeling


def _check_room(pott: Pott) -> None:
    committed = bundet_i_pott(pott=pott)
    if committed > pott.total:
        raise ValidationError(
            _(
                "Tildelingene ville bundet %(sum)s, men potten «%(pott)s» er på %(total)s. "
                "Ingenting er lagret."
            )
            % {"sum": format_kroner(committed), "pott": pott, "total": format_kroner(pott.total)}
        )


@transaction.atomic
def tildeling_upsert(
    *,
    pott: Pott,
    belop: int,
    user: Bruker | None,
    kommune: Kommune | None = None,
    etat: Etat | None = None,
    formaal: str = "",
) -> Tildeling:
    """Allocate (or change the allocation of) a pot's money to a kommune or an etat."""
    pott = _lock_pott(pott.pk)
    tildeling = _save_tildeling(
        pott=pott, kommune=kommune, etat=etat, belop=belop, formaal=formaal, user=user
    )
    _check_room(pott)
    return tildeling


class ImportFeil(ValidationError):
    """An import refused as a whole; ``rader`` lists (row number, message)."""

    def __init__(self, melding: str, rader: list[tuple[int, str]] | None = None):
        super().__init__(melding)
        self.melding = melding
        self.rader = rader or []


@dataclass
class ImportResultat:
    antall: int
    sum: int


TILDELING_KOLONNER = ["kommunenummer", "aar", "belop"]


@transaction.atomic
def tildeling_import(
    *, pott: Pott, data: bytes, filnavn: str, user: Bruker, formaal: str = ""
) -> ImportResultat:
    """Import allocations ``kommunenummer;aar;belop`` for a pot: all rows or none.
    A kommune already allocated in the pot gets the new amount."""
    try:
        rader = les_tabell(data=data, filnavn=filnavn, kolonner=TILDELING_KOLONNER)
    except TabellfilError as exc:
        raise ImportFeil(exc.melding, exc.rader) from exc
    if not rader:
        raise ImportFeil(_("Filen har ingen rader med tildelinger."))
    kommuner = {k.kommunenummer: k for k in Kommune.objects.all()}
    feil: list[tuple[int, str]] = []
    parsed: list[tuple[Kommune, int]] = []
    sett: dict[str, int] = {}
    for rad in rader:
        v = rad.verdier
        nr = v["kommunenummer"].zfill(4) if v["kommunenummer"].isdigit() else v["kommunenummer"]
        kommune = kommuner.get(nr)
        if kommune is None:
            feil.append((rad.nummer, _("Ukjent kommunenummer «%(nr)s».") % {"nr": nr}))
        elif nr in sett:
            feil.append(
                (
                    rad.nummer,
                    _("%(kommune)s står også på rad %(rad)s.")
                    % {"kommune": kommune, "rad": sett[nr]},
                )
            )
        else:
            sett[nr] = rad.nummer
        try:
            aar = int(v["aar"])
        except ValueError:
            feil.append((rad.nummer, _("Året «%(aar)s» er ikke et årstall.") % {"aar": v["aar"]}))
            aar = None
        if aar is not None and aar != pott.aar:
            feil.append(
                (
                    rad.nummer,
                    _("Året %(aar)s stemmer ikke med pottens år %(pott)s.")
                    % {"aar": aar, "pott": pott.aar},
                )
            )
        try:
            belop = parse_heltall(v["belop"])
        except ValueError:
            feil.append(
                (
                    rad.nummer,
                    _("Beløpet «%(b)s» er ikke et helt antall kroner.") % {"b": v["belop"]},
                )
            )
            belop = None
        if belop == 0:
            feil.append((rad.nummer, _("Beløpet må være større enn 0.")))
        if kommune is not None and belop:
            parsed.append((kommune, belop))
    if feil:
        raise ImportFeil(_("Filen har feil. Ingenting er lagret."), sorted(feil))
    pott = _lock_pott(pott.pk)
    try:
        for kommune, belop in parsed:
            _save_tildeling(
                pott=pott, kommune=kommune, etat=None, belop=belop, formaal=formaal, user=user
            )
        _check_room(pott)
    except ValidationError as exc:
        raise ImportFeil(" ".join(exc.messages)) from exc
    return ImportResultat(antall=len(parsed), sum=sum(b for _k, b in parsed))


# --- payments and reports ---------------------------------------------------------


def innvilget_belop(*, vedtak: Vedtak | None = None, tildeling: Tildeling | None = None) -> int:
    """What was granted in the decision or the allocation (give exactly one): the
    ceiling of its payments and of its reports."""
    if (vedtak is None) == (tildeling is None):
        raise ValueError("Oppgi enten vedtak eller tildeling.")
    return vedtak.belop_innvilget if vedtak is not None else tildeling.belop


@transaction.atomic
def utbetaling_create(
    *,
    user: Bruker,
    belop: int,
    dato: date,
    referanse: str = "",
    vedtak: Vedtak | None = None,
    tildeling: Tildeling | None = None,
) -> Utbetaling:
    """Pay out money granted. The sum of payments never exceeds the amount granted.
    Locks in the module's order: the round (for a decision), the pot, then the decision
    or allocation paid."""
    if (vedtak is None) == (tildeling is None):
        raise ValueError("Oppgi enten vedtak eller tildeling.")
    if vedtak is not None:
        runde_id = Vedtak.objects.values_list("soknad__runde_id", flat=True).get(pk=vedtak.pk)
        runde = _lock_runde(runde_id)
        pott_id = _lock_pott(runde.pott_id).pk
        grunnlag = (
            Vedtak.objects.select_for_update(of=("self",))
            .select_related("soknad")
            .get(pk=vedtak.pk)
        )
        innvilget = innvilget_belop(vedtak=grunnlag)
        kommune_id = grunnlag.soknad.kommune_id
        paid = Utbetaling.objects.filter(vedtak=grunnlag)
    else:
        pott_id = _lock_pott(
            Tildeling.objects.values_list("pott_id", flat=True).get(pk=tildeling.pk)
        ).pk
        grunnlag = Tildeling.objects.select_for_update().get(pk=tildeling.pk)
        innvilget = innvilget_belop(tildeling=grunnlag)
        kommune_id = grunnlag.kommune_id
        paid = Utbetaling.objects.filter(tildeling=grunnlag)
    allerede = paid.aggregate(s=Sum("belop"))["s"] or 0
    if belop <= 0:
        raise ValidationError({"belop": _("Beløpet må være større enn 0.")})
    if allerede + belop > innvilget:
        raise ValidationError(
            {
                "belop": _(
                    "Utbetalingen ville gitt %(sum)s utbetalt, mer enn innvilget %(innvilget)s. "
                    "Det gjenstår %(rest)s."
                )
                % {
                    "sum": format_kroner(allerede + belop),
                    "innvilget": format_kroner(innvilget),
                    "rest": format_kroner(innvilget - allerede),
                }
            }
        )
    utbetaling = Utbetaling(
        vedtak=vedtak,
        tildeling=tildeling,
        pott_id=pott_id,
        kommune_id=kommune_id,
        belop=belop,
        dato=dato,
        referanse=referanse,
        registrert_av=user,
    )
    utbetaling.full_clean()
    utbetaling.save()
    if vedtak is not None:
        utbetaling.vedtak = grunnlag
        arkiv.utbetalingsmelding_create(utbetaling=utbetaling, user=user, now=timezone.now())
    return utbetaling
