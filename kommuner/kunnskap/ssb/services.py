"""Writes for fetching indicator values from Statistics Norway (SSB): the source of an
indicator, the fetch runs, the conflicts the leader resolves, and the KLASS list of
kommune number changes that maps SSB's old numbers to today's kommuner.

The rules (docs/kunnskapsgrunnlag.md, "SSB"):

- every fetched figure is stored with its origin ("SSB, tabell 12345, hentet
  01.03.2026"); an empty cell is stored as not available with SSB's reason, never 0;
- a value a person entered is never overwritten: a different SSB figure for the same
  period opens a conflict for the leader;
- a revised SSB figure replaces the earlier one (the history keeps it);
- a run that fails stores nothing and says why; the next run tries again."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles import tabellfil
from felles.jobber import legg_i_ko

from ...models import Bruker, Kommune
from .. import kvalitet, varsler
from ..models import (
    Indikator,
    Indikatorverdi,
    Kommunenummerendring,
    SsbKilde,
    SsbKjoring,
    SsbKonflikt,
    validate_periode,
)
from ..services import _lagre
from .klient import IKKE_LAGRET, REGION, TID, SsbFeil, SsbKlient, periode_fra_ssb, status_grunn

log = logging.getLogger(__name__)
Status = Indikatorverdi.Status

# ---------------------------------------------------------------- the source


@transaction.atomic
def ssb_kilde_upsert(
    *,
    indikator: Indikator,
    tabell: str,
    innhold: str,
    faste_verdier: dict[str, str],
    periodetype: str,
    antall_perioder: int = 5,
    skala: Decimal = Decimal(1),
    enhetsmerknad: str = "",
    godkjenn_ved_henting: bool = True,
    aktiv: bool = True,
) -> SsbKilde:
    kilde = SsbKilde.objects.filter(indikator=indikator).first() or SsbKilde(indikator=indikator)
    kilde.tabell = tabell.strip()
    kilde.innhold = innhold.strip()
    kilde.faste_verdier = faste_verdier
    kilde.periodetype = periodetype
    kilde.antall_perioder = antall_perioder
    kilde.skala = skala
    kilde.enhetsmerknad = enhetsmerknad
    kilde.godkjenn_ved_henting = godkjenn_ved_henting
    kilde.aktiv = aktiv
    kilde.full_clean()
    kilde.save()
    return kilde


def opphav_for(kilde: SsbKilde, dato=None) -> str:
    dato = dato or timezone.localdate()
    return _("SSB, tabell %(t)s, hentet %(d)s") % {"t": kilde.tabell, "d": f"{dato:%d.%m.%Y}"}


# ---------------------------------------------------------------- kommune numbers


def pilotkommuner() -> list[Kommune]:
    """The kommuner of the pilots (any participation), whose figures are fetched."""
    return list(Kommune.objects.filter(deltakelser__isnull=False).distinct().order_by("pk"))


def regionkart(kommuner: list[Kommune]) -> dict[str, Kommune]:
    """SSB region code -> today's kommune, for ``kommuner``: their own numbers and every
    older number that KLASS says became theirs (following 2020's and 2024's changes in
    turn). An old number that was split between several kommuner is left out: its
    figures belong to none of them alone."""
    etter: dict[str, set[str]] = defaultdict(set)
    for gammelt, nytt in Kommunenummerendring.objects.values_list("gammelt_nummer", "nytt_nummer"):
        if gammelt != nytt:
            etter[gammelt].add(nytt)
    kart = {k.kommunenummer: k for k in kommuner}
    nummer_til = {k.kommunenummer: k for k in kommuner}

    def sluttnummer(nr: str, sett: frozenset = frozenset()) -> str | None:
        neste = etter.get(nr)
        if not neste:
            return nr
        if len(neste) > 1 or nr in sett:
            return None
        return sluttnummer(next(iter(neste)), sett | {nr})

    for gammelt in etter:
        slutt = sluttnummer(gammelt)
        if slutt in nummer_til and gammelt not in kart:
            kart[gammelt] = nummer_til[slutt]
    return kart


# ---------------------------------------------------------------- a run


def ssb_kjoring_start(*, kilde: SsbKilde, bruker: Bruker | None) -> SsbKjoring:
    """Record a run and hand it to the worker (after commit, through the outbox)."""
    with transaction.atomic():
        kjoring = SsbKjoring.objects.create(kilde=kilde, startet_av=bruker)
        legg_i_ko("kommuner.tasks.ssb_hent", kjoring.pk)
    return kjoring


@dataclass
class Hentet:
    """What a fetch read, before anything is stored: per (kommune, period) the value or
    the reason it is missing, and the regions nobody here knows."""

    celler: dict[tuple[int, str], tuple[Decimal | None, str]] = field(default_factory=dict)
    antall: int = 0
    ukjente: list[str] = field(default_factory=list)


def _les(kilde: SsbKilde, kommuner: list[Kommune], klient: SsbKlient, fremdrift=None) -> Hentet:
    kart = regionkart(kommuner)
    foresporsler = klient.del_opp(
        tabell=kilde.tabell,
        innhold=kilde.innhold,
        faste=kilde.faste_verdier,
        regioner=list(kart),
        perioder=kilde.ssb_perioder,
    )
    if fremdrift:
        fremdrift(0, len(foresporsler))
    hentet = Hentet()
    # (kommune, period) -> [(region, value, status)]
    kandidater: dict[tuple[int, str], list] = defaultdict(list)
    ukjente: dict[str, str] = {}
    for n, foresporsel in enumerate(foresporsler, 1):
        datasett = klient.hent(foresporsel)
        regioner = datasett.dimensjon(REGION)
        for celle in datasett.celler:
            hentet.antall += 1
            region, tid = celle.koder[REGION], celle.koder[TID]
            kommune = kart.get(region)
            if kommune is None:
                ukjente[region] = regioner.etiketter.get(region, "")
                continue
            periode = periode_fra_ssb(tid, kilde.periodetype)
            if periode is None:
                raise SsbFeil(
                    _("Perioden «%(p)s» i tabell %(t)s passer ikke med periodetypen %(type)s.")
                    % {"p": tid, "t": kilde.tabell, "type": kilde.get_periodetype_display()}
                )
            if periode == IKKE_LAGRET:
                continue  # K1 and K3: the half-year's figure is its last quarter's
            try:
                validate_periode(periode)
            except ValidationError:
                continue  # not yet begun (a forecast) or before 2000: not a portal period
            kandidater[(kommune.pk, periode)].append((region, celle.verdi, celle.status))
        if fremdrift:
            fremdrift(n, len(foresporsler))
    nummer = {k.pk: k.kommunenummer for k in kommuner}
    for (kommune_id, periode), rader in kandidater.items():
        egen = [r for r in rader if r[0] == nummer[kommune_id]]
        med_tall = [r for r in rader if r[1] is not None]
        if egen and egen[0][1] is not None:
            valgt = egen[0]
        elif len(med_tall) == 1:
            valgt = med_tall[0]
        elif len(med_tall) > 1:
            navn = ", ".join(sorted(r[0] for r in med_tall))
            ukjente[navn] = _("flere gamle kommunenummer for %(nr)s i %(p)s; ikke summert") % {
                "nr": nummer[kommune_id],
                "p": periode,
            }
            continue
        else:
            valgt = egen[0] if egen else rader[0]
        _region, verdi, status = valgt
        if verdi is None:
            hentet.celler[(kommune_id, periode)] = (None, status_grunn(status))
        else:
            skalert = (verdi * kilde.skala).quantize(Decimal("0.0001"))
            hentet.celler[(kommune_id, periode)] = (skalert, "")
    hentet.ukjente = [f"{k} {v}".strip() for k, v in sorted(ukjente.items())]
    return hentet


@dataclass
class Lagret:
    nye: int = 0
    reviderte: int = 0
    uendret: int = 0
    mangler: int = 0
    konflikter: int = 0
    #: Values with warnings (stored for the leader's approval, never approved by the fetch).
    flagget: int = 0
    #: Figures outside the indicator's hard limits: not stored.
    avviste: list[dict] = field(default_factory=list)


def _som_hentet(
    rad: Indikatorverdi, kilde: SsbKilde, verdi, grunn: str, opphav: str, advarsler: list
) -> None:
    """A fetched figure with warnings waits for the leader like a submitted value, even
    when the source approves what it fetches."""
    now = timezone.now()
    rad.advarsler = advarsler
    rad.verdi = verdi
    rad.mangler_grunn = grunn
    rad.opphav = opphav
    rad.kommentar = ""
    rad.sendt_inn_av = None
    rad.sendt_inn_tid = now
    rad.tilbakemelding = ""
    if kilde.godkjenn_ved_henting and not advarsler:
        rad.status = Status.GODKJENT
        rad.behandlet_av = None
        rad.behandlet_tid = now
    else:
        rad.status = Status.SENDT_INN
        rad.behandlet_av = None
        rad.behandlet_tid = None
    _lagre(rad)


@transaction.atomic
def ssb_verdier_upsert(*, kilde: SsbKilde, hentet: Hentet) -> Lagret:
    """Store what a fetch read, all in one transaction. A figure outside the
    indicator's hard limits is not stored and is listed on the run; a stored figure gets
    the same quality checks as a kommune's own (``kvalitet.advarsler``)."""
    opphav = opphav_for(kilde)
    lagret = Lagret()
    indikator = kilde.indikator
    eksisterende = {
        (v.kommune_id, v.periode): v
        for v in Indikatorverdi.objects.select_for_update(of=("self",)).filter(
            indikator=indikator, kommune_id__in={k for k, _p in hentet.celler}
        )
    }
    kommuner = Kommune.objects.in_bulk({k for k, _p in hentet.celler})
    celler = {}
    for (kommune_id, periode), (verdi, grunn) in sorted(hentet.celler.items()):
        feil = indikator.grensefeil(verdi)
        if feil:
            lagret.avviste.append(
                {
                    "kommune": kommuner[kommune_id].navn,
                    "periode": periode,
                    "verdi": str(verdi),
                    "feil": feil,
                }
            )
        else:
            celler[(kommune_id, periode)] = (verdi, grunn)
    # The checks, per kommune, of the figures that would be stored (new or revised).
    til_kontroll: dict[int, dict] = defaultdict(dict)
    for (kommune_id, periode), (verdi, grunn) in celler.items():
        rad = eksisterende.get((kommune_id, periode))
        if verdi is not None and (
            rad is None or (rad.fra_ssb and (rad.verdi, rad.mangler_grunn) != (verdi, grunn))
        ):
            til_kontroll[kommune_id][(indikator.pk, periode)] = verdi
    advarsler: dict[tuple[int, str], list] = {}
    for kommune_id, foreslatt in til_kontroll.items():
        funnet = kvalitet.advarsler(
            kommune=kommuner[kommune_id],
            perioder={p for _i, p in foreslatt},
            foreslatt=foreslatt,
        )
        for (_ind, periode), liste in funnet.items():
            if (_ind, periode) in foreslatt:
                advarsler[(kommune_id, periode)] = liste
    for (kommune_id, periode), (verdi, grunn) in celler.items():
        if verdi is None:
            lagret.mangler += 1
        rad = eksisterende.get((kommune_id, periode))
        flagg = advarsler.get((kommune_id, periode), [])
        if rad is None:
            rad = Indikatorverdi(kommune_id=kommune_id, indikator=indikator, periode=periode)
            _som_hentet(rad, kilde, verdi, grunn, opphav, flagg)
            lagret.nye += 1
            lagret.flagget += bool(flagg)
        elif rad.fra_ssb:
            if (rad.verdi, rad.mangler_grunn) == (verdi, grunn):
                lagret.uendret += 1
            else:
                _som_hentet(rad, kilde, verdi, grunn, opphav, flagg)
                lagret.reviderte += 1
                lagret.flagget += bool(flagg)
        elif verdi is None or rad.verdi == verdi:
            lagret.uendret += 1  # the kommune's own figure stands; nothing to decide
        else:
            apen = SsbKonflikt.objects.filter(verdi=rad, valg="").first()
            if apen is None or apen.ssb_verdi != verdi:
                apen = apen or SsbKonflikt(verdi=rad)
                apen.ssb_verdi = verdi
                apen.opphav = opphav
                apen.opprettet = timezone.now()
                apen.full_clean()
                apen.save()
            lagret.konflikter += 1
    return lagret


def ssb_hent(*, kjoring: SsbKjoring, klient: SsbKlient | None = None) -> SsbKjoring:
    """Run a fetch: read every request first (progress recorded as it goes), then store
    everything in one transaction. Any failure stores nothing and is recorded."""
    if kjoring.status in (SsbKjoring.Status.FERDIG, SsbKjoring.Status.FEILET):
        return kjoring  # a repeated delivery of a finished run
    kilde = kjoring.kilde
    klient = klient or SsbKlient()
    SsbKjoring.objects.filter(pk=kjoring.pk).update(
        status=SsbKjoring.Status.KJORER, startet=timezone.now()
    )

    def fremdrift(ferdig, alle):
        SsbKjoring.objects.filter(pk=kjoring.pk).update(
            foresporsler=alle, foresporsler_ferdig=ferdig
        )

    try:
        hentet = _les(kilde, pilotkommuner(), klient, fremdrift)
        lagret = ssb_verdier_upsert(kilde=kilde, hentet=hentet)
    except SsbFeil as exc:
        feil, hentet, lagret = str(exc), None, None
    except Exception as exc:  # recorded for the admin; the next run tries again
        log.exception("SSB-henting %s feilet", kjoring.pk)
        feil, hentet, lagret = _("Uventet feil: %(e)s") % {"e": exc}, None, None
    else:
        feil = ""
    kjoring.refresh_from_db()
    kjoring.ferdig = timezone.now()
    if feil:
        kjoring.status = SsbKjoring.Status.FEILET
        kjoring.feil = feil
    else:
        kjoring.status = SsbKjoring.Status.FERDIG
        kjoring.hentet = hentet.antall
        kjoring.ukjente_regioner = hentet.ukjente
        for navn in ("nye", "reviderte", "uendret", "mangler", "konflikter", "flagget", "avviste"):
            setattr(kjoring, navn, getattr(lagret, navn))
    kjoring.save()
    varsler.ssb_kjoring_varsle(kjoring=kjoring)
    return kjoring


def ssb_hent_alle(*, bruker: Bruker | None = None) -> list[SsbKjoring]:
    """The monthly run: one run per active source."""
    return [
        ssb_kjoring_start(kilde=kilde, bruker=bruker)
        for kilde in SsbKilde.objects.filter(aktiv=True, indikator__aktiv=True).select_related(
            "indikator"
        )
    ]


def ssb_test(*, kilde: SsbKilde, kommune: Kommune, klient: SsbKlient | None = None) -> Hentet:
    """ "Test the source": what a fetch would read for one kommune. Stores nothing."""
    return _les(kilde, [kommune], klient or SsbKlient())


# ---------------------------------------------------------------- conflicts


@transaction.atomic
def ssb_konflikt_resolve(*, konflikt: SsbKonflikt, bruker: Bruker, valg: str) -> SsbKonflikt:
    """The leader's choice: take SSB's figure (it replaces the kommune's value, which
    stays in the history, and is approved by the leader) or keep the kommune's."""
    konflikt = SsbKonflikt.objects.select_for_update().select_related("verdi").get(pk=konflikt.pk)
    if konflikt.valg:
        raise ValidationError(_("Konflikten er allerede løst."), code="lost")
    if valg not in SsbKonflikt.Valg.values:
        raise ValidationError(_("Ugyldig valg."), code="valg")
    if valg == SsbKonflikt.Valg.SSB:
        rad = Indikatorverdi.objects.select_for_update(of=("self",)).get(pk=konflikt.verdi_id)
        rad.verdi = konflikt.ssb_verdi
        rad.mangler_grunn = konflikt.mangler_grunn
        rad.opphav = konflikt.opphav
        rad.status = Status.GODKJENT
        rad.behandlet_av = bruker
        rad.behandlet_tid = timezone.now()
        rad.tilbakemelding = _("SSB-tallet er tatt i bruk i stedet for kommunens tall.")
        _lagre(rad)
    konflikt.valg = valg
    konflikt.lost_av = bruker
    konflikt.lost_tid = timezone.now()
    konflikt.full_clean()
    konflikt.save()
    return konflikt


# ---------------------------------------------------------------- KLASS changes


@dataclass
class Endringsimport:
    lagt_til: int = 0
    fantes: int = 0
    feil: list[str] = field(default_factory=list)


@transaction.atomic
def kommunenummerendringer_import(*, data: bytes, filnavn: str = "") -> Endringsimport:
    """Import KLASS's change list for classification 131 (the CSV export of
    ``/classifications/131/changes``: oldCode, oldName, newCode, newName,
    changeOccurred). All or nothing: any bad line and nothing is saved."""
    try:
        rader = tabellfil.les_tabell(
            data=data,
            filnavn=filnavn,
            kolonner=["oldcode", "newcode", "changeoccurred"],
            valgfrie=["oldname", "newname"],
            mangler_melding=_(
                "Første linje må ha kolonnene oldCode, newCode og changeOccurred "
                "(KLASS-endringer for klassifikasjon 131)."
            ),
        )
    except tabellfil.TabellfilError as exc:
        raise ValidationError(
            [str(exc)] + [_("Linje %(n)s: %(m)s") % {"n": n, "m": m} for n, m in exc.rader]
        ) from exc
    rapport = Endringsimport()
    nye = []
    for rad in rader:
        v = rad.verdier
        gammelt, nytt = v["oldcode"].zfill(4), v["newcode"].zfill(4)
        feil = []
        if not (gammelt.isdigit() and len(gammelt) == 4 and nytt.isdigit() and len(nytt) == 4):
            feil.append(_("kommunenummer er fire sifre"))
        try:
            fra = date.fromisoformat(v["changeoccurred"][:10])
        except ValueError:
            feil.append(_("ugyldig dato «%(d)s»") % {"d": v["changeoccurred"]})
            fra = None
        if feil:
            rapport.feil.append(_("Linje %(n)s: %(m)s.") % {"n": rad.nummer, "m": "; ".join(feil)})
            continue
        nye.append(
            Kommunenummerendring(
                gammelt_nummer=gammelt,
                gammelt_navn=v.get("oldname", ""),
                nytt_nummer=nytt,
                nytt_navn=v.get("newname", ""),
                gyldig_fra=fra,
            )
        )
    if rapport.feil:
        raise ValidationError(rapport.feil)
    if not nye:
        raise ValidationError(_("Filen har ingen endringer under kolonnenavnene."))
    for endring in nye:
        endring.full_clean(validate_unique=False)
        _obj, opprettet = Kommunenummerendring.objects.get_or_create(
            gammelt_nummer=endring.gammelt_nummer,
            nytt_nummer=endring.nytt_nummer,
            gyldig_fra=endring.gyldig_fra,
            defaults={"gammelt_navn": endring.gammelt_navn, "nytt_navn": endring.nytt_navn},
        )
        if opprettet:
            rapport.lagt_til += 1
        else:
            rapport.fantes += 1
    return rapport
