"""Reads for the grant pages, shaped so each page costs a fixed number of queries."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import reduce

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from felles.datastand import hurtig_selector
from felles.paginering import sideutsnitt
from felles.tabellfil import i_biter
from kommuner.apps import REGISTER
from kommuner.models import Bruker, Kommune
from kommuner.roller import Rolle

from .apps import TILSKUDD
from .models import (
    Innstilling,
    Poeng,
    Pott,
    PottKilde,
    Rapport,
    Soknad,
    Svar,
    Tildeling,
    Tilskuddsordning,
    Tilskuddsrunde,
    Utbetaling,
    Vedtak,
    Vedtaksforslag,
    Vedtaksversjon,
    rapportfrist,
)

# Rows in each list on the contact person's home page; the lists link to the full ones.
HJEM_ANTALL = 5

# --- what is granted --------------------------------------------------------------
# The one rule: money granted from a pot is its decisions' granted amounts plus its
# direct allocations. Every sum of "granted" (what a pot has committed, the overview,
# the half-yearly figures) is read through ``_GRUNNLAG``: ``innvilget`` sums it and
# ``_bundet_annotation`` annotates it on each pot.


@dataclass(frozen=True)
class _Grunnlag:
    """One kind of row that grants money, with the path from it to each key."""

    model: type[Vedtak] | type[Tildeling]
    belop: str
    felt: dict[str, str | None]
    pilot: tuple[str, ...]


_GRUNNLAG = (
    _Grunnlag(
        Vedtak,
        "belop_innvilget",
        {
            "pott": "soknad__runde__pott",
            "kommune": "soknad__kommune",
            "kommune__navn": "soknad__kommune__navn",
            "etat__navn": None,
        },
        pilot=("soknad__runde__pilot", "soknad__runde__pott__pilot"),
    ),
    _Grunnlag(
        Tildeling,
        "belop",
        {
            "pott": "pott",
            "kommune": "kommune",
            "kommune__navn": "kommune__navn",
            "etat__navn": "etat__navn",
        },
        pilot=("pott__pilot",),
    ),
)
_UTBETALING_PILOT = ("pott__pilot", "vedtak__soknad__runde__pilot")


def _pilot_q(model, paths: tuple[str, ...], pilot_id: int | None) -> Q:
    """Rows of ``model`` that belong to the pilot by any of ``paths``.

    Where every foreign key on a path up to the one that holds the pilot is required,
    the path is asked as "that last key IN (the pilot's rows)": an inner join the sums
    make anyway and a hashed list of a handful of rounds or pots (a national pilot's
    decisions: 41 → 8 ms). Where a key on the way may be empty, the path is asked as
    "first foreign key IN (the pilot's rows)": ORed over outer joins, those made
    PostgreSQL join every payment, decision and application before filtering (22 ms
    for a national pilot's payments, 2 ms this way)."""
    if pilot_id is None:
        return Q()
    betingelser = []
    for path in paths:
        deler = path.split("__")[:-1]  # the keys up to the model that holds the pilot
        if not deler:
            betingelser.append(Q(pilot_id=pilot_id))
            continue
        felt, modell, paakrevd = None, model, True
        for del_ in deler:
            felt = modell._meta.get_field(del_)
            paakrevd = paakrevd and not felt.null
            modell = felt.related_model
        if paakrevd:
            egne = modell.objects.filter(pilot_id=pilot_id).values("pk")
            betingelser.append(Q(**{f"{'__'.join(deler)}_id__in": egne}))
            continue
        forste, _sep, resten = path.partition("__")
        malet = model._meta.get_field(forste).related_model
        egne = malet.objects.filter(**{f"{resten}_id": pilot_id}).values("pk")
        betingelser.append(Q(**{f"{forste}_id__in": egne}))
    return reduce(operator.or_, betingelser)


def innvilget(
    *,
    by: tuple[str, ...] = (),
    pott_id: int | None = None,
    kommune_ids: list[int] | None = None,
    pilot_id: int | None = None,
    vedtak: Q | None = None,
    tildelinger: Q | None = None,
) -> list[dict]:
    """Money granted (decisions plus allocations), summed by ``by`` (keys among
    ``pott``, ``kommune``, ``kommune__navn``, ``etat__navn``): one query per kind of
    grant. ``vedtak`` and ``tildelinger`` narrow one kind further (e.g. by date).
    Each row holds the keys of ``by`` and ``belop``; rows of both kinds may share keys."""
    extra = {Vedtak: vedtak or Q(), Tildeling: tildelinger or Q()}
    rows: list[dict] = []
    for grunnlag in _GRUNNLAG:
        qs = grunnlag.model.objects.filter(
            extra[grunnlag.model], _pilot_q(grunnlag.model, grunnlag.pilot, pilot_id)
        )
        if pott_id is not None:
            qs = qs.filter(**{f"{grunnlag.felt['pott']}_id": pott_id})
        if kommune_ids is not None:
            qs = qs.filter(**{f"{grunnlag.felt['kommune']}_id__in": kommune_ids})
        paths = {key: grunnlag.felt[key] for key in by}
        qs = qs.values(*[p for p in paths.values() if p]).annotate(s=Sum(grunnlag.belop))
        for row in qs.order_by():
            rows.append(
                {key: row[p] if p else None for key, p in paths.items()} | {"belop": row["s"]}
            )
    return rows


def bundet_i_pott(*, pott: Pott) -> int:
    """Kroner committed from the pot: what has been granted from it."""
    return sum(row["belop"] for row in innvilget(pott_id=pott.pk))


def _sum_subquery(qs: QuerySet, group: str, field_name: str):
    return Coalesce(
        Subquery(
            qs.values(group).annotate(s=Sum(field_name)).values("s")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _bundet_annotation():
    """An annotation: what each pot has granted (the subquery form of ``innvilget``)."""
    deler = [
        _sum_subquery(
            g.model.objects.filter(**{g.felt["pott"]: OuterRef("pk")}), g.felt["pott"], g.belop
        )
        for g in _GRUNNLAG
    ]
    return reduce(operator.add, deler)


def potter_med_tall() -> QuerySet[Pott]:
    """Pots with ``bundet`` (granted from the pot) and ``utbetalt`` annotated, and
    their sources prefetched: two queries for any number of pots."""
    return (
        Pott.objects.select_related("pilot")
        .annotate(
            bundet=_bundet_annotation(),
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


def soknad_med_vedtak(*, soknad: Soknad) -> dict:
    """The application page's rows: its decision (if any), its versions and what hangs
    on it, and the history of the decision and its payments."""
    vedtak = (
        Vedtak.objects.filter(soknad=soknad)
        .select_related("vedtatt_av", "forslag__foreslatt_av")
        .first()
    )
    utbetalinger = list(vedtak.utbetalinger.all()) if vedtak else []
    return {
        "vedtak": vedtak,
        "versjoner": vedtak_versjoner(vedtak) if vedtak else [],
        "budsjett": soknad.budsjettlinjer.all(),
        "tiltak": soknad.tiltak.all(),
        "vedlegg": soknad.vedlegg.all(),
        "svar": svar_til(soknad=soknad),
        "utbetalinger": utbetalinger,
        "rapporter": vedtak.rapporter.all() if vedtak else [],
        "historikk": (
            historikk(
                [
                    (_("Vedtak"), Vedtak.history.filter(id=vedtak.pk)),
                    (_("Utbetaling"), Utbetaling.history.filter(vedtak_id=vedtak.pk)),
                ]
            )
            if vedtak
            else []
        ),
    }


@dataclass
class Versjon:
    """A decision version on the application page: the version row and what it
    changed from the one before."""

    versjon: Vedtaksversjon
    endringer: list[str]


def _endringer(forrige: Vedtaksversjon | Vedtak, ny: Vedtaksversjon | Vedtak) -> list[str]:
    from felles.penger import format_kroner

    endringer = []
    if forrige.utfall != ny.utfall:
        endringer.append(
            _("Utfall: %(fra)s → %(til)s")
            % {"fra": forrige.get_utfall_display(), "til": ny.get_utfall_display()}
        )
    if forrige.belop_innvilget != ny.belop_innvilget:
        endringer.append(
            _("Beløp: %(fra)s → %(til)s")
            % {
                "fra": format_kroner(forrige.belop_innvilget),
                "til": format_kroner(ny.belop_innvilget),
            }
        )
    if forrige.vilkaar.strip() != ny.vilkaar.strip():
        endringer.append(_("Vilkårene er endret"))
    if forrige.begrunnelse.strip() != ny.begrunnelse.strip():
        endringer.append(_("Begrunnelsen er endret"))
    return endringer


def vedtak_versjoner(vedtak: Vedtak) -> list[Versjon]:
    """The decision's versions, newest first, each with what it changed (one query).
    A decision written without the service has no version rows; it is shown as its
    own first version."""
    rader = list(
        Vedtaksversjon.objects.filter(vedtak=vedtak).select_related("vedtatt_av").order_by("nummer")
    )
    if not rader:
        return [Versjon(versjon=_versjon_av(vedtak), endringer=[])]
    result = [Versjon(versjon=rader[0], endringer=[])]
    for forrige, ny in zip(rader, rader[1:], strict=False):
        result.append(Versjon(versjon=ny, endringer=_endringer(forrige, ny)))
    return result[::-1]


def _versjon_av(vedtak: Vedtak) -> Vedtaksversjon:
    """An unsaved first version made from the decision itself."""
    return Vedtaksversjon(
        vedtak=vedtak,
        nummer=1,
        utfall=vedtak.utfall,
        belop_innvilget=vedtak.belop_innvilget,
        vilkaar=vedtak.vilkaar,
        begrunnelse=vedtak.begrunnelse,
        vedtatt_av=vedtak.vedtatt_av,
        tittel=vedtak.tittel,
        vedtatt=vedtak.vedtatt,
    )


def vedtaksversjon(vedtak: Vedtak, nummer: int | None = None) -> Vedtaksversjon | None:
    """One version of the decision (the newest when ``nummer`` is None), or None."""
    qs = Vedtaksversjon.objects.filter(vedtak=vedtak).select_related("vedtatt_av")
    versjon = qs.filter(nummer=nummer).first() if nummer else qs.order_by("-nummer").first()
    if versjon is None and nummer in (None, 1):
        return _versjon_av(vedtak)
    return versjon


def siste_tittel(user, felt: str = "tittel") -> str:
    """The title (or with ``felt="telefon"`` the phone) ``user`` gave on their last
    decision: the decision form's default."""
    return (
        Vedtaksversjon.objects.filter(vedtatt_av=user)
        .exclude(**{felt: ""})
        .order_by("-vedtatt")
        .values_list(felt, flat=True)
        .first()
        or ""
    )


def vedtaksbrev_context(vedtak: Vedtak, versjon: Vedtaksversjon | None = None) -> dict:
    """What the decision letter (``pdf/vedtaksbrev.html``) shows: one version of the
    decision (the newest when not given), with the case reference, the kommune's own
    reference and address, the decider with title and phone, the chapters/posts the
    grant is charged to and how much (pro rata to the pot's sources, as the overview
    splits it), the appeal body and, for an amendment, the first decision's date and
    the reason."""
    versjon = versjon or vedtaksversjon(vedtak)
    soknad = vedtak.soknad
    forrige = None
    if versjon.nummer > 1:
        forrige = Vedtaksversjon.objects.filter(vedtak=vedtak, nummer=versjon.nummer - 1).first()
    pott = soknad.runde.pott
    fordeling = []
    if versjon.belop_innvilget:
        fordeling = [
            (navn, belop)
            for navn, belop, _ut in _fordel_paa_ordninger(pott, versjon.belop_innvilget, 0)
        ]
    forslag = (
        Vedtaksforslag.objects.select_related("foreslatt_av", "behandlet_av")
        .filter(pk=vedtak.forslag_id)
        .first()
        if vedtak.forslag_id
        else None
    )
    return {
        "vedtak": versjon,
        "forslag": forslag,
        "forrige": forrige,
        "soknad": soknad,
        "saksnummer": soknad.saksnummer,
        "runde": soknad.runde,
        "pott": pott,
        "kilder": pott.kilder.select_related("ordning"),
        "fordeling": fordeling,
        "klageinstans": soknad.runde.klageinstans,
        "dato": timezone.localtime(versjon.vedtatt).date(),
        "forste_dato": timezone.localtime(vedtak.vedtatt).date(),
    }


def kvittering_context(soknad: Soknad, *, sendt_av) -> dict:
    """What the receipt of a submitted application (``pdf/soknadskvittering.html``)
    shows: the application as it was sent in."""
    return {
        "soknad": soknad,
        "runde": soknad.runde,
        "sendt_av": sendt_av,
        "sendt_inn": timezone.localtime(soknad.sendt_inn),
        "budsjett": list(soknad.budsjettlinjer.all()),
        "tiltak": list(soknad.tiltak.all()),
        "vedlegg": list(soknad.vedlegg.all()),
        "svar": svar_til(soknad=soknad),
    }


@dataclass
class Hendelse:
    """One line of a history: when, who, what kind of row, what happened."""

    tid: object
    hvem: object
    hva: str
    handling: str
    endringer: list[str]


def _verdi(record, felt: str) -> str:
    value = getattr(record, felt)
    try:
        model_field = record.instance_type._meta.get_field(felt)
    except Exception:  # noqa: BLE001 - a field that is not on the model
        return str(value)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int) and "belop" in felt:
        from felles.penger import format_kroner

        return format_kroner(value)
    return str(value)


_SKJULT = {"id", "history_id", "history_date", "history_change_reason", "history_type"}


def historikk(kilder: list[tuple[str, QuerySet]]) -> list[Hendelse]:
    """The django-simple-history records of some rows, newest first, each with what it
    changed from the row's record before it. One query per source (its user joined)."""
    hendelser: list[Hendelse] = []
    handling = {"+": _("opprettet"), "~": _("endret"), "-": _("slettet")}
    for hva, qs in kilder:
        # The rows' links (who registered it, the pot …) are joined, so that naming an
        # old and a new value costs no query.
        lenker = [f.name for f in qs.model._meta.fields if f.many_to_one]
        records = list(qs.select_related(*lenker).order_by("history_date", "history_id"))
        forrige: dict = {}
        for record in records:
            endringer = []
            old = forrige.get(record.id)
            if old is not None:
                delta = record.diff_against(old)
                for change in delta.changes:
                    if change.field in _SKJULT:
                        continue
                    felt = record.instance_type._meta.get_field(change.field)
                    endringer.append(
                        _("%(felt)s: %(fra)s → %(til)s")
                        % {
                            "felt": felt.verbose_name,
                            "fra": _verdi(old, change.field),
                            "til": _verdi(record, change.field),
                        }
                    )
            forrige[record.id] = record
            hendelser.append(
                Hendelse(
                    tid=record.history_date,
                    hvem=record.history_user,
                    hva=hva,
                    handling=handling.get(record.history_type, record.history_type),
                    endringer=endringer,
                )
            )
    return sorted(hendelser, key=lambda h: h.tid, reverse=True)


def tildeling_historikk(*, tildeling: Tildeling) -> list[Hendelse]:
    """The history of an allocation and its payments (two queries)."""
    return historikk(
        [
            (_("Tildeling"), Tildeling.history.filter(id=tildeling.pk)),
            (_("Utbetaling"), Utbetaling.history.filter(tildeling_id=tildeling.pk)),
        ]
    )


def soknad_eksport(*, runde: Tilskuddsrunde) -> Eksport:
    """The round's applications and decisions as rows for a CSV/XLSX file, with the
    case reference. The rows are a generator over one query (read in chunks)."""
    header = [
        _("Saksnummer"),
        _("Kommune"),
        _("Tittel"),
        _("Status"),
        _("Sendt inn"),
        _("Søkt (kr)"),
        _("Utfall"),
        _("Innvilget (kr)"),
        _("Vedtatt"),
        _("Vedtatt av"),
        _("Vedtaksversjon"),
    ]
    sporsmal = list(runde.sporsmal.all())
    header += [sp.tekst for sp in sporsmal]
    qs = (
        runde.soknader.exclude(status=Soknad.Status.UTKAST)
        .select_related("kommune", "vedtak__vedtatt_av")
        .order_by("sendt_inn", "pk")
    )

    def rows():
        # The answers of each chunk of 2000 applications in one query.
        for chunk in i_biter(qs):
            svar = {}
            for a in Svar.objects.filter(soknad__in=[s.pk for s in chunk]).select_related(
                "vedlegg"
            ):
                svar[(a.soknad_id, a.sporsmal_id)] = a.visning
            for s in chunk:
                yield [
                    *_eksportrad(s),
                    *(svar.get((s.pk, sp.pk), "") for sp in sporsmal),
                ]

    return Eksport(tittel=str(runde.tittel), header=[str(h) for h in header], rows=rows())


def _eksportrad(s: Soknad) -> list:
    vedtak = getattr(s, "vedtak", None)
    return [
        s.saksnummer,
        s.kommune.navn,
        s.tittel,
        s.get_status_display(),
        timezone.localtime(s.sendt_inn).date() if s.sendt_inn else None,
        s.belop_sokt,
        vedtak.get_utfall_display() if vedtak else "",
        vedtak.belop_innvilget if vedtak else None,
        timezone.localtime(vedtak.vedtatt).date() if vedtak else None,
        vedtak.vedtatt_av.fullt_navn if vedtak else "",
        vedtak.versjon if vedtak else None,
    ]


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
    per_pott: dict[int, list[int]] = {}
    navn = {pk: (str(pott.aar), str(pott)) for pk, pott in potter.items()}
    result = Oversikt()
    for pott_id, kommune_navn, etat_navn, inn, ut in rows:
        aar, pott_navn = navn[pott_id]
        mottaker = _mottaker_navn(kommune_navn, etat_navn)
        for bucket, key in (
            (detaljer, (aar, mottaker, pott_navn)),
            (per_aar, (aar,)),
            (per_kommune, (mottaker,)),
        ):
            linje = bucket.get(key)
            if linje is None:
                linje = bucket[key] = Linje(noekkel=key, etikett=list(key))
            linje.innvilget += inn
            linje.utbetalt += ut
        summer = per_pott.setdefault(pott_id, [0, 0])
        summer[0] += inn
        summer[1] += ut
        result.sum_innvilget += inn
        result.sum_utbetalt += ut
    result.detaljer = sorted(detaljer.values(), key=lambda linje: linje.noekkel)
    result.per_aar = sorted(per_aar.values(), key=lambda linje: linje.noekkel)
    result.per_kommune = sorted(per_kommune.values(), key=lambda linje: linje.noekkel)
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


# --- the round's own questions, the assessment and the sign-off ---------------------


def svar_til(*, soknad: Soknad) -> list[Svar]:
    """The application's answers to its round's questions, in the form's order (one
    query; an attachment answer with its file's name)."""
    return list(soknad.svar.select_related("sporsmal", "vedlegg"))


def runde_skjema(*, runde: Tilskuddsrunde) -> dict:
    """The round's own questions and its assessment criteria, and whether each is
    locked (questions once an application is sent in, criteria once one is scored)."""
    return {
        "sporsmal": list(runde.sporsmal.all()),
        "kriterier": list(runde.vurderingskriterier.all()),
        "sporsmal_laast": runde.soknader.exclude(status=Soknad.Status.UTKAST).exists(),
        "kriterier_laast": Poeng.objects.filter(kriterium__runde=runde).exists(),
    }


def innstilling_for(*, soknad: Soknad) -> Innstilling | None:
    """The case handler's recommendation on the application, if any."""
    return Innstilling.objects.filter(soknad=soknad).select_related("skrevet_av").first()


def saksbehandlere() -> QuerySet[Bruker]:
    """Who may be a case's case handler: the active admins."""
    return Bruker.objects.med_rolle(Rolle.ADMIN).order_by("fullt_navn", "email")


def _vektet(poengsum: int | None, vektsum: int | None) -> Decimal | None:
    """The weighted score: Σ(score × weight) / Σ weight, two decimals (rounded down)."""
    if not vektsum:
        return None
    return (Decimal(poengsum * 100 // vektsum) / 100).quantize(Decimal("0.01"))


def saksbehandling(*, soknad: Soknad) -> dict:
    """The internal part of a case for Statsforvalteren's admins (never the kommune):
    case handler, notes, the round's criteria with this application's scores and the
    weighted total, the recommendation and the proposals (the open one first)."""
    poeng = {p.kriterium_id: p for p in soknad.poeng.all()}
    kriterier = list(soknad.runde.vurderingskriterier.all())
    rader = [(k, poeng.get(k.pk)) for k in kriterier]
    scored = [(k, p) for k, p in rader if p is not None]
    forslag = list(
        soknad.vedtaksforslag.select_related("foreslatt_av", "behandlet_av").order_by(
            "-foreslatt", "-pk"
        )
    )
    return {
        "notater": list(soknad.notater.select_related("skrevet_av")),
        "poengrader": rader,
        "vektet": _vektet(
            sum(p.poeng * k.vekt for k, p in scored), sum(k.vekt for k, _p in scored)
        ),
        "innstilling": innstilling_for(soknad=soknad),
        "apent_forslag": next(
            (f for f in forslag if f.status == Vedtaksforslag.Status.FORESLATT), None
        ),
        "forslag": forslag,
    }


def rangering(*, runde: Tilskuddsrunde) -> QuerySet[Soknad]:
    """A round's applications being handled or decided, ranked by weighted score
    (highest first; unscored last), with the recommendation and the decision."""
    poeng = Poeng.objects.filter(soknad=OuterRef("pk")).values("soknad")
    poengsum = poeng.annotate(s=Sum(F("poeng") * F("kriterium__vekt"))).values("s")[:1]
    vektsum = poeng.annotate(s=Sum("kriterium__vekt")).values("s")[:1]
    return (
        runde.soknader.exclude(status__in=[Soknad.Status.UTKAST, Soknad.Status.TRUKKET])
        .select_related("kommune", "saksbehandler", "innstilling", "vedtak")
        .annotate(
            poengsum=Subquery(poengsum, output_field=IntegerField()),
            vektsum=Subquery(vektsum, output_field=IntegerField()),
        )
        .annotate(
            vektet_x100=Case(
                When(vektsum__gt=0, then=F("poengsum") * 100 / F("vektsum")),
                default=None,
                output_field=IntegerField(),
            )
        )
        .order_by(F("vektet_x100").desc(nulls_last=True), "sendt_inn", "pk")
    )


def rangering_summer(*, runde: Tilskuddsrunde) -> dict:
    """The pot beside the ranking: what it has left now, what the recommendations of
    the cases not yet decided add up to, and what would be left if they were all
    granted."""
    pott = potter_med_tall().prefetch_related(None).get(pk=runde.pott_id)
    anbefalt = Innstilling.objects.filter(
        soknad__runde=runde,
        soknad__status__in=Soknad.TIL_BEHANDLING,
    ).aggregate(s=Coalesce(Sum("belop"), 0))["s"]
    return {
        "pott": pott,
        "gjenstaar": pott.gjenstaar,
        "anbefalt": anbefalt,
        "gjenstaar_etter_anbefalt": pott.gjenstaar - anbefalt,
    }


def vektet(soknad: Soknad) -> Decimal | None:
    """The weighted score annotated by ``rangering`` (``vektet_x100``) as a number."""
    verdi = getattr(soknad, "vektet_x100", None)
    return None if verdi is None else (Decimal(verdi) / 100).quantize(Decimal("0.01"))
