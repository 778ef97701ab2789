"""The login backend: Django's ModelBackend, but the request's user is loaded with its
roles in the same query (``Bruker.objects.med_roller``), so a page pays one query for
the user and the roles together instead of two; the same query counts the user's unread
notifications for the navigation (``felles.varsler.uleste_annotasjon``).

Every request loads its user, so the query is built and compiled to SQL once per
process and database (building a queryset with seven subqueries and compiling it cost
about 3 ms of CPU per request, a third of the trivial page's own time) and run as raw
SQL with the user's id as its parameter, its row made into the user as the ORM makes
one (not through ``.raw()``, whose per-call setup cost as much as the query); it gives
the same object with the same annotations."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from felles.varsler import uleste_annotasjon

# Stands in for the user's id while the query is compiled; found again in the
# parameters and replaced by each request's id.
_MERKE = -7_777_777_777


@dataclass(frozen=True)
class _Sporring:
    """The compiled query and how a row of it becomes the user, as the ORM would make
    it: the model's fields by name, the annotations (roles, unread count) set on it,
    each column through the converters the ORM would apply."""

    sql: str
    params: tuple
    index: int  # of the id among the parameters
    felt: list[str]  # the model's attnames, in the order of their columns
    felt_pos: list[int]
    annotasjoner: list[tuple[str, int]]
    konvertering: dict


_kompilert: dict[str, _Sporring] = {}


def _sporring(model) -> tuple[_Sporring, str]:
    """The compiled query and the database alias."""
    alias = router.db_for_read(model)
    noekkel = f"{alias}:{connections[alias].vendor}"
    if noekkel not in _kompilert:
        qs = model._default_manager.med_roller().annotate(**uleste_annotasjon()).filter(pk=_MERKE)
        compiler = qs.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = tuple(params)
        assert params.count(_MERKE) == 1, "the user's id must be the query's one such parameter"  # noqa: S101
        felt_pos = list(compiler.klass_info["select_fields"])
        _kompilert[noekkel] = _Sporring(
            sql=sql,
            params=params,
            index=params.index(_MERKE),
            felt=[compiler.select[i][0].target.attname for i in felt_pos],
            felt_pos=felt_pos,
            annotasjoner=list(compiler.annotation_col_map.items()),
            konvertering=compiler.get_converters([s[0] for s in compiler.select]),
        )
    return _kompilert[noekkel], alias


class RolleBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # a session holding no valid id: nobody
            return None
        sporring, alias = _sporring(model)
        params = list(sporring.params)
        params[sporring.index] = pk
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sporring.sql, params)
            rad = cursor.fetchone()
        if rad is None:
            return None
        if sporring.konvertering:  # as SQLCompiler.apply_converters
            rad = list(rad)
            for pos, (konverterere, uttrykk) in sporring.konvertering.items():
                for konverter in konverterere:
                    rad[pos] = konverter(rad[pos], uttrykk, connection)
        user = model.from_db(alias, sporring.felt, [rad[i] for i in sporring.felt_pos])
        for navn, pos in sporring.annotasjoner:
            setattr(user, navn, rad[pos])
        return user if self.user_can_authenticate(user) else None
