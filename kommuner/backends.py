"""The login backend: Django's ModelBackend, but the request's user is loaded with its
roles in the same query (``Bruker.objects.med_roller``), so a page pays one query for
the user and the roles together instead of two; the same query counts the user's unread
notifications for the navigation (``felles.varsler.uleste_annotasjon``).

Every request loads its user, so the query is built and compiled to SQL once per
process and database (building a queryset with seven subqueries and compiling it cost
about 3 ms of CPU per request, a third of the trivial page's own time) and run as raw
SQL with the user's id as its parameter, its row made into the user as the ORM makes
one (``felles.sporring.Kompilert``; not through ``.raw()``, whose per-call setup cost
as much as the query); it gives the same object with the same annotations."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from felles.sporring import Kompilert
from felles.varsler import uleste_annotasjon

# The user with its roles and unread count, by id: compiled once (felles.sporring),
# with a stand-in for the id.
_BRUKER = Kompilert(
    lambda pk: (
        get_user_model()._default_manager.med_roller().annotate(**uleste_annotasjon()).filter(pk=pk)
    ),
    merker=(-7_777_777_777,),
)


class RolleBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # a session holding no valid id: nobody
            return None
        user = _BRUKER.forekomst(pk)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
