"""Analytics tables (what DHIS2 calls them): the per-kommune figures the dashboard,
the status reports and the one-kommune PDF show, computed once per change into
PostgreSQL tables per pilot, kommune and half-year (``AnalyseKommune``) and per
kommune, indicator and half-year end (``AnalyseIndikator``), so that the first request
after a change, a new worker and a recycled worker all read a few indexed rows instead
of summing the meeting log, the grants and the indicator values again.

**Kept true by the database.** Each table under the figures has triggers
(``TRIGGERE``, added by migration) that, in the writing transaction, mark the kommuner
whose figures the statement changed (``AnalyseEndring``): the rows' own kommune, a
follow-up point's meeting's kommune, a decision's application's kommune, the kommuner
of a round's applications or of a pot's grants when a round or pot changes, a pilot's
kommuner when a half-year is added. An update marks only when a column the figures
read changed (a meeting's minutes do not). So every write path keeps the tables true:
services, bulk approval, imports, the admin, deletes, SQL by hand; a kommune number
change changes nothing here (rows hold ids, and names are read at display).

**Brought up to date by the reader, narrowly.** ``oppdater(kommune_ids)`` (one query
when nothing is marked) computes again only the marked kommuner among those asked for,
each from its own rows, under a transaction-level advisory lock per kommune taken in
kommune order (readers wait for one another per kommune, never deadlock; writers take
no lock at all), and removes exactly the marks it read after taking the locks (a mark
committed meanwhile stays and is computed next time: never a lost change). A mark
without a kommune (a truncated table) computes every kommune. ``manage.py analyse_bygg``
rebuilds everything from scratch.

**Brought up to date by the write, where it can be** (``skriving_registrer``): after a
transaction that saved or deleted, through the ORM, a row with its own kommune (a
meeting, a rule barrier, an indicator value, a baseline, an application, an allocation,
a payment, a participation), the writer computes those kommuner right after its commit
(``oppdater``, the same function the readers call), so that the next reader, a new
worker and a recycled one find nothing marked and read a few rows. It is a head start,
not the guarantee: the triggers' marks are, and whatever a write left marked (a bulk
update, SQL by hand, a follow-up point or a decision, whose kommune is another row's, a
transaction that touched more than ``SKRIVER_MAKS`` kommuner, a computation that failed
after the commit) is computed by the first reader or the beat task, as before. A failure
here never fails the write: it is committed, logged, and left marked.

The rules are the sources' own: ``investering.selectors.tall_per_kommune``,
``tilskudd.selectors.per_kommune_i_periode`` and ``kilder.indikatorverdier``; here
they are evaluated for every half-year at once from one kommune set's rows, and
``tests/evaluering/test_analyse.py`` compares the tables with those functions after a
sequence of writes. On databases without triggers (SQLite) the sources are asked
directly (``i_bruk()`` is False)."""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection, connections, migrations, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import (
    AnalyseEndring,
    AnalyseIndikator,
    AnalyseKommune,
    AnalyseVersjon,
    Rapportperiode,
)

logger = logging.getLogger(__name__)

# The advisory lock namespace of the analytics tables (pg_advisory_xact_lock(int, int)).
_LAAS = 23_0001


def i_bruk() -> bool:
    """Whether the analytics tables are kept (PostgreSQL, with the triggers)."""
    return connection.vendor == "postgresql"


def _halvaar(d: date) -> tuple[int, int]:
    return d.year, 1 if d.month <= 6 else 2


def _slutt(aar: int, halvaar: int) -> date:
    return date(aar, 6, 30) if halvaar == 1 else date(aar, 12, 31)


def _start(aar: int, halvaar: int) -> date:
    return date(aar, 1 if halvaar == 1 else 7, 1)


# --- computing ----------------------------------------------------------------------


def _ended(periode: str, slutt: date) -> bool:
    """``kilder._ended_by`` for one period text."""
    aar = str(slutt.year)
    if periode < aar:
        return True
    if slutt >= date(slutt.year, 12, 31):
        return periode.startswith(aar)
    if slutt >= date(slutt.year, 6, 30):
        return periode == f"{aar}-H1"
    return False


def _sort(periode: str) -> str:
    """``kilder._sort_key`` for one period text."""
    return f"{periode}-H3" if len(periode) == 4 else periode


def beregn(kommune_ids: list[int]) -> tuple[dict[tuple, tuple], dict[tuple, tuple]]:
    """Every analytics row of the kommuner ``kommune_ids``, from their own rows (ten
    queries, whatever their number): ``AnalyseKommune``'s by (pilot, kommune, year,
    half) and ``AnalyseIndikator``'s by (kommune, indicator, end), as value tuples in
    the order of ``_TALL`` and ``_INDIKATORFELT``."""
    from investering.models import Mote, Oppfolgingspunkt, Regelhinder
    from kommuner.models import Deltakelse, Indikatorverdi, Nullpunkt
    from tilskudd.models import Tildeling, Utbetaling, Vedtak

    ids = list(kommune_ids)
    deltar = set(
        Deltakelse.objects.filter(kommune_id__in=ids).values_list("pilot_id", "kommune_id")
    )
    piloter = {p for p, _k in deltar}
    perioder: dict[int, list[tuple[int, int]]] = defaultdict(list)
    alle_halvaar: set[tuple[int, int]] = set()
    for pilot_id, aar, halvaar in Rapportperiode.objects.values_list("pilot_id", "aar", "halvaar"):
        alle_halvaar.add((aar, halvaar))
        if pilot_id in piloter:
            perioder[pilot_id].append((aar, halvaar))
    tall: dict[tuple[int, int, int, int], dict] = {}
    for pilot_id, kommune_id in deltar:
        for aar, halvaar in perioder[pilot_id]:
            tall[(pilot_id, kommune_id, aar, halvaar)] = defaultdict(int)

    def legg(pilot_id, kommune_id, aar, halvaar, felt, n):
        rad = tall.get((pilot_id, kommune_id, aar, halvaar))
        if rad is not None:
            rad[felt] += n

    tz = timezone.get_current_timezone()
    # Meetings held, per half-year of their start in local time (tall_per_kommune).
    for pilot_id, kommune_id, start in Mote.objects.filter(
        kommune_id__in=ids, status=Mote.Status.GJENNOMFORT
    ).values_list("pilot_id", "kommune_id", "start"):
        legg(
            pilot_id, kommune_id, *_halvaar(timezone.localtime(start, tz).date()), "moter_holdt", 1
        )
    # Follow-up points open at the end of each half-year: created (their meeting begun)
    # by then and not closed by then; overdue when their deadline is before the end.
    punkter = (
        Oppfolgingspunkt.objects.filter(mote__kommune_id__in=ids)
        .exclude(status=Oppfolgingspunkt.Status.LUKKET, lukket_dato__isnull=True)
        .values_list("mote__pilot_id", "mote__kommune_id", "mote__start", "lukket_dato", "frist")
    )
    slutt_av = {p: [(a, h, _slutt(a, h)) for a, h in ph] for p, ph in perioder.items()}
    for pilot_id, kommune_id, start, lukket, frist in punkter:
        fra = timezone.localtime(start, tz).date()
        for aar, halvaar, slutt in slutt_av.get(pilot_id, ()):
            if fra <= slutt and (lukket is None or lukket > slutt):
                legg(pilot_id, kommune_id, aar, halvaar, "apne_punkter", 1)
                if frist is not None and frist < slutt:
                    legg(pilot_id, kommune_id, aar, halvaar, "forfalte_punkter", 1)
    # Rule barriers registered in the half-year, and lifted (at any time).
    loftet = {Regelhinder.Status.LOFTET, Regelhinder.Status.ENDRET}
    for pilot_id, kommune_id, opprettet, status in Regelhinder.objects.filter(
        kommune_id__in=ids
    ).values_list("pilot_id", "kommune_id", "opprettet", "status"):
        legg(
            pilot_id,
            kommune_id,
            *_halvaar(timezone.localtime(opprettet, tz).date()),
            "regelhindre_nye",
            1,
        )
        if status in loftet:
            for aar, halvaar in perioder.get(pilot_id, ()):
                legg(pilot_id, kommune_id, aar, halvaar, "regelhindre_loftet", 1)
    # Money (tilskudd.selectors.per_kommune_i_periode): decisions by their local date,
    # allocations in the first half of their pot's year, payments by date; each to
    # every pilot it belongs to by the pilot paths of ``tilskudd.selectors``.
    for kommune_id, belop, vedtatt, p1, p2 in Vedtak.objects.filter(
        soknad__kommune_id__in=ids
    ).values_list(
        "soknad__kommune_id",
        "belop_innvilget",
        "vedtatt",
        "soknad__runde__pilot_id",
        "soknad__runde__pott__pilot_id",
    ):
        for pilot_id in {p1, p2} - {None}:
            legg(
                pilot_id,
                kommune_id,
                *_halvaar(timezone.localtime(vedtatt, tz).date()),
                "innvilget",
                belop,
            )
    for kommune_id, belop, aar, pilot_id in Tildeling.objects.filter(
        kommune_id__in=ids
    ).values_list("kommune_id", "belop", "pott__aar", "pott__pilot_id"):
        if pilot_id is not None:
            legg(pilot_id, kommune_id, aar, 1, "innvilget", belop)
    for kommune_id, belop, dato, p1, p2 in Utbetaling.objects.filter(
        kommune_id__in=ids
    ).values_list(
        "kommune_id", "belop", "dato", "pott__pilot_id", "vedtak__soknad__runde__pilot_id"
    ):
        for pilot_id in {p1, p2} - {None}:
            legg(pilot_id, kommune_id, *_halvaar(dato), "utbetalt", belop)
    kommunerader = {noekkel: tuple(rad[f] for f in _TALL) for noekkel, rad in tall.items()}

    # Indicators: per half-year end, the latest approved value ended by then and the
    # baseline measured by then (kilder.indikatorverdier).
    verdier: dict[tuple[int, int], list[tuple[str, Decimal, str]]] = defaultdict(list)
    for kommune_id, indikator_id, periode, verdi, opphav in Indikatorverdi.objects.filter(
        kommune_id__in=ids, status=Indikatorverdi.Status.GODKJENT, verdi__isnull=False
    ).values_list("kommune_id", "indikator_id", "periode", "verdi", "opphav"):
        verdier[(kommune_id, indikator_id)].append((_sort(periode), periode, verdi, opphav))
    nullpunkter = {
        (k, i): (periode, verdi)
        for k, i, periode, verdi in Nullpunkt.objects.filter(kommune_id__in=ids).values_list(
            "kommune_id", "indikator_id", "periode", "verdi"
        )
    }
    indikatorrader: dict[tuple, tuple] = {}
    slutter = sorted(_slutt(a, h) for a, h in alle_halvaar)
    # Whether a period has ended by a half-year's end only grows with the end: each
    # period text's first end that has it ended (None: none of them), worked out once
    # per text. Then per end, in order, the first value in sort order among those ended
    # by it: the ended ones only grow, so one pass over the ends and the values.
    ende: dict[str, date | None] = {}

    def forste_ende(periode: str) -> date | None:
        if periode not in ende:
            ende[periode] = next((s for s in slutter if _ended(periode, s)), None)
        return ende[periode]

    for noekkel in set(verdier) | set(nullpunkter):
        kommune_id, indikator_id = noekkel
        rader = sorted(verdier.get(noekkel, ()), reverse=True)
        klare = sorted(
            (forste_ende(r[1]), i) for i, r in enumerate(rader) if forste_ende(r[1]) is not None
        )
        null = nullpunkter.get(noekkel)
        null_ende = forste_ende(null[0]) if null else None
        j, beste = 0, None
        for slutt in slutter:
            while j < len(klare) and klare[j][0] <= slutt:
                beste = klare[j][1] if beste is None else min(beste, klare[j][1])
                j += 1
            siste = rader[beste] if beste is not None else None
            nullpunkt = null if null_ende is not None and null_ende <= slutt else None
            if siste is None and nullpunkt is None:
                continue
            indikatorrader[(kommune_id, indikator_id, slutt)] = (
                siste[1] if siste else "",
                siste[2] if siste else None,
                siste[3] if siste else "",
                nullpunkt[0] if nullpunkt else "",
                nullpunkt[1] if nullpunkt else None,
            )
    return kommunerader, indikatorrader


_INDIKATORFELT = ("periode", "verdi", "opphav", "nullpunkt_periode", "nullpunkt")


def _lagre(kommune_ids: list[int]) -> None:
    """Bring the kommuner's rows to what is computed now, writing only the rows that
    differ (a write to one meeting changes a row or two of its kommune's hundreds), and
    count a new version (``AnalyseVersjon``) for each kommune whose rows changed:
    inside the caller's transaction, holding their locks."""
    kommunerader, indikatorrader = beregn(kommune_ids)
    endret: set[int] = set()
    for modell, nokkelfelt, felt, nye in (
        (AnalyseKommune, ("pilot_id", "kommune_id", "aar", "halvaar"), _TALL, kommunerader),
        (AnalyseIndikator, ("kommune_id", "indikator_id", "slutt"), _INDIKATORFELT, indikatorrader),
    ):
        kommunefelt = nokkelfelt.index("kommune_id")
        gamle = {
            tuple(rad[1 : 1 + len(nokkelfelt)]): (rad[0], tuple(rad[1 + len(nokkelfelt) :]))
            for rad in modell.objects.filter(kommune_id__in=kommune_ids).values_list(
                "pk", *nokkelfelt, *felt
            )
        }
        ut = [pk for noekkel, (pk, verdier) in gamle.items() if nye.get(noekkel) != verdier]
        inn = [
            modell(
                **dict(zip(nokkelfelt, noekkel, strict=True)),
                **dict(zip(felt, verdier, strict=True)),
            )
            for noekkel, verdier in nye.items()
            if gamle.get(noekkel, (None, None))[1] != verdier
        ]
        if ut:
            modell.objects.filter(pk__in=ut).delete()
        modell.objects.bulk_create(inn, batch_size=2000)
        endret.update(
            noekkel[kommunefelt]
            for noekkel in {*gamle, *nye}
            if gamle.get(noekkel, (None, None))[1] != nye.get(noekkel)
        )
    _ny_versjon(sorted(endret))


def _ny_versjon(kommune_ids: list[int]) -> None:
    """One more version for each of ``kommune_ids`` (whose rows changed). Only where
    the tables are kept (``stand`` reads no version elsewhere)."""
    if not kommune_ids or not i_bruk():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AnalyseVersjon._meta.db_table} (kommune_id, versjon) "  # noqa: S608
            "SELECT unnest(%s::int[]), 1 "
            "ON CONFLICT (kommune_id) DO UPDATE SET versjon = EXCLUDED.versjon + "
            f"{AnalyseVersjon._meta.db_table}.versjon",
            [kommune_ids],
        )


def _laas(kommune_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, k)) FROM "
            "(SELECT unnest(%s::int[]) AS k ORDER BY 1) AS s",
            [_LAAS, sorted(kommune_ids)],
        )


# --- keeping up to date -------------------------------------------------------------


# The kommuner brought up to date for the computation running in this context
# (``ajour``): ``oppdater`` does not ask again for them.
_AJOUR: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "analyse_ajour", default=frozenset()
)


@contextlib.contextmanager
def ajour(kommune_ids: Iterable[int]):
    """Within it, ``kommune_ids`` are brought up to date once (``oppdater``), and the
    reads of their rows (``kommunetall``, ``moter_per_halvaar``, ``indikatortall``, each
    of which brings its kommuner up to date first) do not check for marks again: one
    figure built from several reads (the dashboard) asks once, not once per read. A
    mark committed meanwhile is computed by the next reader, as one committed just
    after the check."""
    ids = frozenset(kommune_ids)
    oppdater(ids)
    token = _AJOUR.set(ids)
    try:
        yield
    finally:
        _AJOUR.reset(token)


def oppdater(kommune_ids: Iterable[int]) -> None:
    """Compute again the marked kommuner among ``kommune_ids`` (one query when none is
    marked; none for kommuner ``ajour`` brought up to date). A mark without a kommune
    computes every kommune."""
    if not i_bruk():
        return
    ids = list(kommune_ids)
    if ids and _AJOUR.get().issuperset(ids):
        return
    merket = set(
        AnalyseEndring.objects.filter(Q(kommune_id__en_av=ids) | Q(kommune_id__isnull=True))
        .values_list("kommune_id", flat=True)
        .distinct()
    )
    if merket:
        _oppdater(alle=None in merket, kommune_ids=sorted(k for k in merket if k is not None))


# The most kommuner a writing transaction computes itself after its commit (more is an
# import or a bulk change, left to the readers and the beat task).
SKRIVER_MAKS = 10
# The models whose rows carry their own kommune (``kommune_id``) among the tables under
# the analytics tables (the triggers' ``TRIGGERE``), by label.
SKRIVER_MODELLER = (
    "investering.Mote",
    "investering.Regelhinder",
    "kommuner.Indikatorverdi",
    "kommuner.Nullpunkt",
    "kommuner.Deltakelse",
    "tilskudd.Soknad",
    "tilskudd.Tildeling",
    "tilskudd.Utbetaling",
)


def _etter_commit(kommune_ids: set[int]) -> None:
    if len(kommune_ids) > SKRIVER_MAKS:
        return
    try:
        oppdater(sorted(kommune_ids))
    except Exception:
        # The write is committed; its kommuner stay marked for the next reader.
        logger.exception("Analysetabellene ble ikke oppdatert etter skrivingen (%s).", kommune_ids)


def _skrevet(sender, instance, using=None, **_kwargs) -> None:
    """A row with its own kommune was saved or deleted: its kommune is computed after
    the transaction's commit, one computation per transaction for all its kommuner."""
    kommune_id = getattr(instance, "kommune_id", None)
    if kommune_id is None or not i_bruk():
        return
    tilkobling = connections[using or DEFAULT_DB_ALIAS]
    venter = getattr(tilkobling, "_analyse_venter", None)
    # Still waiting for this transaction's commit (a rollback drops the callback)?
    if venter is None or not any(f is venter[0] for _s, f, _r in tilkobling.run_on_commit):
        kommuner: set[int] = set()

        def etter() -> None:
            _etter_commit(kommuner)

        venter = (etter, kommuner)
        tilkobling._analyse_venter = venter
        venter[1].add(kommune_id)
        transaction.on_commit(etter, using=using, robust=True)
        return
    venter[1].add(kommune_id)


def skriving_registrer() -> None:
    """Connect the writers' head start (``evaluering``'s ``ready()``)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in SKRIVER_MODELLER:
        modell = apps.get_model(label)
        post_save.connect(_skrevet, sender=modell, dispatch_uid=f"analyse_{label}_lagret")
        post_delete.connect(_skrevet, sender=modell, dispatch_uid=f"analyse_{label}_slettet")


def oppdater_alle() -> int:
    """Compute again every marked kommune (the beat task, and tests); returns how many."""
    if not i_bruk():
        return 0
    merket = set(AnalyseEndring.objects.values_list("kommune_id", flat=True).distinct())
    if not merket:
        return 0
    return _oppdater(alle=None in merket, kommune_ids=sorted(k for k in merket if k is not None))


def _oppdater(*, alle: bool, kommune_ids: list[int]) -> int:
    from kommuner.models import Kommune

    with transaction.atomic():
        if alle:
            kommune_ids = sorted(
                set(Kommune.objects.values_list("pk", flat=True))
                | set(AnalyseKommune.objects.values_list("kommune_id", flat=True).distinct())
                | set(AnalyseIndikator.objects.values_list("kommune_id", flat=True).distinct())
            )
        _laas(kommune_ids)
        # Read after the locks: what another reader did meanwhile is not done twice,
        # and every mark read here is of a change this computation sees.
        merker = AnalyseEndring.objects.filter(kommune_id__in=kommune_ids)
        if alle:
            merker = AnalyseEndring.objects.filter(
                Q(kommune_id__in=kommune_ids) | Q(kommune_id__isnull=True)
            )
        merker = list(merker.values_list("pk", "kommune_id"))
        if not merker:
            return 0
        merke_ids = [pk for pk, _k in merker]
        if not alle:
            kommune_ids = sorted({k for _pk, k in merker})
        _lagre(kommune_ids)
        AnalyseEndring.objects.filter(pk__in=merke_ids).delete()
        return len(kommune_ids)


def bygg() -> int:
    """Rebuild every analytics row from scratch (``manage.py analyse_bygg``): the
    tables emptied and every kommune computed, under every kommune's lock; the marks
    read before are removed. Returns the number of kommuner."""
    from kommuner.models import Kommune

    with transaction.atomic():
        kommune_ids = sorted(Kommune.objects.values_list("pk", flat=True))
        if i_bruk():
            _laas(kommune_ids)
        merke_ids = list(AnalyseEndring.objects.values_list("pk", flat=True))
        AnalyseKommune.objects.all().delete()
        AnalyseIndikator.objects.all().delete()
        for i in range(0, len(kommune_ids), 50):
            _lagre(kommune_ids[i : i + 50])
        # Every kommune a new version: its rows were emptied and written again (one
        # whose rows were removed now has none, which ``_lagre`` could not see).
        _ny_versjon(kommune_ids)
        AnalyseEndring.objects.filter(pk__in=merke_ids).delete()
    return len(kommune_ids)


# --- reading ------------------------------------------------------------------------

_TALL = (
    "moter_holdt",
    "apne_punkter",
    "forfalte_punkter",
    "regelhindre_nye",
    "regelhindre_loftet",
    "innvilget",
    "utbetalt",
)


def halvaar_av(start: date, slutt: date) -> tuple[int, int] | None:
    """(year, half) when ``start``–``slutt`` is exactly a half-year, else None."""
    aar, halvaar = _halvaar(start)
    if start == _start(aar, halvaar) and slutt == _slutt(aar, halvaar):
        return aar, halvaar
    return None


def kommunetall(
    *, pilot_id: int, kommune_ids: list[int], aar: int, halvaar: int
) -> dict[int, dict[str, int]]:
    """Per kommune id its figures in the half-year (zeros where it has none), or None
    when the table keeps no rows for that half-year: it is none of the pilot's report
    periods (the caller then asks the sources). Two queries when nothing is marked (the
    marks, the rows); a third only when no row was found."""
    oppdater(kommune_ids)
    ut = {k: dict.fromkeys(_TALL, 0) for k in kommune_ids}
    rader = AnalyseKommune.objects.filter(
        pilot_id=pilot_id, aar=aar, halvaar=halvaar, kommune_id__en_av=kommune_ids
    ).values("kommune_id", *_TALL)
    for rad in rader:
        ut[rad.pop("kommune_id")] = rad
    if (
        not rader
        and not Rapportperiode.objects.filter(pilot_id=pilot_id, aar=aar, halvaar=halvaar).exists()
    ):
        return None
    return ut


def moter_per_halvaar(*, pilot_id: int, kommune_ids: list[int]) -> dict[tuple[int, str], int]:
    """Meetings held per (kommune id, the pilot's half-year code). Two queries."""
    oppdater(kommune_ids)
    return {
        (k, f"{a}-H{h}"): n
        for k, a, h, n in AnalyseKommune.objects.filter(
            pilot_id=pilot_id, kommune_id__en_av=kommune_ids, moter_holdt__gt=0
        ).values_list("kommune_id", "aar", "halvaar", "moter_holdt")
    }


def stand(kommuner) -> str:
    """The analytics rows' state for ``kommuner`` (ids, a queryset of one column of
    kommune ids, or such a query's compiled SQL and parameters), brought up to date
    first: which kommuner they are, how many of them have a version and the sum of
    their versions, as one text. A figure read from
    these rows only (and from tables under its declared ``felles.datastand`` groups)
    is kept under it as an argument, so a change to another kommune's figures leaves it
    kept; versions only grow, so the sum changes with every change to any of them.
    One query when nothing is marked (a mark: the kommuner are read, brought up to date
    by ``oppdater``, and the state is read again); empty where the tables are not
    kept."""
    return stander(kommuner).alle


@dataclass(frozen=True)
class Stander:
    """``stander``'s answer: the state of every kommune asked for and of the page of
    them asked for (the same as ``alle`` without a page)."""

    alle: str
    side: str


def stander(kommuner, *, side: int = 1, per_side: int | None = None) -> Stander:
    """``stand`` of ``kommuner`` and, in the same query, of page ``side`` of them
    (``per_side`` to a page, in name order: ``kommuner`` is then a compiled query of
    (kommune id, name) rows; past the end the last page, as ``felles.paginering``): a
    figure of one page of kommuner is kept under the page's state, so a change to a
    kommune on another page leaves it kept, while a summary of them all is kept under
    the state of all. One pass over the kommuner and their versions."""
    if not i_bruk():
        return Stander("", "")
    if isinstance(kommuner, QuerySet):
        kommuner = kommuner.query.sql_with_params()
    if isinstance(kommuner, tuple):  # a query's compiled SQL and parameters
        sql, params = kommuner
        params = list(params)
        if not per_side:
            sql = f"SELECT d.*, NULL::text FROM ({sql}) AS d"  # noqa: S608 (Django's own SQL)
    else:
        sql, params = "SELECT unnest(%s::int[]), NULL::text", [sorted(set(kommuner))]
    # The page: its rows after the first ``fra``, the page number brought within the
    # pages there are; every row without ``per_side``.
    per = per_side or 0
    side_params = [per, max(side, 1) - 1, per or 1, per, per]
    tilstand = (
        "md5(coalesce(string_agg(k.kommune_id::text, ',' ORDER BY k.kommune_id){f}, '')), "
        "count(v.versjon){f}, coalesce(sum(v.versjon){f}, 0)"
    )
    for _forsok in range(2):
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH d(kommune_id, navn) AS ({sql}), "  # noqa: S608 (our own SQL)
                "u AS (SELECT kommune_id, row_number() OVER (ORDER BY navn, kommune_id) AS nr "
                "FROM (SELECT DISTINCT kommune_id, navn FROM d) AS x), "
                "g AS (SELECT %s * LEAST(%s, GREATEST((count(*) - 1) / %s, 0)) AS fra FROM u), "
                "k AS (SELECT u.kommune_id, (%s = 0 OR (u.nr > g.fra AND u.nr <= g.fra + %s)) "
                "AS side FROM u, g) SELECT "
                f"EXISTS (SELECT 1 FROM {_ENDRING} e WHERE e.kommune_id IS NULL "
                "OR e.kommune_id IN (SELECT kommune_id FROM u)), "
                f"{tilstand.format(f='')}, {tilstand.format(f=' FILTER (WHERE k.side)')} "
                f"FROM k LEFT JOIN {AnalyseVersjon._meta.db_table} v "
                "ON v.kommune_id = k.kommune_id",
                [*params, *side_params],
            )
            merket, *tall = cursor.fetchone()
        if not merket:
            break
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT k FROM ({sql}) AS d(k, n)", params)  # noqa: S608
            oppdater({k for (k,) in cursor.fetchall()})
    alle, side_tall = tall[:3], tall[3:]
    return Stander(alle=":".join(str(t) for t in alle), side=":".join(str(t) for t in side_tall))


def har_slutt(slutt: date) -> bool:
    """Whether indicator rows are kept for ``slutt`` (the end of a half-year some pilot
    reports on); no query beyond the periods' (one)."""
    aar, halvaar = _halvaar(slutt)
    return (
        slutt == _slutt(aar, halvaar)
        and Rapportperiode.objects.filter(aar=aar, halvaar=halvaar).exists()
    )


def indikatortall(
    *, indikator_id: int, kommune_ids: list[int], slutt: date
) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """``kilder._siste_og_nullpunkt`` read from the table: per kommune id the latest
    (period, value, origin) and the baseline (period, value). Two queries."""
    oppdater(kommune_ids)
    siste, null = {}, {}
    for k, periode, verdi, opphav, np_periode, np_verdi in AnalyseIndikator.objects.filter(
        indikator_id=indikator_id, slutt=slutt, kommune_id__en_av=kommune_ids
    ).values_list("kommune_id", "periode", "verdi", "opphav", "nullpunkt_periode", "nullpunkt"):
        if verdi is not None:
            siste[k] = (periode, verdi, opphav)
        if np_verdi is not None:
            null[k] = (np_periode, np_verdi)
    return siste, null


# --- triggers -----------------------------------------------------------------------

_ENDRING = "evaluering_analyseendring"


def _trigger_sql(tabell: str, kommuner: str, kolonner: list[str]) -> list[str]:
    """The functions and triggers that mark the kommuner of rows written to
    ``tabell``. ``kommuner`` is a query over the rows ``x`` giving kommune ids (``{x}``
    stands for the transition table). An update marks only rows whose ``kolonner``
    changed, under their old and their new kommune."""
    endret_ny = (
        f"(SELECT n.* FROM ny n JOIN gammel g ON g.id = n.id WHERE "  # noqa: S608 (our constants)
        f"ROW({', '.join('n.' + c for c in kolonner)}) IS DISTINCT FROM "
        f"ROW({', '.join('g.' + c for c in kolonner)}))"
    )
    endret_gammel = endret_ny.replace("SELECT n.*", "SELECT g.*")
    kropper = {
        "ins": kommuner.format(x="ny"),
        "upd": kommuner.format(x=endret_ny) + " UNION " + kommuner.format(x=endret_gammel),
        "del": kommuner.format(x="gammel"),
    }
    hendelse = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}
    overgang = {
        "ins": "NEW TABLE AS ny",
        "upd": "OLD TABLE AS gammel NEW TABLE AS ny",
        "del": "OLD TABLE AS gammel",
    }
    sql = []
    for slag, kropp in kropper.items():
        navn = f"{tabell}_analyse_{slag}"
        sql.append(
            f'CREATE OR REPLACE FUNCTION "{navn}"() RETURNS trigger LANGUAGE plpgsql AS $$\n'  # noqa: S608 (our constants)
            f"BEGIN\n"
            f"  INSERT INTO {_ENDRING} (kommune_id)\n"
            f"  SELECT DISTINCT k FROM ({kropp}) AS t(k) WHERE k IS NOT NULL;\n"
            f"  RETURN NULL;\n"
            f"END $$;"
        )
        sql.append(
            f'CREATE TRIGGER "{navn}" AFTER {hendelse[slag]} ON "{tabell}" '
            f"REFERENCING {overgang[slag]} FOR EACH STATEMENT "
            f'EXECUTE FUNCTION "{navn}"()'
        )
    sql.append(
        f"CREATE OR REPLACE FUNCTION analyse_alle() RETURNS trigger LANGUAGE plpgsql AS $$\n"  # noqa: S608 (our constants)
        f"BEGIN INSERT INTO {_ENDRING} (kommune_id) VALUES (NULL); RETURN NULL; END $$;"
    )
    sql.append(
        f'CREATE TRIGGER "{tabell}_analyse_trunc" AFTER TRUNCATE ON "{tabell}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION analyse_alle()"
    )
    return sql


def _fjern_sql(tabell: str) -> list[str]:
    sql = []
    for slag in ("ins", "upd", "del", "trunc"):
        sql.append(f'DROP TRIGGER IF EXISTS "{tabell}_analyse_{slag}" ON "{tabell}"')
        if slag != "trunc":
            sql.append(f'DROP FUNCTION IF EXISTS "{tabell}_analyse_{slag}"()')
    return sql


def trigger_operasjon(triggere: list[tuple[str, str, list[str]]]) -> migrations.RunPython:
    """The migration step that adds ``triggere`` (table, kommune query, columns) and
    marks every kommune for computing (the tables start empty)."""

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell, kommuner, kolonner in triggere:
            for sql in _fjern_sql(tabell) + _trigger_sql(tabell, kommuner, kolonner):
                schema_editor.execute(sql)
        # Every kommune to be computed, where there are any (an empty database, as a
        # new installation's or the tests', has nothing to compute).
        schema_editor.execute(
            f"INSERT INTO {_ENDRING} (kommune_id) "  # noqa: S608 (our constants)
            "SELECT NULL WHERE EXISTS (SELECT 1 FROM kommuner_kommune)"
        )

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell, _k, _c in triggere:
            for sql in _fjern_sql(tabell):
                schema_editor.execute(sql)

    return migrations.RunPython(lag, fjern, elidable=False)
