"""The grants overview: per year and scheme, its pages and exports, per kommune in a
period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Prefetch,
    Q,
    Sum,
)
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from felles.datastand import hurtig_selector
from felles.paginering import sideutsnitt
from kommuner.apps import REGISTER
from kommuner.models import Kommune

from ..apps import TILSKUDD
from ..models import (
    Pott,
    PottKilde,
    Utbetaling,
)
from .grunnlag import _UTBETALING_PILOT, _pilot_q, innvilget

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


@hurtig_selector(grupper=(TILSKUDD, REGISTER))
def oversikt(*, kommune: Kommune | None = None, pilot_id: int | None = None) -> Oversikt:
    """Granted and paid per year, per receiver, per pot and per scheme, for one kommune
    or pilot if given. Four queries, whatever the number of grants, kept until a grant
    table or a receiver's name changes (``felles.datastand``: one query when nothing
    has). A pot pooled from several schemes is shared out on the schemes in proportion
    to its sources where the sources give the split; where they do not, its money is
    shown under the pot as a whole."""
    kommune_ids = [kommune.pk] if kommune is not None else None
    # Queries 1–2: decisions and allocations grouped by pot and receiver.
    rows = [
        (r["pott"], r["kommune__navn"], r["etat__navn"], r["belop"], 0)
        for r in innvilget(
            by=("pott", "kommune__navn", "etat__navn"), kommune_ids=kommune_ids, pilot_id=pilot_id
        )
    ]
    # Query 3: payments grouped by pot and receiver (etat payments have no kommune).
    utbetalinger = Utbetaling.objects.filter(_pilot_q(Utbetaling, _UTBETALING_PILOT, pilot_id))
    if kommune is not None:
        utbetalinger = utbetalinger.filter(kommune=kommune)
    rows += [
        (pott_id, kommune_navn, etat_navn, 0, s)
        for pott_id, kommune_navn, etat_navn, s in utbetalinger.values(
            "pott", "kommune__navn", "tildeling__etat__navn"
        )
        .annotate(s=Sum("belop"))
        .values_list("pott", "kommune__navn", "tildeling__etat__navn", "s")
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
    # Each row's sums added to its line in every table, as [granted, paid] per line key
    # (a receiver has up to three rows per pot: decisions, allocations, payments); the
    # lines are made once at the end (a line object per row and table cost more).
    detaljer: dict[tuple, list[int]] = {}
    per_aar: dict[tuple, list[int]] = {}
    per_kommune: dict[tuple, list[int]] = {}
    per_pott: dict[int, list[int]] = {}
    navn = {pk: (str(pott.aar), str(pott)) for pk, pott in potter.items()}
    result = Oversikt()
    for pott_id, kommune_navn, etat_navn, inn, ut in rows:
        mottaker = _mottaker_navn(kommune_navn, etat_navn)
        aar, pott_navn = navn[pott_id]
        for bucket, key in (
            (detaljer, (aar, mottaker, pott_navn)),
            (per_aar, (aar,)),
            (per_kommune, (mottaker,)),
            (per_pott, pott_id),
        ):
            summer = bucket.get(key)
            if summer is None:
                bucket[key] = [inn, ut]
            else:
                summer[0] += inn
                summer[1] += ut
        result.sum_innvilget += inn
        result.sum_utbetalt += ut
    result.detaljer, result.per_aar, result.per_kommune = (
        [
            Linje(noekkel=key, etikett=list(key), innvilget=inn, utbetalt=ut)
            for key, (inn, ut) in sorted(bucket.items())
        ]
        for bucket in (detaljer, per_aar, per_kommune)
    )
    result.per_ordning = _per_ordning(potter, per_pott)
    return result


def per_aar_og_ordning(*, pilot_id: int | None = None) -> list[Linje]:
    """Granted and paid per year and grant scheme (as the overview's ``per_ordning``),
    summed per pot in the database: three queries, and as many rows to share out on
    the schemes as there are pots, whatever the number of grants (the half-yearly
    dashboard's chart; not kept itself: the dashboard keeps its rendered figures,
    ``evaluering.views``)."""
    per_pott: dict[int, list[int]] = {}
    for r in innvilget(by=("pott",), pilot_id=pilot_id):
        per_pott.setdefault(r["pott"], [0, 0])[0] += r["belop"] or 0
    utbetalinger = Utbetaling.objects.filter(_pilot_q(Utbetaling, _UTBETALING_PILOT, pilot_id))
    for r in utbetalinger.values("pott").annotate(s=Sum("belop")).order_by():
        per_pott.setdefault(r["pott"], [0, 0])[1] += r["s"] or 0
    potter = Pott.objects.filter(pk__in=per_pott).prefetch_related(
        Prefetch("kilder", queryset=PottKilde.objects.select_related("ordning"))
    )
    return _per_ordning({pott.pk: pott for pott in potter}, per_pott)


def _per_ordning(potter: dict[int, Pott], per_pott: dict[int, list[int]]) -> list[Linje]:
    """Lines per year and scheme: each pot's granted and paid sums (``per_pott``: pot id
    → [granted, paid]) shared out once on its schemes."""
    per_ordning: dict[tuple, Linje] = {}
    for pott_id, (inn, ut) in per_pott.items():
        pott = potter[pott_id]
        for ordning, andel_inn, andel_ut in _fordel_paa_ordninger(pott, inn, ut):
            key = (str(pott.aar), ordning)
            linje = per_ordning.setdefault(key, Linje(noekkel=key, etikett=list(key)))
            linje.innvilget += andel_inn
            linje.utbetalt += andel_ut
    return sorted(per_ordning.values(), key=lambda linje: linje.noekkel)


# The overview's tables: key, title and the columns that label each line.
OVERSIKT_TABELLER = {
    "per_aar": (gettext_lazy("Per år"), [gettext_lazy("År")]),
    "per_kommune": (gettext_lazy("Per mottaker"), [gettext_lazy("Mottaker")]),
    "per_ordning": (
        gettext_lazy("Per år og tilskuddsordning"),
        [gettext_lazy("År"), gettext_lazy("Tilskuddsordning")],
    ),
    "detaljer": (
        gettext_lazy("Per år, mottaker og pott"),
        [gettext_lazy("År"), gettext_lazy("Mottaker"), gettext_lazy("Pott")],
    ),
}


def _side_url(query: QueryDict, param: str, number: int) -> str:
    query = query.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def oversikt_side(*, query: QueryDict | None = None) -> dict:
    """The overview page: its tables, each paginated on its own (``side_<table>`` in
    the query, the other tables' pages kept in the links), and the chart's data per
    year. The sums are the database's (``oversikt``); the pages only cut the lines."""
    query = query if query is not None else QueryDict()
    data = oversikt()
    tabeller = []
    for key, (tittel, kolonner) in OVERSIKT_TABELLER.items():
        param = f"side_{key}"
        page = sideutsnitt(getattr(data, key), query.get(param))
        tabeller.append(
            {
                "key": key,
                "tittel": tittel,
                "kolonner": kolonner,
                "linjer": page,
                "page": page,
                "forrige_url": (
                    _side_url(query, param, page.previous_page_number())
                    if page.has_previous()
                    else None
                ),
                "neste_url": (
                    _side_url(query, param, page.next_page_number()) if page.has_next() else None
                ),
            }
        )
    per_aar_json = {
        "labels": [linje.etikett[0] for linje in data.per_aar],
        "innvilget": [linje.innvilget for linje in data.per_aar],
        "utbetalt": [linje.utbetalt for linje in data.per_aar],
        "innvilget_label": _("Innvilget"),
        "utbetalt_label": _("Utbetalt"),
    }
    return {"data": data, "tabeller": tabeller, "per_aar_json": per_aar_json}


@dataclass
class Eksport:
    tittel: str
    header: list[str]
    rows: list[list]


def oversikt_eksport(*, tabell: str) -> Eksport | None:
    """One of the overview's tables as rows for a file, or None for an unknown table."""
    if tabell not in OVERSIKT_TABELLER:
        return None
    tittel, kolonner = OVERSIKT_TABELLER[tabell]
    header = [*kolonner, _("Innvilget (kr)"), _("Utbetalt (kr)"), _("Gjenstår (kr)")]
    rows = [
        [*linje.etikett, linje.innvilget, linje.utbetalt, linje.gjenstaar]
        for linje in getattr(oversikt(), tabell)
    ]
    return Eksport(tittel=str(tittel), header=[str(h) for h in header], rows=rows)


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
    from datetime import time

    tz = timezone.get_current_timezone()
    fra = timezone.make_aware(datetime.combine(start, time.min), tz)
    til = timezone.make_aware(datetime.combine(slutt, time.max), tz)
    aar = [y for y in range(start.year, slutt.year + 1) if start <= date(y, 1, 1) <= slutt]
    result = {pk: {"innvilget": 0, "utbetalt": 0} for pk in kommune_ids}
    for row in innvilget(
        by=("kommune",),
        kommune_ids=kommune_ids,
        pilot_id=pilot_id,
        vedtak=Q(vedtatt__gte=fra, vedtatt__lte=til),
        tildelinger=Q(pott__aar__in=aar),
    ):
        result[row["kommune"]]["innvilget"] += row["belop"]
    utbetalinger = Utbetaling.objects.filter(
        _pilot_q(Utbetaling, _UTBETALING_PILOT, pilot_id),
        kommune_id__in=kommune_ids,
        dato__gte=start,
        dato__lte=slutt,
    )
    for row in utbetalinger.values("kommune_id").annotate(s=Sum("belop")).order_by():
        result[row["kommune_id"]]["utbetalt"] += row["s"]
    return result
