"""A query every request runs, with its SQL compiled once per process and database.

Building a queryset and compiling it to SQL (``SQLCompiler.as_sql``) costs the ORM more
than PostgreSQL takes to run a small indexed query: the session row, the user with its
roles, the dashboard's latest meeting and the kommuner of its analytics state are read
on every request, and compiling them was a third of the trivial page's own time.
``Kompilert`` builds the queryset once, from the same function that is its one
definition, with a stand-in value (a *merke*) in place of each argument; it finds the
stand-ins among the compiled parameters and, on each call, runs the same SQL with the
call's values in their places. Its rows come back as the ORM gives them: each column
through the converters the ORM would apply (a datetime on SQLite, say), and, asked
for, as the model's instance with the queryset's annotations set on it
(``Model.from_db``, as the ORM makes one).

An argument that is empty (``""``, ``None``, 0) is passed to the function as itself,
not as its stand-in, so a function that leaves a filter out for an empty value (the
dashboard's fylke) gets one compiled query per combination of empty and given
arguments. A stand-in must be a value the argument never takes, of its type, appearing
exactly once among the parameters (checked when compiled).

A new or recycled worker compiles every one of them (with all its arguments given)
before its first request (``forbered_alle``, from gunicorn's ``post_worker_init``), so
that its first page does not pay for it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Lookup, Model, QuerySet


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    plasser: tuple  # of each argument among the parameters (None: passed as itself)
    konvertering: dict
    modell: type[Model] | None
    felt: list[str]  # the model's attnames, in the order of their columns
    felt_pos: list[int]
    annotasjoner: list[tuple[str, int]]


def _tilpass(verdi, tilkobling):
    """A value as the ORM hands it to the driver (a date or time adapted for the
    database: text on SQLite)."""
    if isinstance(verdi, datetime.datetime):
        return tilkobling.ops.adapt_datetimefield_value(verdi)
    if isinstance(verdi, datetime.date):
        return tilkobling.ops.adapt_datefield_value(verdi)
    return verdi


_ALLE: list[Kompilert] = []


def forbered_alle() -> int:
    """Compile every query made so far with all its arguments given (a worker before
    its first request); returns how many."""
    for kompilert in _ALLE:
        kompilert._plan(kompilert._merker)
    return len(_ALLE)


class Kompilert:
    """The queryset ``bygg(*args)`` compiled once per process, database and which
    arguments are empty, run with each call's arguments (see the module's docstring).
    ``merker``: one stand-in per argument."""

    def __init__(self, bygg: Callable[..., QuerySet], *, merker: tuple, using: str = "default"):
        self._bygg = bygg
        self._merker = merker
        self._using = using
        self._planer: dict[tuple, _Plan] = {}
        _ALLE.append(self)

    def _plan(self, verdier: tuple) -> _Plan:
        tilkobling = connections[self._using]
        form = tuple(bool(v) for v in verdier)
        noekkel = (tilkobling.vendor, form)
        plan = self._planer.get(noekkel)
        if plan is not None:
            return plan
        args = [m if gitt else v for m, v, gitt in zip(self._merker, verdier, form, strict=True)]
        compiler = self._bygg(*args).query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        params = tuple(params)
        plasser = []
        for merke, gitt in zip(self._merker, form, strict=True):
            if not gitt:
                plasser.append(None)
                continue
            treff = [i for i, p in enumerate(params) if p == _tilpass(merke, tilkobling)]
            if len(treff) != 1:
                raise ValueError(f"Stand-in {merke!r} is not one and only one parameter.")
            plasser.append(treff[0])
        klass_info = compiler.klass_info
        felt_pos = list(klass_info["select_fields"]) if klass_info else []
        plan = _Plan(
            sql=sql,
            params=params,
            plasser=tuple(plasser),
            konvertering=compiler.get_converters([s[0] for s in compiler.select]),
            modell=klass_info["model"] if klass_info else None,
            felt=[compiler.select[i][0].target.attname for i in felt_pos],
            felt_pos=felt_pos,
            annotasjoner=list(compiler.annotation_col_map.items()),
        )
        self._planer[noekkel] = plan
        return plan

    def sql(self, *verdier) -> tuple[str, list]:
        """The compiled SQL and its parameters for these arguments (to run as a part of
        another statement)."""
        return self._sql(self._plan(verdier), verdier)

    def _sql(self, plan: _Plan, verdier: tuple) -> tuple[str, list]:
        tilkobling = connections[self._using]
        params = list(plan.params)
        for plass, verdi in zip(plan.plasser, verdier, strict=True):
            if plass is not None:
                params[plass] = _tilpass(verdi, tilkobling)
        return plan.sql, params

    def rad(self, *verdier) -> list | None:
        """The first row, each column as the ORM converts it; None without a row."""
        return self._rad(self._plan(verdier), verdier)

    def _rad(self, plan: _Plan, verdier: tuple) -> list | None:
        sql, params = self._sql(plan, verdier)
        tilkobling = connections[self._using]
        with tilkobling.cursor() as cursor:
            cursor.execute(sql, params)
            rad = cursor.fetchone()
        if rad is None:
            return None
        rad = list(rad)
        for pos, (konverterere, uttrykk) in plan.konvertering.items():
            for konverter in konverterere:
                rad[pos] = konverter(rad[pos], uttrykk, tilkobling)
        return rad

    def forekomst(self, *verdier) -> Model | None:
        """The first row as the model's instance, with the queryset's annotations set on
        it, as the ORM makes it; None without a row."""
        plan = self._plan(verdier)
        rad = self._rad(plan, verdier)
        if rad is None:
            return None
        forekomst = plan.modell.from_db(self._using, plan.felt, [rad[i] for i in plan.felt_pos])
        for navn, pos in plan.annotasjoner:
            setattr(forekomst, navn, rad[pos])
        return forekomst


class EnAv(Lookup):
    """``felt__en_av=ids``: the field is one of the list ``ids``, passed to PostgreSQL
    as one array parameter (``= ANY(%s)``) where ``__in`` makes a parameter per value.
    The ORM prepares each of those on its own: for the dashboard's 357 kommuner one
    ``__in`` cost 5-7 ms to compile, more than the query took to run. Elsewhere (SQLite)
    it is ``IN``. For integer fields and keys (registered on every field,
    ``felles.apps``); an empty list matches nothing."""

    lookup_name = "en_av"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(v) for v in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*lhs_params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self.rhs]
