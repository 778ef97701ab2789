"""Figures many requests ask for alike (the average of approved indicator values over
every participating kommune, a pilot's grants per year and scheme, a kommune's
indicator tables), kept between requests and computed again as soon as the data under
them changes.

Each table such a figure reads has a PostgreSQL trigger, fired once per statement,
that records the writing transaction in ``Datastand`` under the table's group: one row
per transaction and group (``txid_current()``; a second statement of the same
transaction adds nothing). The rows are only ever inserted, each transaction its own,
so writers never wait for one another here and no lock order can deadlock. A group's
stamp is the sum of its rows' ``vekt``, a random weight (1 to 2⁵²) drawn per
transaction: every committed writing transaction changes the stamp, whatever order
transactions commit in, and a rolled-back transaction leaves nothing. Because the
weight is random, a database that goes back in time (a restore from backup, a
point-in-time recovery, a failover to a replica that lost the last commits) does not
reach an old stamp again with its next writes: those draw new weights.

Besides the groups, the row ``EPOKE`` holds a random token, drawn anew after every
``migrate`` and ``flush`` (``post_migrate``) and by the restore script
(``manage.py datastand_epoke``, in ``deploy/gjenopprett.sh``). It is read in the same
query as the stamps and is part of every key, so nothing kept before a restore or a
flush is served after it. A figure is cached under the stamps of
the groups it reads (one query), so every committed write, by whatever path (a
service, an import, the admin, a bulk update, SQL by hand), makes a new key. Not
cached: what a transaction computes after writing to one of the groups itself (its
data is not committed yet and may change before it is), and anything without a stamp.
``komprimer`` (beat, hourly) folds the rows of finished transactions into one per
group, keeping the sum.

The cache is each process's own memory (the ``datastand`` cache, bounded in entries and
bytes), with a copy shared by the processes on Redis where it is configured, which a
new or recycled worker reads before it computes (``felles.hurtigbuffer``); a Redis
that is down is only a slower page, never a failed one. On
databases other than PostgreSQL (SQLite in development) there are no triggers, hence no
stamps, and the figures are computed every time.

Triggers come with each app's migrations (``trigger_operasjon``). The groups belong to
the apps, which name them in their ``apps.py`` and register them in ``ready()``
(``registrer_gruppe``); this module names none of them.

The one way to keep something: ``@hurtig_selector(grupper=(...))`` on a selector (its
key is the function's qualified name, its arguments and the active language) and
``@hurtig_fragment(mal, grupper=(...))`` on a view's function that gives a template's
context (a rendered part of a page, the same for every reader with the same
arguments). A kept function called while another is being computed is allowed only
when the outer one declares every group and part it declares; otherwise it is
refused (``NestetHurtig``), since the outer copy would not notice a change under the
inner one. The inner one is then kept under the outer one's stamps, read in the outer
one's query (no query of its own): when the outer one is computed again because of a
change the inner one does not read (a dashboard whose kommuner changed, around the
pilot's grants, which did not), the inner one is read, not computed again. When the
outer one is not kept (its own transaction wrote to a group), neither is the inner.
So each group list is declared once beside the one function it covers, and no inner
copy serves a change late.

A narrower stamp: a group may be divided into parts (``Del``), e.g. one kommune's
rows of a table. A row trigger (``deltrigger_operasjon``) stamps the part of every row
a statement writes (its old and its new value of the dividing column), as
``gruppe:verdi``, the same way (one row per transaction and part, random weight); a
statement that may touch every part (a truncate, or any write to a table named as
``hele``) stamps the group itself. A figure declaring ``Del(gruppe, "argument")`` is
keyed by the group's stamp and by the stamp of the part its argument names (a row's
primary key), read in the same one query; a part no transaction has written since the
trigger was made has no rows and counts as 0 (its data is as the group's stamp left
it). So a write to one kommune's rows leaves every other kommune's copy in use, and
nothing stale is served: every committed write changes the stamp of each part it
touched or of the whole group."""

from __future__ import annotations

import contextvars
import datetime
import decimal
import functools
import hashlib
import inspect
import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, migrations, models, transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import hurtigbuffer

T = TypeVar("T")

# Not a group: the database's epoch, a random token renewed at migrate, flush and restore.
EPOKE = "epoke"
# The largest random weight of one transaction (and of the epoch); a folded row is kept
# below MODULO so the sum never outgrows a bigint.
_MAKS_VEKT = 2**52
_MODULO = 2**62


# The groups the apps registered: group -> the app that owns it.
_GRUPPER: dict[str, str] = {}
# The groups stamped by parts (``deltrigger_operasjon``): declared only through ``Del``.
_DELTE: set[str] = set()


class Del:
    """A part of a group in a decorator's ``grupper``: ``Del(gruppe, "kommune")`` is the
    part of ``gruppe`` named by the decorated function's argument ``kommune`` (a row,
    by its primary key, or a plain value); an argument that is a list, tuple or set
    names a part per element (a page of rows, each its own part), all read in the same
    query. The group must be stamped by parts (``deltrigger_operasjon``); see the
    module's docstring."""

    def __init__(self, gruppe: str, argument: str):
        self.gruppe = gruppe
        self.argument = argument

    def navn(self, verdi) -> str:
        if isinstance(verdi, models.Model):
            verdi = verdi.pk
        if not isinstance(verdi, int | str) or verdi is None:
            raise TypeError(f"Del av {self.gruppe}: ugyldig verdi {verdi!r} (felles.datastand).")
        return f"{self.gruppe}:{verdi}"

    def navne(self, verdi) -> list[str]:
        if isinstance(verdi, list | tuple | set | frozenset):
            return [self.navn(v) for v in verdi]
        return [self.navn(verdi)]


def _del_grupper(grupper: Iterable) -> tuple[tuple[str, ...], tuple[Del, ...]]:
    hele = tuple(sorted({g for g in grupper if not isinstance(g, Del)}))
    deler = tuple(g for g in grupper if isinstance(g, Del))
    return hele, deler


def _deler(deler: tuple[Del, ...], signatur: inspect.Signature, args, kwargs) -> list[str]:
    if not deler:
        return []
    bundet = signatur.bind(*args, **kwargs)
    bundet.apply_defaults()
    return sorted({n for d in deler for n in d.navne(bundet.arguments[d.argument])})


class NestetHurtig(RuntimeError):
    """Something kept was asked for, while something else kept was being computed, with
    a group the outer one does not declare: the outer copy would not follow a change
    there. Declare the group on the outer one (it covers every table under it)."""


# What is being computed for the cache in this thread or task: its key, its groups and
# parts, and the stamps it is kept under (None: computed without keeping it).
_BEREGNER: contextvars.ContextVar[tuple[str, frozenset[str], dict | None] | None] = (
    contextvars.ContextVar("datastand_beregner", default=None)
)


def registrer_gruppe(navn: str, *, app: str, delt: bool = False) -> str:
    """Register ``navn`` as a group of the app labelled ``app`` (in its ``ready()``):
    the group its migrations stamp with ``trigger_operasjon``, or by parts with
    ``deltrigger_operasjon`` when ``delt`` (then declared only as ``Del``). Returns
    ``navn``."""
    eier = _GRUPPER.setdefault(navn, app)
    if eier != app:
        raise ImproperlyConfigured(f"Datastand-gruppen {navn!r} tilhører allerede {eier}.")
    if delt:
        _DELTE.add(navn)
    return navn


def _sjekk_delt(grupper_: tuple[str, ...], deler_: tuple) -> None:
    """A group stamped by parts is declared by its part (``Del``): its own stamp alone
    does not change with a write to one part. (Checked again at call time, when the
    apps have registered their groups.)"""
    for d in deler_:
        if ":" in d.gruppe:
            raise ImproperlyConfigured(f"Ugyldig gruppenavn {d.gruppe!r} (felles.datastand).")


def grupper() -> dict[str, str]:
    """The registered groups and the apps that own them."""
    return dict(_GRUPPER)


def _sjekk_grupper(navn: str, grupper_: tuple[str, ...], deler_: tuple = ()) -> None:
    ukjente = [g for g in grupper_ if g not in _GRUPPER]
    if ukjente:
        raise ImproperlyConfigured(
            f"{navn}: ukjent datastand-gruppe {ukjente} (registreres i appens ready())."
        )
    hele = [g for g in grupper_ if g in _DELTE and g not in {d.gruppe for d in deler_}]
    if hele:
        raise ImproperlyConfigured(
            f"{navn}: gruppen {hele} stemples per del og oppgis som Del(gruppe, argument)."
        )
    udelte = [d.gruppe for d in deler_ if d.gruppe not in _DELTE]
    if udelte:
        raise ImproperlyConfigured(f"{navn}: gruppen {udelte} stemples ikke per del.")


def _del(verdi) -> str:
    """One argument as a part of a key: a row by its model and primary key (the groups
    cover its table), plain values by their ``repr``, collections element by element.
    Anything else is refused rather than guessed at."""
    if isinstance(verdi, models.Model):
        if verdi.pk is None:
            raise TypeError(f"En ulagret {verdi._meta.label} har ingen nøkkel (felles.datastand).")
        return f"{verdi._meta.label}#{verdi.pk!r}"
    if verdi is None or isinstance(
        verdi, str | int | float | bool | decimal.Decimal | datetime.date | datetime.time
    ):
        return repr(verdi)
    if isinstance(verdi, list | tuple):
        return "[" + ",".join(_del(v) for v in verdi) + "]"
    if isinstance(verdi, set | frozenset):
        return "{" + ",".join(sorted(_del(v) for v in verdi)) + "}"
    if isinstance(verdi, dict):
        return "{" + ",".join(sorted(f"{_del(k)}:{_del(v)}" for k, v in verdi.items())) + "}"
    raise TypeError(f"Kan ikke lage nøkkel av {type(verdi).__name__} (felles.datastand).")


def _noekkel(navn: str, signatur: inspect.Signature, args, kwargs) -> str:
    bundet = signatur.bind(*args, **kwargs)
    bundet.apply_defaults()
    return f"{navn}(" + ",".join(f"{k}={_del(v)}" for k, v in bundet.arguments.items()) + ")"


def hurtig_selector(*, grupper: Iterable[str], sprak: bool = True):
    """Keep what the decorated selector returns until one of ``grupper`` (the groups of
    the tables it reads, declared here once) changes. The key is the function's
    qualified name and its arguments (rows by primary key), with the active language
    unless ``sprak=False`` (a result without translated text). One query for the
    stamps; the result must pickle. Called inside something else kept, it is kept
    under that one's stamps (see the module's docstring). A ``Del`` in ``grupper`` keys it by
    that part of its group (and the group's own stamp) instead of the whole group."""
    grupper_, deler_ = _del_grupper(grupper)
    _sjekk_delt(grupper_, deler_)
    grupper_ = tuple(sorted(set(grupper_) | {d.gruppe for d in deler_}))

    def dekorer(funksjon: Callable[..., T]) -> Callable[..., T]:
        navn = f"{funksjon.__module__}.{funksjon.__qualname__}"
        signatur = inspect.signature(funksjon)

        @functools.wraps(funksjon)
        def kept(*args, **kwargs) -> T:
            _sjekk_grupper(navn, grupper_, deler_)
            return hurtig(
                _noekkel(navn, signatur, args, kwargs),
                grupper_,
                lambda: funksjon(*args, **kwargs),
                sprak=sprak,
                deler=_deler(deler_, signatur, args, kwargs),
            )

        kept.grupper = grupper_
        return kept

    return dekorer


def hurtig_fragment(mal: str, *, grupper: Iterable[str]):
    """The view helper for a part of a page kept rendered: decorates a function that
    gives the context of the template ``mal``; calling it gives the rendered HTML, kept
    like ``hurtig_selector`` (key: the template, the function, its arguments and the
    language). It is rendered without the request, so nothing of the reader (their
    menu, a form token) can end up in what others are served; what differs between
    readers (permissions) must be an argument. Its groups cover the tables under the
    whole part: a kept selector or fragment it calls is kept under its stamps
    (``NestetHurtig`` when that one declares a group the fragment does not). A ``Del`` in
    ``grupper`` keys it by that part of its group (see ``hurtig_selector``)."""
    grupper_, deler_ = _del_grupper(grupper)
    _sjekk_delt(grupper_, deler_)
    grupper_ = tuple(sorted(set(grupper_) | {d.gruppe for d in deler_}))

    def dekorer(kontekst: Callable[..., dict]) -> Callable[..., SafeString]:
        navn = f"{kontekst.__module__}.{kontekst.__qualname__}[{mal}]"
        signatur = inspect.signature(kontekst)

        @functools.wraps(kontekst)
        def fragment(*args, **kwargs) -> SafeString:
            _sjekk_grupper(navn, grupper_, deler_)
            html = hurtig(
                _noekkel(navn, signatur, args, kwargs),
                grupper_,
                lambda: render_to_string(mal, kontekst(*args, **kwargs)),
                deler=_deler(deler_, signatur, args, kwargs),
            )
            return mark_safe(html)  # noqa: S308 (our own template's output)

        fragment.grupper = grupper_
        return fragment

    return dekorer


def hurtig(
    noekkel: str,
    grupper: Iterable[str],
    beregn: Callable[[], T],
    *,
    sprak: bool = True,
    deler: Iterable[str] = (),
) -> T:
    """``beregn()``, from the cache when none of ``grupper`` has changed since it was
    last computed under ``noekkel`` (which names the figure and its arguments; the
    language unless ``sprak=False`` and the database's epoch are added). One query
    reads the stamps and the epoch, on every database, so a page costs the same number
    of queries everywhere (without stamps, as on SQLite, it computes every time). The
    mechanism under the two decorators above; called nowhere else (``tools/regler.py``).
    While another kept thing is computed, the outer one's stamps serve (no query; no
    copy when the outer one keeps none), and it is refused when ``grupper`` has a
    group the outer one lacks (``NestetHurtig``).
    ``deler`` are parts of groups (``gruppe:verdi``, see ``Del``), read in the same
    query; a part without rows counts as 0."""

    grupper = sorted(set(grupper))
    deler = sorted(set(deler))
    ytre = _BEREGNER.get()
    if ytre is not None:
        ytre_noekkel, ytre_grupper, ytre_stander = ytre
        mangler = sorted((set(grupper) | set(deler)) - ytre_grupper)
        if mangler:
            raise NestetHurtig(
                f"{noekkel} leser {mangler}, som {ytre_noekkel} ikke oppgir (og beholder)."
            )
        if ytre_stander is None:
            return beregn()
        # Kept under the outer one's stamps, read in its one query: a part that does
        # not change when the outer one does (the pilot's grants in a dashboard whose
        # kommuner changed) is read, not computed again.
        return _hent_eller_beregn(noekkel, grupper, deler, ytre_stander, beregn, sprak)
    rader = _stempler([*grupper, *deler, EPOKE])
    stander = {gruppe: stand for gruppe, stand, _egen in rader}
    if EPOKE not in stander or any(g not in stander for g in grupper):
        return _beregn(noekkel, [*grupper, *deler], beregn, None)
    if any(egen for _g, _s, egen in rader):
        return _beregn(noekkel, [*grupper, *deler], beregn, None)
    return _hent_eller_beregn(noekkel, grupper, deler, stander, beregn, sprak)


def _stempler(navn: list[str]) -> list[tuple[str, int, int]]:
    """(group or part, stamp, whether this transaction wrote it) of each of ``navn``
    that has rows, in one query. Written as SQL, not built by the ORM: every kept part
    of every page reads it, and building the query cost more than running it."""
    from .models import Datastand

    egen = (
        "MAX(CASE WHEN txid = txid_current_if_assigned() THEN 1 ELSE 0 END)"
        if connection.vendor == "postgresql"
        else "0"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT gruppe, SUM(vekt), {egen} FROM {Datastand._meta.db_table} "  # noqa: S608
            f"WHERE gruppe IN ({', '.join(['%s'] * len(navn))}) GROUP BY gruppe",
            navn,
        )
        # PostgreSQL sums a bigint as numeric: the stamp as the integer it is.
        return [(gruppe, int(stand), egen) for gruppe, stand, egen in cursor.fetchall()]


def _hent_eller_beregn(
    noekkel: str,
    grupper: list[str],
    deler: list[str],
    stander: dict,
    beregn: Callable[[], T],
    sprak: bool,
) -> T:
    """The value kept under ``noekkel`` and these stamps (``stander``: group or part →
    stamp, and the epoch), else ``beregn()``, kept."""
    # Figures may hold translated labels: one entry per language.
    sprakdel = get_language() if sprak else ""
    navn = hashlib.sha1(f"{noekkel}|{sprakdel}".encode()).hexdigest()  # noqa: S324 (a key)
    key = f"{navn}|{stander[EPOKE]}|" + "|".join(
        [f"{g}={stander[g]}" for g in grupper] + [f"{d}={stander.get(d, 0)}" for d in deler]
    )
    if len(key) > 200:
        # Many parts (a page of rows): the stamps hashed, as a cache key must be short.
        key = f"{navn}|" + hashlib.sha1(key.encode()).hexdigest()  # noqa: S324 (a key)
    return hurtigbuffer.hent_eller_beregn(
        key, lambda: _beregn(noekkel, [*grupper, *deler], beregn, stander)
    )


def _beregn(noekkel: str, grupper: list[str], beregn: Callable[[], T], stander) -> T:
    token = _BEREGNER.set((noekkel, frozenset(grupper), stander))
    try:
        return beregn()
    finally:
        _BEREGNER.reset(token)


def epoke_ny(*, using: str = "default") -> None:
    """Draw a new epoch: every figure kept by any process is computed again. Called
    after ``migrate`` and ``flush`` and by the restore script."""
    from .models import Datastand

    with transaction.atomic(using=using):
        Datastand.objects.using(using).filter(gruppe=EPOKE).delete()
        Datastand.objects.using(using).create(
            gruppe=EPOKE, txid=None, vekt=1 + secrets.randbelow(_MAKS_VEKT)
        )


def komprimer() -> int:
    """Fold each group's rows of finished transactions (older than the oldest still
    running: ``txid_snapshot_xmin``) into one row with their summed weight; the stamps
    stay as they were. Returns the rows removed. PostgreSQL only (elsewhere no rows)."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "WITH ferdige AS ("
            "  DELETE FROM felles_datastand"
            "  WHERE txid IS NULL OR txid < txid_snapshot_xmin(txid_current_snapshot())"
            "  RETURNING gruppe, vekt"
            "), summer AS ("
            "  INSERT INTO felles_datastand (gruppe, txid, vekt)"
            "  SELECT gruppe, NULL, SUM(vekt) %% %s FROM ferdige GROUP BY gruppe"
            "  RETURNING 1"
            ") SELECT (SELECT COUNT(*) FROM ferdige) - (SELECT COUNT(*) FROM summer)",
            [_MODULO],
        )
        return cursor.fetchone()[0]


# A random weight per transaction (1 to 2^52), so that no rewind of the database can
# bring an old stamp back.
_VEKT_SQL = "1 + floor(random() * 4503599627370496)::bigint"

_FUNKSJON = f"""
CREATE OR REPLACE FUNCTION felles_datastand_merk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO felles_datastand (gruppe, txid, vekt)
    VALUES (TG_ARGV[0], txid_current(), {_VEKT_SQL})
    ON CONFLICT (gruppe, txid) DO NOTHING;
    RETURN NULL;
END
$$;
"""  # noqa: S608 (constants only)

# The function as it was before the random weight (to undo that migration).
_FUNKSJON_FAST_VEKT = _FUNKSJON.replace(_VEKT_SQL, "1")


def funksjon_operasjon() -> migrations.RunPython:
    """The migration step that creates the trigger function (felles)."""

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_FUNKSJON)

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP FUNCTION IF EXISTS felles_datastand_merk()")

    return migrations.RunPython(lag, fjern, elidable=False)


def tilfeldig_vekt_operasjon() -> migrations.RunPython:
    """The migration step that gives the trigger function its random weight (felles)."""

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_FUNKSJON)

    def tilbake(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_FUNKSJON_FAST_VEKT)

    return migrations.RunPython(lag, tilbake, elidable=False)


def _hel_trigger(tabell: str, trigger: str, gruppe: str, kolonner: Iterable[str] = ()) -> str:
    """The trigger that stamps the whole ``gruppe`` on every statement writing to
    ``tabell`` (constant names only, from migrations); with ``kolonner``, an update
    stamps it only when it sets one of them (``UPDATE OF``)."""
    oppdatering = "UPDATE"
    if kolonner:
        oppdatering += " OF " + ", ".join(f'"{k}"' for k in kolonner)
    return (
        f'CREATE TRIGGER "{trigger}" AFTER INSERT OR {oppdatering} OR DELETE '
        f'OR TRUNCATE ON "{tabell}" FOR EACH STATEMENT '
        f"EXECUTE FUNCTION felles_datastand_merk('{gruppe}')"
    )


def _forste_stand(schema_editor, gruppe: str) -> None:
    """A first stamp of ``gruppe``, for the data already there."""
    schema_editor.execute(
        f"INSERT INTO felles_datastand (gruppe, txid, vekt) VALUES (%s, NULL, {_VEKT_SQL})",  # noqa: S608
        [gruppe],
    )


def trigger_operasjon(
    gruppe: str, tabeller: list[str], *, navn: str = "datastand", kolonner: Iterable[str] = ()
) -> migrations.RunPython:
    """The migration step that stamps ``gruppe`` on every write to ``tabeller``
    (insert, update, delete, truncate), with a first stamp for data already there. A
    table stamps a second group through a trigger of another ``navn`` (the trigger is
    ``<table>_<navn>``). With ``kolonner`` an update stamps only when it sets one of
    those columns (a user's name, not their last login)."""
    kolonner = list(kolonner)

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell in tabeller:
            schema_editor.execute(_hel_trigger(tabell, f"{tabell}_{navn}", gruppe, kolonner))
        _forste_stand(schema_editor, gruppe)

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell in tabeller:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{tabell}_{navn}" ON "{tabell}"')

    return migrations.RunPython(lag, fjern, elidable=False)


def merk_sql(gruppe: str) -> str:
    """The SQL statement that stamps ``gruppe`` for the running transaction, for an
    app's own trigger function that stamps only some writes (a constant name only)."""
    if not gruppe.replace("_", "").isalnum():
        raise ValueError(f"Ugyldig gruppenavn {gruppe!r} (felles.datastand).")
    return (
        "INSERT INTO felles_datastand (gruppe, txid, vekt) "  # noqa: S608 (a checked name)
        f"VALUES ('{gruppe}', txid_current(), {_VEKT_SQL}) "
        "ON CONFLICT (gruppe, txid) DO NOTHING"
    )


# The row-part stamp functions: one per kind of statement, reading the statement's
# transition tables (``ny``, ``gammel``); TG_ARGV[0] is the group, TG_ARGV[1] the
# dividing column. One row per transaction and part, as for a whole group.
_DEL_KILDER = {
    "ins": "SELECT to_jsonb(x) ->> TG_ARGV[1] FROM ny x",
    "upd": "SELECT to_jsonb(x) ->> TG_ARGV[1] FROM ny x "
    "UNION SELECT to_jsonb(x) ->> TG_ARGV[1] FROM gammel x",
    "del": "SELECT to_jsonb(x) ->> TG_ARGV[1] FROM gammel x",
}
_DEL_HENDELSE = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}
_DEL_OVERGANG = {
    "ins": "NEW TABLE AS ny",
    "upd": "OLD TABLE AS gammel NEW TABLE AS ny",
    "del": "OLD TABLE AS gammel",
}


def _del_funksjon(slag: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION felles_datastand_merk_del_{slag}() RETURNS trigger\n"  # noqa: S608 (constants)
        "LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "    INSERT INTO felles_datastand (gruppe, txid, vekt)\n"
        f"    SELECT TG_ARGV[0] || ':' || d, txid_current(), {_VEKT_SQL}\n"
        f"    FROM ({_DEL_KILDER[slag]}) AS t(d) WHERE d IS NOT NULL\n"
        "    ON CONFLICT (gruppe, txid) DO NOTHING;\n"
        "    RETURN NULL;\n"
        "END\n"
        "$$;"
    )


def deltrigger_operasjon(
    gruppe: str, deler: dict[str, str], hele: Iterable[str] = ()
) -> migrations.RunPython:
    """The migration step that stamps ``gruppe`` by parts (``Del``): every write to a
    table in ``deler`` (table -> dividing column, e.g. ``kommune_id``) stamps the part
    of each row it touched (old and new value), a truncate of it stamps the whole
    group, and so does any write to a table in ``hele`` (one every part reads, e.g. the
    indicators); a first stamp of the whole group for the data already there. Its
    triggers are named ``<table>_datastand_<group>``, beside a table's other triggers."""
    hele = list(hele)

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for slag in _DEL_KILDER:
            schema_editor.execute(_del_funksjon(slag))
        for tabell, kolonne in deler.items():
            for slag in _DEL_KILDER:
                schema_editor.execute(
                    f'CREATE TRIGGER "{tabell}_datastand_{gruppe}_{slag}" AFTER '
                    f'{_DEL_HENDELSE[slag]} ON "{tabell}" REFERENCING {_DEL_OVERGANG[slag]} '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION "
                    f"felles_datastand_merk_del_{slag}('{gruppe}', '{kolonne}')"
                )
            schema_editor.execute(
                f'CREATE TRIGGER "{tabell}_datastand_{gruppe}_trunc" AFTER TRUNCATE ON '
                f'"{tabell}" FOR EACH STATEMENT '
                f"EXECUTE FUNCTION felles_datastand_merk('{gruppe}')"
            )
        for tabell in hele:
            schema_editor.execute(_hel_trigger(tabell, f"{tabell}_datastand_{gruppe}", gruppe))
        _forste_stand(schema_editor, gruppe)

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell in deler:
            for slag in [*_DEL_KILDER, "trunc"]:
                schema_editor.execute(
                    f'DROP TRIGGER IF EXISTS "{tabell}_datastand_{gruppe}_{slag}" ON "{tabell}"'
                )
        for tabell in hele:
            schema_editor.execute(
                f'DROP TRIGGER IF EXISTS "{tabell}_datastand_{gruppe}" ON "{tabell}"'
            )

    return migrations.RunPython(lag, fjern, elidable=False)
