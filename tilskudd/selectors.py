"""Reads for the grant pages, shaped so each page costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kommuner.models import Kommune

from .models import (
    Pott,
    PottKilde,
    Rapport,
    Soknad,
    Tildeling,
    Tilskuddsordning,
    Tilskuddsrunde,
    Utbetaling,
    Vedtak,
)


def _sum_subquery(qs: QuerySet, group: str, field_name: str):
    return Coalesce(
        Subquery(
            qs.values(group).annotate(s=Sum(field_name)).values("s")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def potter_med_tall() -> QuerySet[Pott]:
    """Pots with ``innvilget`` (decisions), ``tildelt`` (allocations) and ``utbetalt``
    annotated, and their sources prefetched: two queries for any number of pots."""
    return (
        Pott.objects.select_related("pilot")
        .annotate(
            innvilget=_sum_subquery(
                Vedtak.objects.filter(soknad__runde__pott=OuterRef("pk")),
                "soknad__runde__pott",
                "belop_innvilget",
            ),
            tildelt=_sum_subquery(Tildeling.objects.filter(pott=OuterRef("pk")), "pott", "belop"),
            utbetalt=_sum_subquery(Utbetaling.objects.filter(pott=OuterRef("pk")), "pott", "belop"),
        )
        .prefetch_related(
            Prefetch("kilder", queryset=PottKilde.objects.select_related("ordning__eier"))
        )
        .order_by("-aar", "navn")
    )


def ordninger() -> QuerySet[Tilskuddsordning]:
    return Tilskuddsordning.objects.select_related("eier")


def runder_med_tall() -> QuerySet[Tilskuddsrunde]:
    return (
        Tilskuddsrunde.objects.select_related("pott", "pilot")
        .annotate(
            antall_soknader=Count(
                "soknader", filter=~Q(soknader__status=Soknad.Status.UTKAST), distinct=True
            )
        )
        .order_by("-aapner")
    )


SORTERING = {
    "kommune": "kommune__navn",
    "-kommune": "-kommune__navn",
    "belop": "belop_sokt",
    "-belop": "-belop_sokt",
    "sendt": "sendt_inn",
    "-sendt": "-sendt_inn",
    "status": "status",
    "-status": "-status",
    "tittel": "tittel",
    "-tittel": "-tittel",
}


def soknadsko(
    *, runde: Tilskuddsrunde, status: str = "", kommune: str = "", sort: str = ""
) -> QuerySet[Soknad]:
    """Applications of a round that have been sent in (drafts are the kommune's own)."""
    qs = (
        runde.soknader.exclude(status=Soknad.Status.UTKAST)
        .select_related("kommune", "vedtak")
        .order_by(SORTERING.get(sort, "sendt_inn"), "pk")
    )
    if status:
        qs = qs.filter(status=status)
    if kommune:
        qs = qs.filter(kommune__kommunenummer=kommune)
    return qs


def summer(soknader: QuerySet[Soknad]) -> dict:
    return soknader.order_by().aggregate(
        sokt=Coalesce(Sum("belop_sokt"), 0),
        innvilget=Coalesce(Sum("vedtak__belop_innvilget"), 0),
        antall=Count("pk"),
    )


def tidligere_tilskudd(*, kommune: Kommune, unntatt_soknad: Soknad | None = None) -> dict:
    """What a kommune has been granted before: decisions and allocations."""
    vedtak = (
        Vedtak.objects.filter(soknad__kommune=kommune)
        .select_related("soknad__runde__pott")
        .order_by("-vedtatt")
    )
    if unntatt_soknad is not None:
        vedtak = vedtak.exclude(soknad=unntatt_soknad)
    tildelinger = Tildeling.objects.filter(kommune=kommune).select_related("pott")
    return {"vedtak": vedtak, "tildelinger": tildelinger}


def mine_soknader(user) -> QuerySet[Soknad]:
    return (
        Soknad.objects.for_user(user)
        .select_related("runde", "kommune", "vedtak")
        .order_by("-opprettet")
    )


def aapne_runder_for(kommune: Kommune, now=None) -> QuerySet[Tilskuddsrunde]:
    now = now or timezone.now()
    return (
        Tilskuddsrunde.objects.filter(aapner__lte=now, stenger__gt=now)
        .filter(Q(alle_kommuner=True) | Q(kommuner=kommune))
        .select_related("pott")
        .distinct()
        .order_by("stenger")
    )


def rapporter_for(user) -> QuerySet[Rapport]:
    return Rapport.objects.for_user(user).select_related("kommune")


# --- the overview -----------------------------------------------------------------


@dataclass
class Linje:
    """One row of the overview: granted and paid for one key."""

    noekkel: tuple
    etikett: list[str]
    innvilget: int = 0
    utbetalt: int = 0

    @property
    def gjenstaar(self) -> int:
        return self.innvilget - self.utbetalt


@dataclass
class Oversikt:
    per_aar: list[Linje] = field(default_factory=list)
    per_kommune: list[Linje] = field(default_factory=list)
    per_ordning: list[Linje] = field(default_factory=list)
    detaljer: list[Linje] = field(default_factory=list)
    sum_innvilget: int = 0
    sum_utbetalt: int = 0


def _mottaker_navn(kommune_navn, etat_navn) -> str:
    return kommune_navn or etat_navn or "–"


def oversikt(*, kommune: Kommune | None = None, pilot_id: int | None = None) -> Oversikt:
    """Granted and paid per year, per receiver, per pot and per scheme, for one kommune
    or pilot if given. Four queries, whatever the number of grants. A pot pooled from
    several schemes is shared out on the schemes in proportion to its sources where the
    sources give the split; where they do not, its money is shown under the pot as a
    whole."""
    vedtak = Vedtak.objects.all()
    tildelinger = Tildeling.objects.all()
    utbetalinger = Utbetaling.objects.all()
    if pilot_id is not None:
        vedtak = vedtak.filter(
            Q(soknad__runde__pilot_id=pilot_id) | Q(soknad__runde__pott__pilot_id=pilot_id)
        )
        tildelinger = tildelinger.filter(pott__pilot_id=pilot_id)
        utbetalinger = utbetalinger.filter(
            Q(pott__pilot_id=pilot_id) | Q(vedtak__soknad__runde__pilot_id=pilot_id)
        )
    if kommune is not None:
        vedtak = vedtak.filter(soknad__kommune=kommune)
        tildelinger = tildelinger.filter(kommune=kommune)
        utbetalinger = utbetalinger.filter(kommune=kommune)
    # Query 1: decisions grouped by pot and kommune.
    rows = [
        (r["soknad__runde__pott"], r["soknad__kommune__navn"], None, r["s"], 0)
        for r in vedtak.values("soknad__runde__pott", "soknad__kommune__navn")
        .annotate(s=Sum("belop_innvilget"))
        .order_by()
    ]
    # Query 2: allocations grouped by pot and receiver.
    rows += [
        (r["pott"], r["kommune__navn"], r["etat__navn"], r["s"], 0)
        for r in tildelinger.values("pott", "kommune__navn", "etat__navn")
        .annotate(s=Sum("belop"))
        .order_by()
    ]
    # Query 3: payments grouped by pot and receiver (etat payments have no kommune).
    rows += [
        (r["pott"], r["kommune__navn"], r["tildeling__etat__navn"], 0, r["s"])
        for r in utbetalinger.values("pott", "kommune__navn", "tildeling__etat__navn")
        .annotate(s=Sum("belop"))
        .order_by()
    ]
    # Query 4: the pots involved, with their sources.
    pott_ids = {r[0] for r in rows}
    potter = {
        p.pk: p
        for p in Pott.objects.filter(pk__in=pott_ids).prefetch_related(
            Prefetch("kilder", queryset=PottKilde.objects.select_related("ordning"))
        )
    }
    detaljer: dict[tuple, Linje] = {}
    per_aar: dict[tuple, Linje] = {}
    per_kommune: dict[tuple, Linje] = {}
    per_ordning: dict[tuple, Linje] = {}
    result = Oversikt()
    for pott_id, kommune_navn, etat_navn, innvilget, utbetalt in rows:
        pott = potter[pott_id]
        mottaker = _mottaker_navn(kommune_navn, etat_navn)
        for bucket, key, label in (
            (detaljer, (pott.aar, mottaker, str(pott)), [str(pott.aar), mottaker, str(pott)]),
            (per_aar, (pott.aar,), [str(pott.aar)]),
            (per_kommune, (mottaker,), [mottaker]),
        ):
            linje = bucket.setdefault(key, Linje(noekkel=key, etikett=label))
            linje.innvilget += innvilget
            linje.utbetalt += utbetalt
        for navn, andel_inn, andel_ut in _fordel_paa_ordninger(pott, innvilget, utbetalt):
            key = (pott.aar, navn)
            linje = per_ordning.setdefault(key, Linje(noekkel=key, etikett=[str(pott.aar), navn]))
            linje.innvilget += andel_inn
            linje.utbetalt += andel_ut
        result.sum_innvilget += innvilget
        result.sum_utbetalt += utbetalt
    result.detaljer = sorted(detaljer.values(), key=lambda linje: linje.noekkel)
    result.per_aar = sorted(per_aar.values(), key=lambda linje: linje.noekkel)
    result.per_kommune = sorted(per_kommune.values(), key=lambda linje: linje.noekkel)
    result.per_ordning = sorted(per_ordning.values(), key=lambda linje: linje.noekkel)
    return result


def _fordel_paa_ordninger(pott: Pott, innvilget: int, utbetalt: int):
    kilder = list(pott.kilder.all())
    if not kilder or any(k.belop is None for k in kilder) or not pott.total:
        yield (
            _("%(pott)s (samlet; fordeling på ordninger ikke oppgitt)") % {"pott": pott.navn},
            innvilget,
            utbetalt,
        )
        return
    # Whole kroner: each scheme gets its share rounded down, the last one the rest.
    rest_inn, rest_ut = innvilget, utbetalt
    for i, kilde in enumerate(kilder):
        if i == len(kilder) - 1:
            yield str(kilde.ordning), rest_inn, rest_ut
        else:
            inn = innvilget * kilde.belop // pott.total
            ut = utbetalt * kilde.belop // pott.total
            rest_inn -= inn
            rest_ut -= ut
            yield str(kilde.ordning), inn, ut


def per_kommune_i_periode(
    *, kommune_ids: list[int], start, slutt, pilot_id: int | None = None
) -> dict[int, dict[str, int]]:
    """Granted and paid per kommune in a period (for the half-yearly report), in three
    queries. Granted: decisions dated in the period, plus allocations of pots whose year
    starts in it (a yearly allocation belongs to its year's first half). Paid: payments
    dated in the period. ``pilot_id`` keeps what belongs to that pilot's rounds or pots."""
    from datetime import date, datetime, time

    tz = timezone.get_current_timezone()
    fra = timezone.make_aware(datetime.combine(start, time.min), tz)
    til = timezone.make_aware(datetime.combine(slutt, time.max), tz)
    aar = [y for y in range(start.year, slutt.year + 1) if start <= date(y, 1, 1) <= slutt]
    vedtak = Vedtak.objects.filter(
        soknad__kommune_id__in=kommune_ids, vedtatt__gte=fra, vedtatt__lte=til
    )
    tildelinger = Tildeling.objects.filter(kommune_id__in=kommune_ids, pott__aar__in=aar)
    utbetalinger = Utbetaling.objects.filter(
        kommune_id__in=kommune_ids, dato__gte=start, dato__lte=slutt
    )
    if pilot_id is not None:
        vedtak = vedtak.filter(
            Q(soknad__runde__pilot_id=pilot_id) | Q(soknad__runde__pott__pilot_id=pilot_id)
        )
        tildelinger = tildelinger.filter(pott__pilot_id=pilot_id)
        utbetalinger = utbetalinger.filter(
            Q(pott__pilot_id=pilot_id) | Q(vedtak__soknad__runde__pilot_id=pilot_id)
        )
    result = {pk: {"innvilget": 0, "utbetalt": 0} for pk in kommune_ids}
    for row in vedtak.values("soknad__kommune_id").annotate(s=Sum("belop_innvilget")).order_by():
        result[row["soknad__kommune_id"]]["innvilget"] += row["s"]
    for row in tildelinger.values("kommune_id").annotate(s=Sum("belop")).order_by():
        result[row["kommune_id"]]["innvilget"] += row["s"]
    for row in utbetalinger.values("kommune_id").annotate(s=Sum("belop")).order_by():
        result[row["kommune_id"]]["utbetalt"] += row["s"]
    return result
