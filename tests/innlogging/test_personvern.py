"""No national identity number is kept (issue 21, item 3): the ID token never goes into
a session (signed in or refused), sign-out needs no token, and expired sessions are
deleted every night by the beat."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from innlogging import services, tasks
from innlogging.views import SESSION_UTLOGGINGSHINT
from tests.oidc_tilbyder import godkjenn, kjor_tilbyder, sti_og_query, tilbyder_innstillinger
from velferdspilot.celery import app

pytestmark = pytest.mark.django_db

PID = "05073500186"


@pytest.fixture(scope="module")
def pid_tilbyder_url():
    """A provider that asserts ``pid``, as Ansattporten does (also in the ID token)."""
    with kjor_tilbyder(
        brukere=[
            {"sub": "pid-avvist", "pid": PID, "login_hint": "hint-avvist"},
            {"sub": "pid-invitert", "pid": PID, "login_hint": "hint-123"},
        ]
    ) as url:
        yield url


@pytest.fixture
def pid_tilbyder(settings, pid_tilbyder_url):
    from django.core.cache import cache

    cache.clear()
    settings.OIDC_TILBYDERE = tilbyder_innstillinger(pid_tilbyder_url)
    return pid_tilbyder_url


def _logg_inn(client, sub):
    start = client.get(reverse("innlogging:start", args=["testid"]))
    sti, query = sti_og_query(godkjenn(start["Location"], sub))
    return client.get(sti, query)


def _lagret() -> str:
    """Everything every session row holds, decoded."""
    return " ".join(str(s.get_decoded()) for s in Session.objects.all())


def test_a_refused_sign_in_leaves_no_token_and_no_pid_in_any_session(client, pid_tilbyder):
    svar = _logg_inn(client, "pid-avvist")  # no invitation: refused
    assert svar.status_code == 403
    assert not svar.wsgi_request.user.is_authenticated
    lagret = _lagret()
    assert Session.objects.exists()  # the anonymous session is a row
    assert "oidc_id_token" not in lagret and "oidc_access_token" not in lagret
    assert PID not in lagret and "eyJ" not in lagret  # no JWT of any kind


def test_a_signed_in_session_keeps_no_token_and_sign_out_uses_client_id(
    client, settings, pid_tilbyder, admin_bruker, halden
):
    inv = services.invitasjon_create(
        email="kari@halden.kommune.no",
        fullt_navn="Kari Kontakt",
        roller=["kontaktperson"],
        kommune=halden,
        invitert_av=admin_bruker,
    )
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    svar = _logg_inn(client, "pid-invitert")
    assert svar.status_code == 302
    lagret = _lagret()
    assert PID not in lagret and "eyJ" not in lagret and "oidc_id_token" not in lagret

    ut = client.post(reverse("logout"))
    _sti, query = sti_og_query(ut["Location"])
    assert query["client_id"] == "velferdspilot-test"
    assert "id_token_hint" not in query and "logout_hint" not in query
    assert query["post_logout_redirect_uri"].endswith("/logg-inn/")


def test_a_configured_logout_hint_claim_is_the_only_thing_kept_for_sign_out(
    client, settings, pid_tilbyder, admin_bruker, halden
):
    settings.OIDC_TILBYDERE = tilbyder_innstillinger(pid_tilbyder, logout_hint_claim="login_hint")
    inv = services.invitasjon_create(
        email="kari@halden.kommune.no",
        fullt_navn="Kari Kontakt",
        roller=["kontaktperson"],
        kommune=halden,
        invitert_av=admin_bruker,
    )
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    assert _logg_inn(client, "pid-invitert").status_code == 302
    assert client.session[SESSION_UTLOGGINGSHINT] == "hint-123"
    assert PID not in _lagret()
    _sti, query = sti_og_query(client.post(reverse("logout"))["Location"])
    assert query["logout_hint"] == "hint-123" and "id_token_hint" not in query


def test_expired_sessions_are_deleted_every_night_by_the_beat(client, kontakt_halden):
    oppgave = settings.CELERY_BEAT_SCHEDULE["sesjoner-rydd"]
    assert oppgave["task"] == "innlogging.tasks.sesjoner_rydd"
    assert oppgave["task"] in app.tasks
    client.force_login(kontakt_halden)  # a live session
    levende = client.session.session_key
    from django.contrib.sessions.backends.db import SessionStore

    gammel = SessionStore()
    gammel["innlogging_invitasjon"] = "x"
    gammel.create()
    Session.objects.filter(session_key=gammel.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    tasks.sesjoner_rydd()
    assert list(Session.objects.values_list("session_key", flat=True)) == [levende]
