"""Writes for a round's own questions and the applications' answers."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from felles import oversatt
from kommuner.models import Bruker

from ..models import (
    SPORSMAL_TEKSTER,
    Soknad,
    Sporsmal,
    Svar,
    Tilskuddsrunde,
)
from .ordninger_og_potter import _lock_runde
from .vedlegg import vedlegg_create

# --- the round's own questions and the answers ------------------------------------


def _sporsmal_laast(runde: Tilskuddsrunde) -> bool:
    """A round's questions are locked once an application is sent in: the answers sent
    in keep the question they answered (the receipt and the case show them)."""
    return runde.soknader.exclude(status=Soknad.Status.UTKAST).exists()


def _sjekk_sporsmal_aapne(runde: Tilskuddsrunde) -> None:
    if _sporsmal_laast(runde):
        raise ValidationError(
            _(
                "Runden har innsendte søknader, så spørsmålene er låst. Svarene som er "
                "sendt inn, skal beholde spørsmålet de svarte på."
            )
        )


@transaction.atomic
def sporsmal_upsert(
    *,
    runde: Tilskuddsrunde,
    tekst: str,
    slag: str,
    sporsmal: Sporsmal | None = None,
    hjelpetekst: str = "",
    valg: str = "",
    paakrevd: bool = False,
    rekkefolge: int = 0,
    **tekster: str | None,
) -> Sporsmal:
    """Add a question to the round's form, or change one. Refused once the round has
    an application sent in. A changed answer type empties the drafts' answers to it.
    ``tekst`` and ``hjelpetekst`` are bokmål; ``tekster`` may give them in nynorsk and
    English (``tekst_nn``, ``hjelpetekst_en``, …; "" removes one)."""
    ukjente = set(tekster) - set(oversatt.sprakfelt(*SPORSMAL_TEKSTER))
    if ukjente:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(ukjente))}")
    runde = _lock_runde(runde.pk)
    _sjekk_sporsmal_aapne(runde)
    if sporsmal is not None and sporsmal.pk:
        sporsmal = Sporsmal.objects.select_for_update().get(pk=sporsmal.pk, runde=runde)
        if sporsmal.slag != slag or sporsmal.valg != valg:
            sporsmal.svar.all().delete()
    else:
        sporsmal = Sporsmal(runde=runde)
    sporsmal.slag = slag
    sporsmal.valg = "\n".join(line.strip() for line in valg.splitlines() if line.strip())
    sporsmal.paakrevd = paakrevd
    sporsmal.rekkefolge = rekkefolge
    tekster = {
        **{k: (v or "").strip() for k, v in tekster.items()},
        "tekst": tekst.strip(),
        "hjelpetekst": hjelpetekst.strip(),
    }
    with oversatt.bokmal():
        oversatt.sett_tekster(sporsmal, SPORSMAL_TEKSTER, tekster)
        sporsmal.full_clean()
        sporsmal.save()
    return sporsmal


@transaction.atomic
def sporsmal_delete(*, sporsmal: Sporsmal) -> None:
    """Remove a question (and the drafts' answers to it), while no application in the
    round is sent in."""
    runde = _lock_runde(sporsmal.runde_id)
    _sjekk_sporsmal_aapne(runde)
    sporsmal.svar.all().delete()
    sporsmal.delete()


def _feltnavn(sporsmal: Sporsmal) -> str:
    """The form field (and error key) of a question's answer."""
    return f"sporsmal_{sporsmal.pk}"


def _svarverdi(sporsmal: Sporsmal, verdi) -> dict:
    """The stored fields of an answer, checked against the question's type: a number,
    whole kroner (never a float), one of the choices."""
    feil = _feltnavn(sporsmal)
    tomt = {"tekst": "", "tall": None, "belop": None}
    if verdi is None or (isinstance(verdi, str) and not verdi.strip()):
        return tomt
    if isinstance(verdi, float):
        raise ValidationError({feil: _("Tall skal ikke komme som flyttall.")})
    slag = sporsmal.slag
    if slag == Sporsmal.Slag.TEKST:
        tekst = str(verdi).strip()
        if len(tekst) > MAKS_SVARLENGDE:
            raise ValidationError(
                {feil: _("Svaret kan være høyst %(n)s tegn.") % {"n": MAKS_SVARLENGDE}}
            )
        return {**tomt, "tekst": tekst}
    if slag == Sporsmal.Slag.VALG:
        tekst = str(verdi).strip()
        if tekst not in sporsmal.valg_liste:
            raise ValidationError({feil: _("Velg et av alternativene.")})
        return {**tomt, "tekst": tekst}
    try:
        tall = Decimal(str(verdi).replace("\xa0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        tall = None
    if tall is None or not tall.is_finite():
        raise ValidationError({feil: _("Skriv et tall.")})
    if slag == Sporsmal.Slag.KRONER:
        if tall != tall.to_integral_value() or tall < 0 or tall > MAKS_KRONER:
            raise ValidationError(
                {feil: _("Skriv et helt antall kroner, uten mellomrom eller øre.")}
            )
        return {**tomt, "belop": int(tall)}
    if abs(tall) >= Decimal(10) ** 14 or tall != tall.quantize(Decimal("0.0001"), ROUND_DOWN):
        raise ValidationError({feil: _("Skriv et tall med høyst fire desimaler.")})
    return {**tomt, "tall": tall}


# The longest text answer, and the largest amount in kroner an answer may give.
MAKS_SVARLENGDE = 10_000
MAKS_KRONER = 10**12


def _set_svar(soknad: Soknad, svar: dict[int, object], *, user: Bruker) -> None:
    """Store the draft's answers (question id to value). Every value is checked before
    anything is saved; a file (an attachment question) goes through the attachment
    policy (``vedlegg_create``) and becomes one of the application's attachments. An
    attachment question left empty keeps the file given before."""
    if not svar:
        return
    sporsmal = {s.pk: s for s in soknad.runde.sporsmal.all()}
    if set(svar) - set(sporsmal):
        raise ValidationError(_("Et av svarene gjelder et spørsmål som ikke hører til runden."))
    finnes = {a.sporsmal_id: a for a in soknad.svar.all()}
    verdier = {
        pk: _svarverdi(sporsmal[pk], verdi)
        for pk, verdi in svar.items()
        if sporsmal[pk].slag != Sporsmal.Slag.VEDLEGG
    }
    for pk, verdi in svar.items():
        rad = finnes.get(pk) or Svar(soknad=soknad, sporsmal=sporsmal[pk])
        if pk in verdier:
            for felt, v in verdier[pk].items():
                setattr(rad, felt, v)
        elif verdi is not None:
            rad.vedlegg = vedlegg_create(soknad=soknad, user=user, fil=verdi)
        if rad.er_tomt:
            if rad.pk:
                rad.delete()
            continue
        rad.full_clean()
        rad.save()


def _sjekk_paakrevde_svar(soknad: Soknad) -> None:
    besvart = {a.sporsmal_id for a in soknad.svar.all() if not a.er_tomt}
    for sporsmal in soknad.runde.sporsmal.filter(paakrevd=True):
        if sporsmal.pk not in besvart:
            raise ValidationError(
                _("Svar på spørsmålet «%(sporsmal)s» før du sender inn.")
                % {"sporsmal": sporsmal.tekst}
            )
