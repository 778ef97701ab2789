"""Figures many pages show and few changes touch (the average of approved indicator
values over every participating kommune, a pilot's grants per year and scheme), kept
between requests and computed again as soon as the data under them changes.

Each table such a figure reads has a PostgreSQL trigger, fired once per statement,
that stamps the table's group in ``Datastand`` with the writing transaction's id
(``txid_current()``: an id is never reused, so the stamp of a transaction that was
rolled back never comes back). A figure is cached under the stamps of the groups it
reads: one query reads them, and every committed write, by whatever path (a service,
an import, the admin, a bulk update, SQL by hand), makes a new key. Not cached: what a
transaction computes after writing to one of the groups itself (its data is not
committed yet and may change before it is), and anything without a stamp yet.

The cache is each process's own memory (the ``datastand`` cache), so there is no cache
server to run or lose. On databases other than PostgreSQL (SQLite in development)
there are no triggers, hence no stamps, and the figures are computed every time.

Triggers come with each app's migrations (``trigger_operasjon``); the groups:
``KUNNSKAP`` (indicator values, participations) and ``TILSKUDD`` (the grant tables)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection, migrations
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL

T = TypeVar("T")

KUNNSKAP = "kunnskap"
TILSKUDD = "tilskudd"

_INGEN = object()


def hurtig(noekkel: str, grupper: Iterable[str], beregn: Callable[[], T]) -> T:
    """``beregn()``, from the cache when none of ``grupper`` has changed since it was
    last computed under ``noekkel`` (which names the figure and its arguments). One
    query reads the stamps, on every database, so a page costs the same number of
    queries everywhere (without stamps, as on SQLite, it computes every time)."""
    from .models import Datastand

    grupper = sorted(set(grupper))
    egen = (
        RawSQL("stand = txid_current_if_assigned()", (), output_field=BooleanField())
        if connection.vendor == "postgresql"
        else Value(False)
    )
    rader = list(
        Datastand.objects.filter(navn__in=grupper)
        .annotate(egen=egen)
        .values_list("navn", "stand", "egen")
    )
    stander = {navn: stand for navn, stand, _egen in rader}
    if len(stander) < len(grupper) or any(egen for _n, _s, egen in rader):
        return beregn()
    cache = caches["datastand"]
    key = f"{noekkel}|" + "|".join(f"{g}={stander[g]}" for g in grupper)
    verdi = cache.get(key, _INGEN)
    if verdi is _INGEN:
        verdi = beregn()
        cache.set(key, verdi)
    return verdi


_FUNKSJON = """
CREATE OR REPLACE FUNCTION felles_datastand_merk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO felles_datastand (navn, stand) VALUES (TG_ARGV[0], txid_current())
    ON CONFLICT (navn) DO UPDATE SET stand = EXCLUDED.stand
    WHERE felles_datastand.stand IS DISTINCT FROM EXCLUDED.stand;
    RETURN NULL;
END
$$;
"""


def funksjon_operasjon() -> migrations.RunPython:
    """The migration step that creates the trigger function (felles)."""

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_FUNKSJON)

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP FUNCTION IF EXISTS felles_datastand_merk()")

    return migrations.RunPython(lag, fjern, elidable=False)


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
            "INSERT INTO felles_datastand (navn, stand) VALUES (%s, txid_current()) "
            "ON CONFLICT (navn) DO UPDATE SET stand = EXCLUDED.stand",
            [gruppe],
        )

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabell in tabeller:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{tabell}_datastand" ON "{tabell}"')

    return migrations.RunPython(lag, fjern, elidable=False)
