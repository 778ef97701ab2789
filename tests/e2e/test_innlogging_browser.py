"""Sign-in through a real OpenID Connect provider process (oidc-provider-mock, started
on a free 127.0.0.1 port) in Chromium: an admin invites a contact person in the portal,
she signs in from the emailed link, sees only her kommune's working data, signs out
through the provider and signs in again; every refusal shows the Norwegian page. The
new pages join the axe sweep."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from innlogging import services
from innlogging.models import Invitasjon
from kommuner.models import Bruker, Kommune
from kommuner.roller import Rolle
from tests.e2e.helpers import assert_accessible, login, logout
from tests.oidc_tilbyder import kjor_tilbyder, tilbyder_innstillinger


@pytest.fixture(scope="module")
def tilbyder_url():
    with kjor_tilbyder() as url:
        yield url


@pytest.fixture
def tilbyder(tilbyder_url, base_url):
    cache.clear()
    with override_settings(
        OIDC_TILBYDERE=tilbyder_innstillinger(tilbyder_url), PORTAL_URL=base_url
    ):
        yield tilbyder_url


def _hos_tilbyder(page, sub: str) -> None:
    """On the provider's page: sign in as ``sub``."""
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def _siste_lenke() -> str:
    return re.search(r"http\S+/invitasjon/\S+/", mail.outbox[-1].body).group(0)


def _avvist(page, kode: str) -> None:
    assert page.locator("h1").inner_text() == "Innloggingen ble avvist"
    assert page.locator(f'[data-kode="{kode}"]').count() == 1


def test_invited_contact_person_signs_in_through_the_provider(page, base_url, tilbyder):
    login(page, base_url, "admin@demo.no")
    page.get_by_role("link", name="Brukere", exact=True).click()
    assert page.locator("h1").inner_text() == "Brukere"
    assert_accessible(page)
    page.get_by_role("link", name="Inviter en person").click()
    assert_accessible(page)
    page.locator("#id_fullt_navn").fill("Nina Nettleser")
    page.locator("#id_email").fill("nina@halden.kommune.no")
    page.get_by_label("Kontaktperson i kommunen").check()
    page.locator("#id_kommune").select_option(label="Halden")
    page.get_by_role("button", name="Send invitasjon").click()
    assert "Invitasjonen er sendt til nina@halden.kommune.no." in page.content()
    lenke = _siste_lenke()
    logout(page)

    page.goto(lenke)
    assert page.locator("h1").inner_text() == "Velkommen, Nina Nettleser"
    assert_accessible(page)
    page.get_by_role("link", name="Logg inn med TestID").click()
    _hos_tilbyder(page, "nina-sub")
    page.wait_for_url(f"{base_url}/")
    assert page.locator("h1").inner_text() == "Halden kommune"
    nina = Bruker.objects.get(email="nina@halden.kommune.no")
    assert nina.identiteter.get().sub == "nina-sub"
    assert nina.roller == {Rolle.KONTAKTPERSON}
    # Only her kommune's working data.
    page.goto(f"{base_url}/kommuner/3101/kunnskapsgrunnlag/")
    assert page.locator("h1").count() == 1 and "404" not in page.title()
    svar = page.goto(f"{base_url}/kommuner/3105/kunnskapsgrunnlag/")
    assert svar.status == 404

    # Sign out: the portal session ends, then the provider's end_session_endpoint.
    page.goto(f"{base_url}/")
    page.locator("#kontomeny").click()
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{tilbyder}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{base_url}/logg-inn/")
    assert page.goto(f"{base_url}/kommuner/3101/kunnskapsgrunnlag/").url.startswith(
        f"{base_url}/logg-inn/"
    )

    # And in again, from the login page: issuer + sub find her, no link needed.
    page.goto(f"{base_url}/logg-inn/")
    assert_accessible(page)
    page.get_by_role("link", name="Logg inn med TestID").click()
    _hos_tilbyder(page, "nina-sub")
    page.wait_for_url(f"{base_url}/")
    assert page.locator("h1").inner_text() == "Halden kommune"

    # The admin sees her last sign-in on her page.
    page.context.clear_cookies()
    login(page, base_url, "admin@demo.no")
    page.goto(f"{base_url}/brukere/{nina.pk}/")
    assert "Sist innlogget" in page.content() and tilbyder in page.content()
    assert_accessible(page)


def test_every_refusal_shows_the_norwegian_page(page, base_url, tilbyder, settings):
    admin = Bruker.objects.get(email="admin@demo.no")
    halden = Kommune.objects.get(kommunenummer="3101")

    def inviter(email):
        inv = services.invitasjon_create(
            email=email,
            fullt_navn="Test Person",
            roller=[Rolle.KONTAKTPERSON],
            kommune=halden,
            invitert_av=admin,
        )
        return f"{base_url}/invitasjon/{services.invitasjon_token(inv)}/", inv

    def start(lenke=None):
        page.context.clear_cookies()
        page.goto(lenke or f"{base_url}/logg-inn/")
        page.get_by_role("link", name="Logg inn med TestID").click()
        page.wait_for_url(f"{tilbyder}/**")

    # An identity with no invitation.
    start()
    _hos_tilbyder(page, "ukjent-sub")
    _avvist(page, "ingen_invitasjon")
    assert_accessible(page)

    # A used invitation.
    lenke, inv = inviter("brukt@halden.kommune.no")
    start(lenke)
    _hos_tilbyder(page, "brukt-sub")
    page.wait_for_url(f"{base_url}/")
    page.context.clear_cookies()
    page.goto(lenke)
    _avvist(page, "invitasjon_brukt")

    # A deactivated user.
    services.bruker_deaktiver(bruker=Bruker.objects.get(email=inv.email), utfort_av=admin)
    start()
    _hos_tilbyder(page, "brukt-sub")
    _avvist(page, "deaktivert")

    # An expired invitation.
    lenke, inv = inviter("utlopt@halden.kommune.no")
    start(lenke)
    Invitasjon.objects.filter(pk=inv.pk).update(utloper=timezone.now() - timedelta(minutes=1))
    _hos_tilbyder(page, "utlopt-sub")
    _avvist(page, "invitasjon_utlopt")

    # A wrong state, and a wrong nonce (the provider signs the nonce it was given).
    lenke, inv = inviter("state@halden.kommune.no")
    for parameter, kode in (("state", "ugyldig_state"), ("nonce", "ugyldig_nonce")):
        start(lenke)
        page.goto(re.sub(rf"{parameter}=[^&]+", f"{parameter}=feil", page.url))
        _hos_tilbyder(page, f"{parameter}-sub")
        _avvist(page, kode)

    # A token from another issuer than the portal expects for this provider.
    with override_settings(
        OIDC_TILBYDERE=tilbyder_innstillinger(
            tilbyder, issuer=tilbyder.replace("127.0.0.1", "localhost")
        )
    ):
        start(lenke)
        _hos_tilbyder(page, "issuer-sub")
        _avvist(page, "feil_utsteder")

    assert not Bruker.objects.filter(
        email__in=["utlopt@halden.kommune.no", "state@halden.kommune.no"]
    ).exists()
