"""The session store (``velferdspilot.sesjon``): Django's database sessions, read by SQL
compiled once per process. It reads what Django's store writes, never an expired or
unknown session, and what every signed-in page shows is fresh on the next request."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from felles import varsler
from kommuner.roller import Rolle
from velferdspilot.sesjon import SessionStore

pytestmark = pytest.mark.django_db


def test_the_portal_uses_this_store():
    assert settings.SESSION_ENGINE == "velferdspilot.sesjon"


def test_reads_what_djangos_store_wrote_in_one_query():
    django_store = DjangoStore()
    django_store["a"] = {"b": [1, "æøå"]}
    django_store.create()
    store = SessionStore(django_store.session_key)
    with CaptureQueriesContext(connection) as queries:
        assert store.load() == {"a": {"b": [1, "æøå"]}}
    assert len(queries) == 1
    assert store.session_key == django_store.session_key


def test_an_expired_session_is_not_loaded_and_loses_its_key():
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    stale = SessionStore(store.session_key)
    assert stale.load() == {}
    assert stale.session_key is None


def test_an_unknown_key_loads_nothing():
    store = SessionStore("x" * 32)
    assert store.load() == {}
    assert store.session_key is None
    assert SessionStore().load() == {}


def test_a_saved_change_is_read_by_the_next_request():
    store = SessionStore()
    store["n"] = 1
    store.create()
    store["n"] = 2
    store.save()
    assert SessionStore(store.session_key).load() == {"n": 2}


def test_the_unread_count_and_a_new_role_show_on_the_next_request(client, kontakt_halden):
    """What base.html shows of the user is read on every request, never kept."""
    client.force_login(kontakt_halden)
    side = client.get("/passord/endre/").content.decode()
    assert "text-bg-warning" not in side
    assert "Indikatorkatalogen" not in side
    varsler.varsle(
        mottaker=kontakt_halden,
        slag="verdi_returnert",
        tittel="Verdien er returnert",
        url="/kommuner/",
        noekkel="t:1",
    )
    kontakt_halden.groups.add(Group.objects.get_or_create(name=Rolle.ADMIN)[0])
    kontakt_halden.fullt_navn = "Nytt Navn"
    kontakt_halden.save()
    side = client.get("/passord/endre/").content.decode()
    assert 'text-bg-warning">1<' in side
    assert "Indikatorkatalogen" in side
    assert "Nytt Navn" in side
    varsler.varsler_merk_alle_lest(bruker=kontakt_halden)
    assert "text-bg-warning" not in client.get("/passord/endre/").content.decode()
