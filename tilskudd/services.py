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
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from felles.epost import Tekst, send_once_til
from felles.jobber import legg_i_ko
from felles.laas import laas, ny_versjon
from felles.models import Varselslag
from felles.penger import format_kroner
from felles.tabellfil import TabellfilError, les_tabell, parse_heltall
from felles.varsler import absolutt_url, varsle_alle
from felles.vedlegg import sjekk_vedlegg
from kommuner.models import Bruker, Etat, Kommune, Pilot, Tiltak
from kommuner.roller import Rolle

from .arkiv import services as arkiv
from .models import (
    Budsjettlinje,
    Pott,
    PottKilde,
    Rapport,
    Soknad,
    Tildeling,
    Tilskuddsordning,
    Tilskuddsrunde,
    Utbetaling,
    Vedlegg,
    Vedtak,
    Vedtaksversjon,
)
from .selectors import bundet_i_pott

# --- schemes and pots -------------------------------------------------------------


def ordning_upsert(
    *,
    navn: str,
    eier: Etat | None = None,
    kapittel: int | None = None,
    post: int | None = None,
    aliaser: list[str] | None = None,
) -> Tilskuddsordning:
    ordning = None
    if kapittel is not None and post is not None:
        ordning = Tilskuddsordning.objects.filter(kapittel=kapittel, post=post).first()
    ordning = ordning or Tilskuddsordning.objects.filter(navn=navn).first()
    ordning = ordning or Tilskuddsordning()
    ordning.navn = navn
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
) -> Tilskuddsrunde:
    """Create or change a round. A round with decisions keeps its pot: the decisions
    are committed from it (and its payments are booked on it). The round row is locked
    first, then its old and new pot, so a decision being saved in the round either
    finishes first (and the move is refused) or waits and is checked against the new
    pot."""

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
    runde.tittel = tittel
    runde.beskrivelse = beskrivelse
    runde.kriterier = kriterier
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
) -> Soknad:
    """A draft, with the kommune's own measures (tiltak) it would fund."""
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
    return soknad


@transaction.atomic
def soknad_submit(*, soknad: Soknad, user: Bruker, now: datetime | None = None) -> Soknad:
    """Send in a draft. After the round's close date it is refused and the draft kept."""

    now = now or timezone.now()
    soknad = Soknad.objects.select_for_update().select_related("runde").get(pk=soknad.pk)
    runde = soknad.runde
    if soknad.status != Soknad.Status.UTKAST:
        raise ValidationError(_("Bare utkast kan sendes inn."))
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
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if soknad.status != Soknad.Status.SENDT_INN:
        raise ValidationError(_("Bare innsendte søknader kan tas til behandling."))
    soknad.status = Soknad.Status.UNDER_BEHANDLING
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
) -> Vedtak:
    """Decide an application. Locks the round, then the round's pot as it is now (the
    round may just have been moved), then the application, and refuses a grant that
    would take the pot beyond its total. ``now`` is the decision time, as in
    ``soknad_submit`` (for history and tests)."""

    runde = _lock_runde(soknad.runde_id)
    pott = _lock_pott(runde.pott_id)
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_avgjores:
        raise ValidationError(
            _("Søknaden er ikke til behandling (status: %(s)s).")
            % {"s": soknad.get_status_display()}
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


# --- notifications (called by tasks) ----------------------------------------------


def _kontaktpersoner(kommune_ids) -> list[Bruker]:
    return list(
        Bruker.objects.med_rolle(Rolle.KONTAKTPERSON)
        .filter(kommune_id__in=kommune_ids)
        .select_related("kommune")
        .order_by("pk")
    )


def _send(nokkel: str, emne: Tekst, tekst: Tekst, mottakere: list[Bruker]) -> int:
    """One message per person (nobody sees the others' addresses), each sent once per
    event (``nokkel``) and recipient, however often the job runs, and written in the
    recipient's language (``felles.epost.send_once_til``): ``emne`` and ``tekst`` build
    the text when called."""
    return sum(
        send_once_til(
            nokkel=f"{nokkel}:{mottaker.email}", mottaker=mottaker, emne=emne, tekst=tekst
        )
        for mottaker in mottakere
        if mottaker.email
    )


def _kontaktpersoner_brukere(kommune_ids):
    return (
        Bruker.objects.med_rolle(Rolle.KONTAKTPERSON)
        .filter(kommune_id__in=kommune_ids)
        .order_by("pk")
    )


def _kommune_ids(runde: Tilskuddsrunde):
    if runde.alle_kommuner:
        return Kommune.objects.values_list("pk", flat=True)
    return runde.kommuner.values_list("pk", flat=True)


@transaction.atomic
def varsle_runde_aapnet(*, runde_id: int) -> int:
    """Tell eligible contact persons that a round is open (``felles.varsler``: in the
    portal and by email). Once per round."""
    runde = Tilskuddsrunde.objects.select_for_update().filter(pk=runde_id).first()
    if runde is None or runde.apning_varslet or runde.aapner > timezone.now():
        return 0
    if runde.stenger <= timezone.now():
        # A round registered after it closed (e.g. history) is not announced.
        runde.apning_varslet = timezone.now()
        runde.save(update_fields=["apning_varslet"])
        return 0
    url = reverse("tilskudd:mine_runder")

    def tekst() -> str:  # in each recipient's language
        frist = formats.date_format(timezone.localtime(runde.stenger), "DATETIME_FORMAT")
        return _(
            "Tilskuddsrunden «%(tittel)s» er åpnet, og kommunen deres kan søke.\n"
            "Søknadsfrist: %(frist)s.\n\nLogg inn i Velferdspilot for å lage en søknad: %(url)s"
        ) % {"tittel": runde.tittel, "frist": frist, "url": absolutt_url(url)}

    sent = varsle_alle(
        mottakere=_kontaktpersoner_brukere(_kommune_ids(runde)),
        slag=Varselslag.RUNDE_AAPNET,
        tittel=gettext_noop("Ny tilskuddsrunde: %(tittel)s"),
        param={"tittel": runde.tittel},
        url=url,
        noekkel=f"runde-aapnet:{runde.pk}",
        tekst=tekst,
    )
    runde.apning_varslet = timezone.now()
    runde.save(update_fields=["apning_varslet"])
    return sent


def varsle_runder_aapnet() -> int:
    """For the beat schedule: rounds whose opening time has come."""
    ids = Tilskuddsrunde.objects.filter(
        apning_varslet__isnull=True, aapner__lte=timezone.now()
    ).values_list("pk", flat=True)
    return sum(varsle_runde_aapnet(runde_id=pk) for pk in list(ids))


RUNDE_STENGER_DAGER = 7


def varsle_runder_stenger(*, now: datetime | None = None) -> int:
    """Daily (beat): open rounds whose deadline is within seven days. Each eligible
    kommune's contact persons are told once per round and deadline, unless the kommune
    has already sent in an application in the round. Returns the emails sent."""
    now = now or timezone.now()
    runder = Tilskuddsrunde.objects.filter(
        aapner__lte=now, stenger__gt=now, stenger__lte=now + timedelta(days=RUNDE_STENGER_DAGER)
    ).order_by("pk")
    sent = 0
    for runde in runder:
        har_sokt = Soknad.objects.filter(runde=runde).exclude(
            status__in=[Soknad.Status.UTKAST, Soknad.Status.TRUKKET]
        )
        frist = timezone.localtime(runde.stenger)
        sent += varsle_alle(
            mottakere=_kontaktpersoner_brukere(_kommune_ids(runde)).exclude(
                kommune_id__in=har_sokt.values("kommune_id")
            ),
            slag=Varselslag.RUNDE_STENGER,
            tittel=gettext_noop("Tilskuddsrunden «%(tittel)s» stenger %(frist)s"),
            param={"tittel": runde.tittel, "frist": frist},
            url=reverse("tilskudd:mine_runder"),
            noekkel=f"runde-stenger:{runde.pk}:{frist:%Y-%m-%d}",
        )
    return sent


def rapportfrist(aar: int) -> date:
    """When the report on the use of a pot year's money is due: the date
    ``TILSKUDD_RAPPORTFRIST`` (month, day) of the following year."""
    maaned, dag = settings.TILSKUDD_RAPPORTFRIST
    return date(aar + 1, maaned, dag)


def varsle_rapportfrister(*, today: date | None = None) -> int:
    """Daily (beat): from ``TILSKUDD_RAPPORT_VARSEL_DAGER`` days before a report
    deadline, the kommune's contact persons are told of each grant (a decision with
    money, an allocation to the kommune) of that pot year they have not reported on,
    once per grant and year. Returns the emails sent."""
    today = today or timezone.localdate()
    vindu = today + timedelta(days=settings.TILSKUDD_RAPPORT_VARSEL_DAGER)
    aar = [a for a in (today.year - 1, today.year) if today <= rapportfrist(a) <= vindu]
    if not aar:
        return 0
    saker = [
        (
            f"vedtak:{v.pk}",
            v.soknad.kommune_id,
            v.soknad.runde.pott.aar,
            v.soknad.tittel,
            reverse("tilskudd:rapport_ny", args=[v.soknad_id]),
        )
        for v in Vedtak.objects.filter(
            soknad__runde__pott__aar__in=aar, belop_innvilget__gt=0, rapporter__isnull=True
        )
        .select_related("soknad__runde__pott")
        .order_by("pk")
    ] + [
        (
            f"tildeling:{t.pk}",
            t.kommune_id,
            t.pott.aar,
            t.formaal or str(t.pott),
            reverse("tilskudd:tildeling_rapport", args=[t.pk]),
        )
        for t in Tildeling.objects.filter(
            pott__aar__in=aar, kommune__isnull=False, rapporter__isnull=True
        )
        .select_related("pott")
        .order_by("pk")
    ]
    mottakere: dict[int, list[Bruker]] = {}
    for bruker in _kontaktpersoner_brukere({kommune_id for _n, kommune_id, *_r in saker}):
        mottakere.setdefault(bruker.kommune_id, []).append(bruker)
    sent = 0
    for nokkel, kommune_id, pott_aar, tittel, url in saker:
        sent += varsle_alle(
            mottakere=mottakere.get(kommune_id, []),
            slag=Varselslag.RAPPORT_FRIST,
            tittel=gettext_noop(
                "Rapport om bruk av midler til «%(tittel)s» skal leveres innen %(frist)s"
            ),
            param={"tittel": tittel, "frist": rapportfrist(pott_aar)},
            url=url,
            noekkel=f"rapport-frist:{nokkel}:{pott_aar}",
        )
    return sent


def varsle_soknad_sendt_inn(*, soknad_id: int) -> int:
    soknad = Soknad.objects.select_related("kommune", "runde").filter(pk=soknad_id).first()
    if soknad is None or soknad.status == Soknad.Status.UTKAST:
        return 0
    admins = list(Bruker.objects.med_rolle(Rolle.ADMIN).select_related("kommune").order_by("pk"))
    return _send(
        f"soknad-sendt-inn:{soknad.pk}:{soknad.sendt_inn:%Y%m%d%H%M%S}",
        lambda: _("Ny søknad fra %(kommune)s") % {"kommune": soknad.kommune},
        lambda: (
            _(
                "%(kommune)s har sendt inn søknaden «%(tittel)s» i runden «%(runde)s» "
                "(søkt beløp %(belop)s).\n\nSøknadskøen: %(url)s"
            )
            % {
                "kommune": soknad.kommune,
                "tittel": soknad.tittel,
                "runde": soknad.runde,
                "belop": format_kroner(soknad.belop_sokt),
                "url": settings.PORTAL_URL
                + reverse("tilskudd:runde_soknader", args=[soknad.runde_id]),
            }
        ),
        admins,
    )


def varsle_vedtak(*, vedtak_id: int) -> int:
    vedtak = Vedtak.objects.select_related("soknad__kommune").filter(pk=vedtak_id).first()
    if vedtak is None:
        return 0
    soknad = vedtak.soknad
    return _send(
        f"vedtak:{vedtak.pk}",
        lambda: _("Vedtak om tilskudd: %(tittel)s") % {"tittel": soknad.tittel},
        lambda: (
            _(
                "Søknaden «%(tittel)s» er avgjort: %(utfall)s, %(belop)s.\n\n"
                "Vedtaksbrevet kan lastes ned her: %(url)s"
            )
            % {
                "tittel": soknad.tittel,
                "utfall": vedtak.get_utfall_display().lower(),
                "belop": format_kroner(vedtak.belop_innvilget),
                "url": settings.PORTAL_URL + reverse("tilskudd:vedtaksbrev", args=[soknad.pk]),
            }
        ),
        _kontaktpersoner([soknad.kommune_id]),
    )


def varsle_vedtak_endret(*, versjon_id: int) -> int:
    """Tell the kommune's contact persons that a decision was amended: once per
    amendment (version) and recipient."""
    versjon = (
        Vedtaksversjon.objects.select_related("vedtak__soknad__kommune")
        .filter(pk=versjon_id)
        .first()
    )
    if versjon is None:
        return 0
    soknad = versjon.vedtak.soknad
    return _send(
        f"vedtak-endret:{versjon.pk}",
        lambda: _("Endringsvedtak om tilskudd: %(tittel)s") % {"tittel": soknad.tittel},
        lambda: (
            _(
                "Vedtaket om tilskudd til «%(tittel)s» (sak %(sak)s) er endret: %(utfall)s, "
                "%(belop)s.\nGrunn til endringen: %(grunn)s\n\n"
                "Det nye vedtaksbrevet (versjon %(versjon)s) kan lastes ned her: %(url)s"
            )
            % {
                "tittel": soknad.tittel,
                "sak": soknad.saksnummer,
                "utfall": versjon.get_utfall_display().lower(),
                "belop": format_kroner(versjon.belop_innvilget),
                "grunn": versjon.endringsgrunn,
                "versjon": versjon.nummer,
                "url": settings.PORTAL_URL
                + reverse("tilskudd:vedtaksbrev_versjon", args=[soknad.pk, versjon.nummer]),
            }
        ),
        _kontaktpersoner([soknad.kommune_id]),
    )
