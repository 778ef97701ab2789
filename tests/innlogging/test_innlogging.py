"""Sign-in through a real OpenID Connect provider process (oidc-provider-mock): the
Django test client plays the browser, ``requests`` plays the person on the provider's
page. Every refusal leaves nothing created."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innlogging import services
from innlogging.models import Brukerhendelse, Identitet, Invitasjon
from kommuner.models import Bruker
from kommuner.roller import Rolle
from tests.oidc_tilbyder import godkjenn, sti_og_query, tilbyder_innstillinger

pytestmark = pytest.mark.django_db


def _inviter(admin, kommune, email="kari@halden.kommune.no", **ekstra):
    with_defaults = {
        "email": email,
        "fullt_navn": "Kari Kontakt",
        "roller": [Rolle.KONTAKTPERSON],
        "kommune": kommune,
        "invitert_av": admin,
        **ekstra,
    }
    return services.invitasjon_create(**with_defaults)


def _lenke_fra_epost() -> str:
    match = re.search(r"https?://\S+/invitasjon/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def _start(client) -> str:
    """Press "Logg inn med TestID": the portal's redirect to the provider."""
    svar = client.get(reverse("innlogging:start", args=["testid"]))
    assert svar.status_code == 302
    return svar["Location"]


def _logg_inn(client, sub: str, *, endre=None):
    authorize = _start(client)
    if endre:
        authorize = endre(authorize)
    tilbake = godkjenn(authorize, sub)
    sti, query = sti_og_query(tilbake)
    return client.get(sti, query)


def test_invited_contact_person_signs_in_and_identity_is_bound(
    client, tilbyder, admin_bruker, halden, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inv = _inviter(admin_bruker, halden)
    assert mail.outbox[-1].to == ["kari@halden.kommune.no"]
    lenke = _lenke_fra_epost()

    side = client.get(lenke.split("testserver")[-1].replace("http://127.0.0.1:8000", ""))
    assert side.status_code == 200
    assert "Logg inn med TestID" in side.content.decode()
    svar = _logg_inn(client, "kari-sub-1")

    assert svar.status_code == 302 and svar["Location"] == "/"
    bruker = Bruker.objects.get(email="kari@halden.kommune.no")
    assert bruker.roller == {Rolle.KONTAKTPERSON} and bruker.kommune == halden
    identitet = Identitet.objects.get(bruker=bruker)
    assert (identitet.issuer, identitet.sub) == (tilbyder, "kari-sub-1")
    inv.refresh_from_db()
    assert inv.brukt and inv.bruker == bruker
    assert client.get("/").wsgi_request.user == bruker
    assert Brukerhendelse.objects.filter(bruker=bruker).exists()


def test_later_sign_in_matches_issuer_and_sub_without_a_link(
    client, tilbyder, admin_bruker, halden
):
    inv = _inviter(admin_bruker, halden)
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    _logg_inn(client, "kari-sub-2")
    client.post(reverse("logout"))

    svar = _logg_inn(client, "kari-sub-2")
    assert svar.status_code == 302
    assert client.get("/").wsgi_request.user.email == "kari@halden.kommune.no"
    assert Identitet.objects.filter(sub="kari-sub-2").count() == 1


def test_identity_without_invitation_is_refused_and_nothing_created(client, tilbyder):
    antall = Bruker.objects.count()
    svar = _logg_inn(client, "fremmed")
    assert svar.status_code == 403
    assert "ingen invitasjon" in svar.content.decode()
    assert Bruker.objects.count() == antall and not Identitet.objects.exists()
    assert not svar.wsgi_request.user.is_authenticated


def test_used_invitation_is_refused_for_another_identity(client, tilbyder, admin_bruker, halden):
    inv = _inviter(admin_bruker, halden)
    token = services.invitasjon_token(inv)
    client.get(reverse("innlogging:invitasjon", args=[token]))
    _logg_inn(client, "kari-sub-3")
    client.post(reverse("logout"))

    svar = client.get(reverse("innlogging:invitasjon", args=[token]))
    assert svar.status_code == 403 and "allerede brukt" in svar.content.decode()
    # A token kept from before binds no second identity either.
    with pytest.raises(services.Avvist) as exc:
        services.innlogging_resolve(
            issuer=tilbyder, sub="annen-sub", claims={}, invitasjon_token=token
        )
    assert exc.value.kode == "invitasjon_brukt"
    assert not Identitet.objects.filter(sub="annen-sub").exists()


def test_expired_invitation_is_refused(client, tilbyder, admin_bruker, halden):
    inv = _inviter(admin_bruker, halden)
    token = services.invitasjon_token(inv)
    client.get(reverse("innlogging:invitasjon", args=[token]))
    Invitasjon.objects.filter(pk=inv.pk).update(utloper=timezone.now() - timedelta(seconds=1))

    svar = _logg_inn(client, "sen-sub")
    assert svar.status_code == 403 and "utløpt" in svar.content.decode()
    assert not Bruker.objects.filter(email=inv.email).exists()
    assert client.get(reverse("innlogging:invitasjon", args=[token])).status_code == 403


def test_resent_invitation_kills_the_old_link_and_withdrawn_one_refuses(
    client, tilbyder, admin_bruker, halden
):
    inv = _inviter(admin_bruker, halden)
    gammel = services.invitasjon_token(inv)
    services.invitasjon_resend(invitasjon=inv, utfort_av=admin_bruker)
    assert client.get(reverse("innlogging:invitasjon", args=[gammel])).status_code == 403
    ny = services.invitasjon_token(inv)
    assert client.get(reverse("innlogging:invitasjon", args=[ny])).status_code == 200
    services.invitasjon_withdraw(invitasjon=inv, utfort_av=admin_bruker)
    svar = _logg_inn(client, "trukket-sub")
    assert svar.status_code == 403
    assert not Bruker.objects.filter(email=inv.email).exists()


def test_deactivated_user_is_refused(client, tilbyder, admin_bruker, halden):
    inv = _inviter(admin_bruker, halden)
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    _logg_inn(client, "kari-sub-4")
    client.post(reverse("logout"))
    bruker = Bruker.objects.get(email=inv.email)
    services.bruker_deaktiver(bruker=bruker, utfort_av=admin_bruker)

    svar = _logg_inn(client, "kari-sub-4")
    assert svar.status_code == 403 and "deaktivert" in svar.content.decode()
    assert not svar.wsgi_request.user.is_authenticated


def test_wrong_state_is_refused(client, tilbyder, admin_bruker, halden):
    inv = _inviter(admin_bruker, halden)
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    svar = _logg_inn(client, "state-sub", endre=lambda u: re.sub(r"state=[^&]+", "state=feil", u))
    assert svar.status_code == 403 and "(state)" in svar.content.decode()
    assert not Bruker.objects.filter(email=inv.email).exists()


def test_wrong_nonce_is_refused(client, tilbyder, admin_bruker, halden):
    inv = _inviter(admin_bruker, halden)
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    svar = _logg_inn(client, "nonce-sub", endre=lambda u: re.sub(r"nonce=[^&]+", "nonce=feil", u))
    assert svar.status_code == 403 and "(nonce)" in svar.content.decode()
    assert not Bruker.objects.filter(email=inv.email).exists()


def test_token_from_another_issuer_is_refused(client, settings, tilbyder, admin_bruker, halden):
    # The portal expects tokens from "localhost"; the provider at 127.0.0.1 signs as
    # its own issuer, so its token is another issuer's.
    settings.OIDC_TILBYDERE = tilbyder_innstillinger(
        tilbyder, issuer=tilbyder.replace("127.0.0.1", "localhost")
    )
    inv = _inviter(admin_bruker, halden)
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    svar = _logg_inn(client, "issuer-sub")
    assert svar.status_code == 403 and "annen utsteder" in svar.content.decode()
    assert not Bruker.objects.filter(email=inv.email).exists()


def test_request_uses_pkce_nonce_state_and_configured_acr(client, settings, tilbyder):
    settings.OIDC_TILBYDERE = tilbyder_innstillinger(tilbyder, acr_values="substantial")
    _sti, query = sti_og_query(_start(client))
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["nonce"] and query["state"] and query["acr_values"] == "substantial"
    assert query["scope"] == "openid email profile"


def test_verified_email_matches_invitation_only_when_domain_allowed(
    client, settings, tilbyder, admin_bruker, halden
):
    _inviter(admin_bruker, halden, email="ny@kommune.no")
    svar = _logg_inn(client, "epost-bruker")  # the provider asserts ny@kommune.no, verified
    assert svar.status_code == 403  # off by default

    settings.OIDC_EPOST_DOMENER = ["kommune.no"]
    svar = _logg_inn(client, "epost-bruker")
    assert svar.status_code == 302
    assert Identitet.objects.get(sub="epost-bruker").bruker.email == "ny@kommune.no"


def test_sign_out_ends_the_session_and_goes_to_end_session_endpoint(
    client, tilbyder, admin_bruker, halden
):
    inv = _inviter(admin_bruker, halden)
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    _logg_inn(client, "ut-sub")
    svar = client.post(reverse("logout"))
    assert svar["Location"].startswith(f"{tilbyder}/oauth2/end_session?")
    _sti, query = sti_og_query(svar["Location"])
    # client_id, not the ID token (never kept: tests/innlogging/test_personvern.py).
    assert query["client_id"] == "velferdspilot-test" and "id_token_hint" not in query
    assert query["post_logout_redirect_uri"].endswith("/logg-inn/")
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_password_sign_out_goes_to_login(client, kontakt_halden):
    client.force_login(kontakt_halden)
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_absolute_session_limit_applies_to_provider_sign_in(
    client, settings, tilbyder, admin_bruker, halden
):
    inv = _inviter(admin_bruker, halden)
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    _logg_inn(client, "okt-sub")
    client.get("/")
    s = client.session
    s["velferdspilot_startet"] -= int(settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()) + 1
    s.save()
    assert client.get("/")["Location"] == reverse("login")


def test_login_page_shows_provider_button_and_hides_password_form_when_off(
    client, settings, tilbyder
):
    html = client.get(reverse("login")).content.decode()
    assert "Logg inn med TestID" in html and 'name="password"' in html
    settings.PASSORD_INNLOGGING = False
    html = client.get(reverse("login")).content.decode()
    assert "Logg inn med TestID" in html and 'name="password"' not in html


def test_password_login_switch_removes_the_password_backend():
    import subprocess
    import sys

    kode = "from django.conf import settings; print(settings.AUTHENTICATION_BACKENDS)"
    env = {
        "DJANGO_PASSWORD_LOGIN": "False",
        "DJANGO_SETTINGS_MODULE": "velferdspilot.settings.test",
    }
    import os

    ut = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", kode],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "RolleBackend" not in ut and "ModelBackend" not in ut and "OIDCBackend" in ut


def test_unknown_provider_is_404_for_anyone(client, tilbyder):
    """Review item 7: an unknown provider name answered 502 ("the provider does not
    answer") to anyone; it is no page."""
    assert client.get(reverse("innlogging:start", args=["finnes-ikke"])).status_code == 404
    assert client.get(reverse("innlogging:start", args=["testid"])).status_code == 302


def test_invitation_email_names_the_roles_in_words(
    admin_bruker, halden, django_capture_on_commit_callbacks
):
    """Review item 10: the email printed the roles as a Python list."""
    with django_capture_on_commit_callbacks(execute=True):
        _inviter(
            admin_bruker,
            halden,
            email="forsker@hiof.no",
            roller=[Rolle.FOLGEFORSKER, Rolle.KONTAKTPERSON],
        )
    body = mail.outbox[-1].body
    assert "Roller: Følgeforsker, Kontaktperson i kommunen\n" in body, body
    assert "[" not in body and "'" not in body
