"""An invitation link works only for the invited person where the provider asserts a
verified email (issue 21, item 5): a different address is refused unless the admin
allowed it; every acceptance is logged and the inviting admin notified with the name
the provider gave."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from felles.models import Varsel
from innlogging import services
from innlogging.models import Brukerhendelse, Identitet, Invitasjon
from kommuner.models import Bruker
from kommuner.roller import Rolle
from tests.oidc_tilbyder import godkjenn, kjor_tilbyder, sti_og_query, tilbyder_innstillinger

pytestmark = pytest.mark.django_db

INVITERT = "kari@halden.kommune.no"


@pytest.fixture(scope="module")
def entra_url():
    """A provider that asserts a verified email and a name, as Entra ID does."""
    with kjor_tilbyder(
        brukere=[
            {"sub": "kari", "email": INVITERT, "email_verified": True, "name": "Kari Nordmann"},
            {"sub": "ola", "email": "ola@annet.no", "email_verified": True, "name": "Ola Annen"},
            {"sub": "uverifisert", "email": "ola@annet.no", "email_verified": False},
        ]
    ) as url:
        yield url


@pytest.fixture
def entra(settings, entra_url):
    cache.clear()
    settings.OIDC_TILBYDERE = tilbyder_innstillinger(entra_url)
    return entra_url


def _inviter(admin, kommune, **ekstra):
    return services.invitasjon_create(
        email=INVITERT,
        fullt_navn="Kari Kontakt",
        roller=[Rolle.KONTAKTPERSON],
        kommune=kommune,
        invitert_av=admin,
        **ekstra,
    )


def _fra_lenken(client, inv, sub):
    client.get(reverse("innlogging:invitasjon", args=[services.invitasjon_token(inv)]))
    start = client.get(reverse("innlogging:start", args=["testid"]))
    sti, query = sti_og_query(godkjenn(start["Location"], sub))
    return client.get(sti, query)


def test_a_link_opened_by_someone_with_another_verified_email_is_refused(
    client, entra, admin_bruker, halden
):
    inv = _inviter(admin_bruker, halden)
    svar = _fra_lenken(client, inv, "ola")
    assert svar.status_code == 403
    assert "en annen e-postadresse" in svar.content.decode()
    assert not svar.wsgi_request.user.is_authenticated
    # Nothing half-done: no user, no identity, the invitation still open.
    assert not Bruker.objects.filter(email=INVITERT).exists()
    assert not Identitet.objects.exists()
    inv.refresh_from_db()
    assert inv.er_aapen


def test_the_admin_may_allow_another_email_and_an_unverified_one_is_not_compared(
    client, entra, admin_bruker, halden
):
    inv = _inviter(admin_bruker, halden, annen_epost_tillatt=True)
    assert _fra_lenken(client, inv, "ola").status_code == 302
    assert Identitet.objects.get(sub="ola").bruker.email == INVITERT

    client.post(reverse("logout"))
    Bruker.objects.filter(email=INVITERT).update(email="annen@halden.kommune.no")
    inv2 = _inviter(admin_bruker, halden)
    assert _fra_lenken(client, inv2, "uverifisert").status_code == 302


def test_an_acceptance_is_logged_and_the_inviting_admin_told_the_providers_name(
    client, entra, admin_bruker, halden, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inv = _inviter(admin_bruker, halden)
    with django_capture_on_commit_callbacks(execute=True):
        assert _fra_lenken(client, inv, "kari").status_code == 302
    bruker = Bruker.objects.get(email=INVITERT)
    hendelse = Brukerhendelse.objects.get(bruker=bruker)
    assert "Kari Nordmann" in hendelse.hendelse and hendelse.utfort_av == admin_bruker
    inv.refresh_from_db()
    assert inv.navn_fra_tilbyder == "Kari Nordmann"
    varsel = Varsel.objects.get(mottaker=admin_bruker, slag="invitasjon_brukt")
    assert "Kari Nordmann" in varsel.visningstittel and INVITERT in varsel.visningstittel
    assert varsel.url == reverse("innlogging:bruker_detail", args=[bruker.pk])
    assert mail.outbox[-1].to == [admin_bruker.email]
    assert "Kari Nordmann" in mail.outbox[-1].subject


def test_the_invitation_form_offers_the_choice(client, admin_bruker, halden):
    client.force_login(admin_bruker)
    svar = client.post(
        reverse("innlogging:inviter"),
        {
            "fullt_navn": "Kari Kontakt",
            "email": INVITERT,
            "roller": [Rolle.KONTAKTPERSON],
            "kommune": halden.pk,
            "annen_epost_tillatt": "on",
        },
    )
    assert svar.status_code == 302
    assert Invitasjon.objects.get(email=INVITERT).annen_epost_tillatt is True
