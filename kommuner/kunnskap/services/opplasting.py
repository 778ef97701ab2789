"""Writes for the upload of indicator values from a file: read, preview, confirm; all or
nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from felles import oversatt, tabellfil
from felles.jobber import legg_i_ko
from felles.laas import ny_versjon

from ...models import Bruker, Kommune
from .. import kvalitet
from ..models import (
    Indikator,
    Indikatorverdi,
    advarsel_tekster,
    validate_periode,
)
from .verdier import Status, _laast_feil, _tekst, advarsler_mark

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
