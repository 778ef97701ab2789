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

from tilskudd.models import Tildeling, Utbetaling

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
