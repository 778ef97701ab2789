"""Writes for grants. Views, forms, tasks and the demo seed call these.

The one rule that must hold under concurrency: **a pot is never committed beyond its
total**, and nothing is paid beyond what was granted. Every service that changes what a
pot is committed to or what is paid from it (a decision, an allocation, an import of
allocations, a payment, moving a round to another pot, changing a pot's total) locks
the rows it depends on with ``select_for_update`` inside its transaction, *before* it
reads the figures it checks, and always in one global order:

1. the round row (``Tilskuddsrunde``), when the service goes through a round;
2. every pot row it touches (``Pott``), by primary key (``_lock_potter``);
3. then the application, decision or allocation rows it changes or pays.

A service reads the round's pot only after locking the round, so a decision and a move
of its round to another pot queue on the round row, and whichever comes second sees the
first. Two services never wait on each other in opposite orders, so they never deadlock.
(Inserting a row that refers to a pot makes PostgreSQL lock that pot row too; that is
why a payment locks its pot before the decision or allocation it pays.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from felles import oversatt
from felles.jobber import legg_i_ko
from felles.laas import laas, ny_versjon
from felles.penger import format_kroner
from felles.tabellfil import TabellfilError, les_tabell, parse_heltall
from felles.vedlegg import sjekk_vedlegg
from kommuner.models import Bruker, Etat, Kommune, Pilot, Tiltak

from .arkiv import services as arkiv
from .models import (
    POENG_MAKS,
    POENG_MIN,
    SPORSMAL_TEKSTER,
    Budsjettlinje,
    Innstilling,
    Kriterium,
    Poeng,
    Pott,
    PottKilde,
    Rapport,
    Saksnotat,
    Soknad,
    Sporsmal,
    Svar,
    Tildeling,
    Tilskuddsordning,
    Tilskuddsrunde,
    Utbetaling,
    Vedlegg,
    Vedtak,
    Vedtaksforslag,
    Vedtaksversjon,
)
from .selectors import bundet_i_pott, saksbehandlere

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


# --- applications -----------------------------------------------------------------


def _set_tiltak(soknad: Soknad, tiltak: list[Tiltak]) -> None:
    andre = [t for t in tiltak if t.kommune_id != soknad.kommune_id]
    if andre:
        raise ValidationError(
            {
                "tiltak": _("Tiltaket «%(navn)s» hører til en annen kommune.")
                % {"navn": andre[0].navn}
            }
        )
    soknad.tiltak.set(tiltak)


def _set_budsjett(soknad: Soknad, linjer: list[tuple[str, int]]) -> None:
    soknad.budsjettlinjer.all().delete()
    for beskrivelse, belop in linjer:
        linje = Budsjettlinje(soknad=soknad, beskrivelse=beskrivelse, belop=belop)
        linje.full_clean()
        linje.save()


@transaction.atomic
def soknad_create(
    *,
    runde: Tilskuddsrunde,
    kommune: Kommune,
    user: Bruker,
    tittel: str,
    formaal: str,
    belop_sokt: int,
    politisk_vedtatt: date | None = None,
    budsjettlinjer: list[tuple[str, int]] | None = None,
    tiltak: list[Tiltak] | None = None,
    deres_referanse: str = "",
    postadresse: str = "",
    svar: dict[int, object] | None = None,
) -> Soknad:
    """A draft, with the kommune's own measures (tiltak) it would fund and its answers
    to the round's own questions (``svar``: question id to value, see ``_set_svar``)."""
    if not _kan_soke(runde, kommune):
        raise ValidationError(_("%(kommune)s kan ikke søke i denne runden.") % {"kommune": kommune})
    soknad = Soknad(
        runde=runde,
        kommune=kommune,
        opprettet_av=user,
        tittel=tittel,
        formaal=formaal,
        belop_sokt=belop_sokt,
        politisk_vedtatt=politisk_vedtatt,
        deres_referanse=deres_referanse,
        postadresse=postadresse,
    )
    soknad.full_clean()
    soknad.save()
    _set_budsjett(soknad, budsjettlinjer or [])
    _set_tiltak(soknad, tiltak or [])
    _set_svar(soknad, svar or {}, user=user)
    return soknad


@transaction.atomic
def soknad_update(
    *,
    soknad: Soknad,
    tittel: str,
    formaal: str,
    belop_sokt: int,
    politisk_vedtatt: date | None = None,
    budsjettlinjer: list[tuple[str, int]] | None = None,
    tiltak: list[Tiltak] | None = None,
    deres_referanse: str = "",
    postadresse: str = "",
    svar: dict[int, object] | None = None,
    user: Bruker | None = None,
) -> Soknad:
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_redigeres:
        raise ValidationError(_("Søknaden er sendt inn og kan ikke endres."))
    soknad.tittel = tittel
    soknad.formaal = formaal
    soknad.belop_sokt = belop_sokt
    soknad.politisk_vedtatt = politisk_vedtatt
    soknad.deres_referanse = deres_referanse
    soknad.postadresse = postadresse
    soknad.full_clean()
    soknad.save()
    _set_budsjett(soknad, budsjettlinjer or [])
    _set_tiltak(soknad, tiltak or [])
    _set_svar(soknad, svar or {}, user=user or soknad.opprettet_av)
    return soknad


@transaction.atomic
def soknad_submit(*, soknad: Soknad, user: Bruker, now: datetime | None = None) -> Soknad:
    """Send in a draft. After the round's close date it is refused and the draft kept."""

    now = now or timezone.now()
    # The round first (the module's lock order): its questions cannot change while
    # an application is being sent in (``sporsmal_upsert`` locks it too).
    _lock_runde(soknad.runde_id)
    soknad = Soknad.objects.select_for_update().select_related("runde").get(pk=soknad.pk)
    runde = soknad.runde
    if soknad.status != Soknad.Status.UTKAST:
        raise ValidationError(_("Bare utkast kan sendes inn."))
    _sjekk_paakrevde_svar(soknad)
    if now >= runde.stenger:
        frist = formats.date_format(timezone.localtime(runde.stenger), "DATETIME_FORMAT")
        raise ValidationError(
            _(
                "Søknadsfristen gikk ut %(frist)s. Søknaden kan ikke sendes inn, "
                "men utkastet er tatt vare på."
            )
            % {"frist": frist}
        )
    if now < runde.aapner:
        raise ValidationError(_("Runden er ikke åpnet ennå."))
    if runde.maks_belop is not None and soknad.belop_sokt > runde.maks_belop:
        raise ValidationError(
            _("Det kan søkes om høyst %(maks)s i denne runden.")
            % {"maks": format_kroner(runde.maks_belop)}
        )
    if runde.krever_politisk_vedtak and not soknad.politisk_vedtatt:
        raise ValidationError(
            _("Runden krever at søknaden er politisk vedtatt. Fyll inn datoen for vedtaket.")
        )
    linjer = list(soknad.budsjettlinjer.all())
    if linjer and sum(linje.belop for linje in linjer) != soknad.belop_sokt:
        raise ValidationError(
            _("Budsjettlinjene summerer til %(sum)s, men søkt beløp er %(sokt)s.")
            % {
                "sum": format_kroner(sum(linje.belop for linje in linjer)),
                "sokt": format_kroner(soknad.belop_sokt),
            }
        )
    soknad.status = Soknad.Status.SENDT_INN
    soknad.sendt_inn = now
    arkiv.saksnummer_tildel(soknad=soknad, now=now)
    soknad.full_clean()
    soknad.save()
    arkiv.kvittering_create(soknad=soknad, user=user, now=now)
    legg_i_ko("tilskudd.tasks.varsle_soknad_sendt_inn", soknad.pk)
    return soknad


@transaction.atomic
def soknad_withdraw(*, soknad: Soknad, user: Bruker) -> Soknad:
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_trekkes:
        raise ValidationError(_("Søknaden er avgjort og kan ikke trekkes."))
    soknad.status = Soknad.Status.TRUKKET
    soknad.save()
    return soknad


@transaction.atomic
def soknad_start_review(*, soknad: Soknad, user: Bruker) -> Soknad:
    """ "Ta til behandling": the step before any assessment or decision. The one who
    takes it becomes the case handler unless one is assigned already."""
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if soknad.status != Soknad.Status.SENDT_INN:
        raise ValidationError(_("Bare innsendte søknader kan tas til behandling."))
    soknad.status = Soknad.Status.UNDER_BEHANDLING
    if soknad.saksbehandler_id is None:
        soknad.saksbehandler = user
    soknad.full_clean()
    soknad.save()
    return soknad


def vedlegg_create(*, soknad: Soknad, user: Bruker, fil: UploadedFile) -> Vedlegg:
    """Attach a file to a draft, if the attachment policy (felles.vedlegg)
    allows it: checked by content, at most 10 MB."""
    if not soknad.kan_redigeres:
        raise ValidationError(_("Søknaden er sendt inn og kan ikke endres."))
    sjekk = sjekk_vedlegg(fil)
    vedlegg = Vedlegg(soknad=soknad, navn=sjekk.navn, lastet_opp_av=user)
    vedlegg.fil.save(sjekk.navn, ContentFile(sjekk.data), save=False)
    try:
        vedlegg.full_clean()
        vedlegg.save()
    except Exception:
        vedlegg.fil.delete(save=False)
        raise
    return vedlegg


def vedlegg_delete(*, vedlegg: Vedlegg, user: Bruker) -> None:
    if not vedlegg.soknad.kan_redigeres:
        raise ValidationError(_("Søknaden er sendt inn og kan ikke endres."))
    vedlegg.fil.delete(save=False)
    vedlegg.delete()


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


# --- two-step sign-off: the case handler proposes, another admin approves -----------


@transaction.atomic
def vedtak_foresla(
    *,
    soknad: Soknad,
    user: Bruker,
    utfall: str,
    belop_innvilget: int | None,
    begrunnelse: str,
    vilkaar: str = "",
    now: datetime | None = None,
) -> Vedtaksforslag:
    """The first step: the case's case handler proposes the decision. The application
    must be under review, with no proposal already waiting."""
    soknad = _lock_til_vurdering(soknad)
    if soknad.saksbehandler_id is None:
        raise ValidationError(_("Saken har ingen saksbehandler. Tildel den først."))
    if soknad.saksbehandler_id != user.pk:
        raise ValidationError(
            _("Bare saksbehandleren (%(navn)s) kan foreslå vedtak i saken.")
            % {"navn": soknad.saksbehandler}
        )
    if soknad.vedtaksforslag.filter(status=Vedtaksforslag.Status.FORESLATT).exists():
        raise ValidationError(_("Saken har allerede et forslag som venter på godkjenning."))
    belop = _utfall_belop(soknad=soknad, utfall=utfall, belop_innvilget=belop_innvilget)
    forslag = Vedtaksforslag(
        soknad=soknad,
        utfall=utfall,
        belop_innvilget=belop,
        begrunnelse=begrunnelse,
        vilkaar=vilkaar,
        foreslatt_av=user,
        foreslatt=now or timezone.now(),
    )
    forslag.full_clean()
    forslag.save()
    return forslag


def _laas_apent_forslag(forslag: Vedtaksforslag, *, user: Bruker, versjon: int | None):
    """Lock the proposal as stored now; refuse a stale page (409), a proposal no longer
    waiting, and the proposer signing off their own proposal."""
    forslag = laas(
        Vedtaksforslag.objects.select_related("soknad", "foreslatt_av"),
        pk=forslag.pk,
        versjon=versjon,
        melding=lambda exc: (
            _("Forslaget er behandlet siden du åpnet siden (nå: %(status)s). Last siden på nytt.")
            % {"status": exc.gjeldende.get_status_display()}
        ),
    )
    if forslag.status != Vedtaksforslag.Status.FORESLATT:
        raise ValidationError(
            _("Forslaget venter ikke på godkjenning (status: %(status)s).")
            % {"status": forslag.get_status_display()}
        )
    if forslag.foreslatt_av_id == user.pk:
        raise ValidationError(
            _("Du foreslo vedtaket selv. En annen med rett til å fatte vedtak må godkjenne det.")
        )
    return forslag


@transaction.atomic
def vedtak_godkjenn(
    *,
    forslag: Vedtaksforslag,
    user: Bruker,
    versjon: int | None,
    tittel: str = "",
    telefon: str = "",
    now: datetime | None = None,
) -> Vedtak:
    """The second step: another admin approves the proposal, and only now is the
    decision (``Vedtak``) made, with its letter naming proposer and approver. Locks
    the round and its pot first (the module's order), then the proposal."""
    runde_id = Vedtaksforslag.objects.values_list("soknad__runde_id", flat=True).get(pk=forslag.pk)
    runde = _lock_runde(runde_id)
    _lock_pott(runde.pott_id)
    forslag = _laas_apent_forslag(forslag, user=user, versjon=versjon)
    now = now or timezone.now()
    forslag.status = Vedtaksforslag.Status.GODKJENT
    forslag.behandlet_av = user
    forslag.behandlet = now
    ny_versjon(forslag)
    forslag.full_clean()
    forslag.save()
    return vedtak_create(
        soknad=forslag.soknad,
        user=user,
        utfall=forslag.utfall,
        belop_innvilget=forslag.belop_innvilget,
        begrunnelse=forslag.begrunnelse,
        vilkaar=forslag.vilkaar,
        tittel=tittel,
        telefon=telefon,
        now=now,
        forslag=forslag,
    )


@transaction.atomic
def vedtak_send_tilbake(
    *,
    forslag: Vedtaksforslag,
    user: Bruker,
    versjon: int | None,
    kommentar: str,
    now: datetime | None = None,
) -> Vedtaksforslag:
    """Send the proposal back to the case handler with a comment (required); the case
    stays under review, and a new proposal may be made."""
    kommentar = (kommentar or "").strip()
    if not kommentar:
        raise ValidationError({"kommentar": _("Skriv hvorfor forslaget sendes tilbake.")})
    forslag = _laas_apent_forslag(forslag, user=user, versjon=versjon)
    forslag.status = Vedtaksforslag.Status.SENDT_TILBAKE
    forslag.behandlet_av = user
    forslag.behandlet = now or timezone.now()
    forslag.kommentar = kommentar
    ny_versjon(forslag)
    forslag.full_clean()
    forslag.save()
    return forslag


# --- decisions --------------------------------------------------------------------


def _utfall_belop(*, soknad: Soknad, utfall: str, belop_innvilget: int | None) -> int:
    """The amount an outcome grants: refused 0, granted the amount sought, partly
    granted more than 0 and less than sought."""
    if utfall == Vedtak.Utfall.AVSLATT:
        belop = 0
    elif utfall == Vedtak.Utfall.INNVILGET:
        belop = soknad.belop_sokt if belop_innvilget is None else belop_innvilget
        if belop != soknad.belop_sokt:
            raise ValidationError(
                {"belop_innvilget": _("Ved innvilgelse er beløpet det søkte beløpet.")}
            )
    elif utfall == Vedtak.Utfall.DELVIS_INNVILGET:
        belop = belop_innvilget or 0
        if not 0 < belop < soknad.belop_sokt:
            raise ValidationError(
                {
                    "belop_innvilget": _(
                        "Ved delvis innvilgelse må beløpet være mer enn 0 og mindre enn "
                        "søkt beløp (%(sokt)s)."
                    )
                    % {"sokt": format_kroner(soknad.belop_sokt)}
                }
            )
    else:
        raise ValidationError({"utfall": _("Ukjent utfall.")})
    return belop


@transaction.atomic
def vedtak_create(
    *,
    soknad: Soknad,
    user: Bruker,
    utfall: str,
    belop_innvilget: int | None,
    begrunnelse: str,
    vilkaar: str = "",
    tittel: str = "",
    telefon: str = "",
    now: datetime | None = None,
    forslag: Vedtaksforslag | None = None,
) -> Vedtak:
    """Decide an application: the internal step of ``vedtak_godkjenn`` (the portal
    decides only through a proposal and another admin's approval; scripts, the demo
    seed and tests may call it directly). The application must be under review ("Ta
    til behandling" first), and a case with a proposal waiting is decided only by
    approving it. Locks the round, then the round's pot as it is now (the round may
    just have been moved), then the application, and refuses a grant that would take
    the pot beyond its total. ``now`` is the decision time, as in ``soknad_submit``
    (for history and tests)."""

    runde = _lock_runde(soknad.runde_id)
    pott = _lock_pott(runde.pott_id)
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_avgjores:
        raise ValidationError(
            _("Søknaden er ikke til behandling (status: %(s)s).")
            % {"s": soknad.get_status_display()}
        )
    if (
        forslag is None
        and soknad.vedtaksforslag.filter(status=Vedtaksforslag.Status.FORESLATT).exists()
    ):
        raise ValidationError(
            _("Saken har et forslag til vedtak som venter på godkjenning. Godkjenn det.")
        )
    belop = _utfall_belop(soknad=soknad, utfall=utfall, belop_innvilget=belop_innvilget)
    gjenstaar = pott.total - bundet_i_pott(pott=pott)
    if belop > gjenstaar:
        raise ValidationError(
            {
                "belop_innvilget": _(
                    "Potten «%(pott)s» har bare %(igjen)s igjen. Vedtaket ville bundet mer "
                    "enn potten."
                )
                % {"pott": pott, "igjen": format_kroner(gjenstaar)}
            }
        )
    vedtak = Vedtak(
        soknad=soknad,
        utfall=utfall,
        belop_innvilget=belop,
        begrunnelse=begrunnelse,
        vilkaar=vilkaar,
        vedtatt_av=user,
        tittel=tittel,
        telefon=telefon,
        vedtatt=now or timezone.now(),
        forslag=forslag,
    )
    vedtak.full_clean()
    vedtak.save()
    versjon = _lagre_versjon(
        vedtak, user=user, tittel=tittel, telefon=telefon, vedtatt=vedtak.vedtatt
    )
    soknad.status = utfall
    soknad.save()
    arkiv.vedtaksbrev_create(versjon=versjon, user=user, now=vedtak.vedtatt)
    legg_i_ko("tilskudd.tasks.varsle_vedtak", vedtak.pk)
    return vedtak


def _lagre_versjon(
    vedtak: Vedtak,
    *,
    user: Bruker,
    tittel: str,
    vedtatt: datetime,
    endringsgrunn: str = "",
    telefon: str | None = None,
) -> Vedtaksversjon:
    versjon = Vedtaksversjon(
        vedtak=vedtak,
        nummer=vedtak.versjon,
        utfall=vedtak.utfall,
        belop_innvilget=vedtak.belop_innvilget,
        vilkaar=vedtak.vilkaar,
        begrunnelse=vedtak.begrunnelse,
        endringsgrunn=endringsgrunn,
        vedtatt_av=user,
        tittel=tittel,
        telefon=vedtak.telefon if telefon is None else telefon,
        vedtatt=vedtatt,
    )
    versjon.full_clean()
    versjon.save()
    return versjon


@transaction.atomic
def vedtak_endre(
    *,
    vedtak: Vedtak,
    user: Bruker,
    utfall: str,
    belop_innvilget: int | None,
    begrunnelse: str,
    endringsgrunn: str,
    vilkaar: str = "",
    tittel: str = "",
    telefon: str = "",
    versjon: int | None = None,
    now: datetime | None = None,
) -> Vedtaksversjon:
    """Amend a decision (an "endringsvedtak"): a new version with its own letter, the
    earlier versions kept. ``versjon`` is the version the amender saw: if the decision
    has been amended since, nothing is saved. The reason is required. Locks in the
    module's order: the round, its pot, then the decision (a payment being registered
    either finishes first or waits). A raised amount must fit in what the pot has free;
    a lowered one may not go below what is already paid, so a refusal is possible only
    when nothing is paid."""
    endringsgrunn = (endringsgrunn or "").strip()
    if not endringsgrunn:
        raise ValidationError({"endringsgrunn": _("Skriv hvorfor vedtaket endres.")})
    runde_id = Vedtak.objects.values_list("soknad__runde_id", flat=True).get(pk=vedtak.pk)
    runde = _lock_runde(runde_id)
    pott = _lock_pott(runde.pott_id)
    vedtak = laas(
        Vedtak.objects.select_related("soknad"),
        pk=vedtak.pk,
        versjon=versjon,
        melding=lambda exc: (
            _(
                "Vedtaket er endret siden du åpnet skjemaet (nå versjon %(n)s). Se den nye "
                "versjonen på søknaden, og endre derfra om det trengs."
            )
            % {"n": exc.gjeldende.versjon}
        ),
    )
    soknad = vedtak.soknad
    if not vedtak.versjoner.exists():
        # A decision written without the service (bulk test data): its first version
        # is the decision as it stands, so that letter stays retrievable.
        _lagre_versjon(vedtak, user=vedtak.vedtatt_av, tittel=vedtak.tittel, vedtatt=vedtak.vedtatt)
    belop = _utfall_belop(soknad=soknad, utfall=utfall, belop_innvilget=belop_innvilget)
    if (utfall, belop, vilkaar.strip(), begrunnelse.strip()) == (
        vedtak.utfall,
        vedtak.belop_innvilget,
        vedtak.vilkaar.strip(),
        vedtak.begrunnelse.strip(),
    ):
        raise ValidationError(_("Endringen endrer ikke utfall, beløp, vilkår eller begrunnelse."))
    utbetalt = vedtak.utbetalinger.aggregate(s=Sum("belop"))["s"] or 0
    if belop < utbetalt:
        raise ValidationError(
            {
                "belop_innvilget": _(
                    "Det er allerede utbetalt %(utbetalt)s av vedtaket, så beløpet kan ikke "
                    "settes lavere enn det."
                )
                % {"utbetalt": format_kroner(utbetalt)}
            }
        )
    okning = belop - vedtak.belop_innvilget
    if okning > 0:
        gjenstaar = pott.total - bundet_i_pott(pott=pott)
        if okning > gjenstaar:
            raise ValidationError(
                {
                    "belop_innvilget": _(
                        "Potten «%(pott)s» har bare %(igjen)s igjen. Økningen på %(okning)s "
                        "ville bundet mer enn potten."
                    )
                    % {
                        "pott": pott,
                        "igjen": format_kroner(gjenstaar),
                        "okning": format_kroner(okning),
                    }
                }
            )
    vedtak.utfall = utfall
    vedtak.belop_innvilget = belop
    vedtak.vilkaar = vilkaar
    vedtak.begrunnelse = begrunnelse
    ny_versjon(vedtak)
    vedtak.endret = now or timezone.now()
    vedtak.full_clean()
    vedtak.save()
    versjon = _lagre_versjon(
        vedtak,
        user=user,
        tittel=tittel,
        telefon=telefon,
        vedtatt=vedtak.endret,
        endringsgrunn=endringsgrunn,
    )
    soknad.status = utfall
    soknad.save(update_fields=["status"])
    arkiv.vedtaksbrev_create(versjon=versjon, user=user, now=vedtak.endret)
    legg_i_ko("tilskudd.tasks.varsle_vedtak_endret", versjon.pk)
    return versjon


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


@transaction.atomic
def rapport_submit(
    *,
    user: Bruker,
    periode: str,
    beskrivelse: str,
    brukt_belop: int,
    ubrukt_belop: int = 0,
    ubrukt_disponering: str = "",
    vedtak: Vedtak | None = None,
    tildeling: Tildeling | None = None,
) -> Rapport:
    """A report on the use of a grant. For a decision, the decision row is locked first
    (then the case, for the report's document number): a payment or an amendment of the
    same decision locks it before the case too, so they queue instead of deadlocking,
    and the ceiling is read as it stands."""
    if vedtak is not None:
        vedtak = (
            Vedtak.objects.select_for_update(of=("self",))
            .select_related("soknad")
            .get(pk=vedtak.pk)
        )
    innvilget = innvilget_belop(vedtak=vedtak, tildeling=tildeling)
    kommune_id = vedtak.soknad.kommune_id if vedtak is not None else tildeling.kommune_id
    if kommune_id is None:
        raise ValidationError(_("Bare kommuner rapporterer her."))
    if brukt_belop + ubrukt_belop > innvilget:
        raise ValidationError(
            _("Brukt og ubrukt beløp er til sammen mer enn innvilget (%(innvilget)s).")
            % {"innvilget": format_kroner(innvilget)}
        )
    rapport = Rapport(
        vedtak=vedtak,
        tildeling=tildeling,
        kommune_id=kommune_id,
        periode=periode,
        beskrivelse=beskrivelse,
        brukt_belop=brukt_belop,
        ubrukt_belop=ubrukt_belop,
        ubrukt_disponering=ubrukt_disponering,
        innsendt_av=user,
    )
    rapport.full_clean()
    rapport.save()
    if vedtak is not None:
        arkiv.rapportdokument_create(rapport=rapport, user=user, now=rapport.innsendt)
    return rapport


def rapport_approve(*, rapport: Rapport, user: Bruker) -> Rapport:
    if rapport.godkjent:
        raise ValidationError(_("Rapporten er allerede godkjent."))
    rapport.godkjent = timezone.now()
    rapport.godkjent_av = user
    rapport.full_clean()
    rapport.save()
    return rapport
