"""The meeting log's reads: the list and its default window, one meeting with its
follow-up points, versions and the minutes' diff, suggestions for a new meeting, the
export."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.datastand import hurtig_selector
from felles.paginering import SIDESTORRELSE_LOGG, ToveisIderPaginator, lenkegrunnlag
from felles.tabellfil import i_biter
from kommuner.access import kommuner_with_workdata
from kommuner.apps import REGISTER

from .. import access
from ..apps import INVESTERING
from ..models import (
    Beslutning,
    Mote,
    Motedeltaker,
    Motetype,
    Oppfolgingsnotat,
    Oppfolgingspunkt,
    Regelhinder,
)
from ..services import MOTE_FIELDS


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Without a date filter the list shows what has been held and what comes in this
# many days: series plan meetings far ahead, and those would otherwise come first.
STANDARDVINDU_DAGER = 90

MOTE_SORTERINGER = {"nyeste": ("-start", "-pk"), "eldste": ("start", "pk")}


def mote_list(
    user,
    *,
    kommune=None,
    type: str = "",
    fra: date | None = None,
    til: date | None = None,
    fase: str = "",
    etat=None,
    status: str = "",
    sortering: str = "",
    start_fra: datetime | None = None,
    start_til: datetime | None = None,
    med_rader: bool = True,
    naa: datetime | None = None,
) -> QuerySet[Mote]:
    """Meetings ``user`` may read, filtered, newest first (or ``sortering``), with what
    the list shows. Without ``fra`` and ``til`` (dates) or ``start_fra`` and
    ``start_til`` (moments, the first included, the second not): meetings up to
    ``STANDARDVINDU_DAGER`` days from today (the day of ``naa``, now unless given).
    The order is served by the index on (start, id). Without ``med_rader`` the
    meetings alone (for their count and ids: the rows are read by
    ``mote_rader_av_ider``)."""
    if fra is None and til is None and start_fra is None and start_til is None:
        til = timezone.localdate(naa) + timedelta(days=STANDARDVINDU_DAGER)
    moter = Mote.objects.for_user(user)
    if start_fra is not None:
        moter = moter.filter(start__gte=start_fra)
    if start_til is not None:
        moter = moter.filter(start__lt=start_til)
    if kommune is not None:
        moter = moter.filter(kommune=kommune)
    if type:
        moter = moter.filter(type=type)
    if fra:
        moter = moter.filter(start__gte=_day_start(fra))
    if til:
        moter = moter.filter(start__lt=_day_start(til + timedelta(days=1)))
    if fase:
        moter = moter.filter(fase=fase)
    if status:
        moter = moter.filter(status=status)
    if etat is not None:
        moter = moter.filter(Exists(Motedeltaker.objects.filter(mote=OuterRef("pk"), etat=etat)))
    if med_rader:
        moter = _med_tall(moter)
    return moter.order_by(*MOTE_SORTERINGER.get(sortering, MOTE_SORTERINGER["nyeste"]))


def _med_tall(moter: QuerySet[Mote]) -> QuerySet[Mote]:
    """``moter`` with what the list's rows show (``mote_rader``): the kommune, the
    columns of ``MOTE_RAD_FELT`` (the long texts stay in the table) and the numbers of
    decisions and open follow-up points."""
    antall_beslutninger = (
        Beslutning.objects.filter(mote=OuterRef("pk"))
        .order_by()
        .values("mote")
        .annotate(n=Count("pk"))
        .values("n")
    )
    antall_apne = (
        Oppfolgingspunkt.objects.apne()
        .filter(mote=OuterRef("pk"))
        .order_by()
        .values("mote")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        moter.select_related("kommune")
        .only(*MOTE_RAD_FELT)
        .annotate(
            antall_beslutninger=Coalesce(
                Subquery(antall_beslutninger, output_field=IntegerField()), Value(0)
            ),
            antall_apne_punkter=Coalesce(
                Subquery(antall_apne, output_field=IntegerField()), Value(0)
            ),
        )
    )


# The columns of a meeting the list reads (``mote_list``, ``mote_rader``).
MOTE_RAD_FELT = (
    "start",
    "status",
    "tittel",
    "type",
    "sted",
    "digitalt",
    "fase",
    "kommune",
    "kommune__navn",
)


def mote_rader(*lister: list[Mote]) -> list[list[dict]]:
    """The rows the meeting tables show for each list of ``mote_list`` meetings, as
    plain values (date, labels, heading, link, participants as text), with the
    participants of every list in one query. What ``_mote_rader.html`` writes: the
    same text as the meetings' own ``get_*_display``, ``overskrift``, ``stedtekst``
    and ``Motedeltaker.visningsnavn``/``tilhorighet`` give, without a template lookup
    per field and a model row per participant."""
    ids = [m.pk for liste in lister for m in liste]
    deltakere = _deltakere_per_mote(ids) if ids else {}
    typer = {k: str(v) for k, v in Motetype.choices}
    statuser = {k: str(v) for k, v in Mote.Status.choices}
    faser = {k: str(v) for k, v in Mote._meta.get_field("fase").choices}
    team = _("Investeringsteamet")
    hvor_team = _("investeringsteamet")
    digitalt = _("Telefon/video")
    sti = reverse("investering:mote_detail", args=[0])[:-2]

    def rad(m: Mote) -> dict:
        type_ = typer.get(m.type, m.type)
        navn = m.kommune.navn if m.kommune_id else ""
        return {
            "start": f"{timezone.localtime(m.start):%d.%m.%Y %H:%M}",
            "status": ""
            if m.status == Mote.Status.GJENNOMFORT
            else statuser.get(m.status, m.status),
            "url": f"{sti}{m.pk}/",
            "overskrift": m.tittel or f"{type_} – {navn if m.kommune_id else hvor_team}",
            "type": type_,
            "sted": f"{digitalt}{' – ' + m.sted if m.sted else ''}" if m.digitalt else m.sted,
            "kommune": navn or team,
            "fase": faser.get(m.fase, m.fase) or "–",
            "deltakere": ", ".join(deltakere.get(m.pk, ())) or "–",
            "antall_beslutninger": m.antall_beslutninger,
            "antall_apne_punkter": m.antall_apne_punkter,
        }

    return [[rad(m) for m in liste] for liste in lister]


def mote_rader_av_ider(*lister: list[int]) -> list[list[dict]]:
    """``mote_rader`` of each list of meeting ids, in the order given: two queries (the
    meetings, their participants) for every list together. The ids must come from the
    reader's own list (``mote_list``, ``for_user``): they are read as given."""
    ider = [pk for liste in lister for pk in liste]
    moter = {m.pk: m for m in _med_tall(Mote.objects.filter(pk__in=ider))} if ider else {}
    return mote_rader(*[[moter[pk] for pk in liste if pk in moter] for liste in lister])


def _deltakere_per_mote(ids) -> dict[int, list[str]]:
    """The participants of the meetings ``ids`` as text, "Navn (etat)", in order, per
    meeting: ``Motedeltaker.visningsnavn`` and ``tilhorighet`` from one plain query."""
    per_mote: dict[int, list[str]] = {}
    for mote, navn, email, eget_navn, etat, kommune, organisasjon in (
        Motedeltaker.objects.filter(mote__in=ids)
        .order_by("pk")
        .values_list(
            "mote",
            "bruker__fullt_navn",
            "bruker__email",
            "navn",
            "etat__kortnavn",
            "kommune__navn",
            "organisasjon",
        )
    ):
        visning = (navn or email) if email is not None else eget_navn
        tilhorighet = etat if etat is not None else kommune if kommune is not None else organisasjon
        per_mote.setdefault(mote, []).append(
            f"{visning} ({tilhorighet})" if tilhorighet else visning
        )
    return per_mote


# The default list shows at most this many upcoming meetings above the earlier ones
# (a link shows them all): the next few are what a user looks for.
KOMMENDE_ANTALL = 5


def mote_oversikt(
    user, *, naa: datetime | None = None, **filtre
) -> tuple[QuerySet[Mote] | None, QuerySet[Mote]]:
    """The meeting list as ``(kommende, tidligere)`` at the moment ``naa`` (now unless
    given). With dates or an order chosen, no upcoming part (None) and the list as
    asked. Otherwise, the default: the upcoming meetings of the next
    ``STANDARDVINDU_DAGER`` days, soonest first (the page shows the first
    ``KOMMENDE_ANTALL``), and the meetings that have started, newest first: the next
    meeting and the last one held come first, not the planned meetings furthest
    ahead. Both orders are served by the index on (start, id)."""
    naa = naa or timezone.now()
    if filtre.get("fra") or filtre.get("til") or filtre.get("sortering"):
        return None, mote_list(user, naa=naa, **filtre)
    slutt = _day_start(timezone.localdate(naa) + timedelta(days=STANDARDVINDU_DAGER + 1))
    # One queryset built (its annotations cost more to build than the two windows), cut
    # into the two windows.
    moter = mote_list(user, **filtre, start_til=slutt, naa=naa)
    return moter.filter(start__gte=naa).order_by("start", "pk"), moter.filter(start__lt=naa)


@dataclass(frozen=True)
class Moteside:
    """What the meeting list's page shows of the list itself (``mote_list_side``): the
    number of meetings held (or of the whole list, with dates or an order chosen),
    the page's number and meeting ids, and, in the default list, the ids of the next
    upcoming meetings (first page only) and the start of the first upcoming one."""

    antall: int
    nummer: int
    ider: list[int]
    kommende: list[int]
    flere_kommende: bool
    # Whether the list is the default one, split into upcoming and held meetings.
    standardvindu: bool
    idag: date
    forste_kommende: datetime | None


def mote_list_side(
    leser, *, parametre: list, side: str | None, naa: datetime | None = None
) -> Moteside:
    """The meeting list's count and page of ids for ``leser`` (``access.Leser``), its
    filter fields ``parametre`` (``felles.paginering.valgte_parametre``; invalid ones
    ignored, as the form says) and the page asked for (``side``), at ``naa`` (now).

    Kept per reader's scope, filter, page and minute until a meeting-log table, a
    kommune or an etat changes (``felles.datastand``): the list is split into held and
    upcoming meetings at the minute's start, and a copy is served only while no
    upcoming meeting of it has begun since then (its first upcoming start is not
    before ``naa``): then no meeting lies between the minute's start and ``naa``, and
    the split is the same as at ``naa``. Otherwise (a meeting of the list began in
    this very minute) it is computed at ``naa``, not kept. The day (the default
    window's end) is the same all the minute."""
    naa = naa or timezone.now()
    kept = _mote_list_side(
        **leser.noekkel(),
        parametre=parametre,
        side=side,
        minutt=naa.replace(second=0, microsecond=0),
    )
    if kept.forste_kommende is None or kept.forste_kommende >= naa:
        return kept
    return _mote_list_side_ved(leser, parametre=parametre, side=side, naa=naa)


@hurtig_selector(grupper=(INVESTERING, REGISTER))
def _mote_list_side(*, tilgang, kommune_id, par, parametre: list, side, minutt: datetime):
    """``mote_list_side`` at the start of a minute, kept (see there)."""
    leser = access.Leser.fra_noekkel(tilgang=tilgang, kommune_id=kommune_id, par=par)
    return _mote_list_side_ved(leser, parametre=parametre, side=side, naa=minutt)


def _mote_list_side_ved(leser, *, parametre: list, side, naa: datetime) -> Moteside:
    # The filter form imports the selectors (forms.moter): imported when computed.
    from ..forms.filtre import MoteFilterForm

    query = lenkegrunnlag(parametre)
    form = MoteFilterForm(query or None, kommuner=kommuner_with_workdata(leser))
    kommende, moter = mote_oversikt(
        leser, naa=naa, med_rader=False, **(form.cleaned_data if form.is_valid() else {})
    )
    page = ToveisIderPaginator(moter, SIDESTORRELSE_LOGG).get_page(side)
    neste = []
    if kommende is not None:
        # Read on every page: the first one's start bounds how long the split holds.
        neste = list(kommende.values_list("pk", "start")[: KOMMENDE_ANTALL + 1])
    return Moteside(
        antall=page.paginator.count,
        nummer=page.number,
        ider=list(page.object_list),
        kommende=[pk for pk, _start in neste[:KOMMENDE_ANTALL]] if page.number == 1 else [],
        flere_kommende=page.number == 1 and len(neste) > KOMMENDE_ANTALL,
        standardvindu=kommende is not None,
        idag=timezone.localdate(naa),
        forste_kommende=neste[0][1] if neste else None,
    )


def mote_detail(user) -> QuerySet[Mote]:
    return (
        Mote.objects.for_user(user)
        .select_related("pilot", "kommune", "skrevet_av", "moteserie")
        .prefetch_related(
            Prefetch(
                "deltakere",
                queryset=Motedeltaker.objects.select_related("bruker", "etat", "kommune"),
            ),
            "beslutninger",
            Prefetch(
                "oppfolgingspunkter",
                queryset=_punkter_qs(),
            ),
            Prefetch(
                "lukkede_punkter",
                queryset=Oppfolgingspunkt.objects.select_related("mote"),
            ),
            Prefetch("regelhindre", queryset=Regelhinder.objects.select_related("etat")),
        )
    )


def _punkter_qs() -> QuerySet[Oppfolgingspunkt]:
    return Oppfolgingspunkt.objects.select_related(
        "ansvarlig_bruker", "ansvarlig_etat", "lukket_i_mote"
    ).prefetch_related(
        Prefetch("notater", queryset=Oppfolgingsnotat.objects.select_related("skrevet_av"))
    )


def apne_punkter_fra_tidligere(mote: Mote) -> QuerySet[Oppfolgingspunkt]:
    """Open points from earlier meetings with the same kommune and pilot: to be
    closed in this meeting. None for the team's own meetings."""
    if mote.kommune_id is None:
        return Oppfolgingspunkt.objects.none()
    return (
        _punkter_qs()
        .apne()
        .filter(
            mote__pilot=mote.pilot_id, mote__kommune=mote.kommune_id, mote__start__lt=mote.start
        )
        .select_related("mote")
        .order_by("frist", "pk")
    )


def mote_historikk(mote: Mote, *, antall: int = 20) -> list:
    """The last saved versions of ``mote``, newest first, with who saved them."""
    return list(mote.history.select_related("history_user").order_by("-history_date")[:antall])


@dataclass
class Difflinje:
    """One line of a diff between two texts: ``art`` is "fjernet", "lagt_til",
    "uendret" or "hopp" (unchanged lines left out)."""

    art: str
    tekst: str


def tekstdiff(gammel: str, ny: str, *, kontekst: int = 2) -> list[Difflinje]:
    """The lines removed and added from ``gammel`` to ``ny``, with ``kontekst``
    unchanged lines around each change; empty when they are the same."""
    linjer = []
    for line in difflib.unified_diff(gammel.splitlines(), ny.splitlines(), n=kontekst, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            if linjer:
                linjer.append(Difflinje("hopp", ""))
            continue
        art = {"-": "fjernet", "+": "lagt_til"}.get(line[:1], "uendret")
        linjer.append(Difflinje(art, line[1:]))
    return linjer


@dataclass
class Moteversjon:
    """A saved version of a meeting, and what changed from the version before it."""

    versjon: int
    tid: datetime
    hvem: object
    forste: bool
    endrede_felt: list[str]  # field names, in ``services.MOTE_FIELDS`` order
    referat: str
    agenda: str
    referat_diff: list[Difflinje]
    agenda_diff: list[Difflinje]


MOTEVERSJONER_PER_SIDE = 10


def mote_versjoner(
    mote: Mote, *, side: int = 1, antall: int | None = None
) -> tuple[list[Moteversjon], int]:
    """A page of ``mote``'s saved versions, newest first, each with the fields that
    changed from the version before and a line diff of its minutes and agenda; and
    the number of versions (counted unless given). One query for the page's versions
    plus the one before the page's oldest (to diff it against)."""
    historikk = mote.history.order_by("-history_date", "-history_id")
    if antall is None:
        antall = historikk.count()
    start = (side - 1) * MOTEVERSJONER_PER_SIDE
    rader = list(
        historikk.select_related("history_user")[start : start + MOTEVERSJONER_PER_SIDE + 1]
    )
    versjoner = []
    for i, v in enumerate(rader[:MOTEVERSJONER_PER_SIDE]):
        forrige = rader[i + 1] if i + 1 < len(rader) else None
        if forrige is None:
            endret: set[str] = set()
        else:
            endret = {
                c.field for c in v.diff_against(forrige, included_fields=list(MOTE_FIELDS)).changes
            }
        versjoner.append(
            Moteversjon(
                versjon=v.versjon,
                tid=v.history_date,
                hvem=v.history_user,
                forste=forrige is None,
                endrede_felt=[felt for felt in MOTE_FIELDS if felt in endret],
                referat=v.referat,
                agenda=v.agenda,
                referat_diff=tekstdiff(forrige.referat, v.referat) if forrige else [],
                agenda_diff=tekstdiff(forrige.agenda, v.agenda) if forrige else [],
            )
        )
    return versjoner, antall


def referat_diff(*, lagret: str, mitt: str) -> list[str]:
    """The lines of a unified diff from the saved minutes to this editor's text, shown
    when somebody else saved in between."""
    return list(
        difflib.unified_diff(
            lagret.splitlines(),
            mitt.splitlines(),
            fromfile=_("Lagret referat"),
            tofile=_("Ditt referat"),
            lineterm="",
        )
    )


def deltakere_som_tekst(deltakere) -> str:
    """Participants who are not users, one per line as the form takes them:
    "Navn, etat eller kommune"."""
    lines = []
    for d in deltakere:
        if d.bruker_id:
            continue
        lines.append(f"{d.navn}, {d.tilhorighet}" if d.tilhorighet else d.navn)
    return "\n".join(lines)


def mote_forslag(user, *, pilot_id: int | None, kommune_id: int | None) -> dict:
    """Suggestions for a new meeting with a kommune, from the last meeting held with it
    in the pilot: participants, 5D phase, level and place. Empty for the team's own
    meetings and when there is no earlier meeting."""
    if pilot_id is None or kommune_id is None:
        return {}
    forrige = (
        Mote.objects.for_user(user)
        .filter(pilot_id=pilot_id, kommune_id=kommune_id, status=Mote.Status.GJENNOMFORT)
        .order_by("-start")
        .prefetch_related(
            Prefetch("deltakere", queryset=Motedeltaker.objects.select_related("etat", "kommune"))
        )
        .first()
    )
    if forrige is None:
        return {}
    deltakere = list(forrige.deltakere.all())
    return {
        "deltakere_brukere": [d.bruker_id for d in deltakere if d.bruker_id],
        "deltakere_fritekst": deltakere_som_tekst(deltakere),
        "fase": forrige.fase,
        "niva": forrige.niva,
        "sted": forrige.sted,
        "digitalt": forrige.digitalt,
    }


def moter_eksport_rader(moter: QuerySet[Mote]) -> tuple[list[str], Iterator[list]]:
    """The header and rows of the meeting export (CSV/XLSX) of ``moter``, a
    ``mote_list`` queryset: one row per meeting with its participants, decisions and
    follow-up points. Plain values read 2000 meetings at a time, with one query per
    chunk for each of the three lists (no model objects, labels translated once): at
    national scale the rows cost about a tenth of what model objects with prefetches
    did."""
    header = [
        _("Dato"),
        _("Kommune"),
        _("Pilot"),
        _("Møtetype"),
        _("Tittel"),
        _("Status"),
        _("Sted"),
        _("5D-fase"),
        _("Nivå"),
        _("Deltakere"),
        _("Agenda"),
        _("Referat"),
        _("Beslutninger"),
        _("Oppfølgingspunkter"),
        _("Referent"),
    ]
    team = _("Investeringsteamet")
    digitalt = _("Telefon/video")
    typer = {k: str(v) for k, v in Motetype.choices}
    statuser = {k: str(v) for k, v in Mote.Status.choices}
    faser = {k: str(v) for k, v in Mote._meta.get_field("fase").choices}
    nivaer = {k: str(v) for k, v in Mote._meta.get_field("niva").choices}
    punktstatuser = {k: str(v) for k, v in Oppfolgingspunkt.Status.choices}
    rader = moter.prefetch_related(None).values_list(
        "pk",
        "start",
        "kommune__navn",
        "pilot__navn",
        "type",
        "tittel",
        "status",
        "sted",
        "digitalt",
        "fase",
        "niva",
        "agenda",
        "referat",
        "skrevet_av__fullt_navn",
        "skrevet_av__email",
    )

    def beslutninger(ids) -> dict[int, list[str]]:
        per_mote: dict[int, list[str]] = {}
        for mote, tekst in (
            Beslutning.objects.filter(mote__in=ids).order_by("pk").values_list("mote", "tekst")
        ):
            per_mote.setdefault(mote, []).append(tekst)
        return per_mote

    def punkter(ids) -> dict[int, list[str]]:
        per_mote: dict[int, list[str]] = {}
        for mote, tekst, status, navn, email, etat, frist in (
            Oppfolgingspunkt.objects.filter(mote__in=ids)
            .order_by("frist", "pk")
            .values_list(
                "mote",
                "tekst",
                "status",
                "ansvarlig_bruker__fullt_navn",
                "ansvarlig_bruker__email",
                "ansvarlig_etat__kortnavn",
                "frist",
            )
        ):
            ansvarlig = ", ".join(
                p for p in ((navn or email) if email is not None else None, etat) if p
            )
            per_mote.setdefault(mote, []).append(
                f"{tekst} [{punktstatuser.get(status, status)}"
                f"{', ' + ansvarlig if ansvarlig else ''}"
                f"{', frist ' + frist.isoformat() if frist else ''}]"
            )
        return per_mote

    def rows():
        for bit in i_biter(rader):
            ids = [r[0] for r in bit]
            d, b, p = _deltakere_per_mote(ids), beslutninger(ids), punkter(ids)
            for (
                pk,
                start,
                kommune,
                pilot,
                type_,
                tittel,
                status,
                sted,
                er_digitalt,
                fase,
                niva,
                agenda,
                referat,
                referent,
                referent_email,
            ) in bit:
                yield [
                    start,
                    kommune if kommune is not None else team,
                    pilot,
                    typer.get(type_, type_),
                    tittel,
                    statuser.get(status, status),
                    f"{digitalt}{' – ' + sted if sted else ''}" if er_digitalt else sted,
                    faser.get(fase, fase),
                    nivaer.get(niva, niva),
                    "; ".join(d.get(pk, ())),
                    agenda,
                    referat,
                    "\n".join(b.get(pk, ())),
                    "\n".join(p.get(pk, ())),
                    (referent or referent_email) if referent_email is not None else "",
                ]

    return header, rows()
