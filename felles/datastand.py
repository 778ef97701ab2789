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
bytes: ``felles.hurtigbuffer``), so there is no cache server to run or lose. On
databases other than PostgreSQL (SQLite in development) there are no triggers, hence no
stamps, and the figures are computed every time.

Triggers come with each app's migrations (``trigger_operasjon``); the groups:
``KUNNSKAP`` (indicators, their values and baselines, participations, challenge
pictures), ``TILSKUDD`` (the grant tables), ``INVESTERING`` (meetings, follow-up
points, rule barriers), ``EVALUERING`` (goals, their indicators, assessments, periods)
and ``REGISTER`` (kommuner and etater, whose names the figures carry)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection, migrations, transaction
from django.db.models import BooleanField, IntegerField, Max, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

KUNNSKAP = "kunnskap"
TILSKUDD = "tilskudd"
INVESTERING = "investering"
REGISTER = "register"
EVALUERING = "evaluering"
# Not a group: the database's epoch, a random token renewed at migrate, flush and restore.
EPOKE = "epoke"
# The largest random weight of one transaction (and of the epoch); a folded row is kept
# below MODULO so the sum never outgrows a bigint.
_MAKS_VEKT = 2**52
_MODULO = 2**62

_INGEN = object()


def hurtig(noekkel: str, grupper: Iterable[str], beregn: Callable[[], T]) -> T:
    """``beregn()``, from the cache when none of ``grupper`` has changed since it was
    last computed under ``noekkel`` (which names the figure and its arguments; the
    language and the database's epoch are added). One query reads the stamps and the
    epoch, on every database, so a page costs the same number of queries everywhere
    (without stamps, as on SQLite, it computes every time)."""
    from .models import Datastand

    grupper = sorted(set(grupper))
    egen = (
        RawSQL("txid = txid_current_if_assigned()", (), output_field=BooleanField())
        if connection.vendor == "postgresql"
        else Value(False)
    )
    rader = list(
        Datastand.objects.filter(gruppe__in=[*grupper, EPOKE])
        .values("gruppe")
        .annotate(stand=Sum("vekt"), egen=Max(Cast(egen, IntegerField())))
        .order_by()
        .values_list("gruppe", "stand", "egen")
    )
    stander = {gruppe: stand for gruppe, stand, _egen in rader}
    if len(stander) < len(grupper) + 1 or any(egen for _g, _s, egen in rader):
        return beregn()
    cache = caches["datastand"]
    # Figures may hold translated labels: one entry per language.
    navn = hashlib.sha1(f"{noekkel}|{get_language()}".encode()).hexdigest()  # noqa: S324 (a key)
    key = f"{navn}|{stander[EPOKE]}|" + "|".join(f"{g}={stander[g]}" for g in grupper)
    verdi = cache.get(key, _INGEN)
    if verdi is _INGEN:
        verdi = beregn()
        cache.set(key, verdi)
    return verdi


def hurtig_html(
    noekkel: str, grupper: Iterable[str], mal: str, kontekst: Callable[[], dict]
) -> SafeString:
    """The template ``mal`` rendered with ``kontekst()`` and kept like ``hurtig``: for a
    part of a page that is the same for every reader with the same ``noekkel``. It is
    rendered without the request, so nothing of the reader (their menu, a form token)
    can end up in what others are served."""
    html = hurtig(noekkel, grupper, lambda: render_to_string(mal, kontekst()))
    return mark_safe(html)  # noqa: S308 (our own template's output)


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


def trigger_operasjon(gruppe: str, tabeller: list[str]) -> migrations.RunPython:
    """The migration step that stamps ``gruppe`` on every write to ``tabeller``
    (insert, update, delete, truncate), with a first stamp for data already there."""

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell in tabeller:
            schema_editor.execute(
                f'CREATE TRIGGER "{tabell}_datastand" AFTER INSERT OR UPDATE OR DELETE '
                f'OR TRUNCATE ON "{tabell}" FOR EACH STATEMENT '
                f"EXECUTE FUNCTION felles_datastand_merk('{gruppe}')"
            )
        schema_editor.execute(
            f"INSERT INTO felles_datastand (gruppe, txid, vekt) VALUES (%s, NULL, {_VEKT_SQL})",  # noqa: S608
            [gruppe],
        )

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell in tabeller:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{tabell}_datastand" ON "{tabell}"')

    return migrations.RunPython(lag, fjern, elidable=False)
