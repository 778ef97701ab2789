"""The login backend: Django's ModelBackend, but the request's user is loaded with its
roles in the same query (``Bruker.objects.med_roller``), so a page pays one query for
the user and the roles together instead of two; the same query counts the user's unread
notifications for the navigation (``felles.varsler.uleste_annotasjon``).

Every request loads its user, so the query is built and compiled to SQL once per
process and database (building a queryset with seven subqueries and compiling it cost
about 3 ms of CPU per request, a third of the trivial page's own time) and run as raw
SQL with the user's id as its parameter; it gives the same object with the same
annotations."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from felles.varsler import uleste_annotasjon

# Stands in for the user's id while the query is compiled; found again in the
# parameters and replaced by each request's id.
_MERKE = -7_777_777_777

_kompilert: dict[str, tuple[str, tuple, int]] = {}


def _sporring(model) -> tuple[str, list, int, str]:
    """(SQL, its parameters, the index of the id among them, the database alias)."""
    alias = router.db_for_read(model)
    noekkel = f"{alias}:{connections[alias].vendor}"
    if noekkel not in _kompilert:
        qs = model._default_manager.med_roller().annotate(**uleste_annotasjon()).filter(pk=_MERKE)
        sql, params = qs.query.get_compiler(using=alias).as_sql()
        params = tuple(params)
        assert params.count(_MERKE) == 1, "the user's id must be the query's one such parameter"  # noqa: S101
        _kompilert[noekkel] = (sql, params, params.index(_MERKE))
    sql, params, index = _kompilert[noekkel]
    return sql, list(params), index, alias


class RolleBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # a session holding no valid id: nobody
            return None
        sql, params, index, alias = _sporring(model)
        params[index] = pk
        user = next(iter(model._default_manager.db_manager(alias).raw(sql, params)), None)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
