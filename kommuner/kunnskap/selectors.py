"""Reads for the knowledge-base pages, each in a fixed number of queries whatever the
number of indicators, periods or kommuner."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from felles.datastand import hurtig_selector
from felles.paginering import sideutsnitt
from felles.svg import BRUN, Series, line_chart
from felles.tabellfil import eksportrader
from kommuner.apps import KUNNSKAP_SNITT

from ..models import Deltakelse, Kommune
from . import snitt
from .models import (
    Indikator,
    Indikatorverdi,
    Nullpunkt,
    Utfordringsbilde,
    Virkemiddel,
    periode_parse,
    periode_sort_key,
)
from .services import forfalte_perioder, forrige_periode

Status = Indikatorverdi.Status
SYNLIGE_FOR_LESERE = [Status.SENDT_INN, Status.GODKJENT, Status.RETURNERT]

# ------------------------------------------------------------- indicator table


@dataclass
class Celle:
    periode: str
    verdi: Indikatorverdi | None
    endring: Decimal | None = None
    snitt: Decimal | None = None


@dataclass
class Rad:
    indikator: Indikator
    nullpunkt: Nullpunkt | None
    celler: list[Celle] = field(default_factory=list)

    @property
    def har_verdier(self) -> bool:
        return any(c.verdi for c in self.celler)

    def chart_data(self) -> dict:
        return {
            "id": self.indikator.pk,
            "navn": self.indikator.navn,
            "perioder": [c.periode for c in self.celler],
            "verdier": [_num(c.verdi.verdi) if c.verdi else None for c in self.celler],
            "snitt": [_num(c.snitt) for c in self.celler],
            "nullpunkt": _num(self.nullpunkt.verdi) if self.nullpunkt else None,
            "etiketter": {
                "kommune": _("Kommunen"),
                "snitt": _("Snitt deltakende kommuner"),
                "nullpunkt": _("Nullpunkt"),
            },
        }


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def indikatordiagram(rad: Rad) -> SafeString:
    """The knowledge package's chart of one indicator: the kommune's values (solid,
    circles) and the participating kommuner's average (dashed, squares) over the
    periods, with the baseline as a dotted line."""
    return line_chart(
        labels=[c.periode for c in rad.celler],
        series=[
            Series(
                values=[_num(c.snitt) for c in rad.celler],
                colour=BRUN,
                dashed=True,
                marker="square",
            ),
            Series(values=[_num(c.verdi.verdi) if c.verdi else None for c in rad.celler]),
        ],
        reference=_num(rad.nullpunkt.verdi) if rad.nullpunkt else None,
        title=_("Utvikling for %(navn)s; tallene står i tabellen") % {"navn": rad.indikator.navn},
        css_class="kunnskap-svg",
    )


def deltakende_kommuner() -> QuerySet[Kommune]:
    return Kommune.objects.filter(deltakelser__status=Deltakelse.Status.DELTAR).distinct()


# Periods the knowledge-base page shows at a time (newest first, older on next pages):
# three years of half-years. With eight, a kommune reporting every indicator each
# half-year (30 indicators at national scale) made a page of 260 KiB, over issue #23's
# 200 KiB; the knowledge package (PDF) shows eight.
PERIODER_PER_SIDE = 6


def _statuser(med_utkast: bool) -> list[str]:
    return list(Status.values) if med_utkast else SYNLIGE_FOR_LESERE


def periodeside(*, kommune: Kommune, med_utkast: bool, side) -> Page:
    """A page of the periods the kommune has values for, newest first
    (``PERIODER_PER_SIDE`` to a page): one query, of the distinct periods."""
    alle = (
        Indikatorverdi.objects.filter(kommune=kommune, status__in=_statuser(med_utkast))
        .order_by()
        .values_list("periode", flat=True)
        .distinct()
    )
    nyest_forst = sorted(alle, key=periode_sort_key, reverse=True)
    return sideutsnitt(nyest_forst, side, per_side=PERIODER_PER_SIDE)


def indikatortabell(
    *, kommune: Kommune, med_utkast: bool, perioder: list[str] | None = None
) -> tuple[list[str], list[Rad]]:
    """Rows per active indicator with cells per period (``perioder``, or all periods
    with any value for this kommune), change from baseline, and the average of approved
    values in participating kommuner. Four queries: indicators, values, baselines,
    averages."""
    indikatorer = list(Indikator.objects.filter(aktiv=True))
    verdier_qs = Indikatorverdi.objects.filter(kommune=kommune, status__in=_statuser(med_utkast))
    if perioder is not None:
        verdier_qs = verdier_qs.filter(periode__in=perioder)
    # Each value gets its indicator from the list above (a row per value joined and
    # built again cost more than the rest of the table); only active ones are shown.
    per_pk = {i.pk: i for i in indikatorer}
    verdier = list(verdier_qs)
    for v in verdier:
        if v.indikator_id in per_pk:
            v.indikator = per_pk[v.indikator_id]
    nullpunkter = {n.indikator_id: n for n in Nullpunkt.objects.filter(kommune=kommune)}
    perioder = sorted({v.periode for v in verdier}, key=periode_sort_key)
    snitt = snitt_deltakende(perioder)
    by_key = {(v.indikator_id, v.periode): v for v in verdier}
    rader = []
    for indikator in indikatorer:
        nullpunkt = nullpunkter.get(indikator.pk)
        rad = Rad(indikator=indikator, nullpunkt=nullpunkt)
        for periode in perioder:
            verdi = by_key.get((indikator.pk, periode))
            endring = nullpunkt.endring(verdi.verdi) if (nullpunkt and verdi) else None
            snittverdi = snitt.get((indikator.pk, periode))
            if snittverdi is not None:
                snittverdi = Decimal(snittverdi).quantize(Decimal("0.01"))
            rad.celler.append(Celle(periode, verdi, endring, snittverdi))
        rader.append(rad)
    return perioder, rader


@hurtig_selector(grupper=(KUNNSKAP_SNITT,), sprak=False)
def snitt_deltakende(perioder: list[str]) -> dict[tuple[int, str], Decimal]:
    """The average of approved values over every participating kommune, per
    (indicator id, period): read from the averages kept in PostgreSQL (``snitt``; a
    marked pair computed again first) and kept until an approved value or a
    participation changes (one query for the stamp). Inside the knowledge-base page's
    kept indicator tables (``views._indikatorer``) it is computed as part of them
    (``felles.datastand``)."""
    return snitt.snitt(perioder)


# ------------------------------------------------------------- period form


@dataclass
class Skjemarad:
    indikator: Indikator
    verdi: Indikatorverdi | None
    forrige: Indikatorverdi | None
    nullpunkt: Nullpunkt | None


def periodeskjema(*, kommune: Kommune, periode: str) -> list[Skjemarad]:
    """For the contact person's form: each active indicator with this period's value,
    last period's value and the baseline. Three queries."""
    forrige = forrige_periode(periode)
    verdier = {
        (v.indikator_id, v.periode): v
        for v in Indikatorverdi.objects.filter(kommune=kommune, periode__in=[periode, forrige])
    }
    nullpunkter = {n.indikator_id: n for n in Nullpunkt.objects.filter(kommune=kommune)}
    return [
        Skjemarad(
            indikator=i,
            verdi=verdier.get((i.pk, periode)),
            forrige=verdier.get((i.pk, forrige)),
            nullpunkt=nullpunkter.get(i.pk),
        )
        for i in Indikator.objects.filter(aktiv=True)
    ]


def til_behandling(*, kommune: Kommune) -> list[Indikatorverdi]:
    return list(
        Indikatorverdi.objects.filter(kommune=kommune, status=Status.SENDT_INN)
        .select_related("indikator", "sendt_inn_av")
        .order_by("periode", "indikator__rekkefolge", "indikator__navn")
    )


def manglende_nullpunkter(*, kommune: Kommune) -> list[Indikator]:
    return list(Indikator.objects.filter(aktiv=True).exclude(nullpunkter__kommune=kommune))


# ------------------------------------------------------------- contact person home


@dataclass
class KontaktHjem:
    kommune: Kommune
    forfalt: list[tuple[str, int, int]]  # (periode, mangler, antall indikatorer)
    returnert: list[Indikatorverdi]
    godkjent: list[Indikatorverdi]
    mangler_nullpunkt: int


def kontakt_hjem(*, user) -> KontaktHjem | None:
    """What the contact person's home page shows: periods still missing values,
    returned values with their comment, and recent approvals. Five queries."""
    kommune = user.kommune if user.kommune_id else None
    if kommune is None:
        return None
    antall = Indikator.objects.filter(aktiv=True).count()
    perioder = forfalte_perioder()
    har = dict(
        Indikatorverdi.objects.filter(kommune=kommune, periode__in=perioder, indikator__aktiv=True)
        .values_list("periode")
        .annotate(n=Count("pk"))
    )
    forfalt = [(p, antall - har.get(p, 0), antall) for p in perioder if har.get(p, 0) < antall]
    qs = Indikatorverdi.objects.filter(kommune=kommune).select_related("indikator", "behandlet_av")
    return KontaktHjem(
        kommune=kommune,
        forfalt=forfalt,
        returnert=list(qs.filter(status=Status.RETURNERT).order_by("-behandlet_tid")[:20]),
        godkjent=list(qs.filter(status=Status.GODKJENT).order_by("-behandlet_tid")[:5]),
        mangler_nullpunkt=antall
        - Nullpunkt.objects.filter(kommune=kommune, indikator__aktiv=True).count(),
    )


def til_godkjenning(*, kommuner: QuerySet[Kommune]) -> list[tuple[Kommune, str, int]]:
    """(kommune, periode, number of submitted values) for ``kommuner``. One query."""
    rows = (
        Indikatorverdi.objects.filter(status=Status.SENDT_INN, kommune__in=kommuner)
        .values("kommune__kommunenummer", "kommune__navn", "periode")
        .annotate(n=Count("pk"))
        .order_by("kommune__navn", "periode")
    )
    return [
        (
            Kommune(kommunenummer=r["kommune__kommunenummer"], navn=r["kommune__navn"]),
            r["periode"],
            r["n"],
        )
        for r in rows
    ]


# ------------------------------------------------------------- other tabs


def utfordringsbilde_for(*, kommune: Kommune) -> Utfordringsbilde | None:
    return Utfordringsbilde.objects.filter(kommune=kommune).first()


def utfordringsbilde_med_historikk(*, kommune: Kommune):
    bilde = Utfordringsbilde.objects.filter(kommune=kommune).first()
    if bilde is None:
        return None, []
    return bilde, list(bilde.history.select_related("history_user").order_by("-history_date"))


def virkemidler_for_tema(*, tema: str) -> list[Virkemiddel]:
    qs = Virkemiddel.objects.filter(aktiv=True).select_related("etat")
    if tema:
        qs = qs.filter(tema=tema)
    return list(qs)


def virkemidler_utenom_tema(*, tema: str) -> list[Virkemiddel]:
    return list(Virkemiddel.objects.filter(aktiv=True).exclude(tema=tema).select_related("etat"))


def eksportrader_kommune(*, kommune: Kommune, statuser: list[str]) -> Iterator[list]:
    return eksportrader(
        Indikatorverdi.objects.filter(kommune=kommune, status__in=statuser)
        .select_related("kommune", "indikator")
        .order_by("indikator__rekkefolge", "indikator__navn", "periode"),
        lambda v: [
            v.kommune.kommunenummer,
            v.indikator.navn,
            v.periode,
            v.verdi.normalize() if v.er_tilgjengelig else v.mangler_grunn,
            v.kommentar,
            v.get_status_display(),
            v.opphav,
        ],
    )


def eksportrader_indikator(*, kommuner: QuerySet[Kommune], indikator: Indikator) -> Iterator[list]:
    """One indicator across ``kommuner``; drafts are left out."""
    return eksportrader(
        Indikatorverdi.objects.filter(
            kommune__in=kommuner, indikator=indikator, status__in=SYNLIGE_FOR_LESERE
        )
        .select_related("kommune")
        .order_by("kommune__navn", "periode"),
        lambda v: [
            v.kommune.kommunenummer,
            v.kommune.navn,
            v.periode,
            v.verdi.normalize() if v.er_tilgjengelig else v.mangler_grunn,
            v.kommentar,
            v.get_status_display(),
            v.opphav,
        ],
    )


def perioder_gruppert(verdier) -> dict[str, list]:
    grupper = defaultdict(list)
    for v in verdier:
        grupper[v.periode].append(v)
    return dict(grupper)


def ssb_konflikter(*, kommune: Kommune) -> list:
    """Open conflicts between SSB's figures and the kommune's own values. One query."""
    from .models import SsbKonflikt

    return list(
        SsbKonflikt.objects.filter(verdi__kommune=kommune, valg="")
        .select_related("verdi", "verdi__indikator")
        .order_by("verdi__periode", "verdi__indikator__rekkefolge")
    )


def indikatorkatalog():
    """Every indicator, active or not, with its SSB source (one query)."""
    return Indikator.objects.select_related("ssb_kilde").order_by("-aktiv", "rekkefolge", "navn")


def indikator_historikk(indikator, antall: int = 50) -> list:
    """An indicator's saved versions, newest first, with who saved them."""
    return list(
        indikator.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :antall
        ]
    )


def valideringsregler():
    """Every validation rule with both sides (three queries)."""
    from .models import Valideringsregel

    return Valideringsregel.objects.prefetch_related("venstre", "hoyre").order_by("-aktiv", "navn")


# ------------------------------------------------------------- data quality per pilot

#: Kommuner per page of the data-quality page.
#: Months after a period ends that its values are due; a submission after is late.
FRIST_MAANEDER = 3


def frist(periode: str) -> datetime:
    """When a period's values are due: ``FRIST_MAANEDER`` months after it ends
    (2025 → 1 April 2026 00:00, 2025-H1 → 1 October 2025, Europe/Oslo); a value first
    submitted at or after this is late."""
    aar, halvaar = periode_parse(periode)
    slutt_maaned = 6 if halvaar == 1 else 12
    maaned = slutt_maaned + FRIST_MAANEDER + 1
    aar, maaned = aar + (maaned - 1) // 12, (maaned - 1) % 12 + 1
    return datetime(aar, maaned, 1, tzinfo=timezone.get_default_timezone())


def datakvalitet_perioder(today: date | None = None) -> list[str]:
    """The periods the page shows: the last three finished years and the last two
    finished half-years, oldest first."""
    aar, halvaar = forfalte_perioder(today)
    siste = int(aar)
    halvaar_2 = forrige_periode(halvaar)
    return [str(siste - 2), str(siste - 1), str(siste), halvaar_2, halvaar]


def _periodeslag(periode: str) -> list[str]:
    """The indicators' period types that are reported for ``periode``."""
    _aar, halvaar = periode_parse(periode)
    P = Indikator.Periodetype
    return [P.AAR] if halvaar is None else [P.HALVAAR, P.KVARTAL]


@dataclass
class Kvalitetscelle:
    periode: str
    forventet: int
    rapportert: int = 0
    godkjent: int = 0

    @property
    def prosent(self) -> int | None:
        if not self.forventet:
            return None
        return min(100, round(100 * self.rapportert / self.forventet))


@dataclass
class Kvalitetsrad:
    kommune: Kommune
    celler: list[Kvalitetscelle]
    flagget: int = 0
    returnert: int = 0
    sent: int = 0


@dataclass
class Datakvalitet:
    perioder: list[str]
    side: Page
    rader: list[Kvalitetsrad]
    forventet: dict[str, int]


def datakvalitet(*, pilot, side, today: date | None = None) -> Datakvalitet:
    """DHIS2's reporting rate and more, per participating kommune of ``pilot`` (a page
    of ``felles.paginering.SIDESTORRELSE``): per period the indicators reported (submitted or
    approved; only indicators reported for that kind of period count) of those expected,
    and over the periods the values flagged, returned and not submitted again, and
    submitted late (after ``frist``; fetched values are not counted late). Everything is
    counted in the database: four queries (the page's count, the page of kommuner, the
    expected numbers, the counts) whatever the number of kommuner or values."""
    perioder = datakvalitet_perioder(today)
    deltakelser = (
        Deltakelse.objects.filter(pilot=pilot, status=Deltakelse.Status.DELTAR)
        .select_related("kommune")
        .order_by("kommune__navn", "pk")
    )
    side = sideutsnitt(deltakelser, side)
    kommuner = [d.kommune for d in side.object_list]
    P = Indikator.Periodetype
    antall = Indikator.objects.filter(aktiv=True).aggregate(
        aar=Count("pk", filter=Q(periodetype=P.AAR)),
        halvaar=Count("pk", filter=Q(periodetype__in=[P.HALVAAR, P.KVARTAL])),
    )
    forventet = {p: antall["halvaar" if periode_parse(p)[1] else "aar"] for p in perioder}
    rapportert_q = Q(status__in=[Status.SENDT_INN, Status.GODKJENT])
    i_riktig_slag = Q()
    sent_q = Q()
    for periode in perioder:
        slag = Q(periode=periode, indikator__periodetype__in=_periodeslag(periode))
        i_riktig_slag |= slag
        sent_q |= Q(periode=periode, sendt_inn_tid__gte=frist(periode))
    tellinger = (
        Indikatorverdi.objects.filter(
            kommune__in=kommuner, periode__in=perioder, indikator__aktiv=True
        )
        .order_by()
        .values("kommune_id", "periode")
        .annotate(
            rapportert=Count("pk", filter=rapportert_q & i_riktig_slag),
            godkjent=Count("pk", filter=Q(status=Status.GODKJENT) & i_riktig_slag),
            flagget=Count("pk", filter=~Q(advarsler=[]) & ~Q(status=Status.GODKJENT)),
            returnert=Count("pk", filter=Q(status=Status.RETURNERT)),
            sent=Count("pk", filter=sent_q & Q(opphav="") & ~Q(status=Status.UTKAST)),
        )
    )
    per_kommune: dict[int, dict[str, dict]] = defaultdict(dict)
    for rad in tellinger:
        per_kommune[rad["kommune_id"]][rad["periode"]] = rad
    rader = []
    for kommune in kommuner:
        tall = per_kommune.get(kommune.pk, {})
        rad = Kvalitetsrad(kommune=kommune, celler=[])
        for periode in perioder:
            t = tall.get(periode, {})
            rad.celler.append(
                Kvalitetscelle(
                    periode=periode,
                    forventet=forventet[periode],
                    rapportert=t.get("rapportert", 0),
                    godkjent=t.get("godkjent", 0),
                )
            )
            rad.flagget += t.get("flagget", 0)
            rad.returnert += t.get("returnert", 0)
            rad.sent += t.get("sent", 0)
        rader.append(rad)
    return Datakvalitet(perioder=perioder, side=side, rader=rader, forventet=forventet)
