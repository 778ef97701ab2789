"""Reads for the half-yearly dashboard, the status report and reflection-form results.
Every function costs a fixed number of queries, whatever the number of kommuner,
meetings or grants."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.core.paginator import Page
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.datastand import hurtig_selector
from felles.paginering import sideutsnitt
from felles.sporring import Kompilert
from kommuner.apps import KATALOG, REGISTER
from kommuner.fylker import ALLE_FYLKER
from kommuner.models import Deltakelse, Pilot

from . import access, analyse, kilder
from .apps import EVALUERING
from .forms import DashboardFilterForm
from .models import (
    SKALA_VERDI,
    Mal,
    Maloppnaelse,
    Pastand,
    Pastandssvar,
    Rapportperiode,
    Refleksjonsskjema,
    Refleksjonssvar,
    Skala,
    Statusrapport,
)


def default_pilot() -> Pilot | None:
    """The pilot of the newest published report, else the newest pilot."""
    published = (
        Statusrapport.objects.filter(status=Statusrapport.Status.PUBLISERT)
        .select_related("periode__pilot")
        .order_by("-publisert")
        .first()
    )
    if published:
        return published.periode.pilot
    return Pilot.objects.order_by("-start").first()


def periods(pilot: Pilot) -> list[Rapportperiode]:
    return list(Rapportperiode.objects.filter(pilot=pilot).order_by("aar", "halvaar"))


_SPOR = object()


def periods_with_data(pilot: Pilot, *, siste_mote=_SPOR) -> list[Rapportperiode]:
    """``periods``, each with ``har_data``: a goal assessment (overall or per kommune)
    was made for it, or the pilot's latest meeting held (``siste_mote``, read here
    unless given) lies in it. Two queries (one when ``siste_mote`` is given)."""
    from django.db.models import Exists

    if siste_mote is _SPOR:
        siste_mote = kilder.siste_mote(pilot.pk)
    siste = timezone.localtime(siste_mote).date() if siste_mote else None
    perioder = list(
        Rapportperiode.objects.filter(pilot=pilot)
        .annotate(har_vurdering=Exists(Maloppnaelse.objects.filter(periode=OuterRef("pk"))))
        .order_by("aar", "halvaar")
    )
    for p in perioder:
        p.har_data = p.har_vurdering or (siste is not None and p.start <= siste <= p.slutt)
    return perioder


def default_periode(
    perioder: list[Rapportperiode], *, today: date | None = None
) -> Rapportperiode | None:
    """The period a page shows when none is chosen: the latest begun that has data
    (``har_data``, see ``periods_with_data``), else the latest begun, else the last one
    planned (``perioder`` in date order). A period after the pilot's work ended is
    empty, and the steering group should not land on it."""
    today = today or timezone.localdate()
    begun = [p for p in perioder if p.start <= today]
    with_data = [p for p in begun if getattr(p, "har_data", False)]
    return (with_data or begun or perioder or [None])[-1]


def fylker_of(pilot: Pilot) -> list[tuple[str, str]]:
    """(fylkesnummer, name) of the fylker the pilot's kommuner lie in, for the filter."""
    numbers = pilot.deltakelser.values_list("kommune__fylke", flat=True).distinct().order_by()
    return sorted({(f, ALLE_FYLKER.get(f, f)) for f in numbers})


def pilotlenker(valgt: Pilot) -> list[tuple[str, str, bool]]:
    """(name, address, chosen) of every pilot's dashboard, newest first: one query
    and one ``reverse``, whatever the number of pilots."""
    adresse = reverse("evaluering:dashboard", args=["-"])[:-2]
    return [
        (navn, f"{adresse}{slug}/", pk == valgt.pk)
        for pk, slug, navn in Pilot.objects.order_by("-start").values_list("pk", "slug", "navn")
    ]


# The dashboard filter's fields, in the order of its key.
FILTERFELT = ("periode", "fylke", "tema", "indikator")


def dashboard_page(*, user, pilot: Pilot | None, params) -> dict:
    """The dashboard page's context for the filter ``params`` (the query string):
    an invalid filter is ignored, and without a chosen period the default one is
    shown. ``valg`` holds what ``dashboard`` is asked for (``evaluering.views``
    renders that part, the same for every reader, and keeps it); ``filtervalg`` is
    what the filter depends on (``dashboard_valg``, ``dashboard_filter``): the
    filter's own fields of the query, the pilot's latest meeting held and today."""
    if pilot is None:
        return {"pilot": None}
    params = params or {}
    filtervalg = {
        "pilot": pilot,
        "filterverdier": tuple((navn, params.get(navn)) for navn in FILTERFELT if navn in params),
        "siste_mote": kilder.siste_mote(pilot.pk),
        "idag": timezone.localdate(),
    }
    valg = dashboard_valg(**filtervalg)["valg"]
    return {
        "pilot": pilot,
        "periode": valg["periode"],
        "valg": {**valg, "side": _side(params)},
        "filtervalg": filtervalg,
        "er_admin": access.may_manage_reports(user),
    }


def _filterskjema(filterverdier: tuple, perioder, fylker) -> tuple[DashboardFilterForm, dict]:
    """The filter form bound to the query's filter fields (none: unbound) and what it
    validated (nothing when invalid: the filter is then ignored)."""
    form = DashboardFilterForm(dict(filterverdier) or None, perioder=perioder, fylker=fylker)
    return form, (form.cleaned_data if form.is_valid() else {})


@hurtig_selector(grupper=(EVALUERING, KATALOG, REGISTER))
def dashboard_valg(*, pilot: Pilot, filterverdier: tuple, siste_mote, idag: date) -> dict:
    """What the dashboard's filter chose (``valg``: the period, the default one when none
    is chosen, fylke, theme, indicator, the pilot's periods) and the fylker it offers,
    for the query's filter fields ``filterverdier``, the pilot's latest meeting held
    (``siste_mote``, for the default period) and ``idag``: kept until the periods,
    assessments, catalogue, participations or kommuner change."""
    perioder = periods_with_data(pilot, siste_mote=siste_mote)
    fylker = fylker_of(pilot)
    _form, data = _filterskjema(filterverdier, perioder, fylker)
    kode = data.get("periode", "")
    periode = next((p for p in perioder if p.kode == kode), None) or default_periode(
        perioder, today=idag
    )
    return {
        "valg": {
            "pilot": pilot,
            "periode": periode,
            "fylke": data.get("fylke", ""),
            "tema": data.get("tema", ""),
            "indikator": data.get("indikator"),
            "perioder": perioder,
        },
        "fylker": fylker,
    }


def dashboard_filter(*, pilot: Pilot, filterverdier: tuple, siste_mote, idag: date) -> dict:
    """The filter form as shown: bound to the query, or, without a chosen period, with
    the default one chosen (arguments as ``dashboard_valg``)."""
    valgt = dashboard_valg(
        pilot=pilot, filterverdier=filterverdier, siste_mote=siste_mote, idag=idag
    )
    valg, fylker = valgt["valg"], valgt["fylker"]
    form, _data = _filterskjema(filterverdier, valg["perioder"], fylker)
    if valg["periode"] and not dict(filterverdier).get("periode"):
        form = DashboardFilterForm(
            initial={"periode": valg["periode"].kode, "fylke": valg["fylke"]},
            perioder=valg["perioder"],
            fylker=fylker,
        )
    return {"form": form}


# Above this many kommuner the dashboard summarises by fylke and pages its kommuner
# (a national pilot: 357 kommuner were 450 KiB in one page).
KOMMUNER_PER_SIDE = 50


def _side(params) -> int:
    try:
        return max(1, int((params or {}).get("side", 1)))
    except (TypeError, ValueError):
        return 1


def fylkesoversikt(*, pilot: Pilot, periode: Rapportperiode | None, fylke="", tema="") -> list:
    """The whole-country dashboard's summary: per fylke of the kommuner the filter
    shows, how many, meetings held, follow-up points open, money granted and paid in
    the period (sums of the kommuner's figures: one read of their participations, one
    of their analytics rows). Kept apart from the page of kommuner shown below it
    (``evaluering.views``)."""
    if periode is None:
        return []
    rader = list(
        _deltakelser_qs(pilot, fylke=fylke, tema=tema).values_list("kommune_id", "kommune__fylke")
    )
    sources = _kilder([k for k, _f in rader], pilot, periode, None)
    fylker: dict[str, dict] = {}
    for kommune_id, fylkenr in rader:
        f = fylker.setdefault(
            fylkenr,
            {
                "fylke": fylkenr,
                "navn": ALLE_FYLKER.get(fylkenr, fylkenr),
                "kommuner": 0,
                "moter_holdt": 0,
                "apne_punkter": 0,
                "innvilget": 0,
                "utbetalt": 0,
            },
        )
        f["kommuner"] += 1
        moter = sources["moter"].per_kommune.get(kommune_id, {})
        penger = sources["tilskudd"].per_kommune.get(kommune_id, {})
        f["moter_holdt"] += moter.get("moter_holdt", 0)
        f["apne_punkter"] += moter.get("apne_punkter", 0)
        f["innvilget"] += penger.get("innvilget", 0)
        f["utbetalt"] += penger.get("utbetalt", 0)
    return sorted(fylker.values(), key=lambda f: f["navn"])


def _deltakelser_qs(
    pilot: Pilot, *, fylke: str = "", tema: str = "", kommune=None
) -> QuerySet[Deltakelse]:
    """The pilot's participating kommuner, optionally one fylke, theme or kommune: the
    one filter of the dashboard's rows (``_deltakelser``) and of its key
    (``analysestand``)."""
    deltakelser = Deltakelse.objects.filter(pilot=pilot, status=Deltakelse.Status.DELTAR)
    if kommune is not None:
        deltakelser = deltakelser.filter(kommune=kommune)
    if fylke:
        deltakelser = deltakelser.filter(kommune__fylke=fylke)
    if tema:
        deltakelser = deltakelser.filter(kommune__utfordringsbilde__tema=tema)
    return deltakelser


def _deltakelser(
    pilot: Pilot, *, fylke: str = "", tema: str = "", kommune=None
) -> list[Deltakelse]:
    """The pilot's participating kommuner (one query), optionally one fylke, theme or
    kommune, in name order."""
    return list(
        _deltakelser_qs(pilot, fylke=fylke, tema=tema, kommune=kommune)
        .select_related("kommune", "investeringsleder_etat")
        .order_by(*_REKKEFOLGE)
    )


# The dashboard's kommuner in name order (two of the same name, Herøy or Våler, by id):
# its pages and its key's pages (``analysestander``) are the same.
_REKKEFOLGE = ("kommune__navn", "kommune_id")


def analysestander(
    *, pilot: Pilot, fylke: str = "", tema: str = "", side: int | None = None, **_valg
) -> analyse.Stander:
    """The state of the analytics rows of the kommuner ``dashboard`` shows for these
    filters, with which kommuner they are, and of the page ``side`` of them it shows
    (``analyse.stander``, brought up to date first): the arguments under which the
    dashboard keeps its summary of them all and its page of kommuner, so that a change
    to a kommune outside them, or on another page, leaves them kept
    (``evaluering.views``). One query when nothing is marked."""
    return analyse.stander(
        _ANALYSEKOMMUNER.sql(pilot.pk, fylke, tema), side=side or 1, per_side=KOMMUNER_PER_SIDE
    )


# The ids and names of ``analysestander``'s kommuner (its pages are in name order, as
# the dashboard's), compiled once per filter shape (``felles.sporring``), with
# stand-ins for the pilot, the fylke and the theme.
_ANALYSEKOMMUNER = Kompilert(
    lambda pilot_id, fylke, tema: (
        _deltakelser_qs(Pilot(pk=pilot_id), fylke=fylke, tema=tema)
        .order_by()
        .values_list("kommune_id", "kommune__navn")
    ),
    merker=(-7_777_777_772, "\x00fylke", "\x00tema"),
)


@hurtig_selector(grupper=(EVALUERING, KATALOG))
def _malgrunnlag(*, pilot: Pilot) -> dict:
    """What the dashboard reads of the pilot alone: its goals, their overall
    assessments of every period, their indicators (goal id, indicator id) and its key
    indicator. Kept on its own (inside the dashboard's figures, under their stamps): a
    meeting or a value in a kommune, which makes those new, changes none of it."""
    mal = list(Mal.objects.filter(pilot=pilot).order_by("nummer"))
    return {
        "mal": mal,
        "overall": {
            (v.mal_id, v.periode_id): v
            for v in Maloppnaelse.objects.filter(mal__pilot=pilot, kommune__isnull=True)
        },
        "lenker": kilder.mallenker([m.pk for m in mal]),
        "nokkel": kilder.nokkelindikator(pilot.pk),
    }


def _vurderinger_per_kommune(
    pilot: Pilot, periode: Rapportperiode | None, kommune_ids: list[int]
) -> dict[tuple[int, int], Maloppnaelse]:
    """The chosen period's per-kommune assessments of the given kommuner, keyed by
    (goal id, kommune id); one query (none without a period)."""
    if periode is None or not kommune_ids:
        return {}
    rows = Maloppnaelse.objects.filter(
        mal__pilot=pilot, periode=periode, kommune_id__en_av=kommune_ids
    ).defer("begrunnelse")
    return {(v.mal_id, v.kommune_id): v for v in rows}


def _kilder(
    kommune_ids: list[int], pilot: Pilot, periode: Rapportperiode | None, indikator
) -> dict:
    """The other apps' figures per kommune for the period (see ``kilder``);
    ``indikator`` is the one indicator shown for every kommune (``kilder.indikatorverdier``,
    the one rule for which value counts)."""
    if not periode:
        return {}
    args = (kommune_ids, pilot.pk, periode.start, periode.slutt)
    tall = kilder.analysetall(*args)  # the analytics rows, read once for both
    return {
        "moter": kilder.moter(*args, tall=tall),
        "tilskudd": kilder.tilskudd(*args, tall=tall),
        "indikatorer": kilder.Kilde(
            tilgjengelig=True,
            per_kommune=kilder.indikatorverdier(
                indikator, kommune_ids, periode.slutt, periodeslutt=True
            )
            if indikator
            else {},
        ),
    }


def _rad(d: Deltakelse, mal: list[Mal], per_kommune: dict, sources: dict) -> dict:
    vurderinger = [(m, per_kommune.get((m.pk, d.kommune_id))) for m in mal]
    return {
        "deltakelse": d,
        "kommune": d.kommune,
        "vurderinger": vurderinger if any(v for _m, v in vurderinger) else [],
        **{name: source.per_kommune.get(d.kommune_id, {}) for name, source in sources.items()},
    }


def kommune_status(*, pilot: Pilot, periode: Rapportperiode, kommune) -> dict | None:
    """What the one-kommune status PDF shows: that kommune's row only, read for that
    kommune alone (a fixed number of queries, whatever the number of kommuner in the
    pilot). None when the kommune does not take part."""
    deltakelser = _deltakelser(pilot, kommune=kommune)
    if not deltakelser:
        return None
    mal = list(Mal.objects.filter(pilot=pilot).order_by("nummer"))
    per_kommune = _vurderinger_per_kommune(pilot, periode, [kommune.pk])
    sources = _kilder([kommune.pk], pilot, periode, kilder.nokkelindikator(pilot.pk))
    rad = _rad(deltakelser[0], mal, per_kommune, sources)
    return {
        "pilot": pilot,
        "periode": periode,
        "kommune": deltakelser[0].kommune,
        "rad": rad,
        "rader": [rad],
        "kilder": {name: source.tilgjengelig for name, source in sources.items()},
    }


def dashboard(
    *,
    pilot: Pilot,
    periode: Rapportperiode | None,
    fylke: str = "",
    tema: str = "",
    indikator=None,
    perioder: list[Rapportperiode] | None = None,
    side: int | None = None,
) -> dict:
    """Everything the dashboard and the report show for one pilot and period, for the
    kommuner in ``fylke`` whose chosen theme is ``tema`` (both optional). ``indikator``
    is the one compared across kommuner (default: the pilot's key indicator).

    Each figure is read for the chosen pilot and period only, counted or filtered in
    the database: the per-kommune assessments of that period, the latest approved
    value up to its end, the meetings and money in it. Only the overall assessments
    (goals × periods, a handful of rows) are read for every period, for the chart.

    More than ``KOMMUNER_PER_SIDE`` kommuner: a summary per fylke of all of them, and
    the kommune tables and charts for page ``side`` of them (in name order); without
    ``side`` (the report) every kommune.

    The analytics rows of the kommuner shown are brought up to date once, before the
    reads (``analyse.ajour``). The summary per fylke of them all is ``fylkesoversikt``,
    kept apart (``evaluering.views``): only the kommuner on the page are read here."""
    alle = _deltakelser(pilot, fylke=fylke, tema=tema)
    side_obj = None
    deltakelser = alle
    if side is not None and len(alle) > KOMMUNER_PER_SIDE:
        side_obj = sideutsnitt(alle, side, per_side=KOMMUNER_PER_SIDE)
        deltakelser = list(side_obj.object_list)
    with analyse.ajour(d.kommune_id for d in deltakelser):
        return _dashboard(
            alle,
            deltakelser,
            side_obj,
            pilot=pilot,
            periode=periode,
            fylke=fylke,
            tema=tema,
            indikator=indikator,
            perioder=perioder,
        )


def _dashboard(
    alle: list[Deltakelse],
    deltakelser: list[Deltakelse],
    side_obj,
    *,
    pilot: Pilot,
    periode: Rapportperiode | None,
    fylke: str,
    tema: str,
    indikator,
    perioder: list[Rapportperiode] | None,
) -> dict:
    kommune_ids = [d.kommune_id for d in deltakelser]
    all_periods = perioder if perioder is not None else periods(pilot)

    grunnlag = _malgrunnlag(pilot=pilot)
    mal, overall, key = grunnlag["mal"], grunnlag["overall"], grunnlag["nokkel"]
    per_kommune = _vurderinger_per_kommune(pilot, periode, kommune_ids)
    # One indicator for the kommune table and the comparison chart with its table:
    # the chosen one, else the key indicator, read once by the one rule.
    indikator = indikator or key
    sources = _kilder(kommune_ids, pilot, periode, indikator)
    rader = [_rad(d, mal, per_kommune, sources) for d in deltakelser]

    missing = kilder.manglende_nullpunkter(
        grunnlag["lenker"], kommune_ids, periode.slutt if periode else None, periodeslutt=True
    )
    navn = {d.kommune_id: d.kommune.navn for d in deltakelser}
    malrader = [
        {
            "mal": m,
            "mangler_nullpunkt": [navn[k] for k in missing.get(m.pk, [])],
            "vurdering": overall.get((m.pk, periode.pk)) if periode else None,
            "per_kommune": [(d.kommune, per_kommune.get((m.pk, d.kommune_id))) for d in deltakelser]
            if periode
            else [],
        }
        for m in mal
    ]
    # Goal assessments over periods, for the chart and its table (each label
    # translated once, not once per cell).
    etikett = {key: str(label) for key, label in Skala.choices}
    over_tid = {
        "perioder": [p.kode for p in all_periods],
        "serier": [
            {
                "mal": f"{m.nummer}. {m.tittel}",
                "verdier": [_score(overall.get((m.pk, p.pk))) for p in all_periods],
                "tekster": [
                    etikett.get(overall[(m.pk, p.pk)].vurdering, "–")
                    if (m.pk, p.pk) in overall
                    else "–"
                    for p in all_periods
                ],
            }
            for m in mal
        ],
    }
    sammenligning = None
    if periode and indikator:
        values = sources["indikatorer"].per_kommune
        sammenligning = {
            "indikator": indikator,
            "er_nokkelindikator": key is not None and indikator.pk == key.pk,
            "rader": [(navn[k], values[k]) for k in kommune_ids],
            "chart": {
                "labels": [navn[k] for k in kommune_ids],
                "verdier": [
                    float(values[k]["verdi"]) if values[k]["verdi"] is not None else None
                    for k in kommune_ids
                ],
                "enhet": str(indikator.get_enhet_display()),
            },
        }
    koder = [p.kode for p in all_periods]
    per_halvaar = kilder.moter_per_halvaar(pilot.pk, kommune_ids)
    moter_chart = {
        "labels": koder,
        "serier": [
            {"navn": navn[k], "verdier": [per_halvaar.get((k, kode), 0) for kode in koder]}
            for k in kommune_ids
        ],
    }
    return {
        "pilot": pilot,
        "periode": periode,
        "perioder": all_periods,
        "sammenligning": sammenligning,
        "moter_chart": moter_chart,
        "rader": rader,
        "mal": malrader,
        "kilder": {name: source.tilgjengelig for name, source in sources.items()},
        "chart_mal": over_tid,
        "milepael_telling": _milestone_counts(alle),
        "side": side_obj,
        "sidelenker": _sidelenker(side_obj, periode, fylke, tema, indikator),
        # The 5D column only where the pilot's kommuner have a 5D phase at all.
        "bruker_5d": any(d.fase for d in deltakelser),
    }


def tilskudd_per_aar(*, pilot: Pilot) -> dict:
    """The dashboard's chart of what the pilot granted and paid per year and scheme,
    with its table: the pilot's as a whole, whatever kommuner the filter shows, so the
    dashboard keeps it apart from the kommuner's figures (a meeting in a kommune does
    not compute it again)."""
    linjer = kilder.tilskudd_per_aar_og_ordning(pilot.pk)
    return {
        "tilskudd_linjer": linjer,
        "tilskudd_chart": {
            "labels": [f"{t['aar']} · {t['ordning']}" for t in linjer],
            "innvilget": [t["innvilget"] for t in linjer],
            "utbetalt": [t["utbetalt"] for t in linjer],
            "navn": [str(_("Innvilget")), str(_("Utbetalt"))],
        },
    }


def _lenkefelt(periode, fylke, tema, indikator) -> dict:
    """The dashboard filter's fields given, as a link's query parameters."""
    felt = {
        "periode": periode.kode if periode else "",
        "fylke": fylke,
        "tema": tema,
        "indikator": indikator.pk if indikator else "",
    }
    return {k: v for k, v in felt.items() if v}


def _sidelenker(side_obj, periode, fylke, tema, indikator) -> dict:
    """The addresses of the previous and next page of kommuner (the figures are
    rendered without the request, so ``{% querystring %}`` cannot make them)."""
    if side_obj is None:
        return {}
    felles = _lenkefelt(periode, fylke, tema, indikator)
    lenker = {}
    if side_obj.has_previous():
        lenker["forrige"] = "?" + urlencode({**felles, "side": side_obj.previous_page_number()})
    if side_obj.has_next():
        lenker["neste"] = "?" + urlencode({**felles, "side": side_obj.next_page_number()})
    return lenker


def fylkelenke(*, periode, tema, indikator) -> str:
    """The address of the dashboard without a fylke chosen, for the summary per fylke
    to add its ``&fylke=`` to."""
    return "?" + urlencode(_lenkefelt(periode, "", tema, indikator))


def _score(vurdering: Maloppnaelse | None) -> int | None:
    if vurdering is None:
        return None
    return SKALA_VERDI.get(vurdering.vurdering)


def _milestone_counts(deltakelser: list[Deltakelse]) -> list[tuple[str, int]]:
    from kommuner.models import MILEPAELER

    return [
        (str(label), sum(1 for d in deltakelser if getattr(d, field)))
        for field, label in MILEPAELER
    ]


def reports_for_period(
    periode: Rapportperiode, *, med_upubliserte: bool
) -> QuerySet[Statusrapport]:
    """The period's reports, newest version first; drafts only with ``med_upubliserte``."""
    rapporter = periode.statusrapporter.select_related(
        "generert_av", "publisert_av", "jobb"
    ).order_by("-versjon")
    if not med_upubliserte:
        rapporter = rapporter.filter(status=Statusrapport.Status.PUBLISERT)
    return rapporter


def rapport_med_jobb(pk: int) -> Statusrapport:
    """One report as it stands now, with its render job and who made it (one query)."""
    return Statusrapport.objects.select_related("jobb", "generert_av").get(pk=pk)


def _desimal(value):
    if value is None or isinstance(value, int | float):
        return value
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError):
        return value


def rapport_grunnlag(rapport: Statusrapport) -> list[dict]:
    """The kommune rows of the data a report was made from (its stored snapshot),
    with the indicator figures read back as exact decimals for display. No query."""
    rader = []
    for rad in (rapport.grunnlag or {}).get("kommuner", []):
        indikatorer = dict(rad.get("indikatorer") or {})
        for key in ("verdi", "nullpunkt", "endring"):
            indikatorer[key] = _desimal(indikatorer.get(key))
        rader.append({**rad, "indikatorer": indikatorer})
    return rader


def rapport_grunnlag_mal(rapport: Statusrapport) -> list[dict]:
    """The goals of a report's snapshot, with the assessment's label."""
    return [
        {**m, "vurdering_tekst": str(Skala(m["vurdering"]).label) if m.get("vurdering") else ""}
        for m in (rapport.grunnlag or {}).get("mal", [])
    ]


def latest_published(pilot: Pilot) -> Statusrapport | None:
    return (
        Statusrapport.objects.filter(periode__pilot=pilot, status=Statusrapport.Status.PUBLISERT)
        .select_related("periode")
        .order_by("-periode__aar", "-periode__halvaar", "-versjon")
        .first()
    )


@dataclass
class PastandResultat:
    pastand: Pastand
    antall: int
    snitt: float | None
    standardavvik: float | None
    forrige_snitt: float | None
    per_kommune: dict[int, int]

    @property
    def endring(self) -> float | None:
        if self.snitt is None or self.forrige_snitt is None:
            return None
        return round(self.snitt - self.forrige_snitt, 1)

    @property
    def endring_prosent(self) -> int | None:
        if self.endring is None or not self.forrige_snitt:
            return None
        return round((self.snitt - self.forrige_snitt) / self.forrige_snitt * 100)


def _values_by_statement(skjema: Refleksjonsskjema, kommune_ids=None) -> dict[int, dict[int, int]]:
    """{statement number: {kommune id: value}} in one query."""
    rows = Pastandssvar.objects.filter(svar__skjema=skjema)
    if kommune_ids is not None:
        rows = rows.filter(svar__kommune_id__in=kommune_ids)
    values: dict[int, dict[int, int]] = defaultdict(dict)
    for nummer, kommune_id, verdi in rows.values_list(
        "pastand__nummer", "svar__kommune_id", "verdi"
    ):
        values[nummer][kommune_id] = verdi
    return values


def _mean_sd(values: list[int]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    mean = round(statistics.fmean(values), 1)
    sd = round(statistics.stdev(values), 1) if len(values) > 1 else 0.0
    return mean, sd


def reflection_results(skjema: Refleksjonsskjema, *, kommune_ids=None) -> list[PastandResultat]:
    """Mean and standard deviation per statement across kommuner, each kommune's value,
    and the change from the form it is compared with (statements matched by number).
    ``kommune_ids`` limits what is read (a contact person sees only their own)."""
    now = _values_by_statement(skjema, kommune_ids)
    before = _values_by_statement(skjema.forrige, kommune_ids) if skjema.forrige_id else {}
    results = []
    for pastand in skjema.pastander.all():
        values = list(now.get(pastand.nummer, {}).values())
        mean, sd = _mean_sd(values)
        previous, _sd = _mean_sd(list(before.get(pastand.nummer, {}).values()))
        results.append(
            PastandResultat(
                pastand=pastand,
                antall=len(values),
                snitt=mean,
                standardavvik=sd,
                forrige_snitt=previous,
                per_kommune=now.get(pastand.nummer, {}),
            )
        )
    return results


def reflection_form_list(*, omfang) -> QuerySet[Refleksjonsskjema]:
    """The forms a reader with the reach ``omfang`` (``kommuner.access.workdata_omfang``)
    may open, for the list: each with ``antall_svar``, the number of answers they may
    read, counted by the database (not the answers loaded)."""
    svar = (
        Refleksjonssvar.objects.for_omfang(omfang)
        .filter(skjema=OuterRef("pk"))
        .order_by()
        .values("skjema")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Refleksjonsskjema.objects.for_omfang(omfang)
        .select_related("periode", "pilot")
        .annotate(antall_svar=Coalesce(Subquery(svar, output_field=IntegerField()), 0))
        .order_by("-periode__aar", "-periode__halvaar", "tittel", "pk")
    )


def reflection_form_page(*, omfang, side) -> Page:
    """A page of ``reflection_form_list`` (count and page: two queries)."""
    return sideutsnitt(reflection_form_list(omfang=omfang), side)


def reflection_forms(*, user) -> QuerySet[Refleksjonsskjema]:
    """The forms ``user`` may open, each with the answers ``user`` may read."""
    return (
        Refleksjonsskjema.objects.for_user(user)
        .select_related("periode", "pilot")
        .prefetch_related(
            Prefetch(
                "svar", queryset=Refleksjonssvar.objects.for_user(user).select_related("kommune")
            )
        )
    )
