"""The portal's pages about itself: the accessibility statement and the privacy notice
(open to everybody, logged in or not) and "Om portalen" (each role's guide)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from velferdspilot import sider

PERSONER = [
    "kontakt_halden",
    "kontakt_sarpsborg",
    "leder_halden",
    "admin",
    "styre",
    "forsker",
    "team",
]


def _tekst(response) -> str:
    return " ".join(response.content.decode().split())


# --- Tilgjengelighetserklæring ------------------------------------------------


@pytest.mark.django_db
def test_accessibility_statement_is_open_without_login(client, django_assert_num_queries):
    # No session cookie, so no query at all: the page is static.
    with django_assert_num_queries(0):
        response = client.get(reverse("tilgjengelighet"))
    assert response.status_code == 200
    tekst = _tekst(response)
    assert "Tilgjengelighetserklæring" in tekst
    assert (
        "forskrift om universell utforming av informasjons- og kommunikasjonsteknologiske" in tekst
    )
    assert "WCAG 2.1 på nivå A og AA" in tekst and "EN 301 549" in tekst
    assert "Delvis i samsvar" in tekst
    assert "01.12.2026" in tekst  # created and last reviewed, shown as on every page
    assert "axe-core" in tekst
    assert 'href="https://www.uutilsynet.no/"' in response.content.decode()


@pytest.mark.parametrize("person", PERSONER)
def test_every_role_reads_the_accessibility_statement(
    client, folk, person, django_assert_num_queries
):
    client.force_login(folk[person])
    client.get(reverse("tilgjengelighet"))  # warm-up: the session is renewed once
    # 1: the session; 2: the user with its roles (the navigation asks them too).
    with django_assert_num_queries(2):
        response = client.get(reverse("tilgjengelighet"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_statement_lists_known_deviations_with_reason_and_session_limits(client, settings):
    settings.SESSION_COOKIE_AGE = 3 * 3600
    settings.SESSION_ABSOLUTE_LIFETIME = timedelta(hours=10)
    tekst = _tekst(client.get(reverse("tilgjengelighet")))
    assert "er ikke merket (tagget) PDF" in tekst
    assert "1.3.1 Informasjon og relasjoner" in tekst
    # What the middleware enforces, not a number written by hand.
    assert (
        "Økten avsluttes etter 3 timer uten aktivitet og senest 10 timer etter innlogging" in tekst
    )
    assert "2.2.1 Justerbar hastighet" in tekst
    assert len(sider.kjente_avvik()) == tekst.count("Grunn:")


@pytest.mark.django_db
def test_statement_contact_comes_from_settings_and_is_never_invented(client, settings):
    settings.TILGJENGELIGHET_EPOST = ""
    settings.BEHANDLINGSANSVARLIG = ""
    settings.TILGJENGELIGHET_UUSTATUS_URL = ""
    html = client.get(reverse("tilgjengelighet")).content.decode()
    assert "mailto:" not in html
    assert "har ikke oppgitt en egen adresse for tilbakemeldinger" in html
    assert "Ikke oppgitt ennå" in html
    assert "uustatus.no/nb/erklaringer" not in html

    settings.TILGJENGELIGHET_EPOST = "uu@sf.example.no"
    settings.BEHANDLINGSANSVARLIG = "Statsforvalteren i Eksempel"
    settings.TILGJENGELIGHET_UUSTATUS_URL = "https://uustatus.no/nb/erklaringer/publisert/abc"
    html = client.get(reverse("tilgjengelighet")).content.decode()
    assert 'href="mailto:uu@sf.example.no"' in html
    assert "Statsforvalteren i Eksempel" in html
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/abc"' in html


@pytest.mark.django_db
def test_statement_refuses_post(client):
    assert client.post(reverse("tilgjengelighet")).status_code == 405


@pytest.mark.django_db
def test_footer_links_the_legal_pages_on_every_page_also_the_login_page(client, folk):
    for response in (
        client.get(reverse("login")),
        client.get(reverse("tilgjengelighet")),
    ):
        html = response.content.decode()
        assert f'href="{reverse("tilgjengelighet")}"' in html
        assert f'href="{reverse("personvern")}"' in html
    client.force_login(folk["kontakt_halden"])
    html = client.get(reverse("kommuner:list")).content.decode()
    assert f'href="{reverse("tilgjengelighet")}"' in html
    assert f'href="{reverse("personvern")}"' in html


# --- Personvernerklæring -------------------------------------------------------


@pytest.mark.django_db
def test_privacy_notice_is_open_without_login(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("personvern"))
    assert response.status_code == 200
    tekst = _tekst(response)
    for fakta in (
        "artikkel 6 nr. 1 bokstav e",
        "navn, e-postadresse",
        "utsteder (issuer) og fast id (sub)",
        "møtereferater",
        "IP-adresse",
        "Datatilsynet",
    ):
        assert fakta in tekst, fakta


@pytest.mark.parametrize("person", PERSONER)
def test_every_role_reads_the_privacy_notice(client, folk, person, django_assert_num_queries):
    client.force_login(folk[person])
    client.get(reverse("personvern"))  # warm-up: the session is renewed once
    # 1: the session; 2: the user with its roles.
    with django_assert_num_queries(2):
        response = client.get(reverse("personvern"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_privacy_notice_states_the_retention_the_code_enforces(client, settings):
    settings.AXES_FAILURE_LIMIT = 7
    settings.AXES_COOLOFF_TIME = timedelta(minutes=45)
    settings.SESSION_COOKIE_AGE = 2 * 3600
    settings.SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    settings.INVITASJON_GYLDIG = timedelta(days=9)
    tekst = _tekst(client.get(reverse("personvern")))
    assert "Etter 7 feil sperres e-postadressen fra den IP-adressen i 45 minutter" in tekst
    assert (
        "Økten avsluttes etter 2 timer uten aktivitet og senest 12 timer etter innlogging" in tekst
    )
    assert "Lenken gjelder i 9 dager" in tekst
    # django-axes keeps every successful login; nothing in the portal deletes them.
    assert "portalen sletter ikke innloggingsloggen selv" in tekst
    settings.AXES_DISABLE_ACCESS_LOG = True
    assert "portalen sletter ikke innloggingsloggen" not in _tekst(
        client.get(reverse("personvern"))
    )


@pytest.mark.django_db
def test_privacy_contacts_and_processors_come_from_settings(client, settings):
    settings.BEHANDLINGSANSVARLIG = ""
    settings.PERSONVERN_EPOST = ""
    settings.PERSONVERNOMBUD = ""
    settings.PERSONVERNOMBUD_EPOST = ""
    settings.DATABEHANDLERE = []
    settings.OIDC_TILBYDERE = {}
    settings.S3_BUCKET = ""
    html = client.get(reverse("personvern")).content.decode()
    assert "mailto:" not in html
    assert html.count("Ikke oppgitt ennå") == 3
    assert "har ikke oppgitt databehandlere ennå" in html

    settings.BEHANDLINGSANSVARLIG = "Statsforvalteren i Eksempel"
    settings.PERSONVERN_EPOST = "personvern@sf.example.no"
    settings.PERSONVERNOMBUD = "Ola Ombud"
    settings.PERSONVERNOMBUD_EPOST = "ombud@sf.example.no"
    settings.DATABEHANDLERE = ["Driftsleverandøren AS: drifter tjeneren"]
    settings.OIDC_TILBYDERE = {"ansattporten": {"navn": "Ansattporten"}}
    html = client.get(reverse("personvern")).content.decode()
    assert "Statsforvalteren i Eksempel" in html
    assert 'href="mailto:personvern@sf.example.no"' in html
    assert "Ola Ombud" in html and 'href="mailto:ombud@sf.example.no"' in html
    assert "Driftsleverandøren AS: drifter tjeneren" in html
    assert "Ansattporten: innlogging" in html
    assert "Ikke oppgitt ennå" not in html


def test_processors_named_by_the_production_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.no"
    settings.SENTRY_DSN = "https://key@glitchtip.example.no/1"
    settings.S3_BUCKET = ""
    settings.OIDC_TILBYDERE = {}
    settings.DATABEHANDLERE = []
    rader = sider.databehandlere()
    assert any("smtp.example.no" in r for r in rader)
    assert any("glitchtip.example.no" in r and "uten personopplysninger" in r for r in rader)
    assert not any("key@" in r for r in rader)  # the DSN's key is never shown


# --- Om portalen ----------------------------------------------------------------


def test_about_page_needs_login(client, db):
    response = client.get(reverse("om_portalen"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Each person: the roles' sections in home-page order, and a link that only that role uses.
HJELP = {
    "kontakt_halden": (["kontaktperson"], "/kommuner/3101/kunnskapsgrunnlag/"),
    "kontakt_sarpsborg": (["kontaktperson"], "/kommuner/3105/kunnskapsgrunnlag/"),
    "leder_halden": (["investeringsleder", "investeringsteam"], "/investering/mote/ny/"),
    "admin": (["admin"], "/brukere/inviter/"),
    "styre": (["styringsgruppe"], "/tilskudd/oversikt/"),
    "forsker": (["folgeforsker"], "/investering/sok/"),
    "team": (["investeringsteam"], "/investering/team/"),
}


@pytest.mark.parametrize("person", PERSONER)
def test_about_page_shows_each_role_its_first_steps(
    client, folk, person, django_assert_num_queries
):
    roller, lenke = HJELP[person]
    client.force_login(folk[person])
    client.get(reverse("om_portalen"))  # warm-up: the session is renewed once
    # 1: the session; 2: the user with its roles; a contact person's kommune is 3.
    with django_assert_num_queries(3 if "kontaktperson" in roller else 2):
        response = client.get(reverse("om_portalen"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [r.value for r in response.context["roller"]] == roller
    for rolle in roller:
        assert f'id="rolle-{rolle}"' in html
    assert f'href="{lenke}"' in html
    if person == "kontakt_halden":
        assert "/kommuner/3105/" not in html  # never another kommune's pages


def test_about_page_without_a_role_says_whom_to_ask(client, db):
    from tests.factories import BrukerFactory

    client.force_login(BrukerFactory(email="ny@test.no", fullt_navn="Ny Bruker", roller=[]))
    response = client.get(reverse("om_portalen"))
    assert response.status_code == 200
    assert "har ingen rolle ennå" in response.content.decode()


@pytest.mark.parametrize("person", PERSONER)
def test_each_home_page_links_to_the_guide_for_its_role(client, folk, person):
    client.force_login(folk[person])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    rolle = response.context["rolle"]
    assert f'href="{reverse("om_portalen")}#rolle-{rolle}"' in response.content.decode()
