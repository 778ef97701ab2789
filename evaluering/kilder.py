"""What the dashboard and the status report read from the other apps, per kommune and
period. Each function answers for many kommuner in a fixed number of queries and says
whether its source exists yet (a section is shown empty, not broken, where it does not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from felles.sporring import Kompilert

from . import analyse


@dataclass
class Kilde:
    """Figures per kommune id from one source; ``tilgjengelig`` is False when the
    module that holds them is not in this installation yet."""

    tilgjengelig: bool
    per_kommune: dict[int, dict] = field(default_factory=dict)


_MOTEFELT = (
    "moter_holdt",
    "apne_punkter",
    "forfalte_punkter",
    "regelhindre_nye",
    "regelhindre_loftet",
)


def analysetall(kommune_ids, pilot_id, start: date, slutt: date):
    """The kommuner's figures from the analytics table when the period is a half-year
    the table keeps for the pilot, else None (ask the sources): one read serves both
    ``moter`` and ``tilskudd`` (their ``tall``)."""
    halvaar = analyse.halvaar_av(start, slutt)
    if not (analyse.i_bruk() and halvaar):
        return None
    return analyse.kommunetall(
        pilot_id=pilot_id, kommune_ids=kommune_ids, aar=halvaar[0], halvaar=halvaar[1]
    )


def moter(kommune_ids: list[int], pilot_id: int, start: date, slutt: date, *, tall) -> Kilde:
    """Meetings held, follow-up points open and overdue at the end of the period, rule
    barriers raised and lifted to national level (investering): from the analytics
    table's rows for a half-year (``tall``, ``analysetall``'s answer, read once for
    this and ``tilskudd``), else three queries."""
    from investering.selectors import tall_per_kommune

    if tall is not None:
        return Kilde(
            tilgjengelig=True,
            per_kommune={k: {f: t[f] for f in _MOTEFELT} for k, t in tall.items()},
        )
    return Kilde(
        tilgjengelig=True, per_kommune=tall_per_kommune(kommune_ids, pilot_id, start, slutt)
    )


def tilskudd(kommune_ids: list[int], pilot_id: int, start: date, slutt: date, *, tall) -> Kilde:
    """Money granted and paid in the period, for the pilot's rounds and pots (tilskudd;
    from the analytics table's rows for a half-year, ``tall`` as for ``moter``, else at
    most three queries)."""
    from tilskudd.selectors import per_kommune_i_periode

    if tall is not None:
        return Kilde(
            tilgjengelig=True,
            per_kommune={
                k: {"innvilget": t["innvilget"], "utbetalt": t["utbetalt"]} for k, t in tall.items()
            },
        )
    return Kilde(
        tilgjengelig=True,
        per_kommune=per_kommune_i_periode(
            kommune_ids=kommune_ids, start=start, slutt=slutt, pilot_id=pilot_id
        ),
    )


def tilskudd_per_aar_og_ordning(pilot_id: int) -> list[dict]:
    """Granted and paid per year and grant scheme in the pilot, summed per pot in the
    database (four queries: decisions, allocations, payments, the pots with sources)."""
    from tilskudd.selectors import per_aar_og_ordning

    return [
        {
            "aar": linje.etikett[0],
            "ordning": linje.etikett[1],
            "innvilget": linje.innvilget,
            "utbetalt": linje.utbetalt,
        }
        for linje in per_aar_og_ordning(pilot_id=pilot_id)
    ]


def moter_per_halvaar(pilot_id: int, kommune_ids: list[int]) -> dict[tuple[int, str], int]:
    """Meetings held per (kommune id, half-year code such as '2019-H1'), one query, or
    from the analytics table (two queries; only the pilot's own half-years)."""
    if analyse.i_bruk():
        return analyse.moter_per_halvaar(pilot_id=pilot_id, kommune_ids=kommune_ids)
    return _moter_per_halvaar(pilot_id, kommune_ids)


def _moter_per_halvaar(pilot_id: int, kommune_ids: list[int]) -> dict[tuple[int, str], int]:
    from django.db.models import Case, Count, IntegerField, Value, When
    from django.db.models.functions import ExtractYear

    from investering.models import Mote

    rows = (
        Mote.objects.filter(
            pilot_id=pilot_id, kommune_id__in=kommune_ids, status=Mote.Status.GJENNOMFORT
        )
        .annotate(
            aar=ExtractYear("start"),
            halvaar=Case(
                When(Q(start__month__lte=6), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .values("kommune_id", "aar", "halvaar")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["kommune_id"], f"{r['aar']}-H{r['halvaar']}"): r["n"] for r in rows}


def _siste_moter(pilot_id: int):
    from investering.models import Mote

    return (
        Mote.objects.filter(pilot_id=pilot_id, status=Mote.Status.GJENNOMFORT)
        .order_by("-start")
        .values_list("start")[:1]
    )


# Compiled once (felles.sporring), with a stand-in for the pilot's id.
_SISTE_MOTE = Kompilert(_siste_moter, merker=(-7_777_777_771,))


def siste_mote(pilot_id: int):
    """The start of the pilot's latest meeting held (one query), for the default
    period (``selectors.periods_with_data``); read on every dashboard request and
    passed to what is kept, so a meeting that is not the latest leaves it kept."""
    rad = _SISTE_MOTE.rad(pilot_id)
    return rad[0] if rad else None


def nokkelindikator(pilot_id: int):
    """The pilot's key indicator: the first one linked to its goals, else the first in
    the catalogue."""
    from django.db.models import Exists, OuterRef

    from kommuner.models import Indikator

    from .models import Mal

    linked = Mal.indikatorer.through.objects.filter(
        indikator_id=OuterRef("pk"), mal__pilot_id=pilot_id
    )
    return (
        Indikator.objects.filter(aktiv=True)
        .annotate(lenket=Exists(linked))
        .order_by("-lenket", "rekkefolge", "navn")
        .first()
    )


def _ended_by(slutt: date) -> Q:
    """Periods ('2025', '2025-H1') that have ended by ``slutt``: every year before
    ``slutt``'s, and its own first half when ``slutt`` is at or after 30 June and its
    whole year when ``slutt`` is 31 December."""
    ended = Q(periode__lt=str(slutt.year))
    if slutt >= date(slutt.year, 12, 31):
        ended |= Q(periode__startswith=str(slutt.year))
    elif slutt >= date(slutt.year, 6, 30):
        ended |= Q(periode=f"{slutt.year}-H1")
    return ended


def _sort_key():
    """The period as a text that sorts like ``periode_sort_key``: a year after its own
    half-years ('2024' → '2024-H3')."""
    from django.db.models import Case, CharField, Value, When
    from django.db.models.functions import Concat, Length
    from django.db.models.lookups import Exact

    return Case(
        When(Exact(Length("periode"), 4), then=Concat("periode", Value("-H3"))),
        default="periode",
        output_field=CharField(),
    )


def indikatorverdier(
    indikator, kommune_ids: list[int], slutt: date, *, periodeslutt: bool = False
) -> dict[int, dict]:
    """The one rule for what an indicator shows for a kommune at the end of a period
    (``slutt``), used by every place that shows it (the kommune table, the comparison
    chart and its table, the report, the one-kommune PDF):

    - the value is the latest *approved* figure (a row with a number; a figure the
      source does not publish does not count) for a period that has ended by ``slutt``;
      a year counts after its own half-years;
    - the baseline counts only when it was measured in a period that has ended by
      ``slutt`` (before that the kommune had no baseline yet);
    - the change is value minus baseline, only when both count.

    Per kommune id, with where the value came from (``opphav``: "SSB, tabell …" for a
    fetched figure, empty for one a person entered). With ``periodeslutt`` (``slutt``
    is the end of a ``Rapportperiode``, as for the dashboard and the reports), read
    from the analytics table (``analyse.indikatortall``, two queries;
    ``analyse.beregn`` applies this rule to a kommune's rows for every period's end);
    otherwise two queries: the latest value per kommune is picked in the database, one
    index lookup per kommune. Nothing here is kept between requests: the dashboard
    keeps its rendered figures (``evaluering.views``), so these are computed once per
    change of the data under them."""
    if periodeslutt and analyse.i_bruk():
        latest, baselines = analyse.indikatortall(
            indikator_id=indikator.pk, kommune_ids=kommune_ids, slutt=slutt
        )
    else:
        latest, baselines = _siste_og_nullpunkt(indikator.pk, kommune_ids, slutt)
    result = {}
    for kommune_id in kommune_ids:
        periode, verdi, opphav = latest.get(kommune_id, (None, None, ""))
        nullperiode, nullverdi = baselines.get(kommune_id, (None, None))
        result[kommune_id] = {
            "indikator": indikator.navn,
            "enhet": indikator.get_enhet_display(),
            "periode": periode,
            "verdi": verdi,
            "opphav": opphav,
            "nullpunkt_periode": nullperiode,
            "nullpunkt": nullverdi,
            "endring": verdi - nullverdi if verdi is not None and nullverdi is not None else None,
        }
    return result


def _siste_og_nullpunkt(indikator_id: int, kommune_ids: list[int], slutt: date):
    """``indikatorverdier``'s two queries: per kommune id the latest approved (period,
    value, origin) and the baseline (period, value) by ``slutt``."""
    from django.db.models import OuterRef, Subquery

    from kommuner.models import Indikatorverdi, Kommune, Nullpunkt

    newest = (
        Indikatorverdi.objects.filter(
            _ended_by(slutt),
            kommune_id=OuterRef("pk"),
            indikator_id=indikator_id,
            status=Indikatorverdi.Status.GODKJENT,
            verdi__isnull=False,
        )
        .annotate(nokkel=_sort_key())
        .order_by("-nokkel")
    )
    latest = {
        kommune_id: (periode, verdi, opphav)
        for kommune_id, periode, verdi, opphav in Kommune.objects.filter(pk__in=kommune_ids)
        .annotate(
            v_periode=Subquery(newest.values("periode")[:1]),
            v_verdi=Subquery(newest.values("verdi")[:1]),
            v_opphav=Subquery(newest.values("opphav")[:1]),
        )
        .order_by()
        .values_list("pk", "v_periode", "v_verdi", "v_opphav")
        if periode is not None
    }
    baselines = {
        kommune_id: (periode, verdi)
        for kommune_id, periode, verdi in Nullpunkt.objects.filter(
            _ended_by(slutt), indikator_id=indikator_id, kommune_id__in=kommune_ids
        ).values_list("kommune_id", "periode", "verdi")
    }
    return latest, baselines


def mallenker(mal_ids: list[int]) -> list[tuple[int, int]]:
    """The goals' indicators, as (goal id, indicator id); one query."""
    from .models import Mal

    return list(
        Mal.indikatorer.through.objects.filter(mal_id__in=mal_ids).values_list(
            "mal_id", "indikator_id"
        )
    )


def manglende_nullpunkter(
    links: list[tuple[int, int]],
    kommune_ids: list[int],
    slutt: date | None = None,
    *,
    periodeslutt: bool = False,
) -> dict[int, list[int]]:
    """Per goal id: the kommune ids that lack a baseline for one of the goal's
    indicators (``links``: ``mallenker``'s (goal id, indicator id)), by ``slutt``, the
    same baseline rule as ``indikatorverdier``. Without a baseline, achievement cannot
    be shown (seed 004). One query. With ``periodeslutt`` (``slutt`` ends a
    ``Rapportperiode``) the baselines are read from the analytics table
    (``AnalyseIndikator``, which holds the baseline measured by each period's end), as
    ``indikatorverdier`` reads the values: two queries."""
    from kommuner.models import Nullpunkt

    from .models import AnalyseIndikator

    if not links:
        return {}
    indikator_ids = {i for _m, i in links}
    if periodeslutt and slutt is not None and analyse.i_bruk():
        analyse.oppdater(kommune_ids)
        nullpunkter = AnalyseIndikator.objects.filter(
            indikator_id__in=indikator_ids, kommune_id__en_av=kommune_ids, slutt=slutt
        ).exclude(nullpunkt_periode="")
    else:
        nullpunkter = Nullpunkt.objects.filter(
            indikator_id__in=indikator_ids, kommune_id__in=kommune_ids
        )
        if slutt is not None:
            nullpunkter = nullpunkter.filter(_ended_by(slutt))
    have = set(nullpunkter.values_list("indikator_id", "kommune_id"))
    missing: dict[int, list[int]] = {}
    for mal_id, indikator_id in links:
        for kommune_id in kommune_ids:
            if (indikator_id, kommune_id) not in have:
                missing.setdefault(mal_id, [])
                if kommune_id not in missing[mal_id]:
                    missing[mal_id].append(kommune_id)
    return missing
