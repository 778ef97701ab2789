"""Reads for the investment team's pages, shaped so each page costs a fixed number
of queries whatever the number of meetings, participants and follow-up points."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from felles.tabellfil import eksportrader, i_biter
from kommuner import selectors as kommune_selectors
from kommuner.access import deltakelser_led_by
from kommuner.models import Deltakelse, Pilot

from . import access
from .models import (
    Beslutning,
    Investeringsteam,
    Mote,
    Motedeltaker,
    Motetype,
    Oppfolgingsnotat,
    Oppfolgingspunkt,
    Regelhinder,
    Teammedlem,
)
from .services import MOTE_FIELDS

# ---------------------------------------------------------------- meetings


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
) -> QuerySet[Mote]:
    """Meetings ``user`` may read, filtered, newest first (or ``sortering``), with what
    the list shows. Without ``fra`` and ``til`` (dates) or ``start_fra`` and
    ``start_til`` (moments, the first included, the second not): meetings up to
    ``STANDARDVINDU_DAGER`` days from today. The order is served by the index on
    (start, id)."""
    if fra is None and til is None and start_fra is None and start_til is None:
        til = timezone.localdate() + timedelta(days=STANDARDVINDU_DAGER)
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
        moter.select_related("pilot", "kommune", "skrevet_av")
        .annotate(
            antall_beslutninger=Coalesce(
                Subquery(antall_beslutninger, output_field=IntegerField()), Value(0)
            ),
            antall_apne_punkter=Coalesce(
                Subquery(antall_apne, output_field=IntegerField()), Value(0)
            ),
        )
        .prefetch_related(
            Prefetch(
                "deltakere",
                queryset=Motedeltaker.objects.select_related("bruker", "etat", "kommune"),
            )
        )
        .order_by(*MOTE_SORTERINGER.get(sortering, MOTE_SORTERINGER["nyeste"]))
    )


# The default list shows at most this many upcoming meetings above the earlier ones
# (a link shows them all): the next few are what a user looks for.
KOMMENDE_ANTALL = 5


def mote_oversikt(user, **filtre) -> tuple[QuerySet[Mote] | None, QuerySet[Mote]]:
    """The meeting list as ``(kommende, tidligere)``. With dates or an order chosen,
    no upcoming part (None) and the list as asked. Otherwise, the default: the
    upcoming meetings of the next ``STANDARDVINDU_DAGER`` days, soonest first (the
    page shows the first ``KOMMENDE_ANTALL``), and the meetings that have started,
    newest first: the next meeting and the last one held come first, not the planned
    meetings furthest ahead. Both orders are served by the index on (start, id)."""
    if filtre.get("fra") or filtre.get("til") or filtre.get("sortering"):
        return None, mote_list(user, **filtre)
    now = timezone.now()
    slutt = _day_start(timezone.localdate() + timedelta(days=STANDARDVINDU_DAGER + 1))
    kommende = mote_list(user, **filtre, start_fra=now, start_til=slutt).order_by("start", "pk")
    return kommende, mote_list(user, **filtre, start_til=now)


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

    def deltakere(ids) -> dict[int, list[str]]:
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
            tilhorighet = (
                etat if etat is not None else kommune if kommune is not None else (organisasjon)
            )
            per_mote.setdefault(mote, []).append(
                f"{visning} ({tilhorighet})" if tilhorighet else visning
            )
        return per_mote

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
            d, b, p = deltakere(ids), beslutninger(ids), punkter(ids)
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


# ---------------------------------------------------------------- the leader's kommuner


@dataclass
class LedetKommune:
    deltakelse: Deltakelse
    siste_mote: Mote | None
    neste_mote: Mote | None
    apne_punkter: int
    forfalte_punkter: int


def leader_overview(user) -> list[LedetKommune]:
    """For each kommune ``user`` leads: last meeting, next planned meeting, open and
    overdue follow-up points, milestone and 5D phase. Two queries whatever the number
    of kommuner and meetings: the participations with the last/next meeting ids and
    the point counts as correlated subqueries (each an index scan: meetings on
    (pilot, kommune, start) with LIMIT 1, open points on the partial index by meeting),
    then the meetings shown. Measured on 50 000 meetings this beat grouping the
    kommuner's meetings and points with Max/Min/Count (23 against 55 ms for 21
    kommuner): the grouped form joins every open point of the led kommuner."""
    now = timezone.now()
    today = timezone.localdate()
    same = Mote.objects.filter(pilot=OuterRef("pilot"), kommune=OuterRef("kommune"))
    punkter = Oppfolgingspunkt.objects.apne().filter(
        mote__pilot=OuterRef("pilot"), mote__kommune=OuterRef("kommune")
    )

    def count(qs):
        # COUNT(*) without GROUP BY: one number per outer row.
        antall = qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        return Coalesce(Subquery(antall, output_field=IntegerField()), Value(0))

    deltakelser = list(
        deltakelser_led_by(user)
        .select_related("pilot", "kommune", "investeringsleder_etat")
        .annotate(
            siste_mote_id=Subquery(
                same.filter(start__lte=now)
                .exclude(status=Mote.Status.AVLYST)
                .order_by("-start")
                .values("pk")[:1]
            ),
            neste_mote_id=Subquery(
                same.filter(start__gt=now)
                .exclude(status=Mote.Status.AVLYST)
                .order_by("start")
                .values("pk")[:1]
            ),
            apne=count(punkter),
            forfalte=count(punkter.filter(frist__lt=today)),
        )
        .order_by("kommune__navn", "pilot__navn")
    )
    ids = {d.siste_mote_id for d in deltakelser} | {d.neste_mote_id for d in deltakelser}
    ids.discard(None)
    moter = Mote.objects.select_related("kommune").in_bulk(ids) if ids else {}
    return [
        LedetKommune(
            deltakelse=d,
            siste_mote=moter.get(d.siste_mote_id),
            neste_mote=moter.get(d.neste_mote_id),
            apne_punkter=d.apne,
            forfalte_punkter=d.forfalte,
        )
        for d in deltakelser
    ]


def team_overview() -> QuerySet:
    """Each pilot with its investment team's members and the investment leader of
    each participation (kept on ``Deltakelse``)."""
    return Pilot.objects.select_related("investeringsteam").prefetch_related(
        Prefetch(
            "investeringsteam__medlemmer",
            queryset=Teammedlem.objects.filter(til__isnull=True).select_related("bruker", "etat"),
        ),
        Prefetch(
            "deltakelser",
            queryset=Deltakelse.objects.exclude(status=Deltakelse.Status.TAKKET_NEI)
            .select_related("kommune", "investeringsleder", "investeringsleder_etat")
            .order_by("kommune__navn"),
        ),
    )


# ---------------------------------------------------------------- follow-up board


def team_admin(pilot: Pilot) -> dict:
    """The admin's page of one pilot's team: the team, its current members, who may be
    added, the membership history (who changed what, when), each participation with
    its investment leader, the leaders to choose from and the leaders' history."""
    team = Investeringsteam.objects.filter(pilot=pilot).first()
    medlemmer, historikk = [], []
    if team is not None:
        medlemmer = list(
            team.medlemmer.filter(til__isnull=True)
            .select_related("bruker", "etat")
            .order_by("bruker__fullt_navn")
        )
        historikk = list(
            Teammedlem.history.filter(team_id=team.pk)
            .select_related("bruker", "history_user")
            .order_by("-history_date", "-history_id")[:100]
        )
    kandidater = (
        access.team_candidates()
        .exclude(pk__in=[m.bruker_id for m in medlemmer])
        .order_by("fullt_navn", "email")
    )
    deltakelser = (
        Deltakelse.objects.filter(pilot=pilot)
        .exclude(status=Deltakelse.Status.TAKKET_NEI)
        .select_related("kommune", "investeringsleder", "investeringsleder_etat")
        .order_by("kommune__navn")
    )
    return {
        "team": team,
        "medlemmer": medlemmer,
        "historikk": historikk,
        "kandidater": list(kandidater),
        "deltakelser": list(deltakelser),
        "ledere": list(kommune_selectors.investeringsledere_for_valg()),
        "leder_historikk": kommune_selectors.investeringsleder_historikk(pilot=pilot),
    }


def oppfolging_board(
    user,
    *,
    kommune=None,
    etat=None,
    ansvarlig=None,
    status: str = "",
) -> QuerySet[Oppfolgingspunkt]:
    """Follow-up points (open unless ``status`` says otherwise), overdue first, then
    by due date: for open points ordering by due date puts the overdue ones first, so
    the order is the plain (frist, id) that the partial index on open points serves;
    points without a due date come last."""
    punkter = Oppfolgingspunkt.objects.for_user(user)
    if status:
        punkter = punkter.filter(status=status)
    else:
        punkter = punkter.apne()
    if kommune is not None:
        punkter = punkter.filter(mote__kommune=kommune)
    if etat is not None:
        punkter = punkter.filter(Q(ansvarlig_etat=etat) | Q(ansvarlig_bruker__etat=etat))
    if ansvarlig is not None:
        punkter = punkter.filter(ansvarlig_bruker=ansvarlig)
    return (
        punkter.select_related(
            "mote", "mote__kommune", "mote__pilot", "ansvarlig_bruker", "ansvarlig_etat"
        )
        .prefetch_related(
            Prefetch("notater", queryset=Oppfolgingsnotat.objects.select_related("skrevet_av"))
        )
        .order_by(F("frist").asc(nulls_last=True), "pk")
    )


# ---------------------------------------------------------------- rule barriers


def regelhinder_list(user, *, kommune=None, etat=None, status: str = "", pilot=None):
    hindre = Regelhinder.objects.for_user(user)
    if kommune is not None:
        hindre = hindre.filter(kommune=kommune)
    if etat is not None:
        hindre = hindre.filter(etat=etat)
    if status:
        hindre = hindre.filter(status=status)
    if pilot is not None:
        hindre = hindre.filter(pilot=pilot)
    # The meeting's kommune too: a meeting without a title is named after it.
    return hindre.select_related(
        "pilot", "kommune", "etat", "funnet_i_mote__kommune", "registrert_av"
    ).order_by("-opprettet", "-pk")


def regelhinder_detail(user) -> QuerySet[Regelhinder]:
    return Regelhinder.objects.for_user(user).select_related(
        "pilot", "kommune", "etat", "funnet_i_mote__kommune", "registrert_av"
    )


@dataclass
class Regelhinderhendelse:
    """One saved version of a rule barrier, as its history shows it."""

    tid: datetime
    hvem: object
    registrert: bool
    fra_status: str | None
    til_status: str | None
    endrede_felt: list[str]
    kommentar: str


# Fields whose changes the history names (the status is shown as from → to).
_HISTORIKK_FELT = ("tittel", "beskrivelse", "regel", "etat", "kommune", "pilot", "utfall")


def regelhinder_historikk(hinder: Regelhinder) -> list[Regelhinderhendelse]:
    """The rule barrier's history, oldest first: who saved, when, the status from →
    to when it moved, the other fields that changed and the comment given. One
    query."""
    versjoner = list(
        hinder.history.select_related("history_user").order_by("history_date", "history_id")
    )
    status_navn = dict(Regelhinder.Status.choices)
    hendelser = []
    forrige = None
    for v in versjoner:
        if forrige is None:
            fra, til, felt = None, status_navn.get(v.status, v.status), []
        else:
            endret = {
                c.field
                for c in v.diff_against(
                    forrige, included_fields=["status", *_HISTORIKK_FELT]
                ).changes
            }
            flyttet = "status" in endret
            fra = status_navn.get(forrige.status, forrige.status) if flyttet else None
            til = status_navn.get(v.status, v.status) if flyttet else None
            felt = [
                str(Regelhinder._meta.get_field(f).verbose_name)
                for f in _HISTORIKK_FELT
                if f in endret
            ]
        hendelser.append(
            Regelhinderhendelse(
                tid=v.history_date,
                hvem=v.history_user,
                registrert=forrige is None,
                fra_status=fra,
                til_status=til,
                endrede_felt=felt,
                kommentar=v.history_change_reason or "",
            )
        )
        forrige = v
    return hendelser


def regelhinder_eksport_rader(hindre: QuerySet[Regelhinder]) -> tuple[list[str], Iterator[list]]:
    """The header and rows of the rule barrier export (CSV/XLSX) of ``hindre``, a
    ``regelhinder_list`` queryset."""
    header = [
        _("Registrert"),
        _("Pilot"),
        _("Kommune"),
        _("Tittel"),
        _("Beskrivelse"),
        _("Regel, forskrift eller tildelingsbrev"),
        _("Etat som eier regelen"),
        _("Funnet i møte"),
        _("Status"),
        _("Utfall"),
    ]
    rows = eksportrader(
        hindre,
        lambda h: [
            h.opprettet,
            h.pilot.navn,
            h.kommune.navn if h.kommune else "",
            h.tittel,
            h.beskrivelse,
            h.regel,
            h.etat.navn if h.etat else "",
            str(h.funnet_i_mote or ""),
            h.get_status_display(),
            h.utfall,
        ],
    )
    return header, rows


# ---------------------------------------------------------------- calendar


def kalender_moter(user, *, dager_bakover: int = 30) -> QuerySet[Mote]:
    """Meetings for ``user``'s calendar: those they take part in, write, or lead the
    kommune of (and the team's own meetings for investment leaders), from a month ago."""
    fra = timezone.now() - timedelta(days=dager_bakover)
    mine = Q(deltakere__bruker=user) | Q(skrevet_av=user)
    led = Deltakelse.objects.filter(
        investeringsleder=user, pilot=OuterRef("pilot"), kommune=OuterRef("kommune")
    )
    mine |= Q(Exists(led))
    if access.follows_team_meetings(user):
        mine |= Q(kommune__isnull=True)
    ids = Mote.objects.for_user(user).filter(mine, start__gte=fra).values("pk")
    return (
        Mote.objects.filter(pk__in=ids)
        .exclude(status=Mote.Status.AVLYST)
        .select_related("kommune", "pilot")
        .order_by("start")
    )


def kalender_hendelser(user, *, absolutt_url: Callable[[str], str]) -> list[dict]:
    """The events of ``user``'s calendar feed (``kalender_moter``) as ``ical.calendar``
    takes them; ``absolutt_url`` makes a path a full address."""
    return [
        {
            "uid": f"mote-{m.pk}@velferdspilot",
            "start": m.start,
            "minutes": m.varighet_minutter,
            "summary": m.overskrift,
            "location": m.stedtekst,
            "description": m.agenda,
            "url": absolutt_url(m.get_absolute_url()),
            "cancelled": m.status == Mote.Status.AVLYST,
        }
        for m in kalender_moter(user)
    ]


# ---------------------------------------------------------------- search


@dataclass
class Treff:
    type: str
    tittel: str
    url: str
    utdrag: SafeString
    dato: date | None
    rank: float = 0.0


MARK_START = "\x02"
MARK_STOP = "\x03"


def _ord(q: str) -> list[str]:
    return [w for w in re.findall(r"\w+", q, flags=re.UNICODE) if len(w) >= 2][:8]


def _utdrag(tekst: str, ord_: list[str], bredde: int = 90) -> SafeString:
    """A short excerpt around the first match, HTML-escaped, matches in <mark>."""
    tekst = " ".join(tekst.split())
    lower = tekst.lower()
    pos = min((p for p in (lower.find(w.lower()) for w in ord_) if p >= 0), default=0)
    start = max(pos - bredde, 0)
    stop = min(pos + bredde, len(tekst))
    utdrag = ("… " if start else "") + tekst[start:stop] + (" …" if stop < len(tekst) else "")
    escaped = html.escape(utdrag)
    for w in ord_:
        escaped = re.sub(
            f"({re.escape(html.escape(w))})",
            r"<mark>\1</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    return mark_safe(escaped)  # noqa: S308 - built from escaped text only


def _headline_html(headline: str) -> SafeString:
    escaped = html.escape(headline)
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - built from escaped text only


@dataclass
class Kilde:
    """One kind of row the search reads: its rows for the user, the text fields, the
    stored search vector (or None: computed per query), the field it sorts by within a
    rank, and how a hit shows."""

    key: str
    label: str
    rader: QuerySet
    fields: list[str]
    sokevektor: str | None
    sortering: str
    tittel: Callable
    url: Callable
    dato: Callable


def _kilder(user) -> list[Kilde]:
    return [
        Kilde(
            "mote",
            _("Referat"),
            Mote.objects.for_user(user).select_related("kommune"),
            ["referat", "agenda", "tittel"],
            "sokevektor",
            "start",
            lambda o: str(o),
            lambda o: o.get_absolute_url(),
            lambda o: timezone.localtime(o.start).date(),
        ),
        Kilde(
            "beslutning",
            _("Beslutning"),
            Beslutning.objects.for_user(user).select_related("mote", "mote__kommune"),
            ["tekst"],
            "sokevektor",
            "id",
            lambda o: str(o.mote),
            lambda o: o.mote.get_absolute_url(),
            lambda o: timezone.localtime(o.mote.start).date(),
        ),
        Kilde(
            "oppfolging",
            _("Oppfølgingspunkt"),
            Oppfolgingspunkt.objects.for_user(user).select_related("mote", "mote__kommune"),
            ["tekst"],
            "sokevektor",
            "id",
            lambda o: str(o.mote),
            lambda o: o.mote.get_absolute_url() + f"#punkt-{o.pk}",
            lambda o: o.frist,
        ),
        Kilde(
            # Stored too: computing it per query cost 68 ms at national scale (1 500
            # barriers) and grew with the register.
            "regelhinder",
            _("Regelhinder"),
            Regelhinder.objects.for_user(user).select_related("kommune"),
            ["tittel", "beskrivelse", "regel", "utfall"],
            "sokevektor",
            "opprettet",
            lambda o: o.tittel,
            lambda o: reverse("investering:regelhinder_detail", args=[o.pk]),
            lambda o: timezone.localtime(o.opprettet).date(),
        ),
    ]


SOK_PER_SIDE = 25
SOK_MAKS_SIDER = 20


@dataclass
class Sokeside:
    treff: list[Treff]
    side: int
    har_neste: bool


def sok(user, q: str, *, side: int = 1, per_side: int = SOK_PER_SIDE) -> Sokeside:
    """One page of hits for ``q`` in minutes, decisions, follow-up points and rule
    barriers ``user`` may read, best first: one query per kind of row.

    On PostgreSQL: full-text search with the ``norwegian`` configuration on the stored
    search vectors (GIN indexes), ranked, with highlighted snippets. The Snowball
    stemmer does not split compounds, so "fattigdom" alone does not match
    "barnefattigdommen"; each word of three letters or more is therefore also matched
    as a substring (``icontains``, served by the trigram indexes), and such hits rank
    below full-text hits. On SQLite only the substring match is used.

    Pages: each kind gives its best ``side * per_side + 1`` rows, the merged list is
    cut to the page; there is a next page when more rows remain. At most
    ``SOK_MAKS_SIDER`` pages (narrow the search beyond that)."""
    ord_ = _ord(q)
    side = min(max(side, 1), SOK_MAKS_SIDER)
    if not ord_:
        return Sokeside([], side, False)
    postgres = connection.vendor == "postgresql"
    trenger = side * per_side + 1
    rader: list[tuple[float, int, int, Treff]] = []
    for nummer, kilde in enumerate(_kilder(user)):
        substring = Q()
        # Trigrams need three letters; shorter words are left to the full-text match.
        for w in [w for w in ord_ if len(w) >= 3 or not postgres]:
            substring &= _any_field_contains(kilde.fields, w)
        if postgres:
            rader_kilde = _fulltekst_treff(kilde, q, trenger)
            if len(rader_kilde) < trenger and substring:
                # Every full-text hit is in hand: the rest are substring hits, newest
                # first (an index scan that stops at the page), below them.
                rader_kilde += list(
                    kilde.rader.filter(substring)
                    .exclude(pk__in=[o.pk for o in rader_kilde])
                    .annotate(sortering=F(kilde.sortering))
                    .order_by(f"-{kilde.sortering}", "-pk")[: trenger - len(rader_kilde)]
                )
        else:
            rader_kilde = list(
                kilde.rader.filter(substring)
                .annotate(sortering=F(kilde.sortering))
                .order_by(f"-{kilde.sortering}", "-pk")[:trenger]
            )
        for rekke, o in enumerate(rader_kilde):
            tekst = " ".join(getattr(o, f) or "" for f in kilde.fields)
            headline = getattr(o, "headline", "") or ""
            utdrag = _headline_html(headline) if MARK_START in headline else _utdrag(tekst, ord_)
            rank = float(getattr(o, "rank", 0) or 0)
            treff = Treff(
                kilde.key,
                f"{kilde.label}: {kilde.tittel(o)}",
                kilde.url(o),
                utdrag,
                kilde.dato(o),
                rank,
            )
            # Ordered by rank, then the kind's own order: restricted to one kind the
            # merged order is that kind's, so pages neither skip nor repeat a hit.
            rader.append((rank, -nummer, -rekke, treff))
    rader.sort(key=lambda r: r[:3], reverse=True)
    fra = (side - 1) * per_side
    return Sokeside(
        [r[3] for r in rader[fra : fra + per_side]],
        side,
        len(rader) > fra + per_side and side < SOK_MAKS_SIDER,
    )


SOK_KANDIDATER = 2000


def _fulltekst_treff(kilde: Kilde, q: str, antall: int) -> list:
    """The best ``antall`` full-text hits of ``kilde`` for ``q`` with rank and snippet,
    in one query: ranked among the ``SOK_KANDIDATER`` newest hits (a word found in most
    minutes would otherwise rank every row), the page's columns, joins and snippets for
    the best rows only.

    The candidates are a derived table, "the newest hits, LIMIT SOK_KANDIDATER", read
    backwards along the sort column's index until enough hits are found, and ranked
    outside it. A range ("sort column at or after the candidates' oldest") left the
    planner to guess the bound and read every hit through the GIN index (26 ms for
    «bolig» in the national pilot's meetings, 9 ms this way); "id IN (the newest ids)"
    made it scan the whole table into a hash."""
    vector = (
        F(kilde.sokevektor) if kilde.sokevektor else SearchVector(*kilde.fields, config="norwegian")
    )
    query = SearchQuery(q, config="norwegian", search_type="websearch")
    rekkefolge = ("-rank", f"-{kilde.sortering}", "-pk")
    kandidater = (
        kilde.rader.annotate(treff=vector)
        .filter(treff=query)
        .annotate(k_id=F("pk"), k_sort=F(kilde.sortering), k_rank=SearchRank(vector, query))
        .order_by(f"-{kilde.sortering}", "-pk")
        .values("k_id", "k_sort", "k_rank")[:SOK_KANDIDATER]
    )
    sql, params = kandidater.query.sql_with_params()
    # The inner SQL is the ORM's own, its values kept apart as parameters.
    utvalg = f"SELECT c.k_id FROM ({sql}) c"  # noqa: S608
    beste = RawSQL(  # noqa: S611
        f"{utvalg} ORDER BY c.k_rank DESC, c.k_sort DESC, c.k_id DESC LIMIT %s",
        (*params, antall),
    )
    combined = Concat(*[v for f in kilde.fields for v in (f, Value(" "))], output_field=TextField())
    return list(
        kilde.rader.filter(pk__in=beste)
        .annotate(
            rank=SearchRank(vector, query),
            sortering=F(kilde.sortering),
            headline=SearchHeadline(
                combined,
                query,
                config="norwegian",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by(*rekkefolge)
    )


def _any_field_contains(fields: list[str], word: str) -> Q:
    q = Q()
    for f in fields:
        q |= Q(**{f"{f}__icontains": word})
    return q


# ---------------------------------------------------------------- figures for reports


def tall_per_kommune(
    kommune_ids: list[int], pilot_id: int, start: date, slutt: date
) -> dict[int, dict]:
    """For the half-yearly report (evaluering reads this): per kommune id, meetings
    held in the period, follow-up points still open and overdue at the end of the
    period, and rule barriers registered in the period and lifted to national level.
    Three queries whatever the number of kommuner."""
    fra = _day_start(start)
    til = _day_start(slutt + timedelta(days=1))
    ut: dict[int, dict] = {
        k: {
            "moter_holdt": 0,
            "apne_punkter": 0,
            "forfalte_punkter": 0,
            "regelhindre_nye": 0,
            "regelhindre_loftet": 0,
        }
        for k in kommune_ids
    }
    moter = (
        Mote.objects.filter(
            pilot_id=pilot_id,
            kommune_id__in=kommune_ids,
            status=Mote.Status.GJENNOMFORT,
            start__gte=fra,
            start__lt=til,
        )
        .values("kommune_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in moter:
        ut[row["kommune_id"]]["moter_holdt"] = row["n"]
    # Open at the end of the period: created by then, and not closed by then.
    punkter = (
        Oppfolgingspunkt.objects.filter(
            mote__pilot_id=pilot_id, mote__kommune_id__in=kommune_ids, mote__start__lt=til
        )
        .filter(Q(lukket_dato__isnull=True) | Q(lukket_dato__gt=slutt))
        .exclude(status=Oppfolgingspunkt.Status.LUKKET, lukket_dato__isnull=True)
        .values("mote__kommune_id")
        .annotate(n=Count("pk"), forfalt=Count("pk", filter=Q(frist__lt=slutt)))
        .order_by()
    )
    for row in punkter:
        ut[row["mote__kommune_id"]]["apne_punkter"] = row["n"]
        ut[row["mote__kommune_id"]]["forfalte_punkter"] = row["forfalt"]
    hindre = (
        Regelhinder.objects.filter(pilot_id=pilot_id, kommune_id__in=kommune_ids)
        .values("kommune_id")
        .annotate(
            nye=Count("pk", filter=Q(opprettet__gte=fra, opprettet__lt=til)),
            loftet=Count(
                "pk",
                filter=Q(status__in=[Regelhinder.Status.LOFTET, Regelhinder.Status.ENDRET]),
            ),
        )
        .order_by()
    )
    for row in hindre:
        ut[row["kommune_id"]]["regelhindre_nye"] = row["nye"]
        ut[row["kommune_id"]]["regelhindre_loftet"] = row["loftet"]
    return ut
