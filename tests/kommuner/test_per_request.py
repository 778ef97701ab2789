"""What every page costs before it does its own work: the session and the user with its
roles. The session is written only every few minutes (the idle timeout's renewal,
``velferdspilot.middleware``), not on every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kommuner.roller import Rolle
from tests.factories import BrukerFactory


def _bruker_med_roller(*roller):
    from django.contrib.auth.models import Group

    user = BrukerFactory()
    user.groups.set([Group.objects.get_or_create(name=r)[0] for r in roller])
    return user


@pytest.mark.django_db
def test_trivial_logged_in_page_costs_two_queries(client):
    """The password-change page has no data of its own: what it costs is the
    per-request overhead, which every page pays."""
    user = _bruker_med_roller(Rolle.ADMIN, Rolle.KONTAKTPERSON)
    client.force_login(user)
    client.get("/passord/endre/")  # the first page after login renews the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/passord/endre/")
    assert response.status_code == 200
    # 1. the session, 2. the user with its roles (one EXISTS per role). No session
    # write: it was renewed less than SESSION_RENEW_AFTER ago.
    assert len(queries) == 2, [q["sql"] for q in queries]
    # The roles were read with the user: the menu shows what an admin may open.
    assert "Halvårsrapport" in response.content.decode()


@pytest.mark.django_db
def test_request_user_has_its_roles_without_a_query_of_its_own(rf):
    from django.contrib.auth import get_user, login
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    user = _bruker_med_roller(Rolle.INVESTERINGSLEDER, Rolle.STYRINGSGRUPPE)
    user.groups.add(Group.objects.create(name="ikke-en-rolle"))  # a group that is no role
    request = rf.get("/")
    request.session = SessionStore()
    login(request, user, backend="kommuner.backends.RolleBackend")
    with CaptureQueriesContext(connection) as queries:
        loaded = get_user(request)
        roller = loaded.roller
    assert roller == frozenset({Rolle.INVESTERINGSLEDER, Rolle.STYRINGSGRUPPE})
    assert len(queries) == 1, [q["sql"] for q in queries]


@pytest.mark.django_db
def test_inactive_user_is_not_loaded_for_the_request(rf):
    from django.contrib.auth import get_user, login
    from django.contrib.sessions.backends.db import SessionStore

    user = _bruker_med_roller(Rolle.ADMIN)
    request = rf.get("/")
    request.session = SessionStore()
    login(request, user, backend="kommuner.backends.RolleBackend")
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not get_user(request).is_authenticated


@pytest.mark.django_db
def test_oidc_signed_in_page_costs_the_same_two_queries(client):
    """A user who signed in through OpenID Connect (the session names the OIDC backend)
    is loaded the same way: the session, then the user with roles and unread count."""
    user = _bruker_med_roller(Rolle.ADMIN)
    client.force_login(user, backend="innlogging.backend.OIDCBackend")
    client.get("/passord/endre/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/passord/endre/")
    assert response.status_code == 200
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert "Halvårsrapport" in response.content.decode()


@pytest.mark.django_db
def test_request_user_is_the_same_object_the_orm_loads(rf):
    """The backend's own SQL gives the user the ORM gives: every field, the roles and
    the unread count (a notification made after one load shows on the next)."""
    from django.contrib.auth import get_user, login
    from django.contrib.sessions.backends.db import SessionStore

    from felles.varsler import uleste_antall
    from kommuner.models import Bruker
    from tests.factories import KommuneFactory

    user = _bruker_med_roller(Rolle.KONTAKTPERSON)
    user.kommune = KommuneFactory()
    user.sprak = "nn"
    user.save()
    request = rf.get("/")
    request.session = SessionStore()
    login(request, user, backend="kommuner.backends.RolleBackend")
    loaded = get_user(request)
    orm = Bruker.objects.med_roller().get(pk=user.pk)
    for field in Bruker._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(orm, field.attname), field.name
    assert loaded.roller == frozenset({Rolle.KONTAKTPERSON})
    assert loaded._state.db == "default" and not loaded._state.adding
    assert uleste_antall(loaded) == 0
