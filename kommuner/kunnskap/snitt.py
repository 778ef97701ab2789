"""The participating kommuner's average per indicator and period, kept in PostgreSQL
(``Indikatorsnitt``: sum and count of the approved values) and computed again only
where a change touched it.

Triggers on the indicator values and the participations (``trigger_operasjon``, added
by migration) write, in the writing transaction, a mark (``Snittendring``) per
(indicator, period) whose average may have changed: a value whose status, value,
period, indicator or kommune changed while it was approved before or after; every
approved value of a kommune whose participation changed; a truncate marks everything.
The same statement stamps the datastand group ``KUNNSKAP_SNITT``, so what is kept
under the averages (the knowledge-base page's indicator tables) follows them, while a
draft or a submitted value changes neither marks nor stamp.

The reader (``snitt``) computes again, under a transaction-level advisory lock, the
marked pairs it sees (and a period the first time it is asked for), then removes
exactly the marks it read: they were read after the lock, by a statement that sees
every change committed before it, so each removed mark's change is in what was
computed; a mark committed later stays for the next reader. Readers one after another
never overwrite a newer figure with an older one. On other databases (SQLite in
development) there are no triggers and the averages are computed directly."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, migrations, transaction
from django.db.models import Avg, DecimalField, ExpressionWrapper, F

from felles.datastand import merk_sql
from kommuner.apps import KUNNSKAP_SNITT

# The advisory lock of the averages (pg_advisory_xact_lock(int, int)).
_LAAS = (23_0002, 1)
_GODKJENT = "godkjent"
_DELTAR = "deltar"


def i_bruk() -> bool:
    """Whether the averages are kept in tables (PostgreSQL, with the triggers)."""
    return connection.vendor == "postgresql"


def snitt(perioder: list[str]) -> dict[tuple[int, str], Decimal]:
    """The average of approved values over every participating kommune, per
    (indicator id, period) in ``perioder`` (no key where there is none). Two queries
    when nothing is marked; more (under the lock) when something is."""
    from ..models import Deltakelse, Indikatorsnitt, Indikatorverdi

    perioder = sorted(set(perioder))
    if not perioder:
        return {}
    if not i_bruk():
        return {
            (r["indikator_id"], r["periode"]): r["snitt"]
            for r in Indikatorverdi.objects.filter(
                status=_GODKJENT,
                periode__in=perioder,
                kommune__in=Deltakelse.objects.filter(status=_DELTAR).values("kommune_id"),
            )
            .order_by()
            .values("indikator_id", "periode")
            .annotate(snitt=Avg("verdi"))
            if r["snitt"] is not None
        }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM kommuner_snittendring"
            "  WHERE periode = ANY(%s) OR periode IS NULL)"
            " OR (SELECT count(*) FROM kommuner_snittperiode WHERE periode = ANY(%s)) < %s",
            [perioder, perioder, len(perioder)],
        )
        if cursor.fetchone()[0]:
            _oppdater(perioder)
    return {
        (i, p): s
        for i, p, s in Indikatorsnitt.objects.filter(periode__in=perioder)
        .annotate(
            snitt=ExpressionWrapper(
                F("summ") / F("antall"), output_field=DecimalField(max_digits=40)
            )
        )
        .values_list("indikator_id", "periode", "snitt")
    }


def _oppdater(perioder: list[str]) -> None:
    """Compute again, under the lock, every marked pair of a period already computed
    and each of ``perioder`` not computed yet; remove the marks read."""
    from ..models import Indikatorsnitt, Snittendring, Snittperiode

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(_LAAS))
        # Read after the lock: each mark read here is of a change this computation sees.
        merker = list(Snittendring.objects.values_list("pk", "indikator_id", "periode"))
        if any(p is None for _pk, _i, p in merker):
            Indikatorsnitt.objects.all().delete()
            Snittperiode.objects.all().delete()
        kjente = set(Snittperiode.objects.values_list("periode", flat=True))
        nye = [p for p in perioder if p not in kjente]
        par = sorted({(i, p) for _pk, i, p in merker if p in kjente and i is not None})
        if nye or par:
            indikatorer = [i for i, _p in par]
            parperioder = [p for _i, p in par]
            utvalg = (
                "(periode = ANY(%s) OR (indikator_id, periode) IN "
                "(SELECT * FROM unnest(%s::int[], %s::varchar[])))"
            )
            cursor.execute(
                f"DELETE FROM kommuner_indikatorsnitt WHERE {utvalg}",  # noqa: S608 (constants)
                [nye, indikatorer, parperioder],
            )
            cursor.execute(
                "INSERT INTO kommuner_indikatorsnitt (indikator_id, periode, summ, antall) "  # noqa: S608 (constants)
                "SELECT indikator_id, periode, SUM(verdi), COUNT(verdi) "
                "FROM kommuner_indikatorverdi "
                f"WHERE status = %s AND {utvalg} AND kommune_id IN "
                "(SELECT kommune_id FROM kommuner_deltakelse WHERE status = %s) "
                "GROUP BY indikator_id, periode HAVING COUNT(verdi) > 0",
                [_GODKJENT, nye, indikatorer, parperioder, _DELTAR],
            )
            Snittperiode.objects.bulk_create([Snittperiode(periode=p) for p in nye])
        if merker:
            Snittendring.objects.filter(pk__in=[pk for pk, _i, _p in merker]).delete()


def bygg() -> None:
    """Forget every average (they are computed again as they are asked for): after the
    triggers are made, and by hand after data was loaded without them."""
    from ..models import Snittendring

    Snittendring.objects.create(indikator_id=None, periode=None)


# --- triggers -----------------------------------------------------------------------

_MERKE = "kommuner_snittendring"
_VERDI = "kommuner_indikatorverdi"
_DELTAKELSE = "kommuner_deltakelse"
_KOLONNER = ["status", "verdi", "periode", "indikator_id", "kommune_id"]


def _funksjon(navn: str, kropp: str) -> str:
    return (
        f'CREATE OR REPLACE FUNCTION "{navn}"() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        f"BEGIN\n"
        f"  INSERT INTO {_MERKE} (indikator_id, periode) {kropp};\n"
        f"  IF FOUND THEN {merk_sql(KUNNSKAP_SNITT)}; END IF;\n"
        f"  RETURN NULL;\n"
        f"END $$;"
    )


def _verdi_kilder() -> dict[str, str]:
    godkjent = f"status = '{_GODKJENT}'"
    endret = (
        "FROM ny n JOIN gammel g ON g.id = n.id WHERE "
        f"(n.{godkjent} OR g.{godkjent}) AND "
        f"ROW({', '.join('n.' + c for c in _KOLONNER)}) IS DISTINCT FROM "
        f"ROW({', '.join('g.' + c for c in _KOLONNER)})"
    )
    return {
        "ins": f"SELECT DISTINCT indikator_id, periode FROM ny WHERE {godkjent}",  # noqa: S608
        "upd": (
            f"SELECT n.indikator_id, n.periode {endret} "  # noqa: S608 (constants)
            f"UNION SELECT g.indikator_id, g.periode {endret} "
            f"UNION SELECT indikator_id, periode FROM ny WHERE {godkjent} "
            "AND id NOT IN (SELECT id FROM gammel) "
            f"UNION SELECT indikator_id, periode FROM gammel WHERE {godkjent} "
            "AND id NOT IN (SELECT id FROM ny)"
        ),
        "del": f"SELECT DISTINCT indikator_id, periode FROM gammel WHERE {godkjent}",  # noqa: S608
    }


def _deltakelse_kilder() -> dict[str, str]:
    def verdier(kommuner: str) -> str:
        return (
            "SELECT DISTINCT v.indikator_id, v.periode FROM kommuner_indikatorverdi v "  # noqa: S608
            f"WHERE v.status = '{_GODKJENT}' AND v.kommune_id IN ({kommuner})"
        )

    endret = (
        "FROM ny n FULL JOIN gammel g ON g.id = n.id WHERE "
        "ROW(n.kommune_id, n.status) IS DISTINCT FROM ROW(g.kommune_id, g.status)"
    )
    return {
        "ins": verdier("SELECT kommune_id FROM ny"),
        "upd": verdier(f"SELECT n.kommune_id {endret} UNION SELECT g.kommune_id {endret}"),
        "del": verdier("SELECT kommune_id FROM gammel"),
    }


_HENDELSE = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}
_OVERGANG = {
    "ins": "NEW TABLE AS ny",
    "upd": "OLD TABLE AS gammel NEW TABLE AS ny",
    "del": "OLD TABLE AS gammel",
}


def _trigger_sql() -> list[str]:
    sql = [
        _funksjon("kommuner_snitt_alle", "VALUES (NULL, NULL)"),
    ]
    for tabell, kilder in ((_VERDI, _verdi_kilder()), (_DELTAKELSE, _deltakelse_kilder())):
        for slag, kropp in kilder.items():
            navn = f"{tabell}_snitt_{slag}"
            sql.append(_funksjon(navn, kropp))
            sql.append(
                f'CREATE TRIGGER "{navn}" AFTER {_HENDELSE[slag]} ON "{tabell}" '
                f'REFERENCING {_OVERGANG[slag]} FOR EACH STATEMENT EXECUTE FUNCTION "{navn}"()'
            )
        sql.append(
            f'CREATE TRIGGER "{tabell}_snitt_trunc" AFTER TRUNCATE ON "{tabell}" '
            'FOR EACH STATEMENT EXECUTE FUNCTION "kommuner_snitt_alle"()'
        )
    return sql


def _fjern_sql() -> list[str]:
    sql = []
    for tabell in (_VERDI, _DELTAKELSE):
        for slag in ("ins", "upd", "del", "trunc"):
            sql.append(f'DROP TRIGGER IF EXISTS "{tabell}_snitt_{slag}" ON "{tabell}"')
            if slag != "trunc":
                sql.append(f'DROP FUNCTION IF EXISTS "{tabell}_snitt_{slag}"()')
    sql.append('DROP FUNCTION IF EXISTS "kommuner_snitt_alle"()')
    return sql


def trigger_operasjon() -> migrations.RunPython:
    """The migration step that adds the averages' triggers, with a first stamp of
    ``KUNNSKAP_SNITT`` (the tables start empty: each period is computed when first
    asked for)."""

    def lag(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in _fjern_sql() + _trigger_sql():
            schema_editor.execute(sql)
        schema_editor.execute(merk_sql(KUNNSKAP_SNITT).replace("txid_current()", "NULL"))

    def fjern(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in _fjern_sql():
            schema_editor.execute(sql)

    return migrations.RunPython(lag, fjern, elidable=False)
