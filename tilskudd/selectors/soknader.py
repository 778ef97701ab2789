"""The application queue, its sums, a kommune's earlier grants and own applications, the
open rounds."""

from __future__ import annotations

from django.conf import settings
from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy

from felles.paginering import sideutsnitt
from kommuner.models import Kommune

from ..models import (
    Soknad,
    Tildeling,
    Tilskuddsrunde,
    Vedtak,
)

# The application queue's sortable columns: key, label, the field it sorts by.
SOKNADSKO_KOLONNER = (
    ("tittel", gettext_lazy("Tittel"), "tittel"),
    ("kommune", gettext_lazy("Kommune"), "kommune__navn"),
    ("sendt", gettext_lazy("Sendt inn"), "sendt_inn"),
    ("belop", gettext_lazy("Søkt"), "belop_sokt"),
    ("status", gettext_lazy("Status"), "status"),
)
_SORT_FELT = {key: felt for key, _label, felt in SOKNADSKO_KOLONNER}


def _sortering(sort: str) -> str:
    """The order_by field for ``sort`` (a column key, ``-`` first for descending)."""
    key = sort.removeprefix("-")
    if key not in _SORT_FELT:
        return "sendt_inn"
    return ("-" if sort.startswith("-") else "") + _SORT_FELT[key]


def soknadsko(
    *, runde: Tilskuddsrunde, status: str = "", kommune: str = "", sort: str = ""
) -> QuerySet[Soknad]:
    """Applications of a round that have been sent in (drafts are the kommune's own)."""
    qs = (
        runde.soknader.exclude(status=Soknad.Status.UTKAST)
        .select_related("kommune", "vedtak")
        .order_by(_sortering(sort), "pk")
    )
    if status:
        qs = qs.filter(status=status)
    if kommune:
        qs = qs.filter(kommune__kommunenummer=kommune)
    return qs


def soknadsko_kolonner(*, query: QueryDict, sort: str) -> list[dict]:
    """The queue's column headers: each links to sorting by it (the other way round when
    it is the current sort), keeping the filters in ``query``, and says how it sorts."""
    query = query.copy()
    query.pop("sort", None)
    query.pop("side", None)  # a new sort starts on the first page
    return [
        {
            "key": key,
            "label": label,
            "url": f"?{query.urlencode()}&sort={'-' if sort == key else ''}{key}",
            "aria_sort": (
                "ascending" if sort == key else "descending" if sort == f"-{key}" else None
            ),
        }
        for key, label, _felt in SOKNADSKO_KOLONNER
    ]


def soknadsko_kommuner(*, runde: Tilskuddsrunde) -> QuerySet[Kommune]:
    """The kommuner that have applied in the round (the queue's filter choices)."""
    return Kommune.objects.filter(soknader__runde=runde).distinct().order_by("navn")


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


def mine_soknader(omfang) -> QuerySet[Soknad]:
    """The applications a reader with the reach ``omfang`` (``access.soknad_omfang``)
    reads, newest first, with the columns of their list (``tilskudd/_soknader.html``)
    alone: a page of 50 loads no texts or dates it does not show."""
    return (
        Soknad.objects.for_omfang(omfang)
        .select_related("runde", "kommune", "vedtak")
        .only(
            "tittel",
            "saksaar",
            "sekvensnummer",
            "belop_sokt",
            "status",
            # The round's title in every language (the fallback reads nb).
            *(f"runde__tittel_{sprak}" for sprak in settings.MODELTRANSLATION_LANGUAGES),
            "kommune__navn",
            "vedtak__belop_innvilget",
        )
        .order_by("-opprettet")
    )


def soknadliste(*, omfang, side) -> dict:
    """The application list's context for the reach ``omfang``: the page ``side`` of
    ``mine_soknader`` and the kommune a contact person applies for (its heading and
    links), or None."""
    soker = omfang[1]
    return {
        "page": sideutsnitt(mine_soknader(omfang), side),
        "kommune": Kommune.objects.only("navn", "kommunenummer").get(pk=soker) if soker else None,
        "lenkegrunnlag": QueryDict(),
    }


def aapne_runder_for(kommune: Kommune, now=None) -> QuerySet[Tilskuddsrunde]:
    now = now or timezone.now()
    return (
        Tilskuddsrunde.objects.filter(aapner__lte=now, stenger__gt=now)
        .filter(Q(alle_kommuner=True) | Q(kommuner=kommune))
        .select_related("pott")
        .distinct()
        .order_by("stenger")
    )
