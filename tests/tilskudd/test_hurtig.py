"""The grants overview and a round's application queue are rendered once and kept until
the data under them changes (tilskudd.views, felles.datastand.hurtig_fragment): a
committed decision, allocation, payment or kommune rename shows on the next request,
with the same sums as computed afresh."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tilskudd.models import Tildeling, Tilskuddsrunde, Utbetaling

from .conftest import make_soknad, vedta


def _sql(client, url) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    # The form token in the menu differs on every request; nothing else may.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_the_kept_overview_follows_every_committed_grant_and_rename(
    postgres, client, styre, admin_bruker, runde, pott, halden, kontakt_halden
):
    soknad = make_soknad(runde, halden, kontakt_halden, belop=300_000)
    vedta(
        soknad=soknad,
        user=admin_bruker,
        utfall="delvis_innvilget",
        belop_innvilget=200_000,
        begrunnelse="Godt begrunnet.",
    )
    client.force_login(styre)
    url = reverse("tilskudd:oversikt")
    forste, _sql_forste = _sql(client, url)
    assert "Totalt innvilget 200\xa0000\xa0kr, utbetalt 0\xa0kr." in forste
    igjen, sql = _sql(client, url)
    assert igjen == forste
    # Kept: no grant table is read again.
    assert not any('"tilskudd_vedtak"' in q or '"tilskudd_tildeling"' in q for q in sql)

    Tildeling.objects.create(pott=pott, kommune=halden, belop=50_000)
    etter_tildeling = client.get(url).content.decode()
    assert "Totalt innvilget 250\xa0000\xa0kr, utbetalt 0\xa0kr." in etter_tildeling
    Utbetaling.objects.create(
        pott=pott,
        kommune=halden,
        vedtak=soknad.vedtak,
        belop=120_000,
        dato=datetime.date(2026, 3, 1),
        registrert_av=admin_bruker,
    )
    etter_utbetaling = client.get(url).content.decode()
    assert "Totalt innvilget 250\xa0000\xa0kr, utbetalt 120\xa0000\xa0kr." in etter_utbetaling
    assert "130\xa0000\xa0kr" in etter_utbetaling  # what remains to be paid to Halden
    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    assert "Halden kommune" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_kept_queue_follows_a_committed_application_and_keeps_its_links(
    postgres, client, admin_bruker, runde, halden, kontakt_halden, sarpsborg, kontakt_sarpsborg
):
    make_soknad(runde, halden, kontakt_halden, belop=300_000)
    client.force_login(admin_bruker)
    url = reverse("tilskudd:runde_soknader", args=[runde.pk]) + "?sort=-belop"
    forste, _sql_forste = _sql(client, url)
    assert "1 søknad i køen" in forste
    igjen, sql = _sql(client, url)
    assert igjen == forste
    assert not any('FROM "tilskudd_soknad"' in q for q in sql)
    # The sort stays in the filter form and the column links.
    assert '<input type="hidden" name="sort" value="-belop">' in forste
    assert 'aria-sort="descending"' in forste

    make_soknad(runde, sarpsborg, kontakt_sarpsborg, belop=100_000, tittel="Losfunksjon")
    etter = client.get(url).content.decode()
    assert "2 søknader i køen" in etter
    assert "400\xa0000\xa0kr" in etter
    assert "Sarpsborg" in etter  # in the table and among the filter's kommuner
    # The filter's htmx request gets the table alone, kept alike.
    tabell = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "2 søknader i køen" in tabell and "<form" not in tabell


def _liste(client, user) -> tuple[str, list[str]]:
    client.force_login(user)
    html, sql = _sql(client, reverse("tilskudd:soknader"))
    # The kept part starts at the heading; the menu around it names the reader.
    return html[html.index('<h1 class="h2">') : html.index("</main>")], sql


@pytest.mark.django_db(transaction=True)
def test_the_kept_application_list_follows_every_committed_change(
    postgres, client, admin_bruker, runde, halden, kontakt_halden, sarpsborg, kontakt_sarpsborg
):
    soknad = make_soknad(runde, halden, kontakt_halden, belop=300_000)
    forste, _sql_forste = _liste(client, admin_bruker)
    assert "1 søknad" in forste and "Sommerjobb" in forste
    igjen, sql = _liste(client, admin_bruker)
    assert igjen == forste
    # Kept: neither the applications nor their count is read again.
    assert not any('"tilskudd_soknad"' in q for q in sql)

    make_soknad(runde, sarpsborg, kontakt_sarpsborg, belop=100_000, tittel="Losfunksjon")
    etter, _sql_etter = _liste(client, admin_bruker)
    assert "2 søknader" in etter and "Losfunksjon" in etter
    vedta(
        soknad=soknad,
        user=admin_bruker,
        utfall="delvis_innvilget",
        belop_innvilget=200_000,
        begrunnelse="Godt begrunnet.",
    )
    etter, _sql_etter = _liste(client, admin_bruker)
    assert "Delvis innvilget" in etter and "200\xa0000\xa0kr" in etter
    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    etter, _sql_etter = _liste(client, admin_bruker)
    assert "<td>Halden kommune</td>" in etter
    Tilskuddsrunde.objects.filter(pk=runde.pk).update(tittel_nb="Innovasjonsmidler 2021")
    etter, _sql_etter = _liste(client, admin_bruker)
    assert "Innovasjonsmidler 2021" in etter


@pytest.mark.django_db(transaction=True)
def test_the_kept_application_list_is_kept_per_reach_never_shared_across_it(
    postgres,
    client,
    admin_bruker,
    leder_halden,
    runde,
    halden,
    kontakt_halden,
    sarpsborg,
    kontakt_sarpsborg,
):
    make_soknad(runde, halden, kontakt_halden, tittel="Sommerjobb")
    make_soknad(runde, halden, kontakt_halden, tittel="Halden sitt utkast", submit=False)
    make_soknad(runde, sarpsborg, kontakt_sarpsborg, tittel="Losfunksjon")

    admin, _sql_admin = _liste(client, admin_bruker)
    assert "Sommerjobb" in admin and "Losfunksjon" in admin
    assert "Halden sitt utkast" not in admin  # a draft is the kommune's own
    assert "2 søknader" in admin
    # The investment leader reads every kommune's cases too: the same list, kept once.
    leder, sql = _liste(client, leder_halden)
    assert leder == admin
    assert not any('"tilskudd_soknad"' in q for q in sql)

    sarpsborgs, _sql_sarpsborg = _liste(client, kontakt_sarpsborg)
    assert "Søknader fra Sarpsborg" in sarpsborgs
    assert "Losfunksjon" in sarpsborgs
    assert "Sommerjobb" not in sarpsborgs and "Halden sitt utkast" not in sarpsborgs
    haldens, _sql_halden = _liste(client, kontakt_halden)
    assert "Søknader fra Halden" in haldens
    assert "Sommerjobb" in haldens and "Halden sitt utkast" in haldens
    assert "Losfunksjon" not in haldens
    # Each reach kept apart: the admin's copy is still the admin's.
    assert _liste(client, admin_bruker)[0] == admin
    assert _liste(client, kontakt_sarpsborg)[0] == sarpsborgs
