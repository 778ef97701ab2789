"""The contact person's home page, grants part, and the reports a user sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone

from kommuner.models import Kommune

from ..models import (
    Rapport,
    Soknad,
    Tildeling,
    Vedtak,
    rapportfrist,
)
from .soknader import aapne_runder_for

# Rows in each list on the contact person's home page; the lists link to the full ones.
HJEM_ANTALL = 5


@dataclass
class Forkortet:
    """The first ``HJEM_ANTALL`` rows of a list, and whether there are more (read as
    one row more, so no count is needed)."""

    rader: list
    flere: bool

    @classmethod
    def av(cls, rader) -> Forkortet:
        rader = list(rader)
        return cls(rader=rader[:HJEM_ANTALL], flere=len(rader) > HJEM_ANTALL)


@dataclass
class Rapportkrav:
    """A use-of-funds report a grant (a decision with money, an allocation) requires:
    its due date, and whether it is delivered, due or overdue."""

    tittel: str
    aar: int
    frist: date
    levert: datetime | None
    url: str
    idag: date

    @property
    def status(self) -> str:
        if self.levert:
            return "levert"
        return "forfalt" if self.frist < self.idag else "skal_leveres"


@dataclass
class KommuneHjem:
    """What the contact person's home page shows of grants (``kommune_hjem``)."""

    kommune: Kommune
    runder: Forkortet
    utkast: Forkortet
    vedtak: Forkortet
    rapporter: Forkortet


def _egen_soknad(kommune: Kommune, felt: str):
    """The kommune's newest application in the round (withdrawn ones left out)."""
    return Subquery(
        Soknad.objects.filter(runde=OuterRef("pk"), kommune=kommune)
        .exclude(status=Soknad.Status.TRUKKET)
        .order_by("-opprettet", "-pk")
        .values(felt)[:1]
    )


def kommune_hjem(*, kommune: Kommune, now: datetime | None = None) -> KommuneHjem:
    """The grants on ``kommune``'s home page, each list cut at ``HJEM_ANTALL``: the open
    rounds it may apply to (soonest deadline first, each with the kommune's own
    application there, if any), its drafts, its decisions (newest first, amended ones
    marked by their version) and the use-of-funds reports its grants require (the
    undelivered first, by due date). Five queries, whatever the kommune has."""
    now = now or timezone.now()
    idag = timezone.localdate(now)
    runder = (
        aapne_runder_for(kommune, now=now)
        .select_related("pilot")
        .annotate(
            egen_soknad_id=_egen_soknad(kommune, "pk"),
            egen_soknad_status=_egen_soknad(kommune, "status"),
        )
    )
    utkast = (
        Soknad.objects.filter(kommune=kommune, status=Soknad.Status.UTKAST)
        .select_related("runde")
        .order_by("runde__stenger", "-opprettet")
    )
    vedtak = (
        Vedtak.objects.filter(soknad__kommune=kommune)
        .select_related("soknad")
        .order_by("-vedtatt", "-pk")
    )

    def rapportkrav(qs, grunnlag: str, url: str, **felt: str) -> list[Rapportkrav]:
        """The grants of ``qs`` with the first report on each (``grunnlag`` names the
        report's link to the grant), the undelivered first: one query."""
        rapport = Rapport.objects.filter(**{grunnlag: OuterRef("pk")}).order_by("innsendt")
        rader = (
            qs.annotate(rapport_innsendt=Subquery(rapport.values("innsendt")[:1]))
            .values(levert=F("rapport_innsendt"), **{n: F(f) for n, f in felt.items()})
            .order_by(F("rapport_innsendt").desc(nulls_first=True), felt["aar"], "pk")
        )
        return [
            Rapportkrav(
                tittel=r["navn"] or f"{r['pottnavn']} {r['aar']}",
                aar=r["aar"],
                frist=rapportfrist(r["aar"]),
                levert=r["levert"],
                url=reverse(url, args=[r["nr"]]),
                idag=idag,
            )
            for r in rader[: HJEM_ANTALL + 1]
        ]

    krav = rapportkrav(
        Vedtak.objects.filter(soknad__kommune=kommune, belop_innvilget__gt=0),
        "vedtak",
        "tilskudd:rapport_ny",
        nr="soknad_id",
        navn="soknad__tittel",
        pottnavn="soknad__runde__pott__navn",
        aar="soknad__runde__pott__aar",
    ) + rapportkrav(
        Tildeling.objects.filter(kommune=kommune),
        "tildeling",
        "tilskudd:tildeling_rapport",
        nr="pk",
        navn="formaal",
        pottnavn="pott__navn",
        aar="pott__aar",
    )
    krav.sort(key=lambda k: (k.levert is not None, k.frist, k.tittel))
    return KommuneHjem(
        kommune=kommune,
        runder=Forkortet.av(runder[: HJEM_ANTALL + 1]),
        utkast=Forkortet.av(utkast[: HJEM_ANTALL + 1]),
        vedtak=Forkortet.av(vedtak[: HJEM_ANTALL + 1]),
        rapporter=Forkortet.av(krav),
    )


def rapporter_for(user) -> QuerySet[Rapport]:
    return Rapport.objects.for_user(user).select_related("kommune")
