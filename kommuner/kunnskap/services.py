"""Writes for the knowledge base: indicator values and their approval, baselines,
uploads, measures, the challenge picture, attachments and the catalogues.

Access is checked by the views (``kunnskap.access``); these functions hold the rules
that apply whoever calls them (an approved value is locked, an upload is all or
nothing, HTML is sanitised, a file's type comes from its content)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from felles import oversatt, tabellfil
from felles.jobber import legg_i_ko
from felles.laas import FORELDET, Foreldet, laas, ny_versjon, sjekk_versjon
from felles.varsler import varsle_alle
from felles.vedlegg import sjekk_vedlegg

from ..models import Bruker, Deltakelse, Etat, Kommune
from ..roller import Rolle
from . import kvalitet, varsler
from .kvalitet import forrige_periode  # noqa: F401  (used as services.forrige_periode)
from .models import (
    Indikator,
    Indikatorverdi,
    Nullpunkt,
    Tiltak,
    Utfordringsbilde,
    Valideringsregel,
    Vedlegg,
    Virkemiddel,
    advarsel_tekster,
    validate_periode,
)

Status = Indikatorverdi.Status
# Error codes meaning "the value is not as the user saw it" (approved or changed since).
KONFLIKT = {"godkjent", FORELDET}

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


# ---------------------------------------------------------------- values


def _laast_feil(verdi: Indikatorverdi) -> ValidationError:
    dato = timezone.localtime(verdi.behandlet_tid) if verdi.behandlet_tid else None
    return ValidationError(
        _(
            "Verdien for «%(ind)s» i %(periode)s ble godkjent %(dato)s av %(navn)s og kan "
            "ikke endres. Be investeringslederen åpne den for retting hvis den må endres."
        )
        % {
            "ind": verdi.indikator.navn,
            "periode": verdi.periode,
            "dato": f"{dato:%d.%m.%Y}" if dato else "–",
            "navn": verdi.behandlet_av or "–",
        },
        code="godkjent",
    )


def _endret_i_skjema(exc: Foreldet) -> str:
    """A contact person's form opened before the value changed (``felles.laas``)."""
    verdi = exc.gjeldende
    return _(
        "Verdien for «%(ind)s» i %(periode)s ble endret etter at du åpnet skjemaet; "
        "den er nå %(verdi)s (%(status)s). Se over og lagre på nytt hvis tallet ditt "
        "skal gjelde."
    ) % {
        "ind": verdi.indikator.navn,
        "periode": verdi.periode,
        "verdi": _tekst(verdi.verdi),
        "status": verdi.get_status_display().lower(),
    }


def _endret_siden(exc: Foreldet) -> str:
    """An approver's page shown before the value changed (``felles.laas``)."""
    verdi = exc.gjeldende
    return _(
        "Verdien for «%(ind)s» i %(periode)s (%(kommune)s) ble endret etter at du åpnet "
        "siden; se over og godkjenn på nytt."
    ) % {"ind": verdi.indikator.navn, "periode": verdi.periode, "kommune": verdi.kommune.navn}


def _tekst(verdi: Decimal | None) -> str:
    """A stored value in a message: 12,5, or "ikke tilgjengelig" for a fetched empty cell."""
    if verdi is None:
        return _("ikke tilgjengelig")
    return format(verdi.normalize(), "f").replace(".", ",")


def _sjekk_grense(indikator: Indikator, periode: str, verdi: Decimal | None) -> None:
    """Refuse a value outside the indicator's hard limits (``Indikator.grensefeil``)."""
    feil = indikator.grensefeil(verdi)
    if feil:
        raise ValidationError(
            _("«%(ind)s» i %(periode)s: %(feil)s")
            % {"ind": indikator.navn, "periode": periode, "feil": feil},
            code="grense",
        )


def advarsler_mark(*, kommune: Kommune, perioder: set[str]) -> dict[tuple[int, str], list]:
    """Run the quality checks (``kvalitet.advarsler``) on the kommune's values in
    ``perioder`` and store each value's warnings; returns them by (indikator id,
    periode). Warnings are derived, so storing them is no new version."""
    funnet = kvalitet.advarsler(kommune=kommune, perioder=perioder)
    endret = []
    for rad in Indikatorverdi.objects.filter(kommune=kommune, periode__in=perioder).only(
        "pk", "indikator_id", "periode", "advarsler"
    ):
        nye = funnet.get((rad.indikator_id, rad.periode), [])
        if rad.advarsler != nye:
            rad.advarsler = nye
            endret.append(rad)
    Indikatorverdi.objects.bulk_update(endret, ["advarsler"], batch_size=2000)
    return funnet


def _lagre(rad: Indikatorverdi) -> None:
    """Every change of value or status goes through here and gets a new version, so
    that an approval or a form opened earlier can tell that the row changed."""
    ny_versjon(rad)
    rad.full_clean()
    rad.save()


@transaction.atomic
def indikatorverdi_upsert(
    *,
    kommune: Kommune,
    indikator: Indikator,
    periode: str,
    verdi: Decimal,
    kommentar: str = "",
    bruker: Bruker,
    send_inn: bool,
    versjon: int | None = None,
) -> Indikatorverdi:
    """Save one value (``_indikatorverdi_lagre``) and run the quality checks on its
    period (the warnings are stored on the value; they never stop the save)."""
    rad = _indikatorverdi_lagre(
        kommune=kommune,
        indikator=indikator,
        periode=periode,
        verdi=verdi,
        kommentar=kommentar,
        bruker=bruker,
        send_inn=send_inn,
        versjon=versjon,
    )
    funnet = advarsler_mark(kommune=rad.kommune, perioder={rad.periode})
    rad.advarsler = funnet.get((rad.indikator_id, rad.periode), [])
    return rad


def _indikatorverdi_lagre(
    *,
    kommune: Kommune,
    indikator: Indikator,
    periode: str,
    verdi: Decimal,
    kommentar: str = "",
    bruker: Bruker,
    send_inn: bool,
    versjon: int | None = None,
) -> Indikatorverdi:
    """Save a value as a draft or submit it. An approved value is locked: it changes
    only after an approver reopens it (``indikatorverdi_reopen``).

    ``versjon`` is the version the user's form showed (0: there was no value). If the
    row has changed since, the save is refused, unless what is posted is what is
    stored (then nothing is lost)."""
    periode = periode.strip().upper()
    # Locked so that an approval running at the same time cannot be overwritten.
    rad = Indikatorverdi.objects.select_for_update(of=("self",)).filter(
        kommune=kommune, indikator=indikator, periode=periode
    ).select_related("indikator", "behandlet_av").first() or Indikatorverdi(
        kommune=kommune, indikator=indikator, periode=periode
    )
    samme_innhold = rad.pk is not None and rad.verdi == verdi and rad.kommentar == kommentar
    if rad.er_laast:
        if samme_innhold and versjon is not None:
            return rad  # the form re-posts the approved value unchanged: nothing is lost
        raise _laast_feil(rad)
    if rad.pk is not None:
        sjekk_versjon(rad, versjon=versjon, melding=_endret_i_skjema)
    uendret = samme_innhold and (rad.status == Status.SENDT_INN or not send_inn)
    if uendret:
        return rad
    _sjekk_grense(indikator, periode, verdi)
    rad.verdi = verdi
    rad.kommentar = kommentar
    rad.mangler_grunn = rad.opphav = ""  # a person's figure now, not a fetched one
    if send_inn:
        rad.status = Status.SENDT_INN
        rad.sendt_inn_av = bruker
        rad.sendt_inn_tid = timezone.now()
    elif rad.status != Status.RETURNERT:
        rad.status = Status.UTKAST
    _lagre(rad)
    return rad


@transaction.atomic
def periode_upsert(
    *,
    kommune: Kommune,
    periode: str,
    verdier: dict[Indikator, tuple[Decimal | None, str]],
    bruker: Bruker,
    send_inn: bool,
    versjoner: dict[Indikator, int] | None = None,
) -> list[Indikatorverdi]:
    """The contact person's form: all indicators of one period at once. Empty
    fields are skipped; a locked value in the form fails the whole save.

    ``versjoner`` holds, per indicator, the version the form showed (0: none). A
    value changed since the form was opened fails the whole save, so that nobody
    overwrites or submits what they did not see."""
    validate_periode(periode)
    versjoner = versjoner or {}
    lagret = []
    for indikator, (verdi, kommentar) in verdier.items():
        if verdi is None:
            continue
        lagret.append(
            _indikatorverdi_lagre(
                kommune=kommune,
                indikator=indikator,
                periode=periode,
                verdi=verdi,
                kommentar=kommentar,
                bruker=bruker,
                send_inn=send_inn,
                versjon=versjoner.get(indikator),
            )
        )
    if send_inn:
        # Drafts already in the period (saved earlier) go in with the rest.
        sett = {i.pk: v for i, v in versjoner.items()}
        for rad in (
            Indikatorverdi.objects.select_for_update(of=("self",))
            .filter(kommune=kommune, periode=periode, status__in=[Status.UTKAST, Status.RETURNERT])
            .select_related("indikator")
            .order_by("pk")
        ):
            sjekk_versjon(rad, versjon=sett.get(rad.indikator_id), melding=_endret_i_skjema)
            rad.status = Status.SENDT_INN
            rad.sendt_inn_av = bruker
            rad.sendt_inn_tid = timezone.now()
            _lagre(rad)
            lagret.append(rad)
        if lagret:
            legg_i_ko("kommuner.tasks.varsle_verdier_til_godkjenning", kommune.pk)
    if lagret:
        funnet = advarsler_mark(kommune=kommune, perioder={periode})
        for rad in lagret:
            rad.advarsler = funnet.get((rad.indikator_id, rad.periode), [])
    return lagret


def _laas(verdi: Indikatorverdi, versjon: int | None) -> None:
    """Lock the row and read its current state into ``verdi`` (another request may
    have changed it). ``versjon`` is what the approver saw (by default the version of
    ``verdi`` as the caller loaded it); if the row has another version now, refuse:
    nobody approves or returns a value they did not see."""
    sett = verdi.versjon if versjon is None else versjon
    current = laas(Indikatorverdi, pk=verdi.pk, versjon=sett, melding=_endret_siden)
    for name in ("status", "verdi", "kommentar", "versjon", "sendt_inn_av_id", "sendt_inn_tid"):
        setattr(verdi, name, getattr(current, name))


def _behandle(
    *, verdi: Indikatorverdi, bruker: Bruker, status: str, kommentar: str
) -> Indikatorverdi:
    verdi.status = status
    verdi.behandlet_av = bruker
    verdi.behandlet_tid = timezone.now()
    verdi.tilbakemelding = kommentar
    _lagre(verdi)
    return verdi


def _kan_godkjennes(verdi: Indikatorverdi, bruker: Bruker) -> None:
    if verdi.status != Status.SENDT_INN:
        raise ValidationError(_("Bare innsendte verdier kan godkjennes."), code="status")
    if verdi.sendt_inn_av_id == bruker.pk:
        raise ValidationError(
            _("Du kan ikke godkjenne en verdi du har sendt inn selv."), code="egen"
        )
    _sjekk_grense(verdi.indikator, verdi.periode, verdi.verdi)


def _flagget_feil(verdi: Indikatorverdi) -> ValidationError:
    return ValidationError(
        _(
            "«%(ind)s» i %(periode)s (%(kommune)s) har advarsler og må godkjennes for seg, "
            "etter at du har sett dem: %(advarsler)s"
        )
        % {
            "ind": verdi.indikator.navn,
            "periode": verdi.periode,
            "kommune": verdi.kommune.navn,
            "advarsler": " ".join(verdi.advarsel_tekster),
        },
        code="flagget",
    )


@transaction.atomic
def indikatorverdi_approve(
    *,
    verdi: Indikatorverdi,
    bruker: Bruker,
    kommentar: str = "",
    versjon: int | None = None,
    bekreft_advarsler: bool | None = None,
) -> Indikatorverdi:
    """Approve the value the approver saw: ``versjon`` as shown on their page (by
    default the version of ``verdi`` as loaded by the caller). A value with warnings
    (checked again now) is approved from a page only with ``bekreft_advarsler`` (the
    approver has seen them); ``None`` is a caller without a page (a script, the demo
    seed), as ``versjon=None`` is."""
    _laas(verdi, versjon)
    _kan_godkjennes(verdi, bruker)
    funnet = advarsler_mark(kommune=verdi.kommune, perioder={verdi.periode})
    verdi.advarsler = funnet.get((verdi.indikator_id, verdi.periode), [])
    if verdi.advarsler and bekreft_advarsler is False:
        raise _flagget_feil(verdi)
    return _behandle(verdi=verdi, bruker=bruker, status=Status.GODKJENT, kommentar=kommentar)


@transaction.atomic
def indikatorverdi_return(
    *, verdi: Indikatorverdi, bruker: Bruker, kommentar: str, versjon: int | None = None
) -> Indikatorverdi:
    _laas(verdi, versjon)
    if verdi.status != Status.SENDT_INN:
        raise ValidationError(_("Bare innsendte verdier kan returneres."), code="status")
    if not kommentar.strip():
        raise ValidationError(
            {"kommentar": _("Skriv hva kommunen må rette når du returnerer en verdi.")}
        )
    verdi = _behandle(verdi=verdi, bruker=bruker, status=Status.RETURNERT, kommentar=kommentar)
    legg_i_ko("kommuner.tasks.varsle_verdi_returnert", verdi.pk, verdi.versjon)
    return verdi


@dataclass
class Godkjenning:
    """What "approve all" did: the values approved, the values shown on the page that
    were not approved (with why), and how many were submitted after the page was shown."""

    godkjent: list[Indikatorverdi]
    ikke_godkjent: list[tuple[Indikatorverdi, str]]
    ikke_vist: int
    #: Values left because they have warnings: each is approved one by one.
    flagget: list[Indikatorverdi] = field(default_factory=list)


@transaction.atomic
def indikatorverdier_godkjenn_alle(
    *, kommune: Kommune, periode: str, versjoner: dict[int, int], bruker: Bruker
) -> Godkjenning:
    """Approve the values of one kommune and period that the approver's page showed,
    ``versjoner`` being {value id: version shown}. Partial on purpose: each value
    that still is as shown is approved; one that changed (or cannot be approved) is
    left as it is and reported, and so are values submitted after the page was shown.
    A value with warnings (checked again now) is left for the approver to confirm one
    by one, and named."""
    funnet = advarsler_mark(kommune=kommune, perioder={periode})
    rader = (
        Indikatorverdi.objects.select_for_update(of=("self",))
        .filter(kommune=kommune, periode=periode)
        .filter(pk__in=versjoner)
        .select_related("kommune", "indikator")
        .order_by("pk")
    )
    godkjent, ikke_godkjent, flagget = [], [], []
    for rad in rader:
        if rad.status != Status.SENDT_INN and rad.behandlet_av_id == bruker.pk:
            continue  # handled one by one on the same page before "approve all"
        try:
            sjekk_versjon(rad, versjon=versjoner[rad.pk], melding=_endret_siden)
            _kan_godkjennes(rad, bruker)
        except ValidationError as exc:
            ikke_godkjent.append((rad, " ".join(exc.messages)))
            continue
        rad.advarsler = funnet.get((rad.indikator_id, rad.periode), [])
        if rad.advarsler:
            flagget.append(rad)
            continue
        godkjent.append(_behandle(verdi=rad, bruker=bruker, status=Status.GODKJENT, kommentar=""))
    ikke_vist = (
        Indikatorverdi.objects.filter(kommune=kommune, periode=periode, status=Status.SENDT_INN)
        .exclude(pk__in=versjoner)
        .count()
    )
    return Godkjenning(
        godkjent=godkjent, ikke_godkjent=ikke_godkjent, ikke_vist=ikke_vist, flagget=flagget
    )


@transaction.atomic
def indikatorverdi_reopen(
    *, verdi: Indikatorverdi, bruker: Bruker, kommentar: str
) -> Indikatorverdi:
    """Open an approved value for correction. The approved version stays in the
    history; the kommune submits the corrected value as a new submission."""
    _laas(verdi, None)
    if verdi.status != Status.GODKJENT:
        raise ValidationError(_("Bare godkjente verdier kan åpnes for retting."), code="status")
    if not kommentar.strip():
        raise ValidationError({"kommentar": _("Skriv hvorfor verdien må rettes.")})
    verdi = _behandle(verdi=verdi, bruker=bruker, status=Status.RETURNERT, kommentar=kommentar)
    legg_i_ko("kommuner.tasks.varsle_verdi_returnert", verdi.pk, verdi.versjon)
    return verdi


@transaction.atomic
def nullpunkt_upsert(
    *, kommune: Kommune, indikator: Indikator, periode: str, verdi: Decimal, kommentar: str = ""
) -> Nullpunkt:
    nullpunkt = Nullpunkt.objects.filter(kommune=kommune, indikator=indikator).first()
    nullpunkt = nullpunkt or Nullpunkt(kommune=kommune, indikator=indikator)
    nullpunkt.periode = periode.strip().upper()
    nullpunkt.verdi = verdi
    nullpunkt.kommentar = kommentar
    nullpunkt.full_clean()
    nullpunkt.save()
    return nullpunkt


# ---------------------------------------------------------------- upload

KOLONNER = ["kommunenummer", "indikator", "periode", "verdi", "kommentar"]
PAKREVDE_KOLONNER = KOLONNER[:4]


@dataclass(frozen=True)
class Radfeil:
    linje: int
    melding: str

    def __str__(self):
        return _("Linje %(n)s: %(melding)s") % {"n": self.linje, "melding": self.melding}


class Opplastingsfeil(Exception):
    def __init__(self, feil: list[Radfeil | str]):
        super().__init__(feil)
        self.feil = feil


@dataclass(frozen=True)
class Innlesing:
    """The rows of a file to save, and the lines that repeat an approved value
    exactly (they change nothing, so they are neither an error nor resubmitted)."""

    rader: list[dict]
    godkjent_uendret: list[int]
    #: The file's line number of each row in ``rader``.
    linjer: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Opplastet:
    lagret: list[Indikatorverdi]
    godkjent_uendret: list[int]


def _indikatoroppslag(indikatorer: list[Indikator]) -> dict[str, Indikator]:
    """The indicators by their name in any language (case-insensitive; a file may be
    filled in in nynorsk or English) and by their id as text."""
    oppslag = {str(i.pk): i for i in indikatorer}
    for sprak in oversatt.SPRAK:
        for i in indikatorer:
            if tekst := getattr(i, f"navn_{sprak}"):
                oppslag.setdefault(" ".join(tekst.split()).casefold(), i)
    return oppslag


def _finn_indikator(tekst: str, oppslag: dict[str, Indikator]) -> Indikator | None:
    wanted = " ".join(tekst.split()).casefold()
    return oppslag.get(wanted) or (oppslag.get(str(int(tekst))) if tekst.isdigit() else None)


def indikatorverdier_les_fil(*, kommune: Kommune, fil: File) -> Innlesing:
    """Read and check every row of an uploaded CSV/XLSX file. Returns the rows as
    dicts ready for ``indikatorverdi_upsert``, or raises ``Opplastingsfeil`` with
    every problem found (whole-file problems as text, row problems with line number)."""
    try:
        data = tabellfil.les_fil(fil)
        rader = tabellfil.les_tabell(
            data=data,
            filnavn=getattr(fil, "name", "") or "",
            kolonner=PAKREVDE_KOLONNER,
            valgfrie=KOLONNER[4:],
            mangler_melding=_(
                "Første linje må være kolonnenavnene %(rad)s. Disse mangler: %(mangler)s. "
                "Last ned malen for å se formatet."
            ),
        )
    except tabellfil.TabellfilError as exc:
        if exc.rader:
            raise Opplastingsfeil([Radfeil(n, m) for n, m in exc.rader]) from exc
        raise Opplastingsfeil([str(exc)]) from exc
    if not rader:
        raise Opplastingsfeil([_("Filen har ingen verdier under kolonnenavnene.")])

    indikatorer = _indikatoroppslag(list(Indikator.objects.filter(aktiv=True)))
    eksisterende = {
        (v.indikator_id, v.periode): v
        for v in Indikatorverdi.objects.filter(kommune=kommune).select_related("indikator")
    }
    feil: list[Radfeil | str] = []
    sett: dict[tuple[int, str], int] = {}
    resultat = []
    linjer: list[int] = []
    godkjent_uendret: list[int] = []
    periodefeil: dict[str, str] = {}
    for rad in rader:
        linje = rad.nummer

        def celle(navn, rad=rad):
            return rad.verdier[navn]

        radfeil = []
        nr = celle("kommunenummer")
        if nr.isdigit() and len(nr) < 4:
            nr = nr.zfill(4)  # spreadsheets drop the leading zero of 0301
        if nr != kommune.kommunenummer:
            radfeil.append(
                _("kommunenummer «%(nr)s» er ikke din kommune (%(navn)s, %(eget)s).")
                % {"nr": nr, "navn": kommune.navn, "eget": kommune.kommunenummer}
            )
        ind_tekst = celle("indikator")
        indikator = _finn_indikator(ind_tekst, indikatorer)
        if indikator is None:
            radfeil.append(_("ukjent indikator «%(ind)s».") % {"ind": ind_tekst})
        periode = celle("periode").upper()
        if periode not in periodefeil:  # a file has few periods: each is checked once
            try:
                validate_periode(periode)
                periodefeil[periode] = ""
            except ValidationError as exc:
                periodefeil[periode] = " ".join(exc.messages)
        if periodefeil[periode]:
            radfeil.append(periodefeil[periode])
            periode = None
        verdi_tekst = celle("verdi")
        try:
            verdi = tabellfil.parse_desimal(verdi_tekst)
        except ValueError:
            radfeil.append(_("verdien «%(v)s» er ikke et tall.") % {"v": verdi_tekst})
            verdi = None
        if verdi is not None and verdi.normalize().as_tuple().exponent < -4:
            radfeil.append(_("verdien «%(v)s» har mer enn fire desimaler.") % {"v": verdi_tekst})
        elif indikator is not None and (grensefeil := indikator.grensefeil(verdi)):
            radfeil.append(grensefeil)
        if indikator and periode:
            key = (indikator.pk, periode)
            if key in sett:
                radfeil.append(
                    _("samme indikator og periode står også på linje %(n)s.") % {"n": sett[key]}
                )
            else:
                sett[key] = linje
            gammel = eksisterende.get(key)
            if gammel and gammel.er_laast:
                if not radfeil and (gammel.verdi, gammel.kommentar) == (
                    verdi,
                    celle("kommentar"),
                ):
                    godkjent_uendret.append(linje)  # changes nothing: not an error
                    continue
                radfeil.append(
                    _(
                        "verdien for denne indikatoren i %(p)s er allerede godkjent "
                        "(%(v)s) og kan ikke endres. Ta raden ut av filen, eller be "
                        "investeringslederen åpne verdien for retting."
                    )
                    % {"p": periode, "v": _tekst(gammel.verdi)}
                )
        if radfeil:
            feil.extend(Radfeil(linje, m) for m in radfeil)
        else:
            resultat.append(
                {
                    "indikator": indikator,
                    "periode": periode,
                    "verdi": verdi,
                    "kommentar": celle("kommentar"),
                }
            )
            linjer.append(linje)
    if feil:
        raise Opplastingsfeil(feil)
    return Innlesing(rader=resultat, godkjent_uendret=godkjent_uendret, linjer=linjer)


#: Rows per INSERT/UPDATE statement of an upload (a file of 10 000 rows is five of each).
OPPLASTING_BATCH = 2000
# Checked by the upload itself: the kommune, indicator and users are rows it already
# holds, the period was checked when the file was read, and the file has each
# (indicator, period) once, matched against the locked rows.
_OPPLASTING_KJENT = ["kommune", "indikator", "periode", "sendt_inn_av", "behandlet_av"]


@dataclass(frozen=True)
class Forhandsrad:
    """One row of an upload as it would be saved: new, changed or unchanged (already
    submitted as it is), with the stored value it replaces and its warnings."""

    linje: int
    indikator: Indikator
    periode: str
    verdi: Decimal
    kommentar: str
    slag: str  # "ny", "endret", "uendret"
    gammel: Indikatorverdi | None
    advarsler: list[dict]

    @property
    def advarsel_tekster(self) -> list[str]:
        return advarsel_tekster(self.advarsler)


@dataclass(frozen=True)
class Forhandsvisning:
    rader: list[Forhandsrad]
    godkjent_uendret: list[int]

    def antall(self, slag: str) -> int:
        return sum(1 for r in self.rader if r.slag == slag)

    @property
    def flagget(self) -> list[Forhandsrad]:
        return [r for r in self.rader if r.advarsler]

    def til_lagring(self) -> dict:
        """What is kept between the preview and the confirmation (JSON): each row with
        the version of the stored value it was compared with (0: none)."""
        return {
            "rader": [
                [
                    r.linje,
                    r.indikator.pk,
                    r.periode,
                    str(r.verdi),
                    r.kommentar,
                    r.gammel.versjon if r.gammel else 0,
                ]
                for r in self.rader
            ],
            "godkjent_uendret": self.godkjent_uendret,
        }


def indikatorverdier_preview(*, kommune: Kommune, fil: File) -> Forhandsvisning:
    """Read and check a file (``indikatorverdier_les_fil``) and tell what saving it
    would do, with each row's warnings. Saves nothing."""
    innlesing = indikatorverdier_les_fil(kommune=kommune, fil=fil)
    perioder = {r["periode"] for r in innlesing.rader}
    eksisterende = {
        (v.indikator_id, v.periode): v
        for v in Indikatorverdi.objects.filter(kommune=kommune, periode__in=perioder)
    }
    funnet = kvalitet.advarsler(
        kommune=kommune,
        perioder=perioder,
        foreslatt={(r["indikator"].pk, r["periode"]): r["verdi"] for r in innlesing.rader},
    )
    rader = []
    for linje, rad in zip(innlesing.linjer, innlesing.rader, strict=True):
        noekkel = (rad["indikator"].pk, rad["periode"])
        gammel = eksisterende.get(noekkel)
        if gammel is None:
            slag = "ny"
        elif (gammel.verdi, gammel.kommentar, gammel.status) == (
            rad["verdi"],
            rad["kommentar"],
            Status.SENDT_INN,
        ):
            slag = "uendret"
        else:
            slag = "endret"
        rader.append(
            Forhandsrad(
                linje=linje,
                indikator=rad["indikator"],
                periode=rad["periode"],
                verdi=rad["verdi"],
                kommentar=rad["kommentar"],
                slag=slag,
                gammel=gammel,
                advarsler=funnet.get(noekkel, []),
            )
        )
    return Forhandsvisning(rader=rader, godkjent_uendret=innlesing.godkjent_uendret)


def _foreldet_opplasting(linje: int, verdi: Indikatorverdi) -> Radfeil:
    return Radfeil(
        linje,
        _(
            "verdien for «%(ind)s» i %(p)s er endret etter forhåndsvisningen; den er nå "
            "%(v)s (%(status)s)."
        )
        % {
            "ind": verdi.indikator.navn,
            "p": verdi.periode,
            "v": _tekst(verdi.verdi),
            "status": verdi.get_status_display().lower(),
        },
    )


@transaction.atomic
def indikatorverdier_last_opp(*, kommune: Kommune, fil: File, bruker: Bruker) -> Opplastet:
    """Read a file and save it at once (scripts and tests; the page shows a preview
    first: ``indikatorverdier_preview`` and ``indikatorverdier_confirm``)."""
    innlesing = indikatorverdier_les_fil(kommune=kommune, fil=fil)
    return _lagre_opplasting(
        kommune=kommune,
        rader=innlesing.rader,
        linjer=innlesing.linjer,
        versjoner=None,
        godkjent_uendret=innlesing.godkjent_uendret,
        bruker=bruker,
    )


@transaction.atomic
def indikatorverdier_confirm(
    *, kommune: Kommune, forhandsvisning: dict, bruker: Bruker
) -> Opplastet:
    """Save the rows a preview showed (``Forhandsvisning.til_lagring``), checked again:
    the indicator must still be active and the value within its limits, and every
    stored value the preview compared with must still be as it was (same version; none
    where there was none). Otherwise nothing is saved and each changed row is named."""
    try:
        raw = [
            (int(linje), int(ind), str(periode), Decimal(verdi), str(kommentar), int(versjon))
            for linje, ind, periode, verdi, kommentar, versjon in forhandsvisning["rader"]
        ]
        godkjent_uendret = [int(n) for n in forhandsvisning.get("godkjent_uendret", [])]
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise Opplastingsfeil(
            [_("Forhåndsvisningen kan ikke leses. Last opp filen på nytt.")]
        ) from exc
    indikatorer = Indikator.objects.filter(aktiv=True).in_bulk({r[1] for r in raw})
    feil: list[Radfeil | str] = []
    rader, linjer, versjoner = [], [], []
    for linje, ind, periode, verdi, kommentar, versjon in raw:
        indikator = indikatorer.get(ind)
        if indikator is None:
            feil.append(Radfeil(linje, _("indikatoren er ikke lenger aktiv.")))
            continue
        grensefeil = indikator.grensefeil(verdi)
        if grensefeil:
            feil.append(Radfeil(linje, grensefeil))
            continue
        rader.append(
            {"indikator": indikator, "periode": periode, "verdi": verdi, "kommentar": kommentar}
        )
        linjer.append(linje)
        versjoner.append(versjon)
    if feil:
        raise Opplastingsfeil(feil)
    return _lagre_opplasting(
        kommune=kommune,
        rader=rader,
        linjer=linjer,
        versjoner=versjoner,
        godkjent_uendret=godkjent_uendret,
        bruker=bruker,
    )


def _lagre_opplasting(
    *,
    kommune: Kommune,
    rader: list[dict],
    linjer: list[int],
    versjoner: list[int] | None,
    godkjent_uendret: list[int],
    bruker: Bruker,
) -> Opplastet:
    """All or nothing: every row is checked first; on any error nothing is saved.
    The rows are submitted (status 'sendt inn'). A row that would change an approved
    value is an error; one that repeats it exactly is left out and reported. With
    ``versjoner`` (per row, the version the preview compared with, 0 for none), a row
    whose stored value has changed since is an error too.

    The same rules as ``indikatorverdi_upsert``, in a number of queries per file, not
    per row: the rows the file touches are locked and read in one query, new values are
    inserted and changed ones updated in bulk (with their history rows), each new
    version numbered as a single save would."""
    # Locked so that an approval running at the same time cannot be overwritten; read
    # again under the lock, since a value may have been approved since the file was read.
    laast = {
        (v.indikator_id, v.periode): v
        for v in Indikatorverdi.objects.select_for_update(of=("self",))
        .filter(
            kommune=kommune,
            indikator_id__in={r["indikator"].pk for r in rader},
            periode__in={r["periode"] for r in rader},
        )
        .select_related("behandlet_av")
    }
    now = timezone.now()
    lagret: list[Indikatorverdi] = []
    nye: list[Indikatorverdi] = []
    endrede: list[Indikatorverdi] = []
    feil: list[Radfeil | str] = []
    for n, (linje, rad) in enumerate(zip(linjer, rader, strict=True)):
        indikator, verdi, kommentar = rad["indikator"], rad["verdi"], rad["kommentar"]
        obj = laast.get((indikator.pk, rad["periode"]))
        if versjoner is not None and (obj.versjon if obj else 0) != versjoner[n]:
            if obj is None:
                feil.append(Radfeil(linje, _("verdien er slettet etter forhåndsvisningen.")))
                continue
            obj.indikator = indikator
            feil.append(_foreldet_opplasting(linje, obj))
            continue
        if obj is None:
            obj = Indikatorverdi(kommune=kommune, indikator=indikator, periode=rad["periode"])
            nye.append(obj)
        else:
            obj.indikator = indikator
            if obj.er_laast:
                feil.extend(Radfeil(linje, m) for m in _laast_feil(obj).messages)
                continue
            if (obj.verdi, obj.kommentar, obj.status) == (verdi, kommentar, Status.SENDT_INN):
                lagret.append(obj)  # already submitted as it is: nothing changes
                continue
            endrede.append(obj)
        obj.verdi = verdi
        obj.kommentar = kommentar
        obj.status = Status.SENDT_INN
        obj.sendt_inn_av = bruker
        obj.sendt_inn_tid = now
        ny_versjon(obj)
        try:
            obj.full_clean(
                exclude=_OPPLASTING_KJENT, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            feil.extend(Radfeil(linje, m) for m in exc.messages)
        lagret.append(obj)
    if feil:
        raise Opplastingsfeil(feil)
    try:
        with transaction.atomic():
            bulk_create_with_history(
                nye, Indikatorverdi, batch_size=OPPLASTING_BATCH, default_user=bruker
            )
            bulk_update_with_history(
                endrede,
                Indikatorverdi,
                ["verdi", "kommentar", "status", "sendt_inn_av", "sendt_inn_tid", "versjon"],
                batch_size=OPPLASTING_BATCH,
                default_user=bruker,
            )
    except IntegrityError as exc:  # the same value saved by someone else meanwhile
        raise Opplastingsfeil(
            [_("Noen lagret verdier for de samme periodene samtidig. Last opp filen på nytt.")]
        ) from exc
    if nye or endrede:
        legg_i_ko("kommuner.tasks.varsle_verdier_til_godkjenning", kommune.pk)
        advarsler_mark(kommune=kommune, perioder={r["periode"] for r in rader})
    return Opplastet(lagret=lagret, godkjent_uendret=godkjent_uendret)


# ---------------------------------------------------------------- tiltak


def tiltak_upsert(*, kommune: Kommune, navn: str, tiltak: Tiltak | None = None, **fields) -> Tiltak:
    """Save ``tiltak`` (the one being edited) or else the kommune's tiltak named
    ``navn``, creating it when there is none. Saving what is already stored writes no
    new history row."""
    unknown = set(fields) - set(Tiltak.REDIGERBARE_FELT)
    if unknown:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(unknown))}")
    if tiltak is None:
        tiltak = Tiltak.objects.filter(kommune=kommune, navn=navn).first()
    tiltak = tiltak or Tiltak(kommune=kommune)
    fields["navn"] = navn
    if tiltak.pk and all(getattr(tiltak, k) == v for k, v in fields.items()):
        return tiltak
    for name, value in fields.items():
        setattr(tiltak, name, value)
    tiltak.full_clean()
    tiltak.save()
    return tiltak


# ---------------------------------------------------------------- utfordringsbilde

TILLATTE_TAGGER = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4", "blockquote"}


def rens_html(html: str) -> str:
    """Keep paragraphs, lists and emphasis; drop everything else (scripts, styles,
    attributes, links). Plain text becomes paragraphs."""
    html = html or ""
    if "<" not in html:
        html = linebreaks(html)
    return nh3.clean(html, tags=TILLATTE_TAGGER, attributes={}).strip()


def utfordringsbilde_upsert(
    *, kommune: Kommune, tekst: str, malgrupper: str, tema: str, bruker: Bruker | None
) -> Utfordringsbilde:
    bilde = Utfordringsbilde.objects.filter(kommune=kommune).first() or Utfordringsbilde(
        kommune=kommune
    )
    tekst = rens_html(tekst)
    if bilde.pk and (bilde.tekst, bilde.malgrupper, bilde.tema) == (tekst, malgrupper, tema):
        return bilde  # unchanged: no new version
    bilde.tekst = tekst
    bilde.malgrupper = malgrupper
    bilde.tema = tema
    bilde.endret_av = bruker
    bilde.full_clean()
    bilde.save()
    return bilde


# ---------------------------------------------------------------- vedlegg


def vedlegg_create(*, kommune: Kommune, fil: File, beskrivelse: str, bruker: Bruker) -> Vedlegg:
    """Store an attachment the attachment policy allows (felles.vedlegg)."""
    try:
        sjekk = sjekk_vedlegg(fil)
    except ValidationError as exc:
        raise ValidationError({"fil": exc.messages}) from exc
    vedlegg = Vedlegg(
        kommune=kommune,
        navn=sjekk.navn,
        beskrivelse=beskrivelse,
        type=sjekk.type,
        storrelse=len(sjekk.data),
        lastet_opp_av=bruker,
    )
    vedlegg.fil.save("vedlegg", ContentFile(sjekk.data), save=False)
    try:
        vedlegg.full_clean()
        vedlegg.save()
    except Exception:
        vedlegg.fil.delete(save=False)
        raise
    return vedlegg


def vedlegg_delete(*, vedlegg: Vedlegg) -> None:
    storage, name = vedlegg.fil.storage, vedlegg.fil.name
    vedlegg.delete()
    transaction.on_commit(lambda: storage.delete(name))


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
