"""A query a page runs on every request, with its SQL compiled once per process.

Building a queryset's SQL (``Query.sql_with_params``) costs the ORM more than
PostgreSQL takes to run a small indexed query: on a warm page that reads nothing else
(the dashboard reads a few of them before its kept parts), the compiling was a fifth of
the request. ``kompilert`` keeps the SQL and its parameters per arguments of the
function that builds the queryset, so the queryset is still the one definition of the
query. The arguments must be few and bounded (a pilot's id, a filter's validated
choice): it keeps at most ``MAKS`` of them."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

MAKS = 256


def kompilert(bygg: Callable[..., QuerySet]) -> Callable[..., tuple[str, tuple]]:
    """Decorate a function that builds a queryset from hashable arguments: calling it
    gives the queryset's (SQL, parameters), compiled at the first call with those
    arguments (for the database in use; each process has one)."""

    @functools.lru_cache(maxsize=MAKS)
    def sql(*args) -> tuple[str, tuple]:
        return bygg(*args).query.sql_with_params()

    return functools.wraps(bygg)(sql)


def en_rad(sql_og_parametre: tuple[str, tuple]) -> tuple | None:
    """The first row of a compiled query, as the database driver gives it."""
    sql, parametre = sql_og_parametre
    with connection.cursor() as cursor:
        cursor.execute(sql, parametre)
        return cursor.fetchone()
